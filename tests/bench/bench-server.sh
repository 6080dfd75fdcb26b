# Sourced by the benchmark scripts: one `orchestra serve` in the background on loopback, in a temp
# dir of its own, always stopped by its PID (SIGTERM, SIGKILL after STOP_TIMEOUT seconds) and the
# dir deleted, also on failure or Ctrl-C; the server's last output is printed when the script
# fails. The caller defines die() and sets BENCH_NAME (its file name, for messages).
#
#   bench_server_setup                    creates $work, installs the traps
#   bench_server_start BINARY [VAR=v...]  starts BINARY serve --config config/orchestra.yaml from
#                                         the current directory with the given environment
#                                         overrides; output in $work/server.log, PID in $server_pid
#   bench_server_alive                    dies when the server has exited
#   bench_server_wait_ready URL SECONDS   polls URL/health/ready until a 200 (or dies)
#   bench_sign_in URL EMAIL               signs in through the real OTP flow (the code read from
#                                         $work/outbox) and prints the access token

STOP_TIMEOUT=15  # the server drains in-flight requests for up to server.shutdown_timeout_ms
work=""
server_pid=""

now_ms() { echo $(($(date +%s%N) / 1000000)); }

bench_server_cleanup() {
  local rc=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    local waited
    for ((waited = 0; waited < STOP_TIMEOUT * 10; waited++)); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "$BENCH_NAME: server $server_pid did not stop within ${STOP_TIMEOUT}s; killing it" >&2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
  fi
  if ((rc != 0)) && [[ -f "$work/server.log" ]]; then
    echo "$BENCH_NAME: last lines of the server's output:" >&2
    tail -n 30 "$work/server.log" >&2 || true
  fi
  [[ -n "$work" ]] && rm -rf -- "$work"
  exit "$rc"
}

bench_server_setup() {
  work="$(mktemp -d "/tmp/orchestra-${BENCH_NAME%.sh}.XXXXXX")"
  trap bench_server_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_server_start() {
  local binary="$1"
  shift
  env "$@" "$binary" serve --config config/orchestra.yaml </dev/null >"$work/server.log" 2>&1 &
  server_pid=$!
}

bench_server_alive() {
  kill -0 "$server_pid" 2>/dev/null || die "the server exited early (see its output below)"
}

bench_server_wait_ready() {
  local url="$1" deadline_ms=$(($(now_ms) + $2 * 1000)) code=""
  while :; do
    bench_server_alive
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url/health/ready" || true)"
    [[ "$code" == 200 ]] && return 0
    (($(now_ms) < deadline_ms)) || die "/health/ready did not answer 200 within ${2}s (last status: ${code:-none})"
    sleep 0.01
  done
}

bench_sign_in() {
  local url="$1" email="$2" code="" tries
  curl -sS --fail-with-body --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"purpose\":\"login\"}" "$url/api/v1/auth/request-otp" >/dev/null ||
    die "request-otp failed"
  for ((tries = 0; tries < 100; tries++)); do
    code="$(grep -rhoE 'code is [0-9]{6}' "$work/outbox" 2>/dev/null | tail -n 1 | awk '{ print $3 }' || true)"
    [[ -n "$code" ]] && break
    sleep 0.05
  done
  [[ -n "$code" ]] || die "no OTP code arrived in $work/outbox"
  curl -sS --fail-with-body --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"code\":\"$code\"}" "$url/api/v1/auth/verify-otp" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
