"""What the worker loop needs from a broker, and an in-memory implementation for tests and benchmarks."""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from .wire import Cancel, EpochReport, Heartbeat, SegmentOutcome, TrialTask, decode_report

M = TypeVar("M", EpochReport, SegmentOutcome, Heartbeat)


@dataclass(frozen=True)
class Delivery:
    """One task as the tasks topic delivered it."""

    value: bytes
    partition: int
    offset: int
    key: bytes | None = None


class Transport(Protocol):
    """Tasks source, cancel source and message sink of a :class:`~milotune.Worker`.

    The worker calls ``next_task``, ``idle``, ``commit`` and ``dead_letter`` from its main thread,
    ``next_cancels`` from its cancel thread, and ``send`` from any thread.
    """

    def next_task(self, timeout: float) -> Delivery | None:
        """The next task, or None after ``timeout`` seconds; called when a slot is free."""
        ...

    def idle(self, timeout: float) -> None:
        """Waits up to ``timeout`` seconds without taking a task; called while every slot is busy."""
        ...

    def commit(self, delivery: Delivery) -> None:
        """Marks ``delivery`` and every earlier task of its partition done (raises TransientError when it cannot)."""
        ...

    def dead_letter(self, delivery: Delivery, reason: str) -> None:
        """Sets aside a task that cannot be decoded."""
        ...

    def next_cancels(self, timeout: float) -> list[bytes]:
        """The cancels that arrived, waiting up to ``timeout`` seconds for one."""
        ...

    def send(self, key: str, value: bytes, wait: bool = False) -> None:
        """Sends a record to the reports topic; with ``wait``, returns once it is stored (or raises TransientError)."""
        ...

    def close(self) -> None:
        """Sends what is still queued and releases the connections."""
        ...


class MemoryTransport:
    """A :class:`Transport` in memory: the caller queues tasks and cancels; sent records are kept in order.
    Its waits last ``poll`` seconds at most (10 ms by default, so that a worker on it reacts and stops at once)."""

    def __init__(self, poll: float = 0.01) -> None:
        self.poll = poll
        self._tasks: queue.Queue[Delivery] = queue.Queue()
        self._cancels: queue.Queue[bytes] = queue.Queue()
        self._offsets = itertools.count()
        self._sent: list[tuple[str, bytes]] = []
        self._changed = threading.Condition()
        self.committed: list[Delivery] = []
        self.dead_letters: list[tuple[Delivery, str]] = []
        self.closed = False

    def add_task(self, task: TrialTask | bytes, partition: int = 0) -> Delivery:
        value = task.to_json() if isinstance(task, TrialTask) else task
        delivery = Delivery(value, partition, next(self._offsets))
        self._tasks.put(delivery)
        return delivery

    def add_cancel(self, cancel: Cancel | bytes) -> None:
        self._cancels.put(cancel.to_json() if isinstance(cancel, Cancel) else cancel)

    def next_task(self, timeout: float) -> Delivery | None:
        try:
            return self._tasks.get(timeout=min(timeout, self.poll))
        except queue.Empty:
            return None

    def idle(self, timeout: float) -> None:
        time.sleep(min(timeout, self.poll))

    def commit(self, delivery: Delivery) -> None:
        self._record(lambda: self.committed.append(delivery))

    def dead_letter(self, delivery: Delivery, reason: str) -> None:
        self._record(lambda: self.dead_letters.append((delivery, reason)))

    def next_cancels(self, timeout: float) -> list[bytes]:
        try:
            out = [self._cancels.get(timeout=min(timeout, self.poll))]
        except queue.Empty:
            return []
        while not self._cancels.empty():
            out.append(self._cancels.get_nowait())
        return out

    def send(self, key: str, value: bytes, wait: bool = False) -> None:
        self._record(lambda: self._sent.append((key, value)))

    def close(self) -> None:
        self.closed = True

    def sent(self) -> list[tuple[str, EpochReport | SegmentOutcome | Heartbeat]]:
        """Every record sent so far, decoded (and so checked against the contract), with its key."""
        with self._changed:
            raw = list(self._sent)
        return [(key, decode_report(value)) for key, value in raw]

    def records(self, kind: type[M]) -> list[M]:
        """The records of one kind sent so far, in order."""
        return [record for _key, record in self.sent() if isinstance(record, kind)]

    def wait_for(self, condition: Callable[[MemoryTransport], bool], timeout: float = 10.0) -> None:
        """Waits until ``condition(self)`` holds after something was sent, committed or set aside."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the condition did not hold in time")
                self._changed.wait(min(left, 0.05))

    def _record(self, change: Callable[[], None]) -> None:
        with self._changed:
            change()
            self._changed.notify_all()
