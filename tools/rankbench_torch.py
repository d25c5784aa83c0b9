#!/usr/bin/python3
"""Rebuild a RankBench model in plain PyTorch.

`rankbench export --format pytorch --model MODEL.rbm --out DIR` writes

* ``DIR/model.safetensors``: the state dict under PyTorch names (``layer1.0.conv1.0.weight`` for the
  first factor of a factorized ``layer1.0.conv1``), float32;
* ``DIR/model.json``: ``format`` ("rankbench-pytorch"), ``formatVersion``, ``architecture``,
  ``inputShape`` [C, H, W], ``mean``, ``std``, ``classes`` and ``network``, the layer tree.

This module needs only ``torch`` (no ``safetensors`` package: the file is parsed here). Use it as::

    import sys; sys.path.insert(0, "tools")
    import rankbench_torch
    module, meta = rankbench_torch.load("DIR")          # nn.Module in eval mode, parsed model.json
    x = (images / 255 - mean) / std                      # N x C x H x W, meta["mean"], meta["std"]
    logits = module(x)                                   # N x len(meta["classes"])

The module takes *normalized* input, like torchvision models: ``x = (pixel / 255 - mean[c]) / std[c]``;
``normalize(images, meta)`` does this for uint8 or [0, 1] float images.

From the shell: ``python3 tools/rankbench_torch.py DIR`` prints the module and its parameter count;
``--onnx FILE`` also writes ONNX with PyTorch's own exporter (``torch.onnx.export``; needs no ``onnx``
package), which is how a RankBench model becomes ONNX.

Layer semantics (the same as RankBench's engine):

=============  ===============================================================================
conv           ``nn.Conv2d`` (groups 1, dilation 1), the stored kernel, stride and zero padding
linear         ``nn.Linear``
batchnorm      ``nn.BatchNorm2d`` with eps 1e-5, momentum 0.1
relu           ``nn.ReLU``
maxpool        ``nn.MaxPool2d(kernel, stride, padding=pad)``, floor mode
avgpool        global average pooling to C x 1 x 1
flatten        ``torch.flatten(x, 1)``
sequence       children in order (``nn.Sequential`` with the stored names)
residual       ``relu(body(x) + shortcut(x))``; body children are named at the block level,
               a missing shortcut is the identity
padShortcut    option-A shortcut (He et al. 2016): ``x[:, :, ::s, ::s]`` with zero channels
               split evenly before and after (the extra half rounds up after)
=============  ===============================================================================
"""
import json
import os
import struct
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

FORMAT = "rankbench-pytorch"
FORMAT_VERSION = 1
_MAX_HEADER = 100 * 1024 * 1024
_DTYPES = {
    "F32": torch.float32,
    "F64": torch.float64,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "U8": torch.uint8,
}


def read_safetensors(path):
    """Reads a safetensors file into an ordered dict of tensors (8-byte little-endian header length,
    JSON header, raw little-endian data). Raises ValueError naming the file and the problem."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: not a safetensors file ({len(data)} bytes)")
    (n,) = struct.unpack("<Q", data[:8])
    if n <= 0 or n > _MAX_HEADER or 8 + n > len(data):
        raise ValueError(f"{path}: not a safetensors file or truncated (header length {n}, file {len(data)} bytes)")
    try:
        header = json.loads(data[8:8 + n].decode("utf-8"))
    except ValueError as e:
        raise ValueError(f"{path}: corrupt safetensors header ({e})") from None
    if sys.byteorder != "little":
        raise ValueError("safetensors data is little-endian; this reader supports little-endian hosts only")
    buf = bytearray(data[8 + n:])
    out = OrderedDict()
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info.get("dtype"))
        if dtype is None:
            raise ValueError(f"{path}: tensor '{name}' has unsupported dtype {info.get('dtype')}")
        shape = [int(d) for d in info["shape"]]
        begin, end = (int(v) for v in info["data_offsets"])
        count = 1
        for d in shape:
            count *= d
        width = torch.empty((), dtype=dtype).element_size()
        if begin < 0 or end < begin or end > len(buf) or end - begin != count * width:
            raise ValueError(f"{path}: tensor '{name}' has bytes {begin}..{end}, its shape {shape} needs "
                             f"{count * width} (data section {len(buf)} bytes)")
        if count == 0:
            t = torch.empty(shape, dtype=dtype)
        else:
            t = torch.frombuffer(buf, dtype=dtype, count=count, offset=begin).reshape(shape).clone()
        out[name] = t
    return out


_NAMES = {v: k for k, v in _DTYPES.items()}


def write_safetensors(tensors, path, metadata=None):
    """Writes a dict of tensors as safetensors (the inverse of ``read_safetensors``)."""
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        if t.dtype not in _NAMES:
            t = t.to(torch.float32)
        data = t.numpy().tobytes() if t.dtype != torch.bfloat16 else t.view(torch.int16).numpy().tobytes()
        header[name] = {"dtype": _NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    h = json.dumps(header).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


class Residual(nn.Module):
    """``relu(body(x) + shortcut(x))``; the body's layers are attributes of this module."""

    def __init__(self, body, shortcut):
        super().__init__()
        self._order = []
        for name, m in body:
            self.add_module(name, m)
            self._order.append(name)
        self._shortcut = None
        if shortcut is not None:
            self.add_module(shortcut[0], shortcut[1])
            self._shortcut = shortcut[0]

    def forward(self, x):
        out = x
        for name in self._order:
            out = getattr(self, name)(out)
        sc = x if self._shortcut is None else getattr(self, self._shortcut)(x)
        return F.relu(out + sc)


