#!/usr/bin/python3
"""The Optuna + PyTorch peer of milotune's bench (issue 17, item 2).

One run of the bench's design with Optuna and plain PyTorch instead of milotune: an MLP
784 -> hidden -> 10 (ReLU) on Fashion-MNIST raw pixels / 255, Adam, batch 128; TPE (seeded, 6
start-up trials) over lr log-U(1e-4, 3e-2) and hidden {64, 128, 256}; 16 trials of R = 9 epochs,
successive halving with r = 1, R = 9, eta = 3 (rungs after epochs 1, 3 and 9); on full data
(--fraction 1) or on one uniform random subset of floor(N * F) training items per trial (milotune's
`random` strategy). After the search the chosen configuration is retrained --retrains times on the
full training split for R epochs, each with its own seed, and scored on the test split.

    /usr/bin/python3 optuna_peer.py --dataset-dir DIR [--splits SPLITS.json] [--fraction F] [--seed S]

With --space wide (the bench's `wide` preset) the space is milotune's wide MLP design instead: lr
log-U(1e-4, 1e-1), hidden {64, 128, 256}, layers {1, 2, 3} (each a linear, ReLU and dropout, as
milotune's `mlp`), dropout U(0, 0.5), weight decay log-U(1e-6, 1e-2) (coupled L2, as torch's and
milotune's adam and sgd), batch size {64, 128, 256, 512}, optimizer {adam, sgd} with momentum
U(0.5, 0.99) for sgd.

One JSON object goes to stdout (see README.md for its fields), progress to stderr. It needs
Debian's python3-optuna and python3-torch with an optimised BLAS: Debian's torch does its matrix
products in whatever libblas.so.3 is installed, and the reference BLAS is about 20x slower than
OpenBLAS; on it the script prints {"error": ...} and exits with 3 (--allow-reference-blas runs
anyway and says so in "blas").
"""
import argparse
import gzip
import json
import math
import os
import sys
import time

# Before numpy and torch load libgomp: OpenMP threads that spin while waiting (the default, ACTIVE)
# make a shared machine crawl. On the 2-core machine at load 12, 100 Adam steps of the 256-unit MLP
# took 12.9 s with 2 spinning threads, 0.45 s with PASSIVE ones and 0.64 s with 1 thread.
# A value set by the caller wins; the output records which one ran.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from torch_blas import blas  # noqa: E402

# Streams of numpy SeedSequence([seed, STREAM, n]): trial n, retrain n and the validation cut never share draws.
TRIAL, RETRAIN, VALIDATION_CUT = 0, 1, 2


def log(message):
    print(message, file=sys.stderr, flush=True)


def derived_seed(*key):
    """A 63-bit seed from a tuple of integers (numpy's SeedSequence: stable across versions)."""
    return int(np.random.SeedSequence([int(k) for k in key]).generate_state(2, np.uint64)[0] >> np.uint64(1))


def idx(path, offset, shape):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset).reshape(shape)


def rows_of(view):
    """A split of milotune's GET /api/v1/studies/{id}/splits: rows in its source file."""
    rows = np.asarray(view["rows"], dtype=np.int64)
    if view.get("encoding", "plain") == "delta":
        rows = np.cumsum(rows)
    if len(rows) != view.get("size", len(rows)):
        raise ValueError(f"split of {view.get('size')} rows has {len(rows)}")
    return rows


def stratified_cut(labels, fraction, seed):
    """Our own validation cut when no --splits file is given: from each class a seeded shuffle holds
    out round(n_c * fraction); both parts keep ascending order. Same idea as milotune's SplitSpec,
    but another random stream, so NOT milotune's rows."""
    rng = np.random.default_rng(derived_seed(seed, VALIDATION_CUT))
    held = []
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        held.append(rng.permutation(members)[:int(round(len(members) * fraction))])
    validation = np.sort(np.concatenate(held))
    train = np.setdiff1d(np.arange(len(labels)), validation)
    return train, validation


