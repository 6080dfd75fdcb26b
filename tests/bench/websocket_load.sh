#!/usr/bin/env bash
# WebSocket benchmarks on this machine: idle connections held and their memory, fan-out latency
# of one event to many subscribers, and the events per second one execution channel delivers.
# Builds nothing.
#
#   tests/bench/websocket_load.sh [ORCHESTRA_BINARY]   (default: build/release/host/orchestra)
#
# Knobs: IDLE_COUNT (10000), FANOUT_SUBSCRIBERS (1000), FANOUT_ROUNDS (50), CHANNEL_ITEMS (5000),
# READY_TIMEOUT (30).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_DIR="$ROOT/tests/bench"
BINARY="${1:-$ROOT/build/release/host/orchestra}"
IDLE_COUNT="${IDLE_COUNT:-10000}"
FANOUT_SUBSCRIBERS="${FANOUT_SUBSCRIBERS:-1000}"
FANOUT_ROUNDS="${FANOUT_ROUNDS:-50}"
CHANNEL_ITEMS="${CHANNEL_ITEMS:-5000}"
READY_TIMEOUT="${READY_TIMEOUT:-30}"
EMAIL="bench@example.com"

die() { echo "websocket_load.sh: error: $*" >&2; exit 1; }

[[ "$BINARY" == /* ]] || BINARY="$PWD/$BINARY"
[[ -x "$BINARY" ]] || die "no executable at $BINARY (build it: cmake --preset release && cmake --build --preset release)"
command -v python3 >/dev/null 2>&1 || die "python3 not found"
for knob in IDLE_COUNT FANOUT_SUBSCRIBERS FANOUT_ROUNDS CHANNEL_ITEMS READY_TIMEOUT; do
  [[ "${!knob}" =~ ^[0-9]+$ && "${!knob}" -gt 0 ]] || die "$knob must be a positive whole number"
done

# shellcheck source=/dev/null
source "$ROOT/tests/support/free-port.sh"
# shellcheck source=/dev/null
source "$BENCH_DIR/bench-server.sh"
BENCH_NAME=websocket_load.sh
bench_server_setup

port="$(free_port)"
base_url="http://127.0.0.1:$port"
cd "$ROOT"
limit=$((IDLE_COUNT + FANOUT_SUBSCRIBERS + 1000))
bench_server_start "$BINARY" ORCHESTRA_SERVER_HOST=127.0.0.1 ORCHESTRA_SERVER_PORT="$port" \
  ORCHESTRA_DATABASE_URL="sqlite:///$work/orchestra.db" ORCHESTRA_EMAIL_OUTBOX_DIR="$work/outbox" \
  ORCHESTRA_LOG_ACCESS_LOG=false ORCHESTRA_RATE_LIMITS_API_LIMIT=100000000 \
  ORCHESTRA_SERVER_MAX_CONNECTIONS="$limit" ORCHESTRA_SERVER_MAX_CONNECTIONS_PER_IP="$limit" \
  ORCHESTRA_WEBSOCKET_MAX_CONNECTIONS="$limit" ORCHESTRA_WEBSOCKET_MAX_CONNECTIONS_PER_USER="$limit"
bench_server_wait_ready "$base_url" "$READY_TIMEOUT"

token="$(bench_sign_in "$base_url" "$EMAIL")" || die "sign-in failed"
workspace="$(curl -sf -H "Authorization: Bearer $token" "$base_url/api/v1/auth/me" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["workspaces"][0]["id"])')" ||
  die "cannot read the workspace"

echo "idle:    $(python3 "$BENCH_DIR/websocket_load.py" idle "$port" "$server_pid" "$token" "$workspace" "$IDLE_COUNT")"
bench_server_alive
echo "fanout:  $(python3 "$BENCH_DIR/websocket_load.py" fanout "$port" "$token" "$workspace" "$FANOUT_SUBSCRIBERS" "$FANOUT_ROUNDS")"
bench_server_alive
echo "channel: $(python3 "$BENCH_DIR/websocket_load.py" channel "$port" "$token" "$CHANNEL_ITEMS")"
bench_server_alive
