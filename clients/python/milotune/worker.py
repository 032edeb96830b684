"""The worker loop: takes a pool's segments, hands each to a training function, and speaks the contract.

A :class:`Worker` reads the pool's tasks, trains each segment in a thread of its own (at most
``slots`` at once) by calling the training function with a :class:`Segment`, sends heartbeats every
``heartbeat_interval`` seconds (and at once when a segment starts), watches the cancels, and sends
each segment's outcome before it commits the task.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import math
import numbers
import os
import queue
import signal
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from types import FrameType
from typing import Any, Protocol, cast

from .api import Api, Positions
from .errors import Cancelled, TransientError
from .transport import Delivery, Transport
from .wire import (MAX_SLOTS, MAX_TEXT, POOL, Cancel, EpochReport, Heartbeat, RunningSegment, SegmentOutcome,
                   TrialTask, WireError, now)

LOG = logging.getLogger("milotune")

POLL_SECONDS = 0.5
REMEMBERED = 1_000
REASON_CHARS = 500


class SubsetSource(Protocol):
    """Where a segment's subsets come from (:class:`~milotune.Api`, or a fake in tests)."""

    def subsets(self, study_id: str, trial_id: str, epoch: int) -> Positions:
        """The training-split positions of ``trial_id`` in ``epoch``."""
        ...


def _failure(error: BaseException) -> str:
    """The exception's type and the first line of its message."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


class Segment:
    """One segment of one trial: what the training function gets.

    Train epochs ``epoch_from`` to ``epoch_to - 1`` (iterate :meth:`epochs`), on :meth:`subset` each
    epoch, starting from ``checkpoint`` (a reference the function returned for an earlier segment of
    the trial) or from scratch, and :meth:`report` each epoch in order.
    """

    def __init__(self, task: TrialTask, worker: Worker) -> None:
        self.task = task
        self.study_id = task.study_id
        self.trial_id = task.trial_id
        self.attempt = task.attempt
        self.seed = task.seed
        self.hyperparameters: Mapping[str, Any] = task.hyperparameters
        self.checkpoint = task.checkpoint
        self.epoch_from = task.epoch_from
        self.epoch_to = task.epoch_to
        self.total_epochs = task.total_epochs
        self.evaluate_test = task.evaluate_test
        self.device = worker.device
        self.current_epoch = task.epoch_from
        self._worker = worker
        self._next_report = task.epoch_from
        self._halted: tuple[str, str | None] | None = None
        self._test_accuracy: float | None = None

    def epochs(self) -> Iterator[int]:
        """The segment's epochs; raises :class:`Cancelled` before an epoch once the segment must stop."""
        for epoch in range(self.epoch_from, self.epoch_to):
            self.check_cancelled()
            self.current_epoch = epoch
            yield epoch

    @property
    def cancelled(self) -> bool:
        """Whether the segment must stop (a cancel for it arrived, or the worker stops)."""
        return self._halted is not None

    def check_cancelled(self) -> None:
        """Raises :class:`Cancelled` once the segment must stop; cheap enough to call before every batch."""
        if self._halted is not None:
            raise Cancelled(self._halted[1] or "cancelled")

    def subset(self, epoch: int) -> Positions:
        """The training-split positions to train on in ``epoch`` (from the REST API)."""
        if not self.epoch_from <= epoch < self.epoch_to:
            raise ValueError(f"epoch {epoch} is outside the segment [{self.epoch_from}, {self.epoch_to})")
        return self._worker._subsets(self.study_id, self.trial_id, epoch)

    def report(self, epoch: int, metrics: Mapping[str, float], items_seen: int, epoch_seconds: float) -> None:
        """Sends the epoch's report: ``metrics`` by name (the study's objective among them; ``train_loss``,
        ``validation_loss`` and ``validation_accuracy`` also fill the report's fixed fields, 0 when absent),
        the items trained on and the training time in seconds. Each epoch once, in order."""
        if epoch != self._next_report:
            raise ValueError(f"epoch {epoch} reported, but epoch {self._next_report} is next: report every epoch of "
                             f"[{self.epoch_from}, {self.epoch_to}) once, in order")
        values: dict[str, float] = {}
        for name, value in metrics.items():
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise WireError("metrics." + name, value, "must be a number")
            values[name] = float(value)
        t = self.task
        report = EpochReport(t.study_id, t.trial_id, t.attempt, t.epoch_from, t.epoch_to, t.seal, epoch,
                             values.get("train_loss", 0.0), values.get("validation_loss", 0.0),
                             values.get("validation_accuracy", 0.0), float(epoch_seconds), int(items_seen),
                             self.device, self._worker.worker_id, now(), values)
        self._worker._send(t.trial_id, report.to_json())
        self._next_report += 1

    def report_test_accuracy(self, accuracy: float) -> None:
        """Test accuracy for the outcome, when the task asks for it (``evaluate_test``)."""
        if not (math.isfinite(accuracy) and 0 <= accuracy <= 1):
            raise WireError("testAccuracy", accuracy, "must be a finite number in [0, 1]")
        self._test_accuracy = float(accuracy)

    def _halt(self, status: str, reason: str | None) -> None:
        if self._halted is None:
            self._halted = (status, reason)

    def _outcome(self, train: Callable[[Segment], str | None]) -> SegmentOutcome:
        try:
            checkpoint = cast(object, train(self))  # checked: the function may not be typed
            if checkpoint is not None and not isinstance(checkpoint, str):
                raise TypeError(f"the training function returned a {type(checkpoint).__name__}, not a checkpoint "
                                "reference (str) or None")
            if self._next_report < self.epoch_to:
                raise RuntimeError(f"the training function returned after reporting epochs [{self.epoch_from}, "
                                   f"{self._next_report}) of [{self.epoch_from}, {self.epoch_to})")
            return self._ended("COMPLETED", None, False, checkpoint)
        except Exception as e:
            if self._halted is not None:
                return self._ended(self._halted[0], self._halted[1], self._halted[0] == "FAILED", None)
            if not isinstance(e, TransientError):
                LOG.exception("segment [%d, %d) of trial %s failed", self.epoch_from, self.epoch_to, self.trial_id)
            return self._ended("FAILED", _failure(e), isinstance(e, TransientError), None)

    def _ended(self, status: str, reason: str | None, retriable: bool, checkpoint: str | None) -> SegmentOutcome:
        t = self.task
        return SegmentOutcome(t.study_id, t.trial_id, t.attempt, t.epoch_from, t.epoch_to, t.seal, status,
                              None if reason is None else reason[:REASON_CHARS], retriable, checkpoint,
                              self._test_accuracy if status == "COMPLETED" else None, self.device,
                              self._worker.worker_id, now())