def load(args):
    """The train / validation / test splits as float32 pixels / 255 (784 features) and int64 labels."""
    root = args.dataset_dir
    images = {s: idx(f"{root}/{p}-images-idx3-ubyte.gz", 16, (-1, 784)) for s, p in (("train", "train"), ("test", "t10k"))}
    labels = {s: idx(f"{root}/{p}-labels-idx1-ubyte.gz", 8, (-1,)) for s, p in (("train", "train"), ("test", "t10k"))}
    if args.splits:
        with open(args.splits) as f:
            doc = json.load(f)
        views = doc["splits"]
        rows = {name: (views[name].get("source", "train"), rows_of(views[name])) for name in ("train", "validation", "test")}
        origin = {"splits": "milotune", "file": args.splits, "dataset": doc.get("dataset"), "contentHash": doc.get("contentHash")}
    else:
        train, validation = stratified_cut(labels["train"], 0.1, args.split_seed)
        rows = {"train": ("train", train), "validation": ("train", validation), "test": ("test", np.arange(len(labels["test"])))}
        origin = {"splits": f"own stratified 10 % validation cut of the train file (seed {args.split_seed}); not milotune's rows"}
    data = {}
    for name, (source, r) in rows.items():
        x = torch.from_numpy(images[source][r].astype(np.float32) / 255)
        y = torch.from_numpy(labels[source][r].astype(np.int64))
        data[name] = (x, y)
    origin.update({name: len(data[name][1]) for name in data})
    return data, origin


def budget(n, fraction):
    """milotune's Budgets.total: floor(N * fraction), at least 1."""
    return max(1, min(n, math.floor(n * fraction * (1 + 1e-9))))


class Run:
    """Training and evaluation of one configuration, seeded: the model's initial weights
    (PyTorch's default init, as milotune's), the subset and every epoch's batch order."""

    def __init__(self, params, seed, train, batch_size, subset=None):
        torch.manual_seed(seed)
        hidden, layers, dropout = params["hidden"], params.get("layers", 1), params.get("dropout", 0.0)
        blocks, width = [], 784
        for _ in range(layers):
            blocks += [nn.Linear(width, hidden), nn.ReLU()] + ([nn.Dropout(dropout)] if dropout > 0 else [])
            width = hidden
        self.model = nn.Sequential(*blocks, nn.Linear(width, 10))
        decay = params.get("weightDecay", 0.0)
        if params.get("optimizer", "adam") == "sgd":
            self.opt = torch.optim.SGD(self.model.parameters(), lr=params["lr"], momentum=params["momentum"], weight_decay=decay)
        else:
            self.opt = torch.optim.Adam(self.model.parameters(), lr=params["lr"], weight_decay=decay)
        self.x, self.y = train
        self.items = torch.arange(len(self.y)) if subset is None else subset
        self.batch_size = params.get("batchSize", batch_size)
        self.shuffle = torch.Generator().manual_seed(seed)
        self.loss_fn = nn.CrossEntropyLoss()

    def epoch(self):
        """One epoch over the items in shuffled mini-batches (the last one partial); its seconds."""
        order = self.items[torch.randperm(len(self.items), generator=self.shuffle)]
        start = time.perf_counter()
        self.model.train()
        for i in range(0, len(order), self.batch_size):
            b = order[i:i + self.batch_size]
            self.opt.zero_grad()
            loss = self.loss_fn(self.model(self.x[b]), self.y[b])
            loss.backward()
            self.opt.step()
        seconds = time.perf_counter() - start
        if not math.isfinite(loss.item()):
            raise FloatingPointError(f"training loss is {loss.item()}")
        return seconds

    def accuracy(self, split):
        x, y = split
        self.model.eval()
        with torch.no_grad():
            correct = sum(int((self.model(x[i:i + 2000]).argmax(1) == y[i:i + 2000]).sum()) for i in range(0, len(y), 2000))
        return correct / len(y)


