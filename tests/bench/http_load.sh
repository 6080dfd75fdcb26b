#!/usr/bin/env bash
# HTTP load check of a built `orchestra` binary with wrk, on loopback only. Builds nothing.
#
#   tests/bench/http_load.sh [ORCHESTRA_BINARY]     (default: build/release/host/orchestra)
#
# Starts `orchestra serve --config config/orchestra.yaml` from the repository root with a free
# port, a fresh SQLite database in a temp dir and the access log off (ORCHESTRA_* overrides),
# measures start-to-ready (spawn until the first 200 from /health/ready), idle RSS before and
# after the load, runs `wrk -t2 -c50 -d10s --latency http://127.0.0.1:PORT/health`, prints a
# summary and stops the server. Knobs: WRK_THREADS, WRK_CONNECTIONS, WRK_DURATION (seconds),
# READY_TIMEOUT (seconds), BENCH_PATH (default /health).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BINARY="${1:-$ROOT/build/release/host/orchestra}"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-50}"
WRK_DURATION="${WRK_DURATION:-10}"
READY_TIMEOUT="${READY_TIMEOUT:-30}"
BENCH_PATH="${BENCH_PATH:-/health}"

die() { echo "http_load.sh: error: $*" >&2; exit 1; }

[[ "$BINARY" == /* ]] || BINARY="$PWD/$BINARY"
[[ -x "$BINARY" ]] || die "no executable at $BINARY (build it: cmake --preset release && cmake --build --preset release)"
[[ -f "$ROOT/config/orchestra.yaml" ]] || die "missing $ROOT/config/orchestra.yaml"
for tool in wrk curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (packaging/setup-deps.sh --test installs it)"
done
[[ "$WRK_DURATION" =~ ^[0-9]+$ && "$READY_TIMEOUT" =~ ^[0-9]+$ ]] ||
  die "WRK_DURATION and READY_TIMEOUT are whole seconds"

# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/../support/free-port.sh"
# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/bench-server.sh"
BENCH_NAME=http_load.sh

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

bench_server_setup

port="$(free_port)"
base_url="http://127.0.0.1:$port"

cd "$ROOT"
spawned_ms="$(now_ms)"
bench_server_start "$BINARY" ORCHESTRA_SERVER_HOST=127.0.0.1 ORCHESTRA_SERVER_PORT="$port" \
  ORCHESTRA_DATABASE_URL="sqlite:///$work/orchestra.db" ORCHESTRA_LOG_ACCESS_LOG=false

# Start-to-ready: until the first 200 from /health/ready (bounded by READY_TIMEOUT).
bench_server_wait_ready "$base_url" "$READY_TIMEOUT"
ready_ms="$(now_ms)"
start_to_ready=$((ready_ms - spawned_ms))

code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base_url$BENCH_PATH" || true)"
[[ "$code" == 200 ]] || die "GET $BENCH_PATH answered ${code:-nothing}, not 200"

sleep 1
rss_before="$(rss_kb "$server_pid")"

echo "http_load.sh: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_DURATION}s --latency $base_url$BENCH_PATH"
timeout $((WRK_DURATION + 30)) wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WRK_DURATION}s" \
  --timeout 5s --latency "$base_url$BENCH_PATH" </dev/null | tee "$work/wrk.txt" ||
  die "wrk failed"
bench_server_alive

sleep 2
rss_after="$(rss_kb "$server_pid")"

rps="$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt")"
p50="$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")"
p99="$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")"
errors="$(grep -E 'Socket errors|Non-2xx' "$work/wrk.txt" | sed 's/^ *//' | paste -sd ';' - || true)"

kb_to_mib() { [[ "$1" =~ ^[0-9]+$ ]] && awk -v kb="$1" 'BEGIN { printf "%.1f MiB", kb / 1024 }' || echo "?"; }

echo
echo "== orchestra HTTP load summary ($(basename "$BINARY"), $base_url$BENCH_PATH)"
printf '  %-22s %s\n' \
  "requests/s" "${rps:-?}" \
  "latency p50" "${p50:-?}" \
  "latency p99" "${p99:-?}" \
  "start-to-ready" "${start_to_ready} ms" \
  "idle RSS before load" "$(kb_to_mib "$rss_before")" \
  "idle RSS after load" "$(kb_to_mib "$rss_after")" \
  "errors" "${errors:-none}"
