#!/usr/bin/env bash
# Runs clang-tidy (rules in .clang-tidy, every warning an error) on the .cpp files changed recently,
# two at a time. Exits non-zero when any file has a finding.
#
#   tools/clang-tidy-changed.sh [BUILD_DIR]    BUILD_DIR holds compile_commands.json (build/debug)
#
# "Changed" comes from git alone, so that every clone computes the same set: the .cpp files that
# differ between HEAD and the commit named in .ci/tidy-baseline. The baseline is a ratchet: code
# older than it was written before clang-tidy ran in CI and still has findings (see
# .ci/tidy-baseline), so a file is held to the rules from the first change made to it after the
# baseline, and the baseline is never moved past a finding. Every .cpp file is checked when the
# baseline is missing or not in the history (a shallow clone). Files absent from
# compile_commands.json (not built by that preset) are listed and skipped.
# Environment: ORCHESTRA_TIDY_JOBS (2), CLANG_TIDY (clang-tidy), ORCHESTRA_TIDY_BASE (overrides
# the baseline, e.g. a commit of your own to check a branch).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build_dir="${1:-build/debug}"
jobs="${ORCHESTRA_TIDY_JOBS:-2}"
clang_tidy="${CLANG_TIDY:-clang-tidy}"
database="$build_dir/compile_commands.json"
[[ -f "$database" ]] || { echo "clang-tidy-changed: no $database (configure first)" >&2; exit 2; }

base="${ORCHESTRA_TIDY_BASE:-$(grep -m1 -E '^[0-9a-f]{7,40}$' .ci/tidy-baseline 2>/dev/null || true)}"
if [[ -n "$base" ]] && ! git cat-file -e "$base^{commit}" 2>/dev/null; then base=""; fi
if [[ -n "$base" ]]; then
  echo "clang-tidy-changed: .cpp files changed since $(git log -1 --format='%h (%ci)' "$base")"
  mapfile -t changed < <(git diff --name-only --diff-filter=d "$base" HEAD -- '*.cpp')
else
  echo "clang-tidy-changed: no baseline commit in this history; checking every .cpp file"
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
