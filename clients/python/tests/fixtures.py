"""Records and a running worker for the tests."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np

from milotune import Cancel, DatasetRef, MemoryTransport, Segment, SubsetRef, TrialTask, Worker

logging.getLogger("milotune").setLevel(logging.CRITICAL)

STUDY = "5b0c1f6e-8a53-4d55-9d2e-0f4a1c2b3d4e"
TRIAL = "8e21a9b0-1c2d-4e3f-8a9b-0c1d2e3f4a5b"
OTHER_TRIAL = "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f"
SEAL = "q3Zr0bX9mB2c5dJ1kL7wYg"
ISSUED = datetime(2026, 11, 25, 11, 56, 34, 256000, tzinfo=timezone.utc)


def task(**changes: Any) -> TrialTask:
    fields: dict[str, Any] = dict(
        study_id=STUDY, trial_id=TRIAL, trial_number=3, attempt=1, seed=42, model_family="external",
        hyperparameters={"lr": 0.01, "hidden": 128}, dataset=DatasetRef("fashion-mnist", "ab" * 32, "default"),
        subset=SubsetRef("milo", "cd" * 32, 0.1, 1 / 6, 1), objective="validation_accuracy", epoch_from=1,
        epoch_to=3, total_epochs=9, checkpoint=None, evaluate_test=False, issued_at=ISSUED, validation_sample=1.0,
        seal=SEAL)
    fields.update(changes)
    return TrialTask(**fields)


def cancel(trial_id: str | None = None, after: float = 1.0) -> Cancel:
    return Cancel(STUDY, trial_id, "pruned", ISSUED + timedelta(seconds=after))


class FakeSubsets:
    """Epoch e's subset has 10 + e positions, so its size tells the epoch."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, int]] = []

    def subsets(self, study_id: str, trial_id: str, epoch: int) -> np.ndarray:
        self.calls.append((study_id, trial_id, epoch))
        return np.arange(10 + epoch) * 3


@contextlib.contextmanager
def running(train: Callable[[Segment], str | None], **options: Any) -> Iterator[tuple[Worker, MemoryTransport]]:
    """A worker on a memory transport, training with ``train`` in a background thread until the block ends."""
    transport = MemoryTransport()
    options.setdefault("heartbeat_interval", 60.0)
    worker = Worker("pytorch", api=FakeSubsets(), transport=transport, **options)
    thread = threading.Thread(target=worker.run, args=(train,), daemon=True)
    thread.start()
    try:
        yield worker, transport
    finally:
        worker.stop()
        thread.join(10)
        assert not thread.is_alive(), "the worker did not stop"


def blocking_train(release: threading.Event, started: threading.Event | None = None) -> Callable[[Segment], str]:
    """A training function that reports nothing until ``release`` is set, checking for cancels meanwhile."""

    def train(segment: Segment) -> str:
        if started is not None:
            started.set()
        for epoch in segment.epochs():
            while not release.wait(0.01):
                segment.check_cancelled()
            segment.report(epoch, {"validation_accuracy": 0.5}, 10, 0.1)
        return "ckpt"

    return train
