#!/usr/bin/env bash
# One step of every AdaShare phase, side by side in one run: AdaShare.NET (`AdaShare.Bench phases`), PyTorch computing
# what the official code computes (bench/pytorch_phases.py --variant official) and the efficient PyTorch variant
# (--variant efficient), interleaved A B C A B C … on the same threads; medians over the repeats. Then the whole
# pipeline's time is composed from the step times × the config's iteration counts (bench/compose_pipeline.py).
#   CONFIGS="default paper" REPEATS=3 ITERS=5 THREADS=2 OUT_DIR=bench/results bash bench/compare-phases.sh
# Needs Debian's python3-torch (apt-get install -y python3-torch), used through /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "python3-torch is not installed: apt-get install -y python3-torch" >&2; exit 1; }
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=68719476736
configs=${CONFIGS:-default paper}
repeats=${REPEATS:-3}
iters=${ITERS:-5}
threads=${THREADS:-2}
out=${OUT_DIR:-bench/results}
mkdir -p "$out"
dotnet build -c Release bench/AdaShare.Bench >/dev/null
bench=(dotnet bench/AdaShare.Bench/bin/Release/net10.0/AdaShare.Bench.dll phases)
# A learned policy of the README run's kind: early blocks shared, late ones task-specific or skipped.
policy=${POLICY:-11111111,11111110,11110110}
for config in $configs; do
  case $config in
    # configs/scenes-3task.yaml: ResNet-18 × 0.25, 64×80, batch 16, ASPP 64 ch at dilations 1-4, 7 classes
    default) shape=(--width 0.25 --height 64 --width-px 80 --batch 16 --head 64 --dilations 1,2,3,4 --classes 7) ;;
    # ResNet-18 full width, the paper's batch 16, ASPP 256 ch at the paper's dilations, 13 classes (NYUv2)
    paper) shape=(--width 1.0 --height "${PAPER_SIZE:-96}" --width-px "${PAPER_SIZE:-96}" --batch 16 --head 256 --dilations 6,12,18,24 --classes 13) ;;
    *) echo "unknown config $config (default, paper)" >&2; exit 2 ;;
  esac
  for r in $(seq 1 "$repeats"); do
    /usr/bin/python3 bench/pytorch_phases.py --variant official "${shape[@]}" --policy "$policy" --iters "$iters" --threads "$threads" >"$out/$config-official-$r.json"
    "${bench[@]}" "${shape[@]}" --policy "$policy" --iters "$iters" --threads "$threads" --json "$out/$config-ours-$r.json" >/dev/null
    /usr/bin/python3 bench/pytorch_phases.py --variant efficient "${shape[@]}" --policy "$policy" --iters "$iters" --threads "$threads" >"$out/$config-efficient-$r.json"
    echo "$config repeat $r done (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  done
done
/usr/bin/python3 bench/compose_pipeline.py "$out" $configs