def search(args, data, optuna):
    train_n = len(data["train"][1])
    size = budget(train_n, args.fraction)
    log_trials = []
    counters = {"trainingSeconds": 0.0, "epochs": 0}

    def objective(trial):
        params = {"lr": trial.suggest_float("lr", 1e-4, 1e-1 if args.space == "wide" else 3e-2, log=True),
                  "hidden": trial.suggest_categorical("hidden", [64, 128, 256])}
        if args.space == "wide":
            params["layers"] = trial.suggest_int("layers", 1, 3)
            params["dropout"] = trial.suggest_float("dropout", 0.0, 0.5)
            params["weightDecay"] = trial.suggest_float("weightDecay", 1e-6, 1e-2, log=True)
            params["batchSize"] = trial.suggest_categorical("batchSize", [64, 128, 256, 512])
        if args.optimizers != ["adam"]:
            params["optimizer"] = trial.suggest_categorical("optimizer", args.optimizers)
            if params["optimizer"] == "sgd":
                params["momentum"] = trial.suggest_float("momentum", 0.5, 0.99)
        seed = derived_seed(args.seed, TRIAL, trial.number)
        subset = None
        if args.fraction < 1:
            # milotune's `random`: one uniform subset of B items per trial, fixed for all its epochs.
            rng = np.random.default_rng(seed)
            subset = torch.from_numpy(np.sort(rng.choice(train_n, size=size, replace=False)))
        run = Run(params, seed, data["train"], args.batch_size, subset)
        entry = {"number": trial.number, "params": params, "seed": seed, "epochs": 0, "trainingSeconds": 0.0, "values": []}
        log_trials.append(entry)
        best = -1.0
        for epoch in range(1, args.epochs + 1):
            seconds = run.epoch()
            counters["trainingSeconds"] += seconds
            counters["epochs"] += 1
            entry["trainingSeconds"] += seconds
            entry["epochs"] = epoch
            value = run.accuracy(data["validation"])
            entry["values"].append(round(value, 6))
            best = max(best, value)
            trial.report(value, epoch)
            # No judgement after the last epoch: rung R is the end of training, not a halving.
            if epoch < args.epochs and trial.should_prune():
                entry["state"] = "pruned"
                log(f"trial {trial.number:2d} {fmt(params)}: pruned after {epoch} epochs, val {value:.4f}")
                raise optuna.TrialPruned()
        entry["state"] = "complete"
        log(f"trial {trial.number:2d} {fmt(params)}: complete, best val {best:.4f}")
        return best

    sampler = optuna.samplers.TPESampler(seed=args.seed, n_startup_trials=args.startup_trials)
    pruner = optuna.pruners.SuccessiveHalvingPruner(min_resource=args.min_resource, reduction_factor=args.eta,
                                                    min_early_stopping_rate=0)
    study = optuna.create_study(direction="maximize", sampler=sampler, pruner=pruner)
    start = time.perf_counter()
    study.optimize(objective, n_trials=args.trials)
    wall = time.perf_counter() - start
    return study, wall, counters, log_trials, size


