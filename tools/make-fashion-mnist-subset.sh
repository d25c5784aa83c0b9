#!/bin/sh
# Regenerates the Fashion-MNIST subset bundled with RankBench:
#   src/main/resources/rankbench/data/fashion-mnist-subset/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
# holding the FIRST 2000 training and FIRST 1000 test samples of Fashion-MNIST, as installed by the Debian
# package dataset-fashion-mnist. The output is deterministic (gzip level 9, mtime 0, no file name).
#
# Usage (from the repository root): tools/make-fashion-mnist-subset.sh [SOURCE_DIR [OUTPUT_DIR]]
set -eu
SRC=${1:-/usr/share/datasets/fashion-mnist}
OUT=${2:-src/main/resources/rankbench/data/fashion-mnist-subset}
mkdir -p "$OUT"
python3 - "$SRC" "$OUT" <<'PY'
import gzip, struct, sys

src, out = sys.argv[1], sys.argv[2]
counts = {"train": 2000, "t10k": 1000}

def subset(name, magic, n):
    with gzip.open(f"{src}/{name}.gz", "rb") as f:
        data = f.read()
    found, total = struct.unpack(">II", data[:8])
    assert found == magic, f"{name}: magic {found:#010x}, expected {magic:#010x}"
    assert total >= n, f"{name}: only {total} samples"
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        header = struct.pack(">IIII", magic, n, rows, cols)
        body = data[16:16 + n * rows * cols]
    else:
        header = struct.pack(">II", magic, n)
        body = data[8:8 + n]
    with open(f"{out}/{name}.gz", "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(header + body)
    print(f"{out}/{name}.gz: {n} samples")

for split, n in counts.items():
    subset(f"{split}-images-idx3-ubyte", 0x803, n)
    subset(f"{split}-labels-idx1-ubyte", 0x801, n)
PY
