#!/usr/bin/env bash
# Installs Orchestra's build dependencies (and with --test its test dependencies) on Debian 12
# with apt-get. Idempotent: when every package is already installed it does nothing and prints
# nothing. Otherwise it runs `apt-get update` and `apt-get install` quietly and prints one summary
# line, or apt's output when something failed. Runs as root, or through sudo when not root.
#
#   packaging/setup-deps.sh            build dependencies
#   packaging/setup-deps.sh --test     build + test dependencies
set -euo pipefail

usage() {
  sed -n '2,8s/^# \{0,1\}//p' "$0"
}

with_test=0
for arg in "$@"; do
  case "$arg" in
    --test) with_test=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "setup-deps: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

# Every name here was checked with `apt-cache policy` on Debian 12 (bookworm).
BUILD_PACKAGES=(
  build-essential g++ cmake ninja-build ccache pkg-config git
  libpoco-dev libpq-dev libsqlite3-dev libssl-dev libyaml-cpp-dev
  # Boost.DLL (/usr/include/boost/dll.hpp) is header-only and comes with libboost-dev
  # (libboost1.74-dev); the host defines BOOST_DLL_USE_STD_FS, so libboost-filesystem-dev
  # is not needed.
  libboost-dev
  # prometheus-cpp 1.0.1 (metrics and their text format); the host links only its core
  # library, the package also brings the pull/push libraries and their civetweb/curl headers.
  prometheus-cpp-dev
  # Howard Hinnant's date with its tz library (IANA time zones of cron triggers, on the system
  # tzdata) until the compiler's libstdc++ has C++20 std::chrono::zoned_time (GCC 13).
  libhowardhinnant-date-dev tzdata
  # RapidJSON 1.1 (header-only): JSON checked and compacted with no document built.
  rapidjson-dev
)
TEST_PACKAGES=(
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  # Server binaries only: tests/support/postgres.sh and redis.sh start servers of their own on
  # free loopback ports; nothing depends on the system `main` cluster or the redis service.
  postgresql-15 redis-server
  python3 python3-aiosmtpd json-schema-test-suite
  wrk curl iproute2 clang-format clang-tidy
  # MCP tests: tests/support/npm-peers.sh installs the reference MCP servers from npm. npm itself
  # is installed after the rest only when `npm` is still missing: Debian's nodejs leaves it to the
  # npm package, NodeSource's nodejs bundles it and conflicts with that package.
  nodejs
)

packages=("${BUILD_PACKAGES[@]}")
if ((with_test)); then
  packages+=("${TEST_PACKAGES[@]}")
fi

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]
}

# The packages of "$@" that are not installed (one dpkg-query for all of them).
not_installed() {
  local -A installed=()
  local name status pkg
  while read -r name status; do
    [[ "$status" == installed ]] && installed[$name]=1
  done < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true)
  for pkg in "$@"; do
    [[ -n "${installed[$pkg]:-}" ]] || echo "$pkg"
  done
}

mapfile -t missing < <(not_installed "${packages[@]}")
needs_npm() { ((with_test)) && ! command -v npm >/dev/null 2>&1; }
((${#missing[@]} == 0)) && ! needs_npm && exit 0

if [[ "$(id -u)" -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup-deps: not root and sudo is not installed; run as root: $0 $*" >&2
  echo "setup-deps: missing packages: ${missing[*]}" >&2
  exit 1
fi

log="$(mktemp "${TMPDIR:-/tmp}/setup-deps.XXXXXX.log")"
trap 'rm -f "$log"' EXIT
started=$SECONDS

fail() {
  echo "setup-deps: $1 failed; last lines of its output:" >&2
  tail -n 60 "$log" >&2
  exit 1
}

# Installing postgresql-15 for the first time makes postgresql-common create (and, where services
# may start, start) a `main` cluster on port 5432. We never use it, so ask for none: this must be
# in createcluster.conf before the package is configured. UCF_FORCE_CONFFOLD keeps our file when
# postgresql-common installs its own copy of it. An existing main cluster is left alone.
if ((with_test)) && ! is_installed postgresql-15; then
  conf=/etc/postgresql-common/createcluster.conf
  # shellcheck disable=SC2016 # $1 is expanded by the inner shell
  "${as_root[@]}" sh -c '
    mkdir -p "$(dirname "$1")"
    if [ -f "$1" ] && grep -Eq "^[[:space:]]*#?[[:space:]]*create_main_cluster[[:space:]]*=" "$1"; then
      sed -Ei "s/^[[:space:]]*#?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/" "$1"
    else
      echo "create_main_cluster = false" >>"$1"
    fi' sh "$conf" || { echo "setup-deps: could not write $conf" >&2; exit 1; }
fi

apt_env=(env DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1 NEEDRESTART_MODE=a)
apt_opts=(-qq -y -o DPkg::Lock::Timeout=600
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

"${as_root[@]}" "${apt_env[@]}" apt-get "${apt_opts[@]}" update >"$log" 2>&1 </dev/null ||
  fail "apt-get update"
if ((${#missing[@]})); then
  "${as_root[@]}" "${apt_env[@]}" apt-get "${apt_opts[@]}" install --no-install-recommends \
    "${missing[@]}" >>"$log" 2>&1 </dev/null || fail "apt-get install ${missing[*]}"
fi
if needs_npm; then
  "${as_root[@]}" "${apt_env[@]}" apt-get "${apt_opts[@]}" install --no-install-recommends \
    npm >>"$log" 2>&1 </dev/null || fail "apt-get install npm"
  command -v npm >/dev/null 2>&1 || fail "installing npm (still not on PATH)"
  missing+=(npm)
fi

# Check the result rather than trust the exit code.
apt_packages=()
for pkg in "${missing[@]}"; do [[ "$pkg" == npm ]] || apt_packages+=("$pkg"); done
still_missing=()
((${#apt_packages[@]})) && mapfile -t still_missing < <(not_installed "${apt_packages[@]}")
if ((${#still_missing[@]})); then
  echo "setup-deps: still not installed after apt-get install: ${still_missing[*]}" >&2
  tail -n 60 "$log" >&2
  exit 1
fi
if [[ ! -f /usr/include/boost/dll.hpp ]]; then
  echo "setup-deps: /usr/include/boost/dll.hpp is missing although libboost-dev is installed" >&2
  exit 1
fi
if ((with_test)) && [[ ! -x /usr/lib/postgresql/15/bin/initdb ]]; then
  echo "setup-deps: /usr/lib/postgresql/15/bin/initdb is missing although postgresql-15 is installed" >&2
  exit 1
fi

echo "setup-deps: installed ${#missing[@]} package(s) in $((SECONDS - started))s: ${missing[*]}"
