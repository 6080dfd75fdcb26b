#!/usr/bin/env bash
# Authenticated read/write load of a built `orchestra` binary with wrk, on loopback only. Builds
# nothing.
#
#   tests/bench/workflows_load.sh [ORCHESTRA_BINARY]   (default: build/release/host/orchestra)
#
# Starts `orchestra serve --config config/orchestra.yaml` from the repository root (the shipped
# plugins, development mode) with a free loopback port, a fresh SQLite database and OTP outbox in
# a temp dir, the access log off and the per-user API budget raised out of the way (the limiter
# itself still runs on every request). Signs in through the real OTP flow (request-otp, the code
# from the outbox, verify-otp), seeds SEED_COUNT small workflows (3 nodes) plus one with a
# 50-node graph through POST /api/v1/workflows, then runs, each for WRK_DURATION seconds:
#   1. wrk GET /api/v1/auth/me
#   2. wrk GET /api/v1/workflows?limit=50
#   3. wrk GET /api/v1/workflows/{id of the 50-node graph}
#   4. the same single read paced to about PACED_RATE requests/s (wrk has no rate option and
#      Debian has no wrk2: PACED_CONNECTIONS connections each wait between requests), for p99
#   5. PUT_COUNT PUTs of a 50-node graph (validated on every save) on one kept-alive connection:
#      the server's mean time from its /metrics histogram, its CPU time per PUT (all threads,
#      /proc/PID/stat) and the client's round trips
# and prints a summary. Stops the server by its PID, also on failure or Ctrl-C.
# Knobs: WRK_THREADS (2), WRK_CONNECTIONS (50), WRK_DURATION (10), SEED_COUNT (10000),
# SEED_THREADS (4), SEED_TIMEOUT (600 s), PACED_RATE (1000), PACED_CONNECTIONS (20),
# PUT_COUNT (200), READY_TIMEOUT (30 s). PROFILE_CMD, when set, is run by bash alongside the
# run named by PROFILE_RUN (me, list, one or put; default one) with {pid} replaced by the
# server's PID, e.g. PROFILE_CMD='perf record -g -o /tmp/orchestra.perf -p {pid} -- sleep 8'
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_DIR="$ROOT/tests/bench"
BINARY="${1:-$ROOT/build/release/host/orchestra}"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-50}"
WRK_DURATION="${WRK_DURATION:-10}"
SEED_COUNT="${SEED_COUNT:-10000}"
SEED_THREADS="${SEED_THREADS:-4}"
SEED_TIMEOUT="${SEED_TIMEOUT:-600}"
PACED_RATE="${PACED_RATE:-1000}"
PACED_CONNECTIONS="${PACED_CONNECTIONS:-20}"
PUT_COUNT="${PUT_COUNT:-200}"
READY_TIMEOUT="${READY_TIMEOUT:-30}"
PROFILE_CMD="${PROFILE_CMD:-}"
PROFILE_RUN="${PROFILE_RUN:-one}"
EMAIL="bench@example.com"

die() { echo "workflows_load.sh: error: $*" >&2; exit 1; }

