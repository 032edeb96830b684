"""The PyTorch peer of milotune's throughput experiment (bench --experiment throughput).

A plain PyTorch training loop on the same data and models as the worker: Fashion-MNIST, 54,000
training images (the first 54,000 of the 60,000), batch 128, Adam (lr 1e-3), CPU, and a validation
pass over 6,000 other images after each epoch (timed apart). One JSON line per model: items per
second of each measured epoch and their median, after the warm-up epochs.

    python3 torch_throughput.py DATA_DIR THREADS [--models mlp-64,mlp-128,mlp-256,cnn] [--warmup 1] [--rounds 3]

DATA_DIR holds train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz. THREADS sets
torch.set_num_threads (Debian's build starts with 1).

Debian's python3-torch does its matrix products in whatever libblas.so.3 is installed; the
reference BLAS is about 20x slower than OpenBLAS (apt-get install libopenblas0-openmp). The script
reads /proc/self/maps to record which BLAS torch loaded and refuses to report a figure on the
reference BLAS (exit code 3, one JSON line with "error").
"""
import argparse
import gzip
import json
import re
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn


def blas():
    """The BLAS torch runs on: a mapped OpenBLAS/BLIS/MKL library, MKL built in, or the reference one."""
    torch.ones(8, 8) @ torch.ones(8, 8)
    with open("/proc/self/maps") as f:
        libs = sorted(set(re.findall(r"(/\S*(?:blas|mkl|blis)\S*\.so[.\d]*)", f.read())))
    for lib in libs:
        if any(name in lib for name in ("openblas", "mkl", "blis")):
            return {"library": lib, "reference": False}
    if any("/blas/" in lib for lib in libs):
        return {"library": next(lib for lib in libs if "/blas/" in lib), "reference": True}
    info = torch.__config__.show()
    if "BLAS_INFO=mkl" in info:
        return {"library": "mkl (built into torch)", "reference": False}
    return {"library": ", ".join(libs) or "unknown", "reference": not libs}


def load(root):
    with gzip.open(f"{root}/train-images-idx3-ubyte.gz") as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255
    with gzip.open(f"{root}/train-labels-idx1-ubyte.gz") as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    return torch.from_numpy(x[:54000]), torch.from_numpy(y[:54000]), torch.from_numpy(x[54000:]), torch.from_numpy(y[54000:])


def model(label):
    if label == "cnn":
        return nn.Sequential(nn.Unflatten(1, (1, 28, 28)),
                             nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    hidden = int(label.split("-")[1])
    return nn.Sequential(nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, 10))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("threads", type=int)
    parser.add_argument("--models", default="mlp-64,mlp-128,mlp-256,cnn")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    used = blas()
    common = {"engine": f"pytorch {torch.__version__}", "threads": torch.get_num_threads(), "blas": used["library"]}
    if used["reference"]:
        print(json.dumps({**common, "error": "torch runs on the reference BLAS (" + used["library"]
                          + "); install libopenblas0-openmp: no figure is reported"}), flush=True)
        sys.exit(3)
    x, y, vx, vy = load(args.data)
    loss_fn = nn.CrossEntropyLoss()
    for label in args.models.split(","):
        net = model(label)
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        rates, validation = [], []
        for epoch in range(args.warmup + args.rounds):
            order = torch.randperm(len(x))
            start = time.perf_counter()
            net.train()
            for i in range(0, len(x), 128):
                idx = order[i:i + 128]
                opt.zero_grad()
                loss = loss_fn(net(x[idx]), y[idx])
                loss.backward()
                opt.step()
            seconds = time.perf_counter() - start
            net.eval()
            start = time.perf_counter()
            with torch.no_grad():
                for i in range(0, len(vx), 1000):
                    loss_fn(net(vx[i:i + 1000]), vy[i:i + 1000]).item()
            if epoch >= args.warmup:
                rates.append(len(x) / seconds)
                validation.append(len(vx) / (time.perf_counter() - start))
        print(json.dumps({**common, "model": label, "itemsPerSecond": statistics.median(rates), "rounds": rates,
                          "validationItemsPerSecond": statistics.median(validation)}), flush=True)


if __name__ == "__main__":
    main()
