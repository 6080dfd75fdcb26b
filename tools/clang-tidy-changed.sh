#!/usr/bin/env bash
# Runs clang-tidy (rules in .clang-tidy, every warning an error) on the .cpp files changed recently,
# two at a time. Exits non-zero when any file has a finding.
#
#   tools/clang-tidy-changed.sh [BUILD_DIR]    BUILD_DIR holds compile_commands.json (build/debug)
#
# "Changed recently" comes from git alone, so that every clone computes the same set: the files
# that differ between HEAD and the last commit made at least ORCHESTRA_TIDY_HOURS (8) hours before
# HEAD's committer date; every .cpp file when the history (or a shallow clone) is younger. Files
# absent from compile_commands.json (not built by that preset) are listed and skipped.
# Environment: ORCHESTRA_TIDY_HOURS (8), ORCHESTRA_TIDY_JOBS (2), CLANG_TIDY (clang-tidy).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build_dir="${1:-build/debug}"
hours="${ORCHESTRA_TIDY_HOURS:-8}"
jobs="${ORCHESTRA_TIDY_JOBS:-2}"
clang_tidy="${CLANG_TIDY:-clang-tidy}"
database="$build_dir/compile_commands.json"
[[ -f "$database" ]] || { echo "clang-tidy-changed: no $database (configure first)" >&2; exit 2; }

head_time=$(git log -1 --format=%ct HEAD)
base=$(git rev-list -1 --before="$((head_time - hours * 3600))" HEAD)
if [[ -n "$base" ]]; then
  echo "clang-tidy-changed: .cpp files changed since $(git log -1 --format='%h (%ci)' "$base")"
  mapfile -t changed < <(git diff --name-only --diff-filter=d "$base" HEAD -- '*.cpp')
else
  echo "clang-tidy-changed: no commit is ${hours}h older than HEAD; checking every .cpp file"
  mapfile -t changed < <(git ls-files -- '*.cpp')
fi

# Only what the build compiles has compile flags; the rest cannot be analysed faithfully.
mapfile -t files < <(python3 - "$database" "${changed[@]}" <<'PY'
import json, os, sys
compiled = {os.path.realpath(entry["file"]) for entry in json.load(open(sys.argv[1]))}
for path in sys.argv[2:]:
    if os.path.realpath(path) in compiled:
        print(path)
    else:
        print(f"clang-tidy-changed: skipped, not in the compilation database: {path}",
              file=sys.stderr)
PY
)
((${#files[@]} > 0)) || { echo "clang-tidy-changed: nothing to check"; exit 0; }
echo "clang-tidy-changed: ${#files[@]} file(s), $jobs at a time"

# One file per clang-tidy; each prints its findings in one piece so parallel output stays readable.
# -Wno-unknown-warning-option: the database holds GCC's flags, some of which clang does not know.
tidy_one() {
  local started=$SECONDS output status=0
  output=$("$clang_tidy" -p "$build_dir" --quiet --warnings-as-errors='*' \
    --extra-arg=-Wno-unknown-warning-option "$1" 2>&1) || status=$?
  # clang-tidy's "N warnings generated" chatter says nothing the findings do not.
  output=$(grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' <<<"$output" || true)
  printf '%s %ss %s\n%s' "$( ((status == 0)) && echo ok || echo FAIL)" "$((SECONDS - started))" \
    "$1" "${output:+$output$'\n'}"
  return "$status"
}
export -f tidy_one
export build_dir clang_tidy

started=$SECONDS
status=0
printf '%s\0' "${files[@]}" | xargs -0 -n1 -P"$jobs" bash -c 'tidy_one "$1"' _ || status=$?
echo "clang-tidy-changed: ${#files[@]} file(s) in $((SECONDS - started))s," \
  "$( ((status == 0)) && echo 'no findings' || echo 'findings above are errors')"
exit $((status == 0 ? 0 : 1))
