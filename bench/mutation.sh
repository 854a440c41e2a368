#!/usr/bin/env bash
# Mutation testing of the method's core files with Stryker.NET 5.1.0 (local tool, .config/dotnet-tools.json); prints
# the mutation score per file. Not part of CI: it takes tens of minutes on 2 cores (see docs/testing.md).
#
#   bench/mutation.sh                            # every file group below, in two passes
#   bench/mutation.sh '**/Model/Policy/*.cs'     # one group while iterating (fast tests only)
#
# Two passes, because Stryker runs every test that covers a mutant, and a test that trains covers the whole model:
#  - fast: the model, policy, loss, selection and metric files against the fast tests only (the config's
#    test-case-filter: Category=Focused and the Model and Metrics test classes, without the phase classes that train);
#  - phases: the two phase files, which only a (tiny) training run reaches, against the phase test classes alone.
set -euo pipefail
cd "$(dirname "$0")/.."

# The files under test: the only place that names them.
FAST_GLOBS=(
  '**/Model/Policy/*.cs'
  '**/Model/MultiTaskNet.cs'
  '**/Model/BasicBlock.cs'
  '**/Tasks/Losses/*.cs'
  '**/Methods/AdaShare/CandidateSelection.cs'
  '**/Metrics/*.cs'
)
PHASE_GLOBS=(
  '**/Methods/AdaShare/PolicyLearningPhase.cs'
  '**/Methods/AdaShare/RetrainPhase.cs'
)
PHASE_TESTS='FullyQualifiedName~Method.PolicyLearningPhaseTests|FullyQualifiedName~Method.PolicyLearningOracleTests|FullyQualifiedName~Method.RetrainAndSelectionTests'

command -v jq >/dev/null || { echo "bench/mutation.sh needs jq (apt-get install -y jq)" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# libtorch's OpenMP threads spin against Stryker's parallel test sessions; one thread each is faster overall.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

dotnet tool restore >/dev/null
out="${STRYKER_OUTPUT:-$PWD/StrykerOutput/$(date +%Y%m%d-%H%M%S)}"
config=bench/mutation/stryker-config.json

# stryker CONFIG OUTPUT GLOB...
stryker() {
  local cfg="$1" dir="$2"; shift 2
  local mutate=()
  for glob in "$@"; do mutate+=(--mutate "$glob"); done
  (cd tests/AdaShare.Tests && dotnet tool run dotnet-stryker --config-file "$cfg" --output "$dir" "${mutate[@]}")
}

reports=()
if [ $# -gt 0 ]; then
  stryker "$PWD/$config" "$out/fast" "$@"
  reports+=("$out/fast/reports/mutation-report.json")
else
  start=$(date +%s)
  stryker "$PWD/$config" "$out/fast" "${FAST_GLOBS[@]}"
  mkdir -p "$out"
  jq --arg f "$PHASE_TESTS" '."stryker-config"."test-case-filter" = $f' "$config" > "$out/phases-config.json"
  stryker "$out/phases-config.json" "$out/phases" "${PHASE_GLOBS[@]}"
  reports+=("$out/fast/reports/mutation-report.json" "$out/phases/reports/mutation-report.json")
  echo "mutation.sh: both passes took $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s"
fi

bench/mutation/scores.sh "${reports[@]}"
