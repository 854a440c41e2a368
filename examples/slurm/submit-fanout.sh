#!/bin/bash
# Chains the three fan-out steps: sample, then one array task per candidate, then selection.
# Usage: RUN_DIR=/shared/runs/scenes3 CANDIDATES=3 bash examples/slurm/submit-fanout.sh
set -euo pipefail
: "${RUN_DIR:?set RUN_DIR}"; CANDIDATES=${CANDIDATES:-2}
here=$(dirname "$0")
sample=$(sbatch --parsable --export=ALL "$here/sample.sbatch")
array=$(sbatch --parsable --export=ALL --dependency=afterok:$sample --array=0-$((CANDIDATES - 1)) "$here/candidates.sbatch")
sbatch --export=ALL --dependency=afterok:$array "$here/select.sbatch"
