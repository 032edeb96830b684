"""The PyTorch peer of milotune's throughput experiment (bench --experiment throughput).

A plain PyTorch training loop on the same data and models as the worker: Fashion-MNIST, 54,000
training images (the first 54,000 of the 60,000), batch 128, Adam (lr 1e-3), CPU, and a validation
pass over 6,000 other images after each epoch (timed apart). It takes its orders on standard input,
one per line, so that the bench can alternate its epochs with the worker's (the machine's speed
drifts; figures compared are taken next to each other):

    model mlp-64|mlp-128|mlp-256|cnn   a fresh model and optimiser; answers {"ready": LABEL}
    epoch                              one epoch and a validation pass; answers {"itemsPerSecond": ..., ...}
    quit

    printf 'model mlp-256\\nepoch\\nepoch\\n' | python3 torch_throughput.py DATA_DIR THREADS

DATA_DIR holds train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz. THREADS sets
torch.set_num_threads (Debian's build starts with 1). The first line printed says which BLAS torch
loaded (from /proc/self/maps). Debian's python3-torch does its matrix products in whatever
libblas.so.3 is installed, and the reference BLAS is about 20x slower than OpenBLAS (apt-get install
libopenblas0-openmp): on the reference BLAS the script prints {"error": ...} and exits with 3.
"""
import gzip
import json
import sys
import time

import numpy as np
import torch
from torch import nn

from torch_blas import blas


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


def say(message):
    print(json.dumps(message), flush=True)


def main():
    root, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    used = blas()
    common = {"engine": f"pytorch {torch.__version__}", "threads": torch.get_num_threads(), "blas": used["library"]}
    if used["reference"]:
        say({**common, "error": "torch runs on the reference BLAS (" + used["library"]
             + "); install libopenblas0-openmp: no figure is reported"})
        sys.exit(3)
    say(common)
    x, y, vx, vy = load(root)
    loss_fn = nn.CrossEntropyLoss()
    net = opt = label = None
    for line in sys.stdin:
        order = line.split()
        if not order or order[0] == "quit":
            break
        if order[0] == "model":
            label = order[1]
            net = model(label)
            opt = torch.optim.Adam(net.parameters(), lr=1e-3)
            say({"ready": label})
        elif order[0] == "epoch":
            permutation = torch.randperm(len(x))
            start = time.perf_counter()
            net.train()
            for i in range(0, len(x), 128):
                idx = permutation[i:i + 128]
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
            say({"model": label, "itemsPerSecond": len(x) / seconds,
                 "validationItemsPerSecond": len(vx) / (time.perf_counter() - start)})
        else:
            say({"error": "unknown order " + line.strip()})


if __name__ == "__main__":
    main()
