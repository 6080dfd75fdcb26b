#!/usr/bin/env python3
# Helper of workflows_load.sh: seeds workflows through the real API and times PUTs. Standard
# library only; loopback only; every call bounded by a deadline.
#
#   workflows_seed.py seed BASE_URL TOKEN COUNT THREADS DEADLINE_SECONDS
#       POSTs COUNT small workflows (3 nodes) from THREADS kept-alive connections, then one with a
#       50-node graph; prints the id of the big one.
#   workflows_seed.py put BASE_URL TOKEN ID COUNT
#       PUTs a 50-node graph COUNT times on one kept-alive connection; prints the round-trip
#       milliseconds (median, p90, p99, max).
import http.client
import json
import sys
import threading
import time
import urllib.parse


def small_graph(i):
    return {
        "name": f"Bench workflow {i}",
        "description": "seeded by workflows_load.sh",
        "tags": ["bench", f"group{i % 10}"],
        "nodes": [
            {"id": "start", "type": "core.trigger.manual", "position": {"x": 0, "y": 0}, "data": {}},
            {"id": "wait", "type": "core.delay", "position": {"x": 200, "y": 0},
             "data": {"duration_ms": 5}},
            {"id": "done", "type": "core.delay", "position": {"x": 400, "y": 0},
             "data": {"duration_ms": 1}},
        ],
        "connections": [
            {"id": "e1", "source": "start", "target": "wait"},
            {"id": "e2", "source": "wait", "target": "done"},
        ],
    }


def big_graph(name, salt=0):
    # 50 nodes in a chain: a manual trigger, then 49 delays, each with the studio's own fields.
    nodes = [{"id": "n0", "type": "core.trigger.manual", "position": {"x": 0, "y": 0},
              "data": {}, "label": "Start", "width": 180}]
    connections = []
    for i in range(1, 50):
        nodes.append({"id": f"n{i}", "type": "core.delay",
                      "position": {"x": i * 200, "y": (i % 5) * 40},
                      "data": {"duration_ms": i + salt}, "label": f"Wait {i}", "width": 180,
                      "selected": False})
        connections.append({"id": f"e{i}", "source": f"n{i - 1}", "target": f"n{i}"})
    return {"name": name, "description": "50-node graph for the single-read benchmark",
            "tags": ["bench", "big"], "nodes": nodes, "connections": connections,
            "settings": {"viewport": {"x": 0, "y": 0, "zoom": 0.8}}}


class Client:
    def __init__(self, base_url, token):
        url = urllib.parse.urlsplit(base_url)
        self.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        self.headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}

    def send(self, method, path, encoded_body):
        """The raw answer: the caller decides what to time and when to parse."""
        self.connection.request(method, path, body=encoded_body, headers=self.headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status not in (200, 201):
            raise RuntimeError(f"{method} {path} answered {response.status}: {data[:300]!r}")
        return data

    def call(self, method, path, body):
        return json.loads(self.send(method, path, json.dumps(body)))


def seed(base_url, token, count, threads, deadline_seconds):
    deadline = time.monotonic() + deadline_seconds
    next_index = [0]
    lock = threading.Lock()
    failures = []

    def worker():
        client = Client(base_url, token)
        try:
            while True:
                with lock:
                    if next_index[0] >= count or failures:
                        return
                    i = next_index[0]
                    next_index[0] += 1
                if time.monotonic() > deadline:
                    raise RuntimeError(f"seeding took longer than {deadline_seconds}s")
                client.call("POST", "/api/v1/workflows", small_graph(i))
        except Exception as error:  # reported by the main thread
            with lock:
                failures.append(error)

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    if failures:
        raise failures[0]
    created = Client(base_url, token).call("POST", "/api/v1/workflows", big_graph("Bench big"))
    if created.get("warnings"):
        raise RuntimeError(f"the 50-node graph has warnings: {created['warnings'][:3]}")
    print(created["id"])


def put(base_url, token, workflow_id, count):
    client = Client(base_url, token)
    times = []
    for i in range(count):
        # A different delay each time, so every PUT really changes the graph.
        body = json.dumps(big_graph("Bench big", salt=i + 1))
        started = time.perf_counter()
        answer = client.send("PUT", "/api/v1/workflows/" + workflow_id, body)
        times.append((time.perf_counter() - started) * 1000.0)
        if json.loads(answer).get("warnings"):
            raise RuntimeError("PUT answered warnings")
    times.sort()

    def pick(q):
        return times[min(len(times) - 1, int(q * len(times)))]

    print(f"{pick(0.5):.2f} {pick(0.9):.2f} {pick(0.99):.2f} {times[-1]:.2f}")


def main(argv):
    if len(argv) == 7 and argv[1] == "seed":
        seed(argv[2], argv[3], int(argv[4]), int(argv[5]), float(argv[6]))
    elif len(argv) == 6 and argv[1] == "put":
        put(argv[2], argv[3], argv[4], int(argv[5]))
    else:
        sys.exit(__doc__ or "usage: see the comment at the top of workflows_seed.py")


if __name__ == "__main__":
    main(sys.argv)
