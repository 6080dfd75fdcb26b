#!/usr/bin/env bash
# The test run's own Redis server (Debian's redis-server 7.x).
#
#   tests/support/redis.sh start DIR   start on 127.0.0.1 and a free port, no persistence; writes
#                                      DIR/url  redis://127.0.0.1:PORT/0
#                                      DIR/pid  the server's PID (its pidfile)
#                                      DIR/redis.log
#   tests/support/redis.sh stop DIR    stop it by PID (TERM, then KILL after 10s)
#
# Runs as the current user (root included). Never uses the system redis service or its config.
set -euo pipefail

START_TIMEOUT=30  # seconds until it answers PING
STOP_TIMEOUT=10

log() { echo "redis.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/free-port.sh"

# Whether PID is a live (not zombie) redis-server process.
is_redis() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ "$stat" == *"(redis-server) "[!Z]* ]]
}

cmd_stop() {
  if [[ -f "$dir/pid" ]]; then
    local pid waited
    pid="$(cat "$dir/pid")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && is_redis "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      for ((waited = 0; waited < STOP_TIMEOUT * 10; waited++)); do
        is_redis "$pid" || break
        sleep 0.1
      done
      if is_redis "$pid"; then
        log "redis-server $pid did not stop within ${STOP_TIMEOUT}s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  fi
  rm -f "$dir/url" "$dir/pid"
}

print_log_tail() {
  if [[ -f "$dir/redis.log" ]]; then
    log "last lines of $dir/redis.log:"
    tail -n 20 "$dir/redis.log" >&2 || true
  fi
}

# Starts redis-server on a fresh port and waits until it answers; non-zero when it did not.
try_start() {
  port="$(free_port)"
  rm -f "$dir/pid"
  : >"$dir/redis.log"
  # --daemonize: the server detaches (stdio on /dev/null) and writes DIR/pid.
  redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes \
    --save "" --appendonly no --dir "$dir" --dbfilename orchestra-test.rdb \
    --daemonize yes --pidfile "$dir/pid" --logfile "$dir/redis.log" --loglevel notice \
    </dev/null >/dev/null 2>&1 || return 1
  local waited pid=""
  for ((waited = 0; waited < START_TIMEOUT * 10; waited++)); do
    [[ -z "$pid" && -s "$dir/pid" ]] && pid="$(cat "$dir/pid")"
    if [[ -n "$pid" ]] && ! is_redis "$pid"; then
      return 1  # exited (e.g. the port was taken after all)
    fi
    if [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null </dev/null)" == PONG && -n "$pid" ]]; then
      return 0
    fi
    sleep 0.1
  done
  log "redis-server did not answer PING on 127.0.0.1:$port within ${START_TIMEOUT}s"
  return 1
}

cmd_start() {
  command -v redis-server >/dev/null 2>&1 ||
    die "redis-server not found (install redis-server: packaging/setup-deps.sh --test)"
  command -v redis-cli >/dev/null 2>&1 || die "redis-cli not found (install redis-tools)"

  if [[ -e "$dir/pid" ]]; then
    log "a server is recorded in $dir; stopping it first"
    cmd_stop
  fi
  trap 'rc=$?; if ((rc != 0)); then print_log_tail; cmd_stop || true; fi' EXIT

  local attempt
  for attempt in 1 2 3; do
    if try_start; then
      break
    fi
    cmd_stop
    if ((attempt < 3)) && grep -qiE 'address already in use|could not create server' "$dir/redis.log"; then
      log "port $port was taken; trying another"
      continue
    fi
    die "redis-server did not start"
  done

  echo "redis://127.0.0.1:$port/0" >"$dir/url.tmp"
  mv "$dir/url.tmp" "$dir/url"
  trap - EXIT
  echo "redis.sh: $(redis-server --version | awk '{print $1, $3}') on 127.0.0.1:$port (pid $(cat "$dir/pid"))"
}

(($# == 2)) || usage
action="$1"
[[ -n "$2" ]] || usage
port=""

case "$action" in
  start)
    mkdir -p "$2"
    dir="$(cd "$2" && pwd)"
    cmd_start
    ;;
  stop)
    [[ -d "$2" ]] || exit 0
    dir="$(cd "$2" && pwd)"
    cmd_stop
    ;;
  *) usage ;;
esac
