#!/usr/bin/env python3
"""Holds N idle keep-alive connections to an orchestra host and measures what they cost.

Each held connection first gets one answered GET /health, so it is a real kept-alive connection,
then stays silent. While all are held it times FRESH_REQUESTS fresh clients (connect, GET /health,
read the answer, close) one after another. Prints one JSON object:
{"held": N, "rss_before_kb": .., "rss_held_kb": .., "bytes_per_connection": ..,
 "fresh_p50_ms": .., "fresh_p99_ms": .., "fresh_max_ms": .., "fresh_failures": ..}
It then keeps holding them until the file RELEASE_PATH exists (the caller's load runs meanwhile).
Usage: idle_connections.py PORT SERVER_PID COUNT FRESH_REQUESTS RELEASE_PATH
"""
import os
import json
import resource
import selectors
import socket
import sys
import time

REQUEST = b"GET /health HTTP/1.1\r\nHost: bench\r\n\r\n"


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_idle(port, count):
    """Connects `count` sockets and completes one keep-alive request on each, in batches."""
    held = []
    selector = selectors.DefaultSelector()
    batch = 500
    for start in range(0, count, batch):
        pending = {}
        for _ in range(min(batch, count - start)):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(REQUEST)
            sock.setblocking(False)
            pending[sock] = b""
            selector.register(sock, selectors.EVENT_READ)
        deadline = time.monotonic() + 30
        while pending and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=1):
                sock = key.fileobj
                data = sock.recv(65536)
                if not data:
                    raise SystemExit("the server closed a connection that should stay open")
                pending[sock] += data
                if pending[sock].endswith(b'{"status":"ok"}'):
                    selector.unregister(sock)
                    del pending[sock]
                    held.append(sock)
        if pending:
            raise SystemExit(f"{len(pending)} keep-alive requests went unanswered")
    return held


def fresh_latencies(port, count):
    latencies, failures = [], 0
    for _ in range(count):
        started = time.perf_counter()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                answer = b""
                while True:
                    data = sock.recv(65536)
                    if not data:
                        break
                    answer += data
            if not answer.startswith(b"HTTP/1.1 200"):
                failures += 1
                continue
        except OSError:
            failures += 1
            continue
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    pick = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 3) if latencies else None
    return {"fresh_p50_ms": pick(0.5), "fresh_p99_ms": pick(0.99),
            "fresh_max_ms": round(latencies[-1], 3) if latencies else None,
            "fresh_failures": failures}


def main():
    port, pid, count, fresh = (int(arg) for arg in sys.argv[1:5])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < count + 100:
        raise SystemExit(f"the open-file hard limit ({hard}) is below {count + 100}")
    before = rss_kb(pid)
    held = open_idle(port, count)
    time.sleep(2)
    held_rss = rss_kb(pid)
    result = {"held": len(held), "rss_before_kb": before, "rss_held_kb": held_rss,
              "bytes_per_connection": round((held_rss - before) * 1024 / max(1, len(held)))}
    result.update(fresh_latencies(port, fresh))
    print(json.dumps(result), flush=True)
    release_path = sys.argv[5]
    deadline = time.monotonic() + 600
    while not os.path.exists(release_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    for sock in held:
        sock.close()


if __name__ == "__main__":
    main()
