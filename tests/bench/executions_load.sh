#!/usr/bin/env bash
# The runtime's headline benchmark: a published workflow `webhook -> core.set -> core.set`
# answering when finished, every execution and node persisted, driven by wrk on this machine.
# Builds nothing.
#
#   tests/bench/executions_load.sh [ORCHESTRA_BINARY]   (default: build/release/host/orchestra)
#
# Starts `orchestra serve --config config/orchestra.yaml` from the repository root with a free
# loopback port and a fresh SQLite database (or BENCH_DATABASE_URL, e.g. a PostgreSQL URL),
# signs in, creates and publishes the 3-node workflow and a 100-node chain (webhook + 99
# core.set, each reading its predecessor through an expression), then runs, each for
# WRK_DURATION seconds:
#   1. wrk -c1  POST /api/v1/hooks/{3-node}/bench  (latency: p50, p99)
#   2. wrk -cN  the same (throughput; N = WRK_CONNECTIONS, default 10)
#   3. wrk -cN  POST /api/v1/hooks/{100-node}/bench
# and measures the server's CPU time per execution in runs 2 and 3 (/proc/PID/stat), whose
# difference over 97 extra nodes is the cost of one more node; the execution start latency
# (created_at -> start_time, from the database); and the memory per running execution: RSS
# before and while RUNNING_COUNT executions wait in a delay node.
# Knobs: WRK_CONNECTIONS (10), WRK_DURATION (10), RUNNING_COUNT (500), READY_TIMEOUT (30),
# INLINE_COMMITS (together|each), SYNCHRONOUS (normal|full, SQLite), BENCH_DATABASE_URL.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_DIR="$ROOT/tests/bench"
BINARY="${1:-$ROOT/build/release/host/orchestra}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-10}"
WRK_DURATION="${WRK_DURATION:-10}"
RUNNING_COUNT="${RUNNING_COUNT:-500}"
READY_TIMEOUT="${READY_TIMEOUT:-30}"
INLINE_COMMITS="${INLINE_COMMITS:-together}"
SYNCHRONOUS="${SYNCHRONOUS:-normal}"
EMAIL="bench@example.com"

die() { echo "executions_load.sh: error: $*" >&2; exit 1; }

