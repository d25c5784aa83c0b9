#!/usr/bin/python3
"""Writes a PyTorch ResNet-20 (tools/bench_pytorch.py's definition, option-A shortcuts) as safetensors,
plus its eval-mode logits on a fixed input, so RankBench's import can be checked against PyTorch:

    /usr/bin/python3 tools/pytorch_parity.py /tmp/parity
    java -jar target/rankbench.jar import /tmp/parity/resnet20.safetensors --arch resnet20 --out /tmp/parity/r20.rbm
    java -cp "target/rankbench.jar:target/lib/*" tools/ParityCheck.java /tmp/parity

Needs Debian's python3-torch (no safetensors package: the format is written by hand here).
"""
import json
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from bench_pytorch import ResNet20  # noqa: E402


def write_safetensors(tensors, path):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/parity"
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    net = ResNet20()
    # train-mode steps so that BN running statistics are not trivial
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    for _ in range(5):
        x = torch.randn(32, 1, 28, 28)
        loss = torch.nn.functional.cross_entropy(net(x), torch.randint(0, 10, (32,)))
        opt.zero_grad()
        loss.backward()
        opt.step()
    net.eval()
    write_safetensors(net.state_dict(), os.path.join(out, "resnet20.safetensors"))
    x = torch.linspace(-2, 2, 4 * 784).reshape(4, 1, 28, 28)
    with torch.no_grad():
        logits = net(x)
    write_safetensors({"input": x, "logits": logits}, os.path.join(out, "io.safetensors"))
    print("wrote", out)


if __name__ == "__main__":
    main()
