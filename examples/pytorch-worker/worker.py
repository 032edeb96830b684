#!/usr/bin/env python3
"""An external milotune worker in plain PyTorch: trains the Fashion-MNIST MLP (784 -> hidden -> 10) of the
segments of pool ``pytorch`` (docs/external-workers.md), on the subset milotune serves for each epoch.

Hyperparameters: ``lr`` (1e-3), ``hidden`` (128), ``batchSize`` (128), ``weightDecay`` (0), ``dropout`` (0).
Data: the task's dataset as IDX files (``train-images-idx3-ubyte.gz``, ``t10k-...``) under
``<data-dir>/datasets/<name>/``, as ``milotune fetch`` leaves them; checkpoints: ``<data-dir>/external-checkpoints/``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import logging
import math
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "clients" / "python"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.nn import functional as F  # noqa: E402

from milotune import Api, Segment, Split, TransientError, Worker  # noqa: E402

SOURCE_FILES = {"train": "train", "test": "t10k"}
DEFAULTS: dict[str, float] = {"lr": 1e-3, "hidden": 128, "batchSize": 128, "weightDecay": 0.0, "dropout": 0.0}
MASK64 = (1 << 64) - 1


@dataclass(frozen=True)
class Hyperparameters:
    lr: float
    hidden: int
    batch_size: int
    weight_decay: float
    dropout: float

    @staticmethod
    def of(values: Mapping[str, Any]) -> Hyperparameters:
        unknown = sorted(set(values) - set(DEFAULTS))
        if unknown:
            raise ValueError(f"unknown hyperparameters {unknown}: this worker takes {sorted(DEFAULTS)}")
        v = DEFAULTS | dict(values)
        hp = Hyperparameters(float(v["lr"]), int(v["hidden"]), int(v["batchSize"]), float(v["weightDecay"]),
                             float(v["dropout"]))
        if not (hp.lr > 0 and hp.hidden >= 1 and hp.batch_size >= 1 and hp.weight_decay >= 0 and 0 <= hp.dropout < 1):
            raise ValueError(f"hyperparameters out of range: {hp}")
        return hp


def read_idx(path: Path) -> np.ndarray:
    """An IDX file of unsigned bytes (gzip), as an array of its shape."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    kind, dims = data[2], data[3]
    if data[:2] != b"\0\0" or kind != 0x08:
        raise ValueError(f"{path} is not an IDX file of unsigned bytes")
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


class IdxDataset:
    """A dataset in Fashion-MNIST's layout: the source files' images (flat, pixels in [0, 1]) and labels, each
    read once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        # Per instance, so that the trainer's cache of datasets also bounds the tensors held.
        self._sources: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}

    def source(self, name: str) -> tuple[torch.Tensor, torch.Tensor]:
        if name not in self._sources:
            self._sources[name] = self._read(name)
        return self._sources[name]

    def _read(self, name: str) -> tuple[torch.Tensor, torch.Tensor]:
        prefix = SOURCE_FILES[name]
        images = read_idx(self.directory / f"{prefix}-images-idx3-ubyte.gz")
        labels = read_idx(self.directory / f"{prefix}-labels-idx1-ubyte.gz")
        x = torch.from_numpy(images.reshape(len(images), -1).astype(np.float32) / 255)
        return x, torch.from_numpy(labels.astype(np.int64))

    def rows(self, split: Split, positions: np.ndarray | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """A split's items, or those at ``positions`` in it."""
        x, y = self.source(split.source)
        rows = torch.from_numpy(split.rows if positions is None else split.rows[positions])
        return x[rows], y[rows]


def mlp(hp: Hyperparameters) -> nn.Sequential:
    layers: list[nn.Module] = [nn.Linear(784, hp.hidden), nn.ReLU()]
    if hp.dropout:
        layers.append(nn.Dropout(hp.dropout))
    layers.append(nn.Linear(hp.hidden, 10))
    return nn.Sequential(*layers)


def train_epoch(model: nn.Module, optimizer: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor,
                batch_size: int, check: Callable[[], None]) -> float:
    """One pass over (x, y) in a random order; ``check`` runs before every batch. The mean training loss."""
    model.train()
    order = torch.randperm(len(x))
    total = 0.0
    for start in range(0, len(x), batch_size):
        check()
        batch = order[start:start + batch_size]
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x[batch]), y[batch])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
    return total / max(len(x), 1)


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Mean loss and accuracy."""
    model.eval()
    loss, correct = 0.0, 0
    for start in range(0, len(x), 4096):
        logits = model(x[start:start + 4096])
        loss += F.cross_entropy(logits, y[start:start + 4096], reduction="sum").item()
        correct += int((logits.argmax(1) == y[start:start + 4096]).sum())
    return loss / max(len(x), 1), correct / max(len(x), 1)


def epoch_seed(seed: int, epoch: int) -> int:
    """The seed of an epoch's shuffle and dropout: the same whichever segment trains the epoch."""
    return (seed + 0x9E3779B97F4A7C15 * (epoch + 1)) & MASK64