[[ "$BINARY" == /* ]] || BINARY="$PWD/$BINARY"
[[ -x "$BINARY" ]] || die "no executable at $BINARY (build it: cmake --preset release && cmake --build --preset release)"
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (packaging/setup-deps.sh --test installs it)"
done
for knob in WRK_CONNECTIONS WRK_DURATION RUNNING_COUNT READY_TIMEOUT; do
  [[ "${!knob}" =~ ^[0-9]+$ && "${!knob}" -gt 0 ]] || die "$knob must be a positive whole number"
done

# shellcheck source=/dev/null
source "$ROOT/tests/support/free-port.sh"
# shellcheck source=/dev/null
source "$BENCH_DIR/bench-server.sh"
BENCH_NAME=executions_load.sh
bench_server_setup

port="$(free_port)"
base_url="http://127.0.0.1:$port"
database_url="${BENCH_DATABASE_URL:-sqlite:///$work/orchestra.db}"

cd "$ROOT"
bench_server_start "$BINARY" ORCHESTRA_SERVER_HOST=127.0.0.1 ORCHESTRA_SERVER_PORT="$port" \
  ORCHESTRA_DATABASE_URL="$database_url" ORCHESTRA_DATABASE_SQLITE_SYNCHRONOUS="$SYNCHRONOUS" \
  ORCHESTRA_EMAIL_OUTBOX_DIR="$work/outbox" ORCHESTRA_LOG_ACCESS_LOG=false \
  ORCHESTRA_RATE_LIMITS_API_LIMIT=100000000 ORCHESTRA_RUNTIME_INLINE_COMMITS="$INLINE_COMMITS" \
  ORCHESTRA_RUNTIME_MAX_RUNNING_EXECUTIONS=$((RUNNING_COUNT + 64))
bench_server_wait_ready "$base_url" "$READY_TIMEOUT"

token="$(bench_sign_in "$base_url" "$EMAIL")" || die "sign-in failed"
small="$(python3 "$BENCH_DIR/executions_load.py" workflow "$base_url" "$token" 2)" ||
  die "cannot create the 3-node workflow"
large="$(python3 "$BENCH_DIR/executions_load.py" workflow "$base_url" "$token" 99)" ||
  die "cannot create the 100-node workflow"
delayed="$(python3 "$BENCH_DIR/executions_load.py" delayed "$base_url" "$token" 20000)" ||
  die "cannot create the delayed workflow"

check_hook() {  # WORKFLOW: one call must answer 200 with the workflow's output
  local status
  status="$(curl -s -o "$work/check.json" -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' \
    -d '{"name":"Ada"}' "$base_url/api/v1/hooks/$1/bench")"
  [[ "$status" == 200 ]] || die "the webhook of $1 answered $status: $(cat "$work/check.json")"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }  # user + system, all threads
executions_done() {  # completed executions so far, from the server's own metric
  curl -s --max-time 5 "$base_url/metrics" |
    awk '/^http_requests_total\{/ && /route="\/api\/v1\/hooks/ && /status="200"/ { sum += $2 } END { print sum + 0 }'
}

run_wrk() {  # NAME CONNECTIONS WORKFLOW
  local name="$1" connections="$2" workflow="$3" threads=2 before_cpu before_done
  ((connections >= threads)) || threads="$connections"
  check_hook "$workflow"
  echo
  echo "== $name: wrk -t$threads -c$connections -d${WRK_DURATION}s --latency POST /api/v1/hooks/{id}/bench"
  before_cpu="$(cpu_ticks)"
  before_done="$(executions_done)"
  timeout $((WRK_DURATION + 60)) wrk -t"$threads" -c"$connections" -d"${WRK_DURATION}s" --timeout 10s \
    --latency -s "$BENCH_DIR/wrk/webhook.lua" "$base_url/api/v1/hooks/$workflow/bench" </dev/null |
    tee "$work/$name.txt" || die "wrk failed"
  local ticks=$(($(cpu_ticks) - before_cpu)) done_count=$(($(executions_done) - before_done))
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$done_count" \
    'BEGIN { if (n > 0) printf "%.1f\n", t * 1e6 / hz / n; else print "?" }' >"$work/$name.cpu"
  bench_server_alive
}

summary_line() {  # NAME LABEL
  local file="$work/$1.txt"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ { print $2 }' "$file")"
  p50="$(awk '$1 == "50%" { print $2 }' "$file")"
  p99="$(awk '$1 == "99%" { print $2 }' "$file")"
  errors="$(grep -E 'Socket errors|Non-2xx|other than 200' "$file" | sed 's/^ *//' | paste -sd ';' - || true)"
  printf '  %-30s %9s exec/s  p50 %-9s p99 %-9s CPU %6s us/exec  %s\n' "$2" "${rps:-?}" "${p50:-?}" \
    "${p99:-?}" "$(cat "$work/$1.cpu")" "${errors:-}"
}

run_wrk one "1" "$small"
run_wrk small "$WRK_CONNECTIONS" "$small"
run_wrk large "$WRK_CONNECTIONS" "$large"

# Memory per running execution: RSS before and while RUNNING_COUNT executions wait in a delay.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status"; }
sleep 1
rss_before="$(rss_kb)"
accepted="$(python3 "$BENCH_DIR/executions_load.py" running "$base_url" "$delayed" "$RUNNING_COUNT")" ||
  die "cannot start the delayed executions"
sleep 2
rss_running="$(rss_kb)"
bench_server_alive

starts=""
if [[ "$database_url" == sqlite:* ]]; then
  starts="$(python3 "$BENCH_DIR/executions_load.py" starts "$work/orchestra.db")" || starts="? ? ? ?"
fi

per_node="$(awk -v a="$(cat "$work/small.cpu")" -v b="$(cat "$work/large.cpu")" \
  'BEGIN { if (a != "?" && b != "?") printf "%.1f", (b - a) / 97; else print "?" }')"
echo
echo "== orchestra executions summary ($(basename "$BINARY"), ${database_url%%:*}, synchronous=$SYNCHRONOUS, inline_commits=$INLINE_COMMITS)"
summary_line one "3 nodes, 1 connection"
summary_line small "3 nodes, $WRK_CONNECTIONS connections"
summary_line large "100 nodes, $WRK_CONNECTIONS connections"
echo "  one more node: $per_node us of server CPU (100-node vs 3-node, per extra node)"
if [[ -n "$starts" ]]; then
  read -r start_p50 start_p99 start_max start_count <<<"$starts"
  echo "  execution start (created -> running): median $start_p50 ms, p99 $start_p99 ms, max $start_max ms over $start_count executions"
fi
echo "  memory: $accepted executions waiting in a delay node: RSS $rss_before kB -> $rss_running kB" \
  "($(awk -v a="$rss_before" -v b="$rss_running" -v n="$accepted" 'BEGIN { if (n > 0) printf "%.1f", (b - a) / n; else print "?" }') kB per running execution)"