[[ "$BINARY" == /* ]] || BINARY="$PWD/$BINARY"
[[ -x "$BINARY" ]] || die "no executable at $BINARY (build it: cmake --preset release && cmake --build --preset release)"
[[ -f "$ROOT/config/orchestra.yaml" ]] || die "missing $ROOT/config/orchestra.yaml"
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (packaging/setup-deps.sh --test installs it)"
done
for knob in WRK_THREADS WRK_CONNECTIONS WRK_DURATION SEED_COUNT SEED_THREADS SEED_TIMEOUT \
  PACED_RATE PACED_CONNECTIONS PUT_COUNT READY_TIMEOUT; do
  [[ "${!knob}" =~ ^[0-9]+$ && "${!knob}" -gt 0 ]] || die "$knob must be a positive whole number"
done

# shellcheck source=/dev/null
source "$ROOT/tests/support/free-port.sh"
# shellcheck source=/dev/null
source "$BENCH_DIR/bench-server.sh"
BENCH_NAME=workflows_load.sh
bench_server_setup

port="$(free_port)"
base_url="http://127.0.0.1:$port"

cd "$ROOT"
bench_server_start "$BINARY" ORCHESTRA_SERVER_HOST=127.0.0.1 ORCHESTRA_SERVER_PORT="$port" \
  ORCHESTRA_DATABASE_URL="sqlite:///$work/orchestra.db" \
  ORCHESTRA_EMAIL_OUTBOX_DIR="$work/outbox" ORCHESTRA_LOG_ACCESS_LOG=false \
  ORCHESTRA_RATE_LIMITS_API_LIMIT=100000000
bench_server_wait_ready "$base_url" "$READY_TIMEOUT"

token="$(bench_sign_in "$base_url" "$EMAIL")" || die "sign-in failed"
export BENCH_TOKEN="$token"  # read by the wrk script; kept off every command line

echo "workflows_load.sh: seeding $SEED_COUNT workflows + one 50-node graph ($SEED_THREADS connections)"
seed_started="$(now_ms)"
big_id="$(BENCH_TOKEN="$token" timeout $((SEED_TIMEOUT + 30)) python3 "$BENCH_DIR/workflows_seed.py" \
  seed "$base_url" "$token" "$SEED_COUNT" "$SEED_THREADS" "$SEED_TIMEOUT")" || die "seeding failed"
seed_seconds="$(awk -v ms=$(($(now_ms) - seed_started)) 'BEGIN { printf "%.1f", ms / 1000 }')"
bench_server_alive

check_get() {  # PATH: one authenticated GET must answer 200
  local status
  status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $token" "$base_url$1")"
  [[ "$status" == 200 ]] || die "GET $1 answered $status, not 200"
}

run_wrk() {  # NAME CONNECTIONS PATH [DELAY_MS]
  local name="$1" connections="$2" path="$3" delay="${4:-0}" threads="$WRK_THREADS"
  ((threads <= connections)) || threads="$connections"
  check_get "$path"
  echo
  echo "== $name: wrk -t$threads -c$connections -d${WRK_DURATION}s --latency GET $path${4:+ (each connection waits ${delay} ms between requests)}"
  BENCH_DELAY_MS="$delay" timeout $((WRK_DURATION + 30)) wrk -t"$threads" -c"$connections" \
    -d"${WRK_DURATION}s" --timeout 5s --latency -s "$BENCH_DIR/wrk/authorized.lua" \
    "$base_url$path" </dev/null | tee "$work/$name.txt" || die "wrk failed"
  bench_server_alive
}

summary_line() {  # NAME LABEL
  local file="$work/$1.txt"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ { print $2 }' "$file")"
  p50="$(awk '$1 == "50%" { print $2 }' "$file")"
  p99="$(awk '$1 == "99%" { print $2 }' "$file")"
  errors="$(grep -E 'Socket errors|Non-2xx' "$file" | sed 's/^ *//' | paste -sd ';' - || true)"
  printf '  %-34s %10s req/s   p50 %-9s p99 %-9s %s\n' "$2" "${rps:-?}" "${p50:-?}" "${p99:-?}" "${errors:-}"
}

profile_pid=""
start_profile() {  # NAME: starts PROFILE_CMD when NAME is the run to profile
  if [[ -n "$PROFILE_CMD" && "$1" == "$PROFILE_RUN" ]]; then
    bash -c "${PROFILE_CMD//\{pid\}/$server_pid}" &
    profile_pid=$!
  fi
}
finish_profile() {
  if [[ -n "$profile_pid" ]]; then wait "$profile_pid" || true; fi
  profile_pid=""
}

start_profile me
run_wrk me "$WRK_CONNECTIONS" /api/v1/auth/me
finish_profile
start_profile list
run_wrk list "$WRK_CONNECTIONS" "/api/v1/workflows?limit=50"
finish_profile
start_profile one
run_wrk one "$WRK_CONNECTIONS" "/api/v1/workflows/$big_id"
finish_profile

# Paced: each connection waits delay ms after each answer, so the rate stays a little under
# PACED_RATE (delay + latency per request and connection).
paced_delay=$((PACED_CONNECTIONS * 1000 / PACED_RATE))
run_wrk paced "$PACED_CONNECTIONS" "/api/v1/workflows/$big_id" "$paced_delay"

echo
echo "== PUT of a 50-node graph, $PUT_COUNT times, one connection (round trip in ms: median p90 p99 max)"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }  # user + system, all threads
start_profile put
put_cpu_before="$(cpu_ticks)"
put_times="$(timeout 300 python3 "$BENCH_DIR/workflows_seed.py" put "$base_url" "$token" "$big_id" "$PUT_COUNT")" ||
  die "PUT timing failed"
put_cpu_after="$(cpu_ticks)"
finish_profile
echo "  $put_times"
bench_server_alive
put_cpu_ms="$(awk -v ticks=$((put_cpu_after - put_cpu_before)) -v hz="$(getconf CLK_TCK)" -v n="$PUT_COUNT" \
  'BEGIN { printf "%.2f", ticks * 1000 / hz / n }')"

read -r put_p50 put_p90 put_p99 put_max <<<"$put_times"
# The server's own measure (request read to response written), from its metrics: only the PUTs
# above went to that route with that method.
put_server_ms="$(curl -s --max-time 5 "$base_url/metrics" | awk '
  /^http_request_duration_seconds_(sum|count)\{/ && /method="PUT"/ && /route="\/api\/v1\/workflows\/\{id\}"/ {
    if ($1 ~ /_sum/) sum += $2; else count += $2
  }
  END { if (count > 0) printf "%.2f", sum * 1000 / count; else print "?" }')"
echo
echo "== orchestra workflows load summary ($(basename "$BINARY"), SQLite, $SEED_COUNT+1 workflows seeded in ${seed_seconds}s)"
summary_line me "GET /auth/me (c$WRK_CONNECTIONS)"
summary_line list "GET /workflows?limit=50 (c$WRK_CONNECTIONS)"
summary_line one "GET /workflows/{id} 50 nodes (c$WRK_CONNECTIONS)"
summary_line paced "GET /workflows/{id} paced ~$PACED_RATE/s"
printf '  %-34s server mean %s ms (CPU %s ms); round trip median %s ms, p90 %s ms, p99 %s ms, max %s ms\n' \
  "PUT /workflows/{id} 50 nodes" "$put_server_ms" "$put_cpu_ms" "$put_p50" "$put_p90" "$put_p99" "$put_max"