def fmt(params):
    return " ".join(f"{k} {v:.5g}" if isinstance(v, float) else f"{k} {v}" for k, v in params.items())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dataset-dir", required=True, help="holds train-/t10k-images-idx3-ubyte.gz and -labels-idx1-ubyte.gz")
    p.add_argument("--splits", help="JSON of milotune's GET /api/v1/studies/{id}/splits (default: our own stratified cut)")
    p.add_argument("--split-seed", type=int, default=0, help="seed of our own validation cut (without --splits)")
    p.add_argument("--fraction", type=float, default=1.0, help="1 = full data; else one random subset of floor(N*F) per trial")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--trials", type=int, default=16)
    p.add_argument("--startup-trials", type=int, default=6)
    p.add_argument("--epochs", type=int, default=9, help="R, the epochs of a full training run")
    p.add_argument("--min-resource", type=int, default=1, help="r")
    p.add_argument("--eta", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=128, help="the batch size where the space has none")
    p.add_argument("--space", choices=("narrow", "wide"), default="narrow",
                   help="narrow: lr and hidden (and optimizer); wide: also layers, dropout, weight decay and batch size")
    p.add_argument("--optimizers", default="adam",
                   help="adam (default), or adam,sgd for the bench's optimizer choice with momentum U(0.5, 0.99) for sgd")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--retrains", type=int, default=3)
    p.add_argument("--allow-reference-blas", action="store_true")
    args = p.parse_args()
    args.optimizers = args.optimizers.split(",")
    if not 0 < args.fraction <= 1:
        p.error("--fraction must be in (0, 1]")
    if any(o not in ("adam", "sgd") for o in args.optimizers):
        p.error("--optimizers takes adam and/or sgd")
    if args.epochs < args.min_resource * args.eta or args.trials < 1:
        p.error("need R >= r * eta and at least one trial")

    torch.set_num_threads(args.threads)
    used = blas()
    if used["reference"] and not args.allow_reference_blas:
        print(json.dumps({"error": "torch runs on the reference BLAS (" + used["library"] + "); apt-get install libopenblas0-openmp"}))
        sys.exit(3)
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    start = time.perf_counter()
    data, origin = load(args)
    data_seconds = time.perf_counter() - start
    log(f"peer: optuna {optuna.__version__}, torch {torch.__version__}, {torch.get_num_threads()} threads, BLAS {used['library']}; "
        f"train {origin['train']}, validation {origin['validation']}, test {origin['test']} ({data_seconds:.1f} s to load)")

    study, wall, counters, trial_log, size = search(args, data, optuna)
    states = [t.state for t in study.trials]
    best = study.best_trial
    params = dict(best.params)
    log(f"search: {wall:.1f} s wall, {counters['trainingSeconds']:.1f} s training, {counters['epochs']} epochs; "
        f"choice {fmt(params)} (val {best.value:.4f})")

    retrains = []
    for i in range(args.retrains):
        seed = derived_seed(args.seed, RETRAIN, i)
        t0 = time.perf_counter()
        run = Run(params, seed, data["train"], args.batch_size)
        for _ in range(args.epochs):
            run.epoch()
        accuracy = run.accuracy(data["test"])
        retrains.append({"seed": seed, "testAccuracy": accuracy, "seconds": round(time.perf_counter() - t0, 3)})
        log(f"retrain {i}: test {accuracy:.4f} ({retrains[-1]['seconds']:.1f} s)")

    out = {
        "peer": "optuna+pytorch",
        "optuna": optuna.__version__,
        "torch": torch.__version__,
        "blas": used["library"] + (" (reference BLAS, allowed by --allow-reference-blas)" if used["reference"] else ""),
        "threads": torch.get_num_threads(),
        "ompWaitPolicy": os.environ["OMP_WAIT_POLICY"],
        "seed": args.seed,
        "fraction": args.fraction,
        "subsetSize": size,
        "trials": args.trials,
        "design": {"model": "mlp 784-(hidden, relu, dropout) x layers-10", "inputs": "raw pixels / 255",
                   "batchSize": "searched" if args.space == "wide" else args.batch_size,
                   "space": ({"lr": "log-uniform [1e-4, 1e-1]", "hidden": [64, 128, 256], "layers": [1, 3], "dropout": "uniform [0, 0.5]",
                              "weightDecay": "log-uniform [1e-6, 1e-2]", "batchSize": [64, 128, 256, 512]} if args.space == "wide"
                             else {"lr": "log-uniform [1e-4, 3e-2]", "hidden": [64, 128, 256]})
                   | {"optimizer": args.optimizers}
                   | ({"momentum": "uniform [0.5, 0.99] (sgd)"} if "sgd" in args.optimizers else {}),
                   "sampler": f"TPE, {args.startup_trials} start-up trials",
                   "pruner": f"successive halving r {args.min_resource}, R {args.epochs}, eta {args.eta}",
                   "epochs": args.epochs},
        "data": origin,
        "tuningWallSeconds": round(wall, 3),
        "trainingSeconds": round(counters["trainingSeconds"], 3),
        "dataLoadSeconds": round(data_seconds, 3),
        "best": {"number": best.number, "params": params, "value": best.value},
        "trialsCompleted": states.count(optuna.trial.TrialState.COMPLETE),
        "trialsPruned": states.count(optuna.trial.TrialState.PRUNED),
        "epochsTrained": counters["epochs"],
        "retrains": retrains,
        "meanTestAccuracy": sum(r["testAccuracy"] for r in retrains) / len(retrains) if retrains else None,
        "trialLog": [{**t, "trainingSeconds": round(t["trainingSeconds"], 3)} for t in trial_log],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
