#!/usr/bin/env bash
# Fails when a tracked C/C++ file under host/ sdk/ plugins/ tests/ is not formatted as .clang-format
# says; lists each such file. Fix with `cmake --build --preset debug --target format` or
# `clang-format -i FILE`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
clang_format="${CLANG_FORMAT:-clang-format}"

patterns=()
for folder in host sdk plugins tests; do
  for suffix in cpp hpp h c; do patterns+=("$folder/*.$suffix"); done
done
mapfile -t files < <(git ls-files -- "${patterns[@]}")

# One clang-format for all files (one per file costs a minute on a busy machine); its complaints
# start with "FILE:LINE:COL: error:", so the files are the distinct prefixes.
status=0
complaints=$("$clang_format" --dry-run -Werror "${files[@]}" 2>&1 >/dev/null) || status=$?
mapfile -t unformatted < <(sed -n 's/^\([^: ]*\):[0-9]*:[0-9]*: error: .*/\1/p' <<<"$complaints" |
  sort -u)
if ((status != 0 && ${#unformatted[@]} == 0)); then
  printf '%s\n' "$complaints" >&2
  echo "check-format: $clang_format failed (exit $status)" >&2
  exit 2
fi
if ((${#unformatted[@]} > 0)); then
  printf 'not clang-formatted: %s\n' "${unformatted[@]}"
  echo "check-format: ${#unformatted[@]} of ${#files[@]} file(s) need clang-format -i" >&2
  exit 1
fi
echo "check-format: ${#files[@]} file(s) formatted"
