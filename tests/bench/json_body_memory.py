#!/usr/bin/env python3
"""Peak memory a JSON request body costs the host, per shape of body.

Usage: json_body_memory.py [BINARY] [SIZE_BYTES] [TARGETS]
  BINARY      the orchestra binary (default build/release/host/orchestra)
  SIZE_BYTES  size of each body (default 1 MiB)
  TARGETS     comma-separated, of those below (default all)

For each shape of issue 8 (an array of empty objects, objects nested one key deep, one object
with many keys, an array of numbers) and each target route it starts a fresh host (SQLite in a
temp folder, a free loopback port, access log off), signs in through the real OTP flow when the
route needs it, posts one body, and prints: the status, the growth of the peak RSS (VmHWM) over
the RSS just before the request, that growth per body byte, and the RSS growth two seconds later
(what the allocator kept), and the request's duration. Targets:
  refresh   POST /api/v1/auth/refresh, anonymous; the shape is the whole body
  workflow  POST /api/v1/workflows, signed in; the shape is settings.x of a new workflow
  workflow-fit  as workflow, with the body cut to fit server.json.max_values (100,000 values)
"""
import glob
import http.client
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def join(items, opening=b"[", closing=b"]"):
    return opening + b",".join(items) + closing


def shapes(size):
    nested_one = b'{"":' * 60 + b"{}" + b"}" * 60  # 61 values, below the depth limit
    return [
        ("[{},{},...]", lambda n: join([b"{}"] * n), 3, 1),
        ('{"":{}} nested', lambda n: join([nested_one] * n), len(nested_one) + 1, 61),
        ('{"a":0} many keys', lambda n: join([b'"k%d":0' % i for i in range(n)], b"{", b"}"), 10, 1),
        ("[0,0,...]", lambda n: join([b"0"] * n), 2, 1),
    ]


class Host:
    def __init__(self, binary, folder=None):
        """A host on a new database, or on the one in `folder` (a stopped Host's)."""
        self.folder = folder or tempfile.mkdtemp(prefix="orchestra-json-bench.")
        self.port = free_port()
        config = os.path.join(self.folder, "orchestra.yaml")
        with open(config, "w") as out:
            out.write(f"server:\n  host: 127.0.0.1\n  port: {self.port}\n"
                      f"database:\n  url: sqlite:///{self.folder}/orchestra.db\n"
                      f"auth:\n  jwt_secret: json-body-memory-bench-secret-0123456789\n"
                      f"email:\n  outbox_dir: {self.folder}/outbox\n"
                      f"log:\n  access_log: false\n  level: warning\n")
        self.process = subprocess.Popen([binary, "serve", "--config", config],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60  # long enough for a host under heaptrack
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the host did not start")

    def request(self, method, path, body=None, token=""):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, data

    def sign_in(self, email="bench@example.com"):
        self.request("POST", "/api/v1/auth/request-otp", json.dumps({"email": email}))
        time.sleep(0.2)
        mails = (pathlib.Path(f).read_text() for f in sorted(glob.glob(f"{self.folder}/outbox/*")))
        text = "".join(mail for mail in mails if email in mail)
        code = re.findall(r"code is (\d{6})", text)[-1]
        _, data = self.request("POST", "/api/v1/auth/verify-otp",
                               json.dumps({"email": email, "code": code}))
        return json.loads(data)["access_token"]

    def measured_request(self, method, path, body, token):
        """(status, response body, peak RSS growth in KiB, RSS before in KiB, milliseconds)."""
        pid = self.process.pid
        before = status_kib(pid, "VmRSS")
        with open(f"/proc/{pid}/clear_refs", "w") as clear:
            clear.write("5")  # VmHWM := VmRSS
        started = time.monotonic()
        status, answer = self.request(method, path, body, token)
        elapsed_ms = (time.monotonic() - started) * 1000
        return status, answer, status_kib(pid, "VmHWM") - before, before, elapsed_ms

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(30)


def measure(binary, target, name, make, item_bytes, item_values, size):
    count = size // item_bytes
    if target == "workflow-fit":
        count = min(count, 99_000 // item_values)
    shape = make(count)
    if target == "refresh":
        path, body = "/api/v1/auth/refresh", shape
    else:
        path, body = "/api/v1/workflows", b'{"name":"bench","settings":{"x":' + shape + b"}}"
    host = Host(binary)
    try:
        token = host.sign_in() if target != "refresh" else ""
        status, _, grown, before, elapsed_ms = host.measured_request("POST", path, body, token)
        time.sleep(2)
        kept = status_kib(host.process.pid, "VmRSS") - before
    finally:
        host.stop()
    print(f"{target:13} {name:18} {len(body):9} {status:6} {grown:9} "
          f"{grown * 1024 / len(body):9.1f} {kept:9} {elapsed_ms:8.0f}", flush=True)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "build/release/host/orchestra"
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 1 << 20
    print(f"{'target':13} {'shape':18} {'bytes':>9} {'status':>6} {'peak+KiB':>9} "
          f"{'peak/byte':>9} {'kept KiB':>9} {'ms':>8}")
    targets = sys.argv[3].split(",") if len(sys.argv) > 3 else ["refresh", "workflow", "workflow-fit"]
    for target in targets:
        for name, make, item_bytes, item_values in shapes(size):
            measure(binary, target, name, make, item_bytes, item_values, size)


if __name__ == "__main__":
    main()
