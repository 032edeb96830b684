#!/usr/bin/env python3
"""The SDK's overhead on the example's training loop: items/s of the same epochs (fixed random 10 % subsets of
random 28 x 28 "images"), with and without the SDK's per-epoch calls (epochs(), subset(), check_cancelled() before
every batch, report()). Both run as the segment of a Worker on an in-memory transport with a fake subsets source,
so that both share its threads; without the calls, the epochs are reported after the clock stops. Rounds
alternate (each side goes first in every other round) and the medians are compared, by wall-clock time and by the
process's CPU time (steadier on a busy machine). Also measured: the time spent inside the SDK's calls, and the CPU
that the worker's own threads use while a segment trains. Target: overhead under 5 %."""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from worker import Hyperparameters, epoch_seed, mlp, train_epoch

from milotune import MemoryTransport, Segment, SegmentOutcome, TrialTask, Worker
from milotune.wire import DatasetRef, SubsetRef, now

ITEMS = 54_000
SEED = 7


class Data:
    def __init__(self, epochs: int, fraction: float) -> None:
        generator = torch.Generator().manual_seed(SEED)
        self.x = torch.rand(ITEMS, 784, generator=generator)
        self.y = torch.randint(0, 10, (ITEMS,), generator=generator)
        rng = np.random.default_rng(SEED)
        self.positions = [np.sort(rng.choice(ITEMS, int(ITEMS * fraction), replace=False)) for _ in range(epochs)]

    def subsets(self, study_id: str, trial_id: str, epoch: int) -> np.ndarray:
        return self.positions[epoch]


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    in_sdk: float


class Clock:
    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def run(self, in_sdk: float = 0.0) -> Run:
        return Run(time.perf_counter() - self.wall, time.process_time() - self.cpu, in_sdk)


def as_segment(data: Data, train: Callable[[Segment], None]) -> None:
    """Runs ``train`` as the one segment of a Worker; its transport waits 0.5 s at most, as the Kafka one polls."""
    transport = MemoryTransport(poll=0.5)
    worker = Worker("pytorch", api=data, transport=transport)
    thread = threading.Thread(target=worker.run, args=(train,))
    thread.start()
    transport.add_task(TrialTask(
        "5b0c1f6e-8a53-4d55-9d2e-0f4a1c2b3d4e", "8e21a9b0-1c2d-4e3f-8a9b-0c1d2e3f4a5b", 0, 0, SEED, "external", {},
        DatasetRef("fashion-mnist", "0" * 64, "default"), SubsetRef("milo", "0" * 64, 0.1, 1 / 6, 1),
        "validation_accuracy", 0, len(data.positions), len(data.positions), None, False, now(), 1.0, "seal"))
    transport.wait_for(lambda t: bool(t.committed), timeout=3600)
    worker.stop()
    thread.join()
    [outcome] = transport.records(SegmentOutcome)
    if outcome.status != "COMPLETED":
        raise RuntimeError(f"the segment ended {outcome.status}: {outcome.reason}")


def plain(data: Data, hp: Hyperparameters) -> Run:
    """The epochs without the SDK's calls."""
    runs: list[Run] = []

    def train(segment: Segment) -> None:
        torch.manual_seed(SEED)
        model = mlp(hp)
        optimizer = torch.optim.Adam(model.parameters(), lr=hp.lr)
        clock, losses = Clock(), []
        for epoch, positions in enumerate(data.positions):
            rows = torch.from_numpy(positions)
            torch.manual_seed(epoch_seed(SEED, epoch))
            losses.append(train_epoch(model, optimizer, data.x[rows], data.y[rows], hp.batch_size, lambda: None))
        runs.append(clock.run())
        for epoch, loss in enumerate(losses):
            segment.report(epoch, {"train_loss": loss}, len(data.positions[epoch]), 0.0)

    as_segment(data, train)
    return runs[0]


def with_sdk(data: Data, hp: Hyperparameters) -> Run:
    """The same epochs with the SDK's calls, and the time spent inside them."""
    runs: list[Run] = []

    def train(segment: Segment) -> None:
        torch.manual_seed(segment.seed)
        model = mlp(hp)
        optimizer = torch.optim.Adam(model.parameters(), lr=hp.lr)
        clock, in_sdk, batches = Clock(), 0.0, 0
        for epoch in segment.epochs():
            t0 = time.perf_counter()
            positions = segment.subset(epoch)
            in_sdk += time.perf_counter() - t0
            rows = torch.from_numpy(positions)
            torch.manual_seed(epoch_seed(segment.seed, epoch))
            t0 = time.perf_counter()
            loss = train_epoch(model, optimizer, data.x[rows], data.y[rows], hp.batch_size, segment.check_cancelled)
            t1 = time.perf_counter()
            segment.report(epoch, {"train_loss": loss, "validation_loss": loss, "validation_accuracy": 0.5},
                           items_seen=len(positions), epoch_seconds=t1 - t0)
            in_sdk += time.perf_counter() - t1
            batches += -(-len(positions) // hp.batch_size)
        runs.append(clock.run(in_sdk + batches * check_seconds(segment)))

    as_segment(data, train)
    return runs[0]


def check_seconds(segment: Segment, calls: int = 100_000) -> float:
    """What one cancel check costs."""
    started = time.perf_counter()
    for _ in range(calls):
        segment.check_cancelled()
    return (time.perf_counter() - started) / calls


def worker_threads_cpu(data: Data, seconds: float = 2.0) -> float:
    """The share of a core that the worker's own threads use while a segment (here, one that sleeps) trains."""
    shares: list[float] = []

    def train(segment: Segment) -> None:
        clock = Clock()
        time.sleep(seconds)
        run = clock.run()
        shares.append(run.cpu / run.wall)
        for epoch in segment.epochs():
            segment.report(epoch, {}, 0, 0.0)

    as_segment(data, train)
    return shares[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--fraction", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    hp = Hyperparameters.of({"hidden": args.hidden, "batchSize": args.batch_size})
    data = Data(args.epochs, args.fraction)
    items = sum(len(p) for p in data.positions)
    plain(data, hp)  # warm-up
    plains: list[Run] = []
    sdks: list[Run] = []
    for round_ in range(args.rounds):  # each goes first in every other round
        for run in ((plain, with_sdk) if round_ % 2 == 0 else (with_sdk, plain)):
            (plains if run is plain else sdks).append(run(data, hp))
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {args.epochs} epochs of "
          f"{items // args.epochs} items, hidden {args.hidden}, batch {args.batch_size}; medians of {args.rounds} rounds")
    for clock in ("wall", "cpu"):
        base = statistics.median(getattr(r, clock) for r in plains)
        sdk = statistics.median(getattr(r, clock) for r in sdks)
        print(f"{clock:>4}: without the SDK's calls {items / base:9,.0f} items/s, with them {items / sdk:9,.0f} items/s; "
              f"ratio {base / sdk:.4f}, overhead {100 * (sdk / base - 1):+.2f} %")
    in_sdk = statistics.median(r.in_sdk for r in sdks)
    print(f"time inside the SDK's calls: {1000 * in_sdk:.2f} ms, "
          f"{100 * in_sdk / statistics.median(r.wall for r in sdks):.3f} % of the run's wall time")
    print(f"the worker's own threads while a segment trains: {100 * worker_threads_cpu(data):.2f} % of a core "
          "(heartbeats, cancel and task polls)")


if __name__ == "__main__":
    main()
