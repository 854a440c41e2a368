#!/usr/bin/python3
"""Per-phase table and the whole pipeline's time composed from step times × a config's iteration counts.

Reads OUT/<config>-{ours,official,efficient}-<repeat>.json (bench/compare-phases.sh), takes the median of every number
over the repeats and prints, per config, the step table, the pipeline on each side and the ratios on lines containing
`pipeline`, and the targets (met / missed by how much).
"""
import glob, json, os, statistics, sys

# Iteration counts. default = configs/scenes-3task.yaml (warm-up 300; 75 alternations × (5 weight + 5 policy) steps,
# curriculum speed 3 over L = 8 blocks; 1 candidate (the argmax) × 600 re-train steps; inference: 200 validation + 300
# test images). paper = the official NYUv2 protocol (warm-up 4,000; 16,000 policy iterations in alternations of one epoch of
# train1 / train2 = 25 + 25 batches of 16; 8 sampled architectures × 20,000 re-train steps, each scored on 654 images).
PIPELINES = {
    "default": dict(warmup=300, alternations=75, weight=5, policy=5, speed=3, blocks=8, retrains=1, retrain=600, infer_images=200 + 300, batch=16),
    "paper": dict(warmup=4000, alternations=320, weight=25, policy=25, speed=3, blocks=8, retrains=8, retrain=20000, infer_images=8 * 654, batch=16),
}


def medians(out, config, side):
    runs = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(out, f"{config}-{side}-*.json"))) if os.path.getsize(f) > 0]
    if not runs:
        return None
    return {k: statistics.median(r[k] for r in runs) for k in runs[0] if isinstance(runs[0][k], (int, float))} | {"repeats": len(runs)}


def pipeline_seconds(s, p):
    """Warm-up + policy learning (each alternation's steps cost what its active-block count costs, interpolated between the
    curriculum's start and end) + re-training + inference."""
    policy = 0.0
    for a in range(p["alternations"]):
        active = min(p["blocks"], a // p["speed"] + 1)
        step = s["policy_start_ms"] + (s["policy_end_ms"] - s["policy_start_ms"]) * (active - 1) / (p["blocks"] - 1)
        policy += (p["weight"] + p["policy"]) * step
    parts = {
        "warm-up": p["warmup"] * s["warmup_ms"],
        "policy": policy,
        "re-train": p["retrains"] * p["retrain"] * s["retrain_ms"],
        "inference": p["infer_images"] / p["batch"] * s["infer_ms"],
    }
    return {k: v / 1000 for k, v in parts.items()}


def main():
    out, configs = sys.argv[1], sys.argv[2:] or ["default", "paper"]
    for config in configs:
        ours, official, efficient = (medians(out, config, side) for side in ("ours", "official", "efficient"))
        if ours is None or official is None:
            print(f"{config}: no results in {out}")
            continue
        sides = [("AdaShare.NET", ours), ("PyTorch official", official)] + ([("PyTorch efficient", efficient)] if efficient else [])
        print(f"\n## {config} (medians of {ours['repeats']} interleaved repeats, {int(ours['threads'])} threads)\n")
        print("| step, ms | " + " | ".join(n for n, _ in sides) + " | ours / official | ours / efficient |")
        print("|---|" + "---:|" * (len(sides) + 2))
        for key, label in [("warmup_ms", "warm-up (hard sharing)"), ("policy_start_ms", "policy, curriculum start (1 block)"),
                           ("policy_end_ms", "policy, curriculum end (all blocks)"), ("retrain_ms", "re-train, learned policy"),
                           ("infer_ms", "inference, learned policy")]:
            cells = [f"{s[key]:,.1f}" for _, s in sides]
            eff = f"{ours[key] / efficient[key]:.2f}×" if efficient else "—"
            print(f"| {label} | " + " | ".join(cells) + f" | {ours[key] / official[key]:.2f}× | {eff} |")
        p = PIPELINES[config]
        composed = [(n, pipeline_seconds(s, p)) for n, s in sides]
        print("\n| pipeline phase, s | " + " | ".join(n for n, _ in composed) + " |")
        print("|---|" + "---:|" * len(composed))
        for phase in composed[0][1]:
            print(f"| {phase} | " + " | ".join(f"{c[phase]:,.0f}" for _, c in composed) + " |")
        totals = [sum(c.values()) for _, c in composed]
        print("| **total** | " + " | ".join(f"**{t:,.0f}**" for t in totals) + " |\n")
        ratio = totals[0] / totals[1]
        print(f"{config} pipeline: ours / official = {ratio:.2f}× (target ≤ 0.5×: {'met' if ratio <= 0.5 else f'missed by {ratio / 0.5:.2f}×'})")
        if efficient:
            print(f"{config} pipeline: ours / efficient PyTorch = {totals[0] / totals[2]:.2f}×; efficient / official = {totals[2] / totals[1]:.2f}× (work saved)")
        rt = ours["retrain_ms"] / official["retrain_ms"]
        print(f"{config} re-train step with the learned policy: {rt:.2f}× official (target ≤ 0.6×: {'met' if rt <= 0.6 else f'missed by {rt / 0.6:.2f}×'})")
        bound = 1.1 * ours["unique_blocks"] / ours["task_blocks"]
        it = ours["infer_ms"] / official["infer_ms"]
        print(f"{config} inference: {it:.2f}× official; target ≤ 1.1 × {int(ours['unique_blocks'])}/{int(ours['task_blocks'])} unique blocks = {bound:.2f}×: "
              f"{'met' if it <= bound else f'missed by {it / bound:.2f}×'} (multiply-adds: ours {ours['infer_macs_ours'] / 1e6:,.1f} M, per-task full trunks {ours['infer_macs_per_task_full'] / 1e6:,.1f} M per image)")
        print(f"{config} achieved: inference {ours['infer_gflops']:.1f} GFLOP/s vs libtorch matmul {ours['matmul_gflops']:.1f} GFLOP/s on this machine")


if __name__ == "__main__":
    main()
