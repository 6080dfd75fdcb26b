#!/usr/bin/env bash
# Holds IDLE_CONNECTIONS (10,000) idle keep-alive connections to a release build and reports the
# server's RSS per held connection and a fresh client's latency (p50/p99/max over FRESH_REQUESTS
# sequential connect-request-close round trips) while they are held; then, still holding them,
# runs wrk on /health. See tests/bench/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BINARY="${1:-$ROOT/build/release/host/orchestra}"
IDLE_CONNECTIONS="${IDLE_CONNECTIONS:-10000}"
FRESH_REQUESTS="${FRESH_REQUESTS:-1000}"
WRK_DURATION="${WRK_DURATION:-10}"
READY_TIMEOUT="${READY_TIMEOUT:-30}"

die() { echo "idle_connections.sh: error: $*" >&2; exit 1; }

[[ "$BINARY" == /* ]] || BINARY="$PWD/$BINARY"
[[ -x "$BINARY" ]] || die "no executable at $BINARY (cmake --build --preset release --target orchestra)"
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (packaging/setup-deps.sh --test installs it)"
done
[[ "$IDLE_CONNECTIONS" =~ ^[0-9]+$ && "$FRESH_REQUESTS" =~ ^[0-9]+$ ]] ||
  die "IDLE_CONNECTIONS and FRESH_REQUESTS are whole numbers"

source "$(dirname "${BASH_SOURCE[0]}")/../support/free-port.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bench-server.sh"
BENCH_NAME=idle_connections.sh
bench_server_setup

port="$(free_port)"
base_url="http://127.0.0.1:$port"
cd "$ROOT"
# The held connections must outlive the run: a long keep-alive timeout, no per-address cap (they
# all come from 127.0.0.1) and room for all of them.
bench_server_start "$BINARY" ORCHESTRA_SERVER_HOST=127.0.0.1 ORCHESTRA_SERVER_PORT="$port" \
  ORCHESTRA_DATABASE_URL="sqlite:///$work/orchestra.db" ORCHESTRA_LOG_ACCESS_LOG=false \
  ORCHESTRA_SERVER_KEEP_ALIVE_TIMEOUT_MS=3600000 ORCHESTRA_SERVER_MAX_CONNECTIONS_PER_IP=0 \
  ORCHESTRA_SERVER_MAX_CONNECTIONS=$((IDLE_CONNECTIONS + 1000))
bench_server_wait_ready "$base_url" "$READY_TIMEOUT"
sleep 1

echo "idle_connections.sh: holding $IDLE_CONNECTIONS idle keep-alive connections"
python3 "$(dirname "${BASH_SOURCE[0]}")/idle_connections.py" "$port" "$server_pid" \
  "$IDLE_CONNECTIONS" "$FRESH_REQUESTS" "$work/release" >"$work/held.json" &
holder=$!
# The holder prints its numbers once the fresh requests are done and keeps its sockets open
# until $work/release exists: wrk runs on top of the held connections.
for ((i = 0; i < 3000; i++)); do
  [[ -s "$work/held.json" ]] && break
  kill -0 "$holder" 2>/dev/null || die "the connection holder failed"
  sleep 0.1
done
[[ -s "$work/held.json" ]] || die "the connection holder gave no numbers within 300 s"
bench_server_alive
echo "idle_connections.sh: wrk -t2 -c50 -d${WRK_DURATION}s --latency $base_url/health (while held)"
timeout $((WRK_DURATION + 30)) wrk -t2 -c50 -d"${WRK_DURATION}s" --timeout 5s --latency \
  "$base_url/health" </dev/null | tee "$work/wrk.txt" || die "wrk failed"
touch "$work/release"
wait "$holder" || die "the connection holder failed"
bench_server_alive
echo
echo "== held connections: $(cat "$work/held.json")"
echo "== /health while held: $(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt") req/s, p99 $(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")"
