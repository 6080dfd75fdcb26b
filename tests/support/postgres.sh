#!/usr/bin/env bash
# The test run's own PostgreSQL 15 server (ctest fixture `postgres`, see tests/CMakeLists.txt).
#
#   tests/support/postgres.sh start DIR   initdb + start on 127.0.0.1 and a free port; writes
#                                         DIR/url  postgresql://orchestra:PASSWORD@127.0.0.1:PORT/orchestra
#                                         DIR/pid  the postmaster's PID
#   tests/support/postgres.sh stop DIR    stop it (fast mode) and remove its data directory
#
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user, in a private
# directory under /tmp owned by it (DIR itself may be in a tree that `postgres` cannot enter);
# DIR/basedir records where. Not as root, it runs as the current user. The data directory, the
# unix socket and the server log live in that private directory; `stop` copies the log to
# DIR/server.log. Tuned for tests, not durability: fsync, full_page_writes and synchronous_commit
# are off. Role `orchestra` (LOGIN CREATEDB, random password) owns database `orchestra`;
# TCP logins use scram-sha-256, the superuser only logs in over the private socket (peer).
#
# Environment: ORCHESTRA_PG_BIN (default /usr/lib/postgresql/15/bin).
set -euo pipefail

PG_BIN="${ORCHESTRA_PG_BIN:-/usr/lib/postgresql/15/bin}"
# Our psql calls name everything they need; keep the caller's libpq settings out of them.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGSERVICEFILE PGOPTIONS PGDATA
START_TIMEOUT=60   # seconds, pg_ctl -t
STOP_TIMEOUT=60

log() { echo "postgres.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  sed -n '2,17s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

# shellcheck source=/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/free-port.sh"

# Runs a command as the server's OS user, from inside the private directory (so that a cwd the
# `postgres` user cannot enter never matters).
as_pg() {
  if ((is_root)); then
    (cd "$base" && runuser -u postgres -- "$@")
  else
    (cd "$base" && "$@")
  fi
}

print_log_tail() {
  if [[ -n "${base:-}" && -f "$base/server.log" ]]; then
    log "last lines of the server log ($base/server.log):"
    tail -n 40 "$base/server.log" >&2 || true
  fi
}

# Whether PID is a live (not zombie) postgres process.
is_postmaster() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ "$stat" == *"(postgres) "[!Z]* ]]
}

cmd_stop() {
  local basedir_file="$dir/basedir"
  base=""
  [[ -f "$basedir_file" ]] && base="$(cat "$basedir_file")"
  if [[ -n "$base" ]]; then
    # Never remove anything that is not one of ours.
    case "$base" in
      */orchestra-pg.*) ;;
      *) die "$basedir_file names '$base', which this script did not create" ;;
    esac
  fi
  if [[ -n "$base" && -f "$base/data/PG_VERSION" ]]; then
    local status=0
    as_pg "$PG_BIN/pg_ctl" status -D "$base/data" >/dev/null 2>&1 || status=$?
    if ((status == 0)); then
      if ! as_pg "$PG_BIN/pg_ctl" stop -D "$base/data" -m fast -w -t "$STOP_TIMEOUT" >/dev/null; then
        log "fast shutdown did not finish within ${STOP_TIMEOUT}s; trying immediate"
        as_pg "$PG_BIN/pg_ctl" stop -D "$base/data" -m immediate -w -t 10 >/dev/null || true
      fi
    fi
  fi
  # Whatever pg_ctl managed: make sure the recorded postmaster is gone.
  if [[ -f "$dir/pid" ]]; then
    local pid
    pid="$(cat "$dir/pid")"
    if [[ "$pid" =~ ^[0-9]+$ ]]; then
      local waited
      for ((waited = 0; waited < 100; waited++)); do
        is_postmaster "$pid" || break
        sleep 0.1
      done
      if is_postmaster "$pid"; then
        log "postmaster $pid still running; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  fi
  if [[ -n "$base" && -d "$base" ]]; then
    if [[ -f "$base/server.log" ]]; then
      cp "$base/server.log" "$dir/server.log" 2>/dev/null || true
    fi
    rm -rf -- "$base"
  fi
  rm -f "$dir/url" "$dir/pid" "$dir/basedir"
}

