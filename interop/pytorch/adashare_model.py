"""AdaShare.NET's exported network, rebuilt in PyTorch.

    net = load_exported("runs/x/export/pytorch")     # model.json + policy.json + model.pt from `adashare export`
    outputs = net(images)                             # {task: tensor}; images B×3×H×W, RGB in [0, 1]

Module and parameter names are those of the .NET model, so the exported state_dict loads with strict=True.
A task skips a block by passing its shortcut (the 1×1 projection where the shape changes, identity otherwise);
tasks that execute the same prefix of blocks share that computation, as in AdaShare.NET.
"""
import json
import os

import torch
from torch import nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    """Dilated ResNet BasicBlock: relu(shortcut(x) + bn2(conv2(relu(bn1(conv1(x))))))."""

    def __init__(self, cin, cout, stride, dilation):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=dilation, dilation=dilation, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, stride=1, padding=dilation, dilation=dilation, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def shortcut(self, x):
        return x if self.downsample is None else self.downsample(x)

    def execute(self, x, shortcut):
        return F.relu(self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))) + shortcut)


class DeeplabResNet(nn.Module):
    """Stem (7×7/2 conv, BN, ReLU, 3×3/2 max-pool with ceil mode) and the residual blocks, flattened (output stride 8)."""

    def __init__(self, spec):
        super().__init__()
        stem = spec["stem_channels"]
        self.conv1 = nn.Conv2d(3, stem, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem)
        self.blocks = nn.ModuleList()
        cin = stem
        for s, count in enumerate(spec["blocks_per_stage"]):
            for b in range(count):
                self.blocks.append(BasicBlock(cin, spec["channels"][s], spec["strides"][s] if b == 0 else 1, spec["dilations"][s]))
                cin = spec["channels"][s]

    def stem(self, x):
        return F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, stride=2, padding=1, ceil_mode=True)


class AsppHead(nn.Module):
    """DeepLab-v2 ASPP: per dilation 3×3 dilated conv → ReLU → Dropout → 1×1 → ReLU → Dropout → 1×1; branches summed."""

    def __init__(self, cin, hidden, cout, dilations):
        super().__init__()
        self.branches = nn.ModuleList()
        for d in dilations:
            self.branches.append(nn.Sequential(
                _named(conv1=nn.Conv2d(cin, hidden, 3, padding=d, dilation=d), relu1=nn.ReLU(), drop1=nn.Dropout(0.5),
                       conv2=nn.Conv2d(hidden, hidden, 1), relu2=nn.ReLU(), drop2=nn.Dropout(0.5), conv3=nn.Conv2d(hidden, cout, 1))))

    def forward(self, x):
        return sum(branch(x) for branch in self.branches)


class ClassifierHead(nn.Module):
    def __init__(self, cin, classes):
        super().__init__()
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        return self.fc(x.mean(dim=(2, 3)))


def _named(**modules):
    from collections import OrderedDict
    return OrderedDict(modules)


class AdaShareNet(nn.Module):
    """The multi-task network with a fixed policy: policy[task][block] = 1 executes the block, 0 skips it."""

    def __init__(self, architecture, policy):
        super().__init__()
        self.backbone = DeeplabResNet(architecture["backbone"])
        self.tasks = [h["task"] for h in architecture["heads"]]
        self.heads = nn.ModuleList()
        channels = architecture["backbone"]["channels"][-1]
        for h in architecture["heads"]:
            if h["type"] == "aspp":
                self.heads.append(AsppHead(channels, h["hidden_channels"], h["out_channels"], h["dilations"]))
            else:
                self.heads.append(ClassifierHead(channels, h["out_channels"]))
        if policy["tasks"] != self.tasks:
            raise ValueError(f"policy tasks {policy['tasks']} differ from the heads' {self.tasks}")
        self.execute = [[bool(v) for v in policy["execute"][t]] for t in self.tasks]
        if any(len(row) != len(self.backbone.blocks) for row in self.execute):
            raise ValueError(f"policy has {policy['blocks']} blocks, the network {len(self.backbone.blocks)}")

    def forward(self, x):
        """{task: output}; tasks whose decisions agree on a prefix of blocks share that computation."""
        groups = [(list(range(len(self.tasks))), self.backbone.stem(x))]
        for l, block in enumerate(self.backbone.blocks):
            next_groups = []
            for members, h in groups:
                shortcut = block.shortcut(h)
                run = [k for k in members if self.execute[k][l]]
                skip = [k for k in members if not self.execute[k][l]]
                if run:
                    next_groups.append((run, block.execute(h, shortcut)))
                if skip:
                    next_groups.append((skip, shortcut))
            groups = next_groups
        outputs = {}
        for members, h in groups:
            for k in members:
                outputs[self.tasks[k]] = self.heads[k](h)
        return {t: outputs[t] for t in self.tasks}


def load_exported(folder, map_location="cpu"):
    """Rebuilds the exported network from `adashare export --format pytorch` output, weights loaded, in eval mode."""
    with open(os.path.join(folder, "model.json")) as f:
        architecture = json.load(f)
    with open(os.path.join(folder, architecture.get("policy", "policy.json"))) as f:
        policy = json.load(f)
    net = AdaShareNet(architecture, policy)
    state = torch.load(os.path.join(folder, architecture.get("state_dict", "model.pt")), map_location=map_location)
    net.load_state_dict(state, strict=True)
    return net.eval()
