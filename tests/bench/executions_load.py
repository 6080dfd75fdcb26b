#!/usr/bin/env python3
"""Helpers of executions_load.sh (standard library only).

  executions_load.py workflow BASE_URL TOKEN NODES   creates and publishes a workflow
      webhook -> NODES x core.set (a chain, each reading its predecessor with an expression)
      that answers when finished; prints its id
  executions_load.py starts DB_FILE                  execution start latency from the SQLite
      file: start_time - created_at of every execution (ms: median p99 max count)
  executions_load.py running BASE_URL WORKFLOW N     fires N webhook calls of a workflow that
      answers immediately (it waits in a delay node), 16 at a time; prints how many got 202
"""
import concurrent.futures
import json
import sqlite3
import sys
import urllib.error
import urllib.request
from datetime import datetime


def call(method, url, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        sys.exit("%s %s answered %d: %s" % (method, url, error.code, error.read()[:500]))


def node(node_id, node_type, data):
    return {"id": node_id, "type": node_type, "position": {"x": 0, "y": 0}, "data": data}


def workflow(base_url, token, nodes, respond="when_finished", delay_ms=0):
    graph = [node("hook", "core.trigger.webhook", {"path": "bench", "respond": respond})]
    connections = []
    previous = "hook"
    if delay_ms:
        graph.append(node("wait", "core.delay", {"duration_ms": delay_ms}))
        connections.append({"id": "c-wait", "source": previous, "target": "wait"})
        previous = "wait"
    for index in range(nodes):
        node_id = "set%d" % index
        value = ("hello {{ trigger.data.body.name }}" if index == 0
                 else "{{ nodes.%s.output.value }}" % previous)
        graph.append(node(node_id, "core.set", {"values": {"value": value, "step": index}}))
        connections.append({"id": "c%d" % index, "source": previous, "target": node_id})
        previous = node_id
    status, created = call("POST", base_url + "/api/v1/workflows", token,
                           {"name": "bench %d" % nodes, "nodes": graph, "connections": connections})
    workflow_id = created["id"]
    call("PATCH", base_url + "/api/v1/workflows/%s/status" % workflow_id, token,
         {"status": "published"})
    return workflow_id


def parse_time(text):
    return datetime.strptime(text.rstrip("Z"), "%Y-%m-%dT%H:%M:%S.%f")


def starts(db_file):
    connection = sqlite3.connect(db_file)
    rows = connection.execute(
        "SELECT created_at, start_time FROM workflow_executions WHERE start_time IS NOT NULL"
    ).fetchall()
    waits = sorted((parse_time(s) - parse_time(c)).total_seconds() * 1000 for c, s in rows)
    if not waits:
        return "? ? ? 0"
    pick = lambda q: waits[min(len(waits) - 1, int(q * len(waits)))]
    return "%.2f %.2f %.2f %d" % (pick(0.5), pick(0.99), waits[-1], len(waits))


def running(base_url, workflow_id, count):
    url = base_url + "/api/v1/hooks/%s/bench" % workflow_id

    def fire(_):
        status, _ = call("POST", url, body={"name": "Ada"})
        return status == 202

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        return sum(pool.map(fire, range(count)))


def main():
    command = sys.argv[1]
    if command == "workflow":
        print(workflow(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    elif command == "delayed":
        print(workflow(sys.argv[2], sys.argv[3], 1, respond="immediately",
                       delay_ms=int(sys.argv[4])))
    elif command == "starts":
        print(starts(sys.argv[2]))
    elif command == "running":
        print(running(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    else:
        sys.exit("unknown command " + command)


if __name__ == "__main__":
    main()