class Trainer:
    """The training function: one segment of one trial."""

    def __init__(self, data_dir: Path, api: Api) -> None:
        # Dataset names match [a-z0-9][a-z0-9._-]{0,99} (checked on decoding the task): no path escapes.
        self.dataset = functools.lru_cache(maxsize=4)(lambda name: IdxDataset(data_dir / "datasets" / name))
        self.checkpoints = (data_dir / "external-checkpoints").resolve()
        self.splits = functools.lru_cache(maxsize=8)(api.splits)

    def __call__(self, segment: Segment) -> str:
        hp = Hyperparameters.of(segment.hyperparameters)
        splits = self.splits(segment.study_id)
        data = self.dataset(segment.task.dataset.name)
        validation = data.rows(splits["validation"])
        # torch's global generator: reproducible because this worker trains one segment at a time (one slot).
        torch.manual_seed(segment.seed & MASK64)
        model = mlp(hp)
        optimizer = torch.optim.Adam(model.parameters(), lr=hp.lr, weight_decay=hp.weight_decay)
        if segment.checkpoint:
            state = torch.load(self.resolve(segment, segment.checkpoint), map_location="cpu", weights_only=True)
            model.load_state_dict(state["model"])
            optimizer.load_state_dict({"state": state["adam"], "param_groups": optimizer.state_dict()["param_groups"]})
        started, trained, items, accuracy = time.perf_counter(), 0.0, 0, 0.0
        for epoch in segment.epochs():
            positions = segment.subset(epoch)
            x, y = data.rows(splits["train"], positions)
            torch.manual_seed(epoch_seed(segment.seed, epoch))
            t0 = time.perf_counter()
            train_loss = train_epoch(model, optimizer, x, y, hp.batch_size, segment.check_cancelled)
            seconds = time.perf_counter() - t0
            if not math.isfinite(train_loss):
                raise FloatingPointError(f"training loss is {train_loss} in epoch {epoch}")
            validation_loss, accuracy = evaluate(model, *validation)
            segment.report(epoch, {"validation_accuracy": accuracy, "validation_loss": validation_loss,
                                   "train_loss": train_loss}, items_seen=len(positions), epoch_seconds=seconds)
            trained, items = trained + seconds, items + len(positions)
        if segment.evaluate_test:
            segment.report_test_accuracy(evaluate(model, *data.rows(splits["test"]))[1])
        path = self.checkpoints / segment.study_id / segment.trial_id / f"{segment.attempt}-{segment.epoch_to}.pt"
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".pt.partial")
        # Tensors only (Adam's settings come from the hyperparameters), so that loading needs no pickled code.
        torch.save({"model": model.state_dict(), "adam": optimizer.state_dict()["state"]}, partial)
        os.replace(partial, path)
        print(f"trial {segment.trial_id[:8]} attempt {segment.attempt} epochs [{segment.epoch_from}, {segment.epoch_to}) "
              f"lr={hp.lr:.2e} hidden={hp.hidden}: validation accuracy {accuracy:.4f}, {items} items in {trained:.1f} s "
              f"training ({items / max(trained, 1e-9):,.0f} items/s), {time.perf_counter() - started:.1f} s in all",
              flush=True)
        return str(path)

    def resolve(self, segment: Segment, reference: str) -> Path:
        """A checkpoint reference as a file of this trial's directory; anything else is refused."""
        path = Path(reference).resolve()
        trial_dir = self.checkpoints / segment.study_id / segment.trial_id
        if trial_dir not in path.parents:
            raise ValueError(f"checkpoint {reference!r} is not under {trial_dir}")
        if not path.is_file():
            raise TransientError(f"checkpoint {path} is not on this worker (the workers of a pool share --data-dir)")
        return path


def blas() -> str:
    """The BLAS libraries this process loaded (from /proc/self/maps)."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return "unknown (no /proc/self/maps)"
    return ", ".join(sorted({line.split()[-1] for line in maps.splitlines() if "blas" in line.lower()})) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", metavar="HOST:PORT", help="Kafka bootstrap servers (default: the "
                        "bootstrap.servers of --kafka-config)")
    parser.add_argument("--api", metavar="URL", required=True, help="milotune's URL, e.g. http://localhost:8080")
    parser.add_argument("--data-dir", metavar="DIR", type=Path, required=True,
                        help="holds datasets/<name>/ and external-checkpoints/ (milotune's data dir)")
    parser.add_argument("--kafka-config", metavar="FILE", help="librdkafka properties (default: "
                        "DIR/kafka-clients/worker.properties when it exists)")
    parser.add_argument("--token-file", metavar="FILE", help="API token (default: $MILOTUNE_TOKEN)")
    parser.add_argument("--pool", default="pytorch", help="worker pool (default: pytorch)")
    parser.add_argument("--threads", metavar="N", type=int, help="torch intra-op threads (default: torch's)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.threads:
        torch.set_num_threads(args.threads)
    kafka_config = args.kafka_config
    default_config = args.data_dir / "kafka-clients" / "worker.properties"
    if kafka_config is None and default_config.is_file():
        kafka_config = str(default_config)
    token = Path(args.token_file).read_text().strip() if args.token_file else os.environ.get("MILOTUNE_TOKEN")
    api = Api(args.api, token)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, BLAS: {blas()}", flush=True)
    Worker(args.pool, bootstrap=args.bootstrap, api=api, kafka_config=kafka_config, device="cpu").run(
        Trainer(args.data_dir, api))


if __name__ == "__main__":
    main()