# Starts the server on a fresh port; returns non-zero (with the log kept) when it did not start.
try_start() {
  port="$(free_port)"
  as_pg sed -i "s/^port = .*/port = $port/" "$base/data/postgresql.conf"
  # shellcheck disable=SC2016 # $1 is the inner shell's
  as_pg sh -c ': >"$1"' sh "$base/server.log"
  as_pg "$PG_BIN/pg_ctl" start -D "$base/data" -l "$base/server.log" -w -t "$START_TIMEOUT" \
    </dev/null >/dev/null 2>&1
}

cmd_start() {
  [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] ||
    die "no PostgreSQL 15 server binaries in $PG_BIN (install postgresql-15: packaging/setup-deps.sh --test)"
  command -v psql >/dev/null 2>&1 || [[ -x "$PG_BIN/psql" ]] || die "psql not found"
  local psql="$PG_BIN/psql"
  [[ -x "$psql" ]] || psql="$(command -v psql)"

  # Already one for DIR (running, or left over from a failed run): stop it first.
  if [[ -e "$dir/basedir" || -e "$dir/pid" ]]; then
    log "a server is recorded in $dir; stopping it first"
    cmd_stop
  fi

  local tmp_parent=/tmp
  ((is_root)) || tmp_parent="${TMPDIR:-/tmp}"
  base="$(mktemp -d "$tmp_parent/orchestra-pg.XXXXXX")"
  echo "$base" >"$dir/basedir"
  trap 'rc=$?; if ((rc != 0)); then print_log_tail; log "start failed; cleaning up"; cmd_stop || true; fi' EXIT
  if ((is_root)); then
    getent passwd postgres >/dev/null || die "there is no 'postgres' user (install postgresql-15)"
    chown postgres: "$base"
  fi
  chmod 700 "$base"

  local password
  password="$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')"

  local initdb_out
  if ! initdb_out="$(as_pg "$PG_BIN/initdb" -D "$base/data" --encoding=UTF8 --locale=C \
    --auth-local=peer --auth-host=scram-sha-256 --no-sync 2>&1)"; then
    echo "$initdb_out" >&2
    die "initdb failed"
  fi
  as_pg mkdir -m 700 "$base/sock"
  # shellcheck disable=SC2016 # $1 is the inner shell's
  as_pg sh -c 'cat >>"$1"' sh "$base/data/postgresql.conf" <<EOF

# tests/support/postgres.sh: a throwaway server for one test run.
listen_addresses = '127.0.0.1'
port = 0
unix_socket_directories = '$base/sock'
max_connections = 200
fsync = off
full_page_writes = off
synchronous_commit = off
logging_collector = off
log_min_messages = warning
EOF

  local attempt
  for attempt in 1 2 3; do
    if try_start; then
      break
    fi
    if ((attempt < 3)) && grep -qiE 'could not (bind|create listen)|address already in use' "$base/server.log" 2>/dev/null; then
      log "port $port was taken; trying another"
      continue
    fi
    die "pg_ctl start failed (the server exited, or was not ready within ${START_TIMEOUT}s)"
  done

  if ! as_pg "$psql" -X -q -v ON_ERROR_STOP=1 -h "$base/sock" -p "$port" -d postgres \
    >/dev/null <<EOF; then
CREATE ROLE orchestra LOGIN CREATEDB PASSWORD '$password';
CREATE DATABASE orchestra OWNER orchestra;
EOF
    die "could not create role and database 'orchestra'"
  fi

  local pid
  pid="$(head -n 1 "$base/data/postmaster.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || die "no PID in $base/data/postmaster.pid"
  echo "$pid" >"$dir/pid"
  local url="postgresql://orchestra:$password@127.0.0.1:$port/orchestra"
  echo "$url" >"$dir/url.tmp"
  mv "$dir/url.tmp" "$dir/url"

  # The URL must work over TCP with the password, as the tests will use it.
  if ! PGCONNECT_TIMEOUT=10 "$psql" -X -q -At -d "$url" -c 'select 1' </dev/null >/dev/null 2>&1; then
    die "the server runs but '$psql' could not log in as orchestra over 127.0.0.1:$port"
  fi
  trap - EXIT
  echo "postgres.sh: PostgreSQL $(cat "$base/data/PG_VERSION") on 127.0.0.1:$port (pid $pid, data $base/data)"
}

(($# == 2)) || usage
action="$1"
[[ -n "$2" ]] || usage
is_root=0
[[ "$(id -u)" -eq 0 ]] && is_root=1
port=""
base=""

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