class _Offsets:
    """Which task to commit: a partition's offsets are committed only once every earlier task taken is done."""

    def __init__(self) -> None:
        self._open: dict[int, set[int]] = collections.defaultdict(set)
        self._done: dict[int, Delivery] = {}

    def open(self, delivery: Delivery) -> None:
        self._open[delivery.partition].add(delivery.offset)

    def close(self, delivery: Delivery) -> Delivery | None:
        partition = delivery.partition
        self._open[partition].discard(delivery.offset)
        done = self._done.get(partition)
        if done is None or done.offset < delivery.offset:
            done = self._done[partition] = delivery
        if any(offset < done.offset for offset in self._open[partition]):
            return None
        del self._done[partition]
        return done


class Worker:
    """A worker of pool ``pool``; :meth:`run` trains segments until :meth:`stop`, SIGTERM or SIGINT.

    ``api`` is the orchestrator's URL (used with ``token``) or any :class:`SubsetSource`. Without a
    ``transport``, the worker uses Kafka: ``kafka_config`` is a librdkafka properties file (such as
    ``<data-dir>/kafka-clients/worker.properties``), and ``bootstrap``, when given, overrides its
    ``bootstrap.servers``.
    """

    def __init__(self, pool: str, *, bootstrap: str | None = None, api: str | SubsetSource | None = None,
                 token: str | None = None, kafka_config: str | os.PathLike[str] | None = None, slots: int = 1,
                 device: str = "cpu", transport: Transport | None = None, heartbeat_interval: float = 5.0) -> None:
        if POOL.fullmatch(pool) is None or pool == "dlq":
            raise ValueError(f"pool {pool!r} must match {POOL.pattern} and not be dlq")
        if not 1 <= slots <= MAX_SLOTS:
            raise ValueError(f"slots is {slots}, but must be in [1, {MAX_SLOTS}]")
        if not device.strip():
            raise ValueError("device must be non-empty: cpu or gpu:N")
        self.pool = pool
        self.slots = slots
        self.device = device
        self.heartbeat_interval = heartbeat_interval
        self.host = socket.gethostname() or "localhost"
        self.worker_id = f"{self.host}/{os.getpid()}"[:MAX_TEXT]
        self._api: SubsetSource | None = Api(api, token) if isinstance(api, str) else api
        self._transport = transport
        self._kafka = (kafka_config, bootstrap)
        self._lock = threading.Lock()
        self._running: dict[tuple[str, str, int, int, int], Segment] = {}
        self._completed: collections.OrderedDict[tuple[str, str, int, int, int], SegmentOutcome] = \
            collections.OrderedDict()
        self._cancels: collections.deque[Cancel] = collections.deque(maxlen=REMEMBERED)
        self._free = threading.Semaphore(slots)
        self._done: queue.Queue[Delivery] = queue.Queue()
        self._offsets = _Offsets()
        self._stopping = threading.Event()
        self._closed = threading.Event()
        self._started_at = now()

    def stop(self) -> None:
        """Stops taking tasks; segments in training stop at their next check and fail as retriable
        (reason ``worker stopping``), so that the orchestrator retries them elsewhere at once."""
        self._stopping.set()

    def run(self, train: Callable[[Segment], str | None]) -> None:
        """Trains segments with ``train`` until stopped; ``train`` returns the checkpoint reference of the state
        after the segment's last epoch (or None)."""
        if self._transport is None:
            from .kafka import KafkaTransport, client_config

            self._transport = KafkaTransport(self.pool, client_config(*self._kafka))
        transport = self._transport
        previous = self._handle_signals()
        helpers = [threading.Thread(target=self._beat, name="milotune-heartbeats", daemon=True),
                   threading.Thread(target=self._listen, name="milotune-cancels", daemon=True)]
        for helper in helpers:
            helper.start()
        segments: list[threading.Thread] = []
        LOG.info("worker %s of pool %s: %d slot(s) on %s", self.worker_id, self.pool, self.slots, self.device)
        try:
            while not self._stopping.is_set():
                self._commit_done()
                if not self._free.acquire(blocking=False):
                    # Every slot is busy: serve the paused consumer (it stays in its group), then wait for a
                    # slot to free, so that the next task is taken as soon as a segment ends.
                    transport.idle(0)
                    if not self._free.acquire(timeout=POLL_SECONDS):
                        continue
                taken = self._take()
                if taken is None:
                    self._free.release()
                    continue
                segment, delivery = taken
                thread = threading.Thread(target=self._train, args=(segment, delivery, train), daemon=True,
                                          name=f"milotune-segment-{segment.trial_id[:8]}")
                segments = [s for s in segments if s.is_alive()] + [thread]
                thread.start()
        finally:
            self._stopping.set()
            with self._lock:
                for running in self._running.values():
                    running._halt("FAILED", "worker stopping")
            for thread in segments:
                thread.join()
            self._commit_done()
            self._closed.set()
            for helper in helpers:
                helper.join()
            transport.close()
            for signum, handler in previous.items():
                signal.signal(signum, handler or signal.SIG_DFL)
            LOG.info("worker %s stopped", self.worker_id)

    def _subsets(self, study_id: str, trial_id: str, epoch: int) -> Positions:
        if self._api is None:
            raise RuntimeError("this Worker has no api to fetch subsets from")
        return self._api.subsets(study_id, trial_id, epoch)

    def _send(self, key: str, value: bytes, wait: bool = False) -> None:
        assert self._transport is not None
        self._transport.send(key, value, wait)

    def _take(self) -> tuple[Segment, Delivery] | None:
        """The next task to train, if one came that is neither malformed, a copy, completed nor cancelled."""
        assert self._transport is not None
        try:
            delivery = self._transport.next_task(POLL_SECONDS)
        except TransientError as e:
            LOG.warning("taking a task: %s", e)
            return None
        if delivery is None:
            return None
        self._offsets.open(delivery)
        segment = self._accept(delivery)
        if segment is None:
            self._done.put(delivery)
            return None
        return segment, delivery

    def _accept(self, delivery: Delivery) -> Segment | None:
        assert self._transport is not None
        try:
            task = TrialTask.from_json(delivery.value)
        except WireError as e:
            LOG.error("task at partition %d offset %d set aside: %s", delivery.partition, delivery.offset, e)
            try:
                self._transport.dead_letter(delivery, str(e))
            except TransientError as dead:
                LOG.error("%s", dead)
            return None
        key = task.segment_key
        segment = None
        with self._lock:
            outcome = self._completed.get(key)
            cancel = next((c for c in self._cancels if c.covers(task)), None)
            if key in self._running:
                LOG.info("dropping a second copy of segment [%d, %d) of trial %s, in training", task.epoch_from,
                         task.epoch_to, task.trial_id)
                return None
            if outcome is None and cancel is None:
                segment = self._running[key] = Segment(task, self)
        if segment is not None:
            LOG.info("segment [%d, %d) of trial %s (attempt %d) starts", task.epoch_from, task.epoch_to,
                     task.trial_id, task.attempt)
            self._heartbeat()
            return segment
        if outcome is not None:
            LOG.info("segment [%d, %d) of trial %s was completed: its outcome is sent again", task.epoch_from,
                     task.epoch_to, task.trial_id)
            self._send_outcome(dataclasses.replace(outcome, sent_at=now()))
        elif cancel is not None:
            self._send_outcome(Segment(task, self)._ended("CANCELLED", cancel.reason, False, None))
        return None

    def _train(self, segment: Segment, delivery: Delivery, train: Callable[[Segment], str | None]) -> None:
        key = segment.task.segment_key
        try:
            outcome = segment._outcome(train)
            self._send_outcome(outcome)
            with self._lock:
                if outcome.status == "COMPLETED":
                    self._completed[key] = outcome
                    if len(self._completed) > REMEMBERED:
                        self._completed.popitem(last=False)
            LOG.info("segment [%d, %d) of trial %s: %s%s", segment.epoch_from, segment.epoch_to, segment.trial_id,
                     outcome.status, f" ({outcome.reason})" if outcome.reason else "")
        finally:
            with self._lock:
                self._running.pop(key, None)
            self._free.release()
            self._done.put(delivery)

    def _send_outcome(self, outcome: SegmentOutcome) -> None:
        try:
            self._send(outcome.trial_id, outcome.to_json(), wait=True)
        except TransientError as e:
            # The segment's lease runs out without heartbeats naming it: the orchestrator retries it.
            LOG.error("outcome of segment [%d, %d) of trial %s not confirmed: %s", outcome.epoch_from,
                      outcome.epoch_to, outcome.trial_id, e)

    def _commit_done(self) -> None:
        assert self._transport is not None
        while True:
            try:
                ready = self._offsets.close(self._done.get_nowait())
            except queue.Empty:
                return
            if ready is not None:
                try:
                    self._transport.commit(ready)
                except TransientError as e:
                    LOG.warning("%s", e)

    def _heartbeat(self) -> None:
        with self._lock:
            running = tuple(RunningSegment(s.study_id, s.trial_id, s.attempt, s.epoch_from, s.epoch_to, s.task.seal,
                                           s.current_epoch) for s in self._running.values())
        beat = Heartbeat(self.worker_id, self.host, self.pool, self.slots, len(running), self.device, running,
                         self._started_at, now())
        try:
            self._send(self.worker_id, beat.to_json())
        except TransientError as e:
            LOG.warning("heartbeat: %s", e)

    def _beat(self) -> None:
        self._heartbeat()
        while not self._closed.wait(self.heartbeat_interval):
            self._heartbeat()

    def _listen(self) -> None:
        assert self._transport is not None
        while not self._closed.is_set():
            try:
                payloads = self._transport.next_cancels(POLL_SECONDS)
            except TransientError as e:
                LOG.warning("reading cancels: %s", e)
                self._closed.wait(POLL_SECONDS)
                continue
            for raw in payloads:
                try:
                    cancel = Cancel.from_json(raw)
                except WireError as e:
                    LOG.warning("cancel ignored: %s", e)
                    continue
                with self._lock:
                    self._cancels.append(cancel)
                    for segment in self._running.values():
                        if cancel.covers(segment.task):
                            LOG.info("cancel for trial %s: %s", segment.trial_id, cancel.reason)
                            segment._halt("CANCELLED", cancel.reason)

    def _handle_signals(self) -> dict[int, Any]:
        if threading.current_thread() is not threading.main_thread():
            return {}
        previous: dict[int, Any] = {}

        def handle(signum: int, _frame: FrameType | None) -> None:
            LOG.info("signal %d: stopping (segments in training stop at their next check; again to abort)", signum)
            signal.signal(signum, previous[signum] or signal.SIG_DFL)
            self.stop()

        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, handle)
        return previous
