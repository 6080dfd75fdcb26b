#!/bin/sh
# Installs the SDK from the build tree into a temporary prefix, builds sdk/examples/hello-node
# against it from an unrelated directory, and checks the plugin exports only its entry symbol.
# With an orchestra binary as fourth argument it then starts the real host with the plugin in
# plugins.load and checks GET /api/v1/node-types lists the example's node.
# Usage: out_of_tree_example.sh <cmake> <orchestra build dir> <orchestra source dir> [orchestra]
set -eu
cmake_program=$1
build_dir=$2
source_dir=$3
orchestra_binary=${4:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/orchestra-sdk-example.XXXXXX")
host_pid=""
cleanup() {
  if [ -n "$host_pid" ]; then kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$cmake_program" --install "$build_dir" --component OrchestraSDK --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/lib/cmake/OrchestraSDK/OrchestraSDKConfig.cmake"
test -f "$work/prefix/lib/cmake/OrchestraSDK/OrchestraSDKConfigVersion.cmake"
test -f "$work/prefix/include/orchestra/abi.h"

# A copy, so nothing of the Orchestra tree (no relative path, no parent CMakeLists) can help.
cp -R "$source_dir/sdk/examples/hello-node" "$work/hello-node"
"$cmake_program" -S "$work/hello-node" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
"$cmake_program" --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

plugin="$work/build/libhello_node.so"
test -f "$plugin" || { echo "expected $plugin"; ls "$work/build"; exit 1; }
exported=$(nm -D --defined-only "$plugin" | awk '{print $NF}' | sort)
if [ "$exported" != "orc_plugin_entry_v1" ]; then
  echo "libhello_node.so must export only orc_plugin_entry_v1, it exports:"
  echo "$exported"
  exit 1
fi
echo "libhello_node.so builds out of tree and exports only orc_plugin_entry_v1"

[ -n "$orchestra_binary" ] || exit 0

# The real host loads it and lists its node type.
cat >"$work/orchestra.yaml" <<YAML
server:
  host: 127.0.0.1
  port: 0
database:
  url: "sqlite:///$work/orchestra.db"
  migrations_dir: "$source_dir/migrations"
auth:
  development_mode: true
email:
  provider: log
  outbox_dir: "$work/outbox"
plugins:
  load:
    - file: "$plugin"
      expect_id: com.example.hello
      required: true
YAML
"$orchestra_binary" serve --config "$work/orchestra.yaml" >"$work/host.log" 2>&1 &
host_pid=$!
port=""
for _ in $(seq 1 200); do
  port=$(sed -n 's/.*"message":"listening".*"port":\([0-9]*\).*/\1/p' "$work/host.log" | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$host_pid" 2>/dev/null || { echo "orchestra exited:"; cat "$work/host.log"; exit 1; }
  sleep 0.05
done
[ -n "$port" ] || { echo "orchestra did not start listening:"; cat "$work/host.log"; exit 1; }
# The catalog is for signed-in users: sign in through the OTP flow, the code read from the outbox.
api="http://127.0.0.1:$port/api/v1"
curl -fsS -H 'Content-Type: application/json' -d '{"email":"sdk@example.com"}' \
  "$api/auth/request-otp" >/dev/null
code=""
for _ in $(seq 1 100); do
  code=$(cat "$work"/outbox/* 2>/dev/null | sed -n 's/.*code is \([0-9]\{6\}\).*/\1/p' | tail -n 1)
  [ -n "$code" ] && break
  sleep 0.05
done
[ -n "$code" ] || { echo "no sign-in code in $work/outbox"; exit 1; }
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"email\":\"sdk@example.com\",\"code\":\"$code\"}" "$api/auth/verify-otp" |
  sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "sign-in failed"; exit 1; }
node_types=$(curl -fsS -H "Authorization: Bearer $token" "$api/node-types")
case "$node_types" in
  *'"id":"com.example.hello/greet"'*'"plugin":"com.example.hello"'*) ;;
  *) echo "GET /api/v1/node-types does not list the example's node: $node_types"; exit 1 ;;
esac
echo "the real host loaded libhello_node.so and lists com.example.hello/greet"
