#!/usr/bin/python3
"""PyTorch side of PyTorchParityTest (run by the JUnit test; needs only torch).

    torch_parity.py TOOLS_DIR resnet20 OUT_DIR SIZE
        A CIFAR ResNet-20 defined here, independently of RankBench (akamaster/pytorch_resnet_cifar10
        layout: option-A shortcuts, `linear` head), with seeded random weights and batch-norm
        statistics, written as OUT_DIR/resnet20.safetensors (its full state dict, num_batches_tracked
        included) and OUT_DIR/io.safetensors (a fixed input batch 3x1xSIZExSIZE and PyTorch's logits).

    torch_parity.py TOOLS_DIR resnet18 OUT_DIR SIZE
        The same for torchvision's ResNet-18 (ImageNet stem, `downsample` shortcuts, `fc` head, 3
        input channels), defined here as in torchvision/models/resnet.py: OUT_DIR/resnet18.safetensors.

    torch_parity.py TOOLS_DIR rebuild EXPORT_DIR INPUT.safetensors OUT.safetensors
        Loads a `rankbench export --format pytorch` directory with tools/rankbench_torch.py, runs it on
        the tensor "input" and writes "logits"; prints the module's mode and meta as one JSON line.
"""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, sys.argv[1])
import rankbench_torch  # noqa: E402

torch.set_num_threads(1)


class LambdaLayer(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


class BasicBlock(nn.Module):
    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            pad = planes // 4
            self.shortcut = LambdaLayer(lambda x: F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, pad, pad)))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet20(nn.Module):
    def __init__(self, channels=1, classes=10):
        super().__init__()
        self.in_planes = 16
        self.conv1 = nn.Conv2d(channels, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.layer1 = self._stage(16, 1)
        self.layer2 = self._stage(32, 2)
        self.layer3 = self._stage(64, 2)
        self.linear = nn.Linear(64, classes)

    def _stage(self, planes, stride):
        blocks = []
        for s in [stride, 1, 1]:
            blocks.append(BasicBlock(self.in_planes, planes, s))
            self.in_planes = planes
        return nn.Sequential(*blocks)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layer3(self.layer2(self.layer1(out)))
        out = F.avg_pool2d(out, out.size()[3])
        return self.linear(out.view(out.size(0), -1))


class TvBlock(nn.Module):
    def __init__(self, cin, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or cin != planes:
            self.downsample = nn.Sequential(nn.Conv2d(cin, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class TvResNet18(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        cin, stages = 64, []
        for planes, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            stages.append(nn.Sequential(TvBlock(cin, planes, stride), TvBlock(planes, planes, 1)))
            cin = planes
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def reference(name, out, size):
    torch.manual_seed(0)
    net = ResNet20() if name == "resnet20" else TvResNet18()
    channels = 1 if name == "resnet20" else 3
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
    net.train()
    with torch.no_grad():  # train-mode passes: non-trivial running statistics, num_batches_tracked = 3
        for _ in range(3):
            net(torch.randn(8, channels, size, size))
    net.eval()
    rankbench_torch.write_safetensors(net.state_dict(), f"{out}/{name}.safetensors")
    x = torch.randn(3, channels, size, size, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        logits = net(x)
    rankbench_torch.write_safetensors({"input": x, "logits": logits}, f"{out}/io.safetensors")


def rebuild(export_dir, input_file, out_file):
    module, meta = rankbench_torch.load(export_dir)
    x = rankbench_torch.read_safetensors(input_file)["input"]
    with torch.no_grad():
        logits = module(x)
    rankbench_torch.write_safetensors({"logits": logits}, out_file)
    print(json.dumps({"training": module.training, "classes": meta["classes"], "mean": meta["mean"],
                      "std": meta["std"], "inputShape": meta["inputShape"],
                      "parameters": sum(p.numel() for p in module.parameters())}))


if __name__ == "__main__":
    if sys.argv[2] in ("resnet20", "resnet18"):
        reference(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[2] == "rebuild":
        rebuild(sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        sys.exit(f"unknown mode {sys.argv[2]}")
