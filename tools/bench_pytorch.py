#!/usr/bin/python3
"""Reference throughput of the same ResNet-20 (option-A shortcuts) in PyTorch, for docs/PERFORMANCE.md.

Mirrors `rankbench bench`: training steps (forward, cross-entropy, backward, SGD momentum 0.9, wd 1e-4)
at batch 128 on 1x28x28 inputs, and inference at batch 256 in eval mode; median of timed repetitions
after warm-up. Needs Debian's python3-torch (run with /usr/bin/python3). Usage: tools/bench_pytorch.py [threads] [steps]
"""
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.pad = (cout - cin) // 2 if (stride != 1 or cin != cout) else None
        self.stride = stride

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        sc = x
        if self.pad is not None:
            sc = F.pad(x[:, :, ::self.stride, ::self.stride], (0, 0, 0, 0, self.pad, self.pad))
        return F.relu(out + sc)


class ResNet20(nn.Module):
    def __init__(self, cin=1, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        layers, c = [], 16
        for planes, stride in ((16, 1), (32, 2), (64, 2)):
            blocks = []
            for b in range(3):
                blocks.append(Block(c, planes, stride if b == 0 else 1))
                c = planes
            layers.append(nn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3 = layers
        self.linear = nn.Linear(64, classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.linear(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = ResNet20()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    x, y = torch.randn(128, 1, 28, 28), torch.randint(0, 10, (128,))
    net.train()
    times = []
    for s in range(steps + 5):
        t0 = time.perf_counter()
        opt.zero_grad()
        F.cross_entropy(net(x), y).backward()
        opt.step()
        if s >= 5:
            times.append(time.perf_counter() - t0)
    train = 128 / statistics.median(times)
    net.eval()
    xi = torch.randn(256, 1, 28, 28)
    times = []
    with torch.no_grad():
        for s in range(steps + 5):
            t0 = time.perf_counter()
            net(xi)
            if s >= 5:
                times.append(time.perf_counter() - t0)
    infer = 256 / statistics.median(times)
    print(f'{{"framework": "pytorch {torch.__version__}", "threads": {threads}, '
          f'"trainImagesPerSecond": {train:.1f}, "inferImagesPerSecond": {infer:.1f}}}')


if __name__ == "__main__":
    main()
