#!/usr/bin/python3
"""One step of every AdaShare phase in PyTorch, in two variants, for `bench/compare-phases.sh`.

--variant official: what the official code (github sunxm2357/AdaShare) computes.
  warm-up   one trunk pass, every head on it (hard sharing)
  policy    soft Gumbel-Softmax gates; every task runs its own full trunk pass, stem included, every block computed
            and blended: out = u * relu(shortcut + F(x)) + (1 - u) * shortcut
  re-train  the learned 0/1 policy, still per-task passes with every block computed and blended
  inference the same with no_grad
--variant efficient: the same model, losses and optimisers with the work a hard decision makes unnecessary left out
  (as ../shared/bench/pytorch-reference/adashare_ref.py): one shared stem, tasks share the trunk while their decisions
  agree (soft gates: up to the curriculum's first active block), skipped blocks output their shortcut without F(x).

Model: the DeepLab ResNet-18 of docs (output stride 8, ceil-mode max-pool, dilations 1/1/2/4, width multiplier) and
per-task DeepLab-v2 ASPP heads (per dilation 3x3 dilated -> ReLU -> Dropout -> 1x1 -> ReLU -> Dropout -> 1x1, summed),
as AdaShare.NET's MultiTaskNet. Losses: CE (segmentation), L1 (depth), 1 - cosine (normal) at input resolution.
Prints one JSON object: median ms per phase step (and RSS).
"""
import argparse, json, resource, statistics, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride, dilation):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, dilation, dilation, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, dilation, dilation, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def shortcut(self, x):
        return x if self.down is None else self.down(x)

    def executed(self, x, s):
        return F.relu(s + self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))))


class Head(nn.Module):
    def __init__(self, cin, hidden, cout, dilations, dropout):
        super().__init__()
        self.branches = nn.ModuleList(nn.Sequential(
            nn.Conv2d(cin, hidden, 3, padding=d, dilation=d), nn.ReLU(), nn.Dropout(dropout),
            nn.Conv2d(hidden, hidden, 1), nn.ReLU(), nn.Dropout(dropout), nn.Conv2d(hidden, cout, 1)) for d in dilations)

    def forward(self, x):
        return sum(b(x) for b in self.branches)


class Net(nn.Module):
    def __init__(self, width, head, dilations, dropout, outs):
        super().__init__()
        ch = [max(1, int(round(c * width))) for c in (64, 128, 256, 512)]
        self.stem = nn.Sequential(nn.Conv2d(3, ch[0], 7, 2, 3, bias=False), nn.BatchNorm2d(ch[0]), nn.ReLU(),
                                  nn.MaxPool2d(3, 2, 1, ceil_mode=True))
        blocks, cin = [], ch[0]
        for c, s, d in zip(ch, (1, 2, 1, 1), (1, 1, 2, 4)):
            for i in range(2):
                blocks.append(Block(cin, c, s if i == 0 else 1, d))
                cin = c
        self.blocks = nn.ModuleList(blocks)
        self.heads = nn.ModuleList(Head(cin, head, o, dilations, dropout) for o in outs)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.normal_(m.weight, 0, 0.01)

    # official: one pass per task, every block computed and blended with the task's gate (1 = execute)
    def forward_official(self, x, gates):
        outs = []
        for k, head in enumerate(self.heads):
            h = self.stem(x)
            for l, b in enumerate(self.blocks):
                s = b.shortcut(h)
                if gates is None:
                    h = b.executed(h, s)
                else:
                    u = gates[k][l]
                    h = u * b.executed(h, s) + (1 - u) * s
            outs.append(head(h))
        return outs

    def forward_shared(self, x):
        h = self.stem(x)
        for b in self.blocks:
            h = b.executed(h, b.shortcut(h))
        return [head(h) for head in self.heads]

    # efficient, soft gates: shared until the first block with a decision, then per task (every block blended)
    def forward_soft_efficient(self, x, gates, first_active):
        h = self.stem(x)
        for b in self.blocks[:first_active]:
            h = b.executed(h, b.shortcut(h))
        outs = []
        for k, head in enumerate(self.heads):
            y = h
            for l in range(first_active, len(self.blocks)):
                b = self.blocks[l]
                s = b.shortcut(y)
                u = gates[k][l]
                y = u * b.executed(y, s) + (1 - u) * s
            outs.append(head(y))
        return outs

    # efficient, hard policy: tasks share a pass while their decisions agree; skipped blocks are not computed
    def forward_hard_efficient(self, x, policy):
        outs = [None] * len(self.heads)

        def run(h, tasks, l):
            if l == len(self.blocks):
                for k in tasks:
                    outs[k] = self.heads[k](h)
                return
            b = self.blocks[l]
            s = b.shortcut(h)
            for execute in (True, False):
                group = [k for k in tasks if policy[k][l] == execute]
                if group:
                    run(b.executed(h, s) if execute else s, group, l + 1)

        run(self.stem(x), list(range(len(self.heads))), 0)
        return outs


