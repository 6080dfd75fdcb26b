#!/usr/bin/env python3
"""Peak memory a workflow save costs the host, per shape of workflow.

Usage: workflow_save_memory.py [BINARY] [SHAPES]
  BINARY  the orchestra binary (default build/release/host/orchestra)
  SHAPES  comma-separated substrings of the shape names below (default all)

json_body_memory.py measures bodies the host refuses or only validates; this one measures what
a save of an admitted body costs from end to end: parsing and validating the body, checking the
graph, storing the workflow and its first version (SQLite), and answering with it. For each shape
it starts a fresh host (SQLite in a temp folder, a free loopback port), signs in, creates one
small workflow (so pools and caches exist), then posts the shape to POST /api/v1/workflows and
prints the status, the growth of the peak RSS (VmHWM) over the RSS just before, that growth per
body byte, and the request's duration. A created workflow is then saved again with PUT (another
name, the same graph) by a fresh host on the same database, which compares it with the stored
version for the change summary.
"""
import json
import sys

import json_body_memory

TRIGGER = '{"id":"t","type":"core.trigger.manual","position":{"x":0,"y":0},"data":{}}'


def delay_node(index, note=""):
    data = '{"duration_ms":5' + (',"note":"' + note + '"' if note else "") + "}"
    return ('{"id":"n%d","type":"core.delay","position":{"x":200,"y":40},"data":%s,'
            '"label":"Wait","width":180,"selected":false}' % (index, data))


def graph(count, note=""):
    nodes = ",".join([TRIGGER] + [delay_node(i, note) for i in range(count)])
    connections = ",".join('{"id":"c%d","source":"t","target":"n%d"}' % (i, i)
                           for i in range(count))
    return '{"name":"bench","nodes":[' + nodes + '],"connections":[' + connections + "]}"


def one_node_config(members, value):
    data = "{" + ",".join('"k%d":%s' % (i, value) for i in range(members)) + "}"
    node = '{"id":"d","type":"core.delay","position":{"x":0,"y":0},"data":' + data + "}"
    return ('{"name":"bench","nodes":[' + TRIGGER + "," + node +
            '],"connections":[{"id":"c","source":"t","target":"d"}]}')


def settings(strings):
    return ('{"name":"bench","settings":{"x":[' + ",".join(['"' + "x" * 1000 + '"'] * strings) +
            "]}}")


SHAPES = [
    ("graph, 4,900 nodes", lambda: graph(4900)),
    ("graph, 4,900 nodes with notes", lambda: graph(4900, "n" * 800)),
    ("settings, 1 MB of strings", lambda: settings(1000)),
    ("settings, 5 MB of strings", lambda: settings(5000)),
    ("one config, 45,000 templates", lambda: one_node_config(45000, '"{{ trigger.data }}"')),
    ("24,000 unknown members (422)",
     lambda: '{"name":"x",' + ",".join('"unknown_property_name_number_%012d":0' % i
                                      for i in range(24000)) + "}"),
]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "build/release/host/orchestra"
    wanted = sys.argv[2].split(",") if len(sys.argv) > 2 else None
    print(f"{'shape':32} {'request':7} {'bytes':>9} {'status':>6} {'peak+KiB':>9} "
          f"{'peak/byte':>9} {'ms':>6}")
    for name, make in SHAPES:
        if wanted and not any(part in name for part in wanted):
            continue
        body = make().encode()
        host = json_body_memory.Host(binary)
        rows = []
        try:
            token = host.sign_in()
            host.request("POST", "/api/v1/workflows", b'{"name":"warm"}', token)
            status, answer, grown, _, elapsed_ms = host.measured_request(
                "POST", "/api/v1/workflows", body, token)
            rows.append(("create", status, grown, elapsed_ms))
        finally:
            host.stop()
        if status == 201:
            # The same content saved again under another name, by a fresh host on the same
            # database (memory the create freed would hide the update's): a new version,
            # compared with the stored one for its change summary.
            renamed = body.replace(b'"name":"bench"', b'"name":"bench again"', 1)
            path = "/api/v1/workflows/" + json.loads(answer)["id"]
            host = json_body_memory.Host(binary, host.folder)
            try:
                token = host.sign_in()
                host.request("GET", path, None, token)
                status, _, grown, _, elapsed_ms = host.measured_request("PUT", path, renamed, token)
                rows.append(("update", status, grown, elapsed_ms))
            finally:
                host.stop()
        for request, status, grown, elapsed_ms in rows:
            print(f"{name:32} {request:7} {len(body):9} {status:6} {grown:9} "
                  f"{grown * 1024 / len(body):9.1f} {elapsed_ms:6.0f}", flush=True)


if __name__ == "__main__":
    main()