class PadShortcut(nn.Module):
    """Option-A shortcut: subsample by ``stride`` and zero-pad channels from ``cin`` to ``cout``."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.cin, self.cout, self.stride = cin, cout, stride

    def forward(self, x):
        if self.stride != 1:
            x = x[:, :, ::self.stride, ::self.stride]
        extra = self.cout - self.cin
        before = extra // 2
        return F.pad(x, (0, 0, 0, 0, before, extra - before)) if extra else x

    def extra_repr(self):
        return f"{self.cin}, {self.cout}, stride={self.stride}"


class GlobalAvgPool(nn.Module):
    """Global average pooling to ``N x C x 1 x 1``."""

    def forward(self, x):
        return x.mean(dim=(2, 3), keepdim=True)


def build(spec):
    """Builds the ``nn.Module`` for one node of the layer tree (a dict from ``model.json``)."""
    kind = spec["type"]
    if kind == "conv":
        return nn.Conv2d(spec["inChannels"], spec["outChannels"], (spec["kernelH"], spec["kernelW"]),
                         stride=(spec["strideH"], spec["strideW"]), padding=(spec["padH"], spec["padW"]),
                         bias=spec["bias"])
    if kind == "linear":
        return nn.Linear(spec["inFeatures"], spec["outFeatures"], bias=spec["bias"])
    if kind == "batchnorm":
        return nn.BatchNorm2d(spec["channels"], eps=1e-5, momentum=0.1)
    if kind == "relu":
        return nn.ReLU()
    if kind == "maxpool":
        return nn.MaxPool2d(spec["kernel"], spec["stride"], padding=spec.get("pad", 0))
    if kind == "avgpool":
        return GlobalAvgPool()
    if kind == "flatten":
        return nn.Flatten(1)
    if kind == "padShortcut":
        return PadShortcut(spec["inChannels"], spec["outChannels"], spec["stride"])
    if kind == "sequence":
        return nn.Sequential(OrderedDict((c["name"], build(c)) for c in spec["children"]))
    if kind == "residual":
        sc = spec.get("shortcut")
        return Residual([(c["name"], build(c)) for c in spec["body"]],
                        None if sc is None else (sc["name"], build(sc)))
    raise ValueError(f"unsupported layer type '{kind}' (layer '{spec.get('name')}')")


def load(directory):
    """Loads an export directory and returns ``(module, meta)``.

    ``module`` is an ``nn.Module`` in eval mode taking normalized ``N x C x H x W`` float input and
    returning logits; ``meta`` is the parsed ``model.json`` (``meta["mean"]``, ``meta["std"]``,
    ``meta["classes"]``, ``meta["inputShape"]``, ``meta["network"]``). Raises ValueError if a weight is
    missing, unexpected or has the wrong shape (all problems are named)."""
    with open(os.path.join(directory, "model.json"), encoding="utf-8") as f:
        meta = json.load(f)
    if meta.get("format") != FORMAT:
        raise ValueError(f"{directory}/model.json: not a RankBench PyTorch export (format {meta.get('format')!r})")
    if int(meta.get("formatVersion", 0)) > FORMAT_VERSION:
        raise ValueError(f"{directory}/model.json: format version {meta['formatVersion']} is newer than this "
                         f"reader ({FORMAT_VERSION}); use the rankbench_torch.py of the RankBench that wrote it")
    module = build(meta["network"])
    weights = read_safetensors(os.path.join(directory, meta.get("weights", "model.safetensors")))
    expected = module.state_dict()
    problems = []
    for name, t in expected.items():
        if name.endswith("num_batches_tracked"):
            continue
        if name not in weights:
            problems.append(f"missing '{name}' {list(t.shape)}")
        elif tuple(weights[name].shape) != tuple(t.shape):
            problems.append(f"'{name}' has shape {list(weights[name].shape)}, expected {list(t.shape)}")
    for name, t in weights.items():
        if name not in expected:
            problems.append(f"unexpected '{name}' {list(t.shape)}")
    if problems:
        raise ValueError(f"{directory}: " + "; ".join(problems))
    module.load_state_dict({k: v.to(expected[k].dtype) for k, v in weights.items()}, strict=False)
    module.eval()
    return module, meta


def normalize(images, meta):
    """Returns ``(images / 255 - mean) / std`` per channel for uint8 ``N x C x H x W`` images (float
    images are taken to be in [0, 1] already)."""
    x = images.float() / 255 if images.dtype == torch.uint8 else images.float()
    mean = torch.tensor(meta["mean"], dtype=torch.float32).view(1, -1, 1, 1)
    std = torch.tensor(meta["std"], dtype=torch.float32).view(1, -1, 1, 1)
    return (x - mean) / std


def export_onnx(module, meta, path, batch=1):
    """Writes ONNX with ``torch.onnx.export`` (dynamic batch axis, input "input", output "logits")."""
    c, h, w = meta["inputShape"]
    torch.onnx.export(module, torch.zeros(batch, c, h, w), path, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)


def main(argv):
    import argparse
    p = argparse.ArgumentParser(description="Load a RankBench PyTorch export (rankbench export --format pytorch).")
    p.add_argument("dir", help="export directory with model.json and model.safetensors")
    p.add_argument("--onnx", metavar="FILE", help="also write ONNX (torch.onnx.export)")
    a = p.parse_args(argv)
    try:
        module, meta = load(a.dir)
    except (OSError, ValueError) as e:
        sys.exit(f"error: {e}")
    print(module)
    print(f"{meta.get('architecture')}: input {meta['inputShape']}, {len(meta['classes'])} classes, "
          f"{sum(t.numel() for t in module.parameters()):,} parameters")
    if a.onnx:
        export_onnx(module, meta, a.onnx)
        print("wrote", a.onnx)


if __name__ == "__main__":
    main(sys.argv[1:])
