"""Loads an AdaShare.NET export in PyTorch, runs it on input.npy and prints the largest absolute difference to the
.NET model's outputs (<task>.npy beside input.npy). Used by the test suite; also a quick check for users.

    /usr/bin/python3 interop/pytorch/compare_outputs.py EXPORT_DIR DATA_DIR
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from adashare_model import load_exported  # noqa: E402

export_dir, data_dir = sys.argv[1], sys.argv[2]
net = load_exported(export_dir)
images = torch.from_numpy(np.load(os.path.join(data_dir, "input.npy")))
with torch.no_grad():
    outputs = net(images)
worst = 0.0
for task, output in outputs.items():
    expected = np.load(os.path.join(data_dir, task + ".npy"))
    if tuple(expected.shape) != tuple(output.shape):
        sys.exit(f"{task}: PyTorch output {tuple(output.shape)}, .NET output {expected.shape}")
    diff = float(np.abs(output.numpy() - expected).max())
    print(f"{task} max_abs_diff {diff:.3e}")
    worst = max(worst, diff)
print(f"max_abs_diff {worst:.3e}")
