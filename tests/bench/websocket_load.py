#!/usr/bin/env python3
"""WebSocket benchmarks against a running orchestra host (started by websocket_load.sh).

  websocket_load.py idle PORT PID TOKEN WORKSPACE COUNT
      Holds COUNT idle WebSockets on /api/v1/ws/collaboration/WORKSPACE (each past its
      snapshot), then reports the server's RSS and thread count before and while they are held,
      the bytes per connection, and how long a fresh client waits for its snapshot meanwhile.
  websocket_load.py fanout PORT TOKEN WORKSPACE SUBSCRIBERS ROUNDS
      SUBSCRIBERS sockets on one collaboration channel; one more sends a presence message
      ROUNDS times; reports the latency from send to arrival at every subscriber (p50/p99/max).
  websocket_load.py channel PORT TOKEN ITEMS
      One subscriber follows an execution of `manual -> core.foreach(ITEMS) -> core.set`;
      reports the events the execution channel delivered and the events per second.
Each prints one JSON object.
"""
import base64
import json
import os
import resource
import selectors
import socket
import struct
import sys
import time
import urllib.request
import uuid

from idle_connections import rss_kb  # the same /proc reading as the HTTP idle bench


def threads(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else None


def masked_text(text):
    payload = text.encode()
    mask = os.urandom(4)
    header = bytes([0x81])
    if len(payload) < 126:
        header += bytes([0x80 | len(payload)])
    else:
        header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class Socket:
    """One client: handshake, then a buffer of received bytes split into text messages."""

    def __init__(self, port, path):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: bench\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buffer = b""
        self.pending = []
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("closed during the handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        if not head.startswith(b"HTTP/1.1 101"):
            raise RuntimeError(head.decode(errors="replace").splitlines()[0])

    def messages(self):
        """Complete text messages in the buffer (pings are answered)."""
        out = []
        while len(self.buffer) >= 2:
            length = self.buffer[1] & 0x7F
            offset = 2
            if length == 126:
                if len(self.buffer) < 4:
                    break
                length = struct.unpack(">H", self.buffer[2:4])[0]
                offset = 4
            elif length == 127:
                if len(self.buffer) < 10:
                    break
                length = struct.unpack(">Q", self.buffer[2:10])[0]
                offset = 10
            if len(self.buffer) < offset + length:
                break
            opcode = self.buffer[0] & 0x0F
            payload = self.buffer[offset:offset + length]
            self.buffer = self.buffer[offset + length:]
            if opcode == 0x1:
                out.append(payload)
            elif opcode == 0x8:
                raise RuntimeError("closed by the server")
        return out

    def read_message(self, timeout=30):
        self.sock.settimeout(timeout)
        while True:
            self.pending.extend(self.messages())
            if self.pending:
                return self.pending.pop(0)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("connection closed")
            self.buffer += chunk


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def idle(port, pid, token, workspace, count):
    raise_fd_limit()
    path = f"/api/v1/ws/collaboration/{workspace}?token={token}"
    time.sleep(0.5)
    rss_before, threads_before = rss_kb(pid), threads(pid)
    held = []
    for _ in range(count):
        client = Socket(port, path)
        client.read_message()  # the snapshot
        held.append(client)
    time.sleep(1.0)
    rss_held, threads_held = rss_kb(pid), threads(pid)
    waits = []
    for _ in range(50):
        started = time.perf_counter()
        fresh = Socket(port, path)
        fresh.read_message()
        waits.append((time.perf_counter() - started) * 1000)
        fresh.sock.close()
    result = {"held": len(held), "rss_before_kb": rss_before, "rss_held_kb": rss_held,
              "bytes_per_connection": round((rss_held - rss_before) * 1024 / max(1, len(held))),
              "threads_before": threads_before, "threads_held": threads_held,
              "fresh_snapshot_p50_ms": round(percentile(waits, 0.5), 2),
              "fresh_snapshot_max_ms": round(max(waits), 2)}
    for client in held:
        client.sock.close()
    return result


def fanout(port, token, workspace, subscribers, rounds):
    raise_fd_limit()
    path = f"/api/v1/ws/collaboration/{workspace}?token={token}"
    clients = []
    for _ in range(subscribers):
        client = Socket(port, path)
        client.read_message()
        client.sock.setblocking(False)
        clients.append(client)
    sender = Socket(port, path)
    sender.read_message()
    selector = selectors.DefaultSelector()
    for index, client in enumerate(clients):
        selector.register(client.sock, selectors.EVENT_READ, index)
    latencies = []
    for round_number in range(rounds):
        marker = str(uuid.UUID(int=round_number + 1))
        waiting = set(range(len(clients)))
        sent_at = time.perf_counter()
        sender.sock.sendall(masked_text(json.dumps(
            {"type": "presence", "workflow_id": marker, "state": "viewing"})))
        deadline = sent_at + 30
        while waiting and time.perf_counter() < deadline:
            for key, _ in selector.select(timeout=1):
                client = clients[key.data]
                try:
                    chunk = client.sock.recv(65536)
                except BlockingIOError:
                    continue
                client.buffer += chunk
                for message in client.messages():
                    if marker.encode() in message and key.data in waiting:
                        waiting.discard(key.data)
                        latencies.append((time.perf_counter() - sent_at) * 1000)
        if waiting:
            raise RuntimeError(f"{len(waiting)} subscribers missed round {round_number}")
        time.sleep(0.05)
    return {"subscribers": subscribers, "rounds": rounds, "deliveries": len(latencies),
            "p50_ms": round(percentile(latencies, 0.5), 2),
            "p99_ms": round(percentile(latencies, 0.99), 2),
            "max_ms": round(max(latencies), 2)}


def api(port, token, method, path, body=None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def channel(port, token, items):
    workflow = api(port, token, "POST", "/api/v1/workflows", {
        "name": "channel bench",
        "nodes": [
            {"id": "start", "type": "core.trigger.manual", "position": {"x": 0, "y": 0},
             "data": {}},
            {"id": "wait", "type": "core.delay", "position": {"x": 0, "y": 0},
             "data": {"duration_ms": 300}},
            {"id": "each", "type": "core.foreach", "position": {"x": 0, "y": 0},
             "data": {"items_path": "items", "max_items": items}},
            {"id": "double", "type": "core.set", "position": {"x": 0, "y": 0},
             "data": {"values": {"twice": "{{ item }}{{ item }}"}}}],
        "connections": [{"id": "a", "source": "start", "target": "wait"},
                  {"id": "b", "source": "wait", "target": "each"},
                  {"id": "c", "source": "each", "target": "double", "sourceHandle": "items"}]})
    execution = api(port, token, "POST", "/api/v1/executions", {
        "workflow_id": workflow["id"], "trigger_type": "manual",
        "trigger_data": {"items": list(range(items))}})
    client = Socket(port, f"/api/v1/ws/executions/{execution['id']}?token={token}")
    client.read_message()  # the snapshot
    count, first, last = 0, None, None
    while True:
        message = json.loads(client.read_message(60))
        now = time.perf_counter()
        first = first or now
        last = now
        count += 1
        if message.get("type") == "execution_status" and message.get("status") in (
                "completed", "failed"):
            break
    seconds = max(last - first, 1e-6)
    return {"events": count, "seconds": round(seconds, 3),
            "events_per_second": round(count / seconds), "final": message.get("status")}


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "idle" and len(argv) == 7:
        result = idle(int(argv[2]), int(argv[3]), argv[4], argv[5], int(argv[6]))
    elif command == "fanout" and len(argv) == 7:
        result = fanout(int(argv[2]), argv[3], argv[4], int(argv[5]), int(argv[6]))
    elif command == "channel" and len(argv) == 5:
        result = channel(int(argv[2]), argv[3], int(argv[4]))
    else:
        sys.exit(__doc__)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