def losses(outs, targets, size, weights):
    seg, depth, normal = (F.interpolate(o, size=size, mode="bilinear", align_corners=False) for o in outs)
    l_seg = F.cross_entropy(seg, targets[0])
    l_depth = (depth - targets[1]).abs().mean()
    l_normal = 1 - F.cosine_similarity(normal, targets[2], dim=1).mean()
    return weights[0] * l_seg + weights[1] * l_depth + weights[2] * l_normal


def gumbel_soft(logits, tau, gen):
    u = torch.rand(logits.shape, generator=gen).clamp_(1e-10, 1 - 1e-10)
    return F.softmax((logits - torch.log(-torch.log(u))) / tau, dim=-1)[..., 0]  # column 0 = execute


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--variant", choices=["official", "efficient"], required=True)
    p.add_argument("--width", type=float, default=0.25)
    p.add_argument("--height", type=int, default=64)
    p.add_argument("--width-px", type=int, default=80)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--head", type=int, default=64)
    p.add_argument("--dilations", default="1,2,3,4")
    p.add_argument("--classes", type=int, default=7)
    p.add_argument("--policy", required=True, help="learned policy, one string of 0/1 per task, e.g. 11111111,11111110,11110110")
    p.add_argument("--iters", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    official = a.variant == "official"
    net = Net(a.width, a.head, [int(d) for d in a.dilations.split(",")], 0.1, (a.classes, 1, 3))
    L = len(net.blocks)
    policy = [[c == "1" for c in s] for s in a.policy.split(",")]
    hard_gates = [[torch.tensor(1.0 if e else 0.0) for e in row] for row in policy]
    logits = torch.full((3, L, 2), 0.5, requires_grad=True)
    size = (a.height, a.width_px)
    x = torch.randn(a.batch, 3, *size)
    targets = (torch.randint(0, a.classes, (a.batch, *size)), torch.rand(a.batch, 1, *size) + 0.1,
               F.normalize(torch.randn(a.batch, 3, *size), dim=1))
    weights = (1.0, 3.0, 20.0)
    adam = torch.optim.Adam(net.parameters(), 1e-3, betas=(0.5, 0.999), weight_decay=1e-4)
    sgd = torch.optim.SGD(net.parameters(), 1e-3, momentum=0.9, weight_decay=1e-4)
    policy_adam = torch.optim.Adam([logits], 0.01, weight_decay=5e-4)
    gen = torch.Generator().manual_seed(1)

    def soft_gates(first_active, with_grad):
        g = gumbel_soft(logits, 5.0, gen)
        if not with_grad:
            g = g.detach()
        return [[g[k, l] if l >= first_active else torch.tensor(1.0) for l in range(L)] for k in range(3)]

    def warmup_step():
        adam.zero_grad()
        loss = losses(net.forward_official(x, None) if official else net.forward_shared(x), targets, size, weights)
        loss.backward()
        adam.step()

    def policy_steps(first_active):
        # one alternation's pair: a weight step (gates detached, SGD) and a policy step (weights frozen, grads to logits)
        sgd.zero_grad()
        gates = soft_gates(first_active, False)
        outs = net.forward_official(x, gates) if official else net.forward_soft_efficient(x, gates, first_active)
        losses(outs, targets, size, weights).backward()
        sgd.step()
        for q in net.parameters():
            q.requires_grad_(False)
        policy_adam.zero_grad()
        gates = soft_gates(first_active, True)
        outs = net.forward_official(x, gates) if official else net.forward_soft_efficient(x, gates, first_active)
        loss = losses(outs, targets, size, weights) + 0.001 * (-F.log_softmax(logits[:, first_active:], -1)[..., 1]).mean(1).sum()
        loss.backward()
        policy_adam.step()
        for q in net.parameters():
            q.requires_grad_(True)

    def retrain_step():
        adam.zero_grad()
        outs = net.forward_official(x, hard_gates) if official else net.forward_hard_efficient(x, policy)
        losses(outs, targets, size, weights).backward()
        adam.step()

    def infer():
        with torch.no_grad():
            outs = net.forward_official(x, hard_gates) if official else net.forward_hard_efficient(x, policy)
            for o in outs:
                F.interpolate(o, size=size, mode="bilinear", align_corners=False)

    def timed(fn, train=True):
        net.train(train)
        times = []
        for i in range(a.warmup + a.iters):
            t = time.perf_counter()
            fn()
            if i >= a.warmup:
                times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times)

    result = {
        "variant": a.variant, "torch": torch.__version__, "threads": torch.get_num_threads(),
        "warmup_ms": timed(warmup_step),
        # the pair of steps is timed together; per step = half
        "policy_start_ms": timed(lambda: policy_steps(L - 1)) / 2,
        "policy_end_ms": timed(lambda: policy_steps(0)) / 2,
        "retrain_ms": timed(retrain_step),
        "infer_ms": timed(infer, train=False),
        "peak_rss_mb": rss_mb(),
    }
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
