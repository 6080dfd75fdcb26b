#!/usr/bin/env bash
# MCP servers nobody here wrote, from the npm registry, for the MCP tests.
#
#   tests/support/npm-peers.sh DIR   installs the pinned packages below into DIR/node_modules
#                                    once (DIR/installed marks success); later runs return at
#                                    once. Concurrent callers wait on DIR.lock.
#   tests/support/npm-peers.sh DIR PACKAGE@VERSION...
#                                    the same with the packages given instead (the official MCP
#                                    TypeScript SDK for the tests of Orchestra's own MCP server).
#
# Bounded in time (INSTALL_TIMEOUT); needs node and npm (.ci/run installs them).
set -euo pipefail

INSTALL_TIMEOUT=300  # seconds for the whole npm install
PACKAGES=(
  "@modelcontextprotocol/server-everything@2026.8.31"
  "@modelcontextprotocol/server-filesystem@2026.8.31"
)

die() { echo "npm-peers.sh: error: $*" >&2; exit 1; }

[[ $# -ge 1 ]] || die "usage: $0 DIR [PACKAGE@VERSION...]"
dir="$1"
shift
if [[ $# -gt 0 ]]; then PACKAGES=("$@"); fi
command -v npm >/dev/null || die "npm is not installed (apt-get install nodejs npm)"
mkdir -p "$dir"

exec 9>"$dir.lock"
flock -w "$INSTALL_TIMEOUT" 9 || die "another install held $dir.lock for ${INSTALL_TIMEOUT}s"

# The marker names the packages, so changing a pin installs again.
wanted="${PACKAGES[*]}"
if [[ -f "$dir/installed" && "$(cat "$dir/installed")" == "$wanted" ]]; then
  exit 0
fi
rm -f "$dir/installed"
timeout "$INSTALL_TIMEOUT" npm install --prefix "$dir" --no-audit --no-fund --no-save \
  --loglevel=error "${PACKAGES[@]}" >&2 || die "npm install failed or took over ${INSTALL_TIMEOUT}s"
echo "$wanted" >"$dir/installed"
