#!/usr/bin/env bash
# --jobs 1 (one process, all threads, candidates one after another) vs --jobs 2 (two processes, half the threads
# each): wall time of the re-train phase of one run, interleaved A B A B. The run is trained up to sampling once (or
# RUN_DIR is an existing run sampled with this config: its re-trains are run again at RETRAIN_ITERS). A run it trains
# itself samples one Bernoulli policy besides the argmax (`policy.samples=1`), so there are two candidates to place.
#   CONFIG=configs/scenes-3task.yaml REPEATS=2 RETRAIN_ITERS=100 RUN_DIR=/tmp/jobs-bench bash bench/compare-jobs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=68719476736
config=${CONFIG:-configs/scenes-3task.yaml}
repeats=${REPEATS:-2}
run=${RUN_DIR:-/tmp/adashare-jobs-bench}
dotnet build -c Release src/AdaShare.Cli >/dev/null
cli=(dotnet src/AdaShare.Cli/bin/Release/net10.0/adashare.dll)
sets=(--set "train.retrain_iters=${RETRAIN_ITERS:-100}")
[ -f "$run/state.json" ] || "${cli[@]}" train --config "$config" --run-dir "$run" --until sample --plain "${sets[@]}" --set policy.samples=1 >/dev/null
for r in $(seq 1 "$repeats"); do
  for jobs in 1 2; do
    SECONDS=0
    "${cli[@]}" train --resume "$run" --phase retrain --until retrain --plain --jobs "$jobs" "${sets[@]}" >/dev/null
    echo "jobs $jobs repeat $r: re-train phase ${SECONDS} s (load average $(cut -d' ' -f1 /proc/loadavg))"
  done
done
