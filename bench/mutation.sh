#!/usr/bin/env bash
# Mutation testing of the method's core files with Stryker.NET 5.1.0 (local tool, .config/dotnet-tools.json); prints
# the mutation score per file. Not part of CI: on 2 cores it takes tens of minutes (see docs/testing.md).
#
#   bench/mutation.sh                            # every file bench/mutation/stryker-config.json names
#   bench/mutation.sh '**/Model/Policy/*.cs'     # one group while iterating (globs as in the config's "mutate")
#
# Only the fast focused tests run against mutants (the config's test-case-filter: Category=Focused and the Model and
# Metrics test classes); the end-to-end tests cover the same code far slower and would make every mutant cost minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "bench/mutation.sh needs jq (apt-get install -y jq)" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# libtorch's OpenMP threads spin against Stryker's parallel test sessions; one thread each is faster overall.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

dotnet tool restore >/dev/null
out="${STRYKER_OUTPUT:-$PWD/StrykerOutput/$(date +%Y%m%d-%H%M%S)}"
mutate=()
for glob in "$@"; do mutate+=(--mutate "$glob"); done
(cd tests/AdaShare.Tests && dotnet tool run dotnet-stryker --config-file ../../bench/mutation/stryker-config.json \
  --output "$out" ${mutate[@]+"${mutate[@]}"})

bench/mutation/scores.sh "$out/reports/mutation-report.json"
