#!/usr/bin/env bash
# Mutation score per file of Stryker JSON reports: killed / (killed + survived + no coverage), timeouts count as
# killed; ignored mutants and mutants that do not compile are left out (Stryker's own definition).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scores.sh mutation-report.json..." >&2; exit 2; }
root="$(cd "$(dirname "$0")/../.." && pwd)/"
# Several reports (the script's two passes) are merged file by file, their mutant lists concatenated: each report
# lists every file of the project, with the files outside its pass's globs as Ignored, which the counts leave out.
merged=$(mktemp)
trap 'rm -f "$merged"' EXIT
jq -s '{files: (reduce (.[].files | to_entries[]) as $e ({}; .[$e.key].mutants += $e.value.mutants))}' "$@" > "$merged"
jq -r --arg root "$root" '
  def count(s): [.[] | select(. as $x | s | index($x))] | length;
  [.files | to_entries[] | {file: (.key | ltrimstr($root)), st: [.value.mutants[].status]}
   | {file, killed: (.st | count(["Killed", "Timeout"])), survived: (.st | count(["Survived"])), nocov: (.st | count(["NoCoverage"]))}
   | select(.killed + .survived + .nocov > 0)] as $rows
  | (["file", "killed", "survived", "no-coverage", "score"] | @tsv),
    ($rows | sort_by(.file)[] | [.file, .killed, .survived, .nocov, ((1000 * .killed / (.killed + .survived + .nocov) | floor) / 10 | tostring + "%")] | @tsv),
    ($rows | {k: (map(.killed) | add), s: (map(.survived) | add), n: (map(.nocov) | add)}
     | ["total", .k, .s, .n, ((1000 * .k / (.k + .s + .n) | floor) / 10 | tostring + "%")] | @tsv)
' "$merged" | column -t -s $'\t'
echo
echo "surviving and uncovered mutants:"
jq -r --arg root "$root" '.files | to_entries[] | (.key | ltrimstr($root)) as $f | .value.mutants[]
  | select(.status == "Survived" or .status == "NoCoverage")
  | "  \($f):\(.location.start.line)  \(.status)  \(.mutatorName): \(.replacement // "" | gsub("\n"; " ") | .[0:90])"' "$merged"
