#!/usr/bin/env bash
# Runs the PyTorch reference training step (../shared/bench/pytorch-reference) and our train-step benchmark back to back
# on this machine, with the same threads, batch, size and allocator settings. Needs Debian's python3-torch
# (apt-get install -y python3-torch); uses /usr/bin/python3, which is the interpreter that package installs into.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=../shared/bench/pytorch-reference/adashare_ref.py
[ -f "$ref" ] || { echo "no PyTorch reference at $ref" >&2; exit 1; }
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "python3-torch is not installed: apt-get install -y python3-torch" >&2; exit 1; }
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=68719476736
iters=${ITERS:-20}
out=${OUT_DIR:-bench/results}
mkdir -p "$out"
dotnet build -c Release bench/AdaShare.Bench >/dev/null
/usr/bin/python3 "$ref" --mode train_policy --batch 8 --size 128 --iters "$iters" --threads 2 >"$out/pytorch-train.json" 2>/dev/null
dotnet run -c Release --no-build --project bench/AdaShare.Bench -- train-step --batch 8 --size 128 --iters "$iters" --threads 2 --json "$out/dotnet-128.json"
dotnet run -c Release --no-build --project bench/AdaShare.Bench -- train-step --batch 8 --size 126 --iters "$iters" --threads 2 --json "$out/dotnet-126.json"
/usr/bin/python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
ref = json.load(open(os.path.join(out, "pytorch-train.json")))
def find(d, *keys):
    for k in keys:
        if k in d: return d[k]
    for v in d.values():
        if isinstance(v, dict):
            r = find(v, *keys)
            if r is not None: return r
    return None
print("PyTorch reference (torch %s):" % find(ref, "torch_version", "version"))
print("  train median ms: %s   infer median ms: %s" % (find(ref, "train_ms_median", "median_ms"), find(ref, "infer_ms_median", "inference_ms_median")))
for size in (128, 126):
    d = json.load(open(os.path.join(out, "dotnet-%d.json" % size)))
    print("AdaShare.NET %dx%d: train shared %.1f ms, naive %.1f ms; infer (every block) shared %.1f ms, naive %.1f ms; infer (mixed policy) shared %.1f ms, naive %.1f ms" %
          (size, size, d["train_ms_shared"], d["train_ms_naive"], d["infer_all_ms_shared"], d["infer_all_ms_naive"], d["infer_mixed_ms_shared"], d["infer_mixed_ms_naive"]))
PY
