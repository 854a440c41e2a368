"""Writes a state_dict with torchvision's ResNet-18/34 layout and key names (conv1, bn1, layer1.0.conv1, …, fc), seeded
random values, with torch.save — what `torch.save(torchvision.models.resnet18().state_dict(), PATH)` writes, without
needing torchvision. Used by the tests of `model.init: imagenet:PATH`.

    /usr/bin/python3 interop/pytorch/write_resnet_state_dict.py resnet18 OUT.pt [WIDTH]
"""
import sys
from collections import OrderedDict

import torch

name, out = sys.argv[1], sys.argv[2]
width = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
blocks = {"resnet18": [2, 2, 2, 2], "resnet34": [3, 4, 6, 3]}[name]
channels = [max(4, round(c * width)) for c in (64, 128, 256, 512)]
torch.manual_seed(0)
state = OrderedDict()


def bn(prefix, c):
    state[prefix + ".weight"] = torch.rand(c) + 0.5
    state[prefix + ".bias"] = torch.randn(c) * 0.1
    state[prefix + ".running_mean"] = torch.randn(c) * 0.1
    state[prefix + ".running_var"] = torch.rand(c) + 0.5
    state[prefix + ".num_batches_tracked"] = torch.tensor(100)


state["conv1.weight"] = torch.randn(channels[0], 3, 7, 7) * 0.05
bn("bn1", channels[0])
cin = channels[0]
for s, count in enumerate(blocks):
    for b in range(count):
        p = f"layer{s + 1}.{b}"
        cout = channels[s]
        state[p + ".conv1.weight"] = torch.randn(cout, cin, 3, 3) * 0.05
        bn(p + ".bn1", cout)
        state[p + ".conv2.weight"] = torch.randn(cout, cout, 3, 3) * 0.05
        bn(p + ".bn2", cout)
        if b == 0 and s > 0:
            state[p + ".downsample.0.weight"] = torch.randn(cout, cin, 1, 1) * 0.05
            bn(p + ".downsample.1", cout)
        cin = cout
state["fc.weight"] = torch.randn(1000, cin) * 0.01
state["fc.bias"] = torch.zeros(1000)
torch.save(state, out)
print(f"wrote {out}: {len(state)} tensors")
