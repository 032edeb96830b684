"""Training throughput of the worker's MLP and CNN in PyTorch (Debian's python3-torch), for the
ratio in docs/worker.md. Same data (Fashion-MNIST train, 60k images as IDX; the first 54,000 used),
same models, batch 128, Adam, CPU. Prints one JSON line per model: items per second, median of
3 epochs after one warm-up epoch.

    python3 docs/bench/torch_throughput.py .milotune/datasets/fashion-mnist [threads]
"""
import gzip, json, statistics, sys, time
import numpy as np
import torch
from torch import nn

root = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else torch.get_num_threads()
torch.set_num_threads(threads)
torch.manual_seed(0)
with gzip.open(f"{root}/train-images-idx3-ubyte.gz") as f:
    x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)[:54000].astype(np.float32) / 255
with gzip.open(f"{root}/train-labels-idx1-ubyte.gz") as f:
    y = np.frombuffer(f.read(), np.uint8, offset=8)[:54000].astype(np.int64)
X, Y = torch.from_numpy(x), torch.from_numpy(y)

def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))

def cnn():
    return nn.Sequential(nn.Unflatten(1, (1, 28, 28)),
                         nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))

for name, make, epochs in (("mlp", mlp, 4), ("cnn", cnn, 2)):
    model = make()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    rates = []
    for epoch in range(epochs):
        order = torch.randperm(len(X))
        start = time.perf_counter()
        for i in range(0, len(X), 128):
            idx = order[i:i + 128]
            opt.zero_grad()
            loss = loss_fn(model(X[idx]), Y[idx])
            loss.backward()
            opt.step()
        if epoch > 0:
            rates.append(len(X) / (time.perf_counter() - start))
    print(json.dumps({"engine": f"pytorch {torch.__version__}", "model": name, "threads": threads,
                      "itemsPerSecond": round(statistics.median(rates))}))
