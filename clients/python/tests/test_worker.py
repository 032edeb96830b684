import os
import socket
import threading
import time
import unittest

from fixtures import OTHER_TRIAL, SEAL, STUDY, TRIAL, blocking_train, cancel, running, task

from milotune import Cancel, EpochReport, Heartbeat, MemoryTransport, Segment, SegmentOutcome, TransientError, Worker
from milotune.transport import Delivery
from milotune.worker import _Offsets


def outcomes(transport: MemoryTransport) -> list[SegmentOutcome]:
    return transport.records(SegmentOutcome)


def has_outcomes(n: int):
    return lambda t: len(outcomes(t)) >= n


def train_well(segment: Segment) -> str:
    for epoch in segment.epochs():
        idx = segment.subset(epoch)
        segment.report(epoch, {"validation_accuracy": 0.8, "validation_loss": 0.5, "train_loss": 0.4, "f1": 0.7},
                       len(idx), 1.5)
    return f"ckpt/{segment.trial_id}/{segment.epoch_to}"


def failing(error: Exception):
    def train(segment: Segment) -> str:
        raise error

    return train


class CompletedSegmentTest(unittest.TestCase):

    def test_reports_each_epoch_then_the_outcome_with_the_checkpoint_then_commits(self):
        with running(train_well) as (worker, transport):
            delivery = transport.add_task(task())
            transport.wait_for(lambda t: delivery in t.committed)
        sent = transport.sent()
        reports = [r for _k, r in sent if isinstance(r, EpochReport)]
        self.assertEqual([1, 2], [r.epoch for r in reports])
        for r in reports:
            self.assertEqual((STUDY, TRIAL, 1, 1, 3, SEAL), (r.study_id, r.trial_id, r.attempt, r.epoch_from, r.epoch_to, r.seal))
            self.assertEqual((0.4, 0.5, 0.8), (r.train_loss, r.validation_loss, r.validation_accuracy))
            self.assertEqual({"validation_accuracy": 0.8, "validation_loss": 0.5, "train_loss": 0.4, "f1": 0.7}, r.metrics)
            self.assertEqual(10 + r.epoch, r.items_seen)
            self.assertEqual(1.5, r.epoch_seconds)
            self.assertEqual(("cpu", f"{socket.gethostname()}/{os.getpid()}"), (r.device, r.worker_id))
        [outcome] = outcomes(transport)
        self.assertEqual(("COMPLETED", f"ckpt/{TRIAL}/3", None, False, SEAL),
                         (outcome.status, outcome.checkpoint, outcome.reason, outcome.retriable, outcome.seal))
        keys = [k for k, r in sent if not isinstance(r, Heartbeat)]
        self.assertEqual([TRIAL] * 3, keys)
        self.assertIsInstance([r for _k, r in sent if not isinstance(r, Heartbeat)][-1], SegmentOutcome)
        self.assertEqual([delivery], transport.committed)
        self.assertEqual([(STUDY, TRIAL, 1), (STUDY, TRIAL, 2)], worker._api.calls)

    def test_metrics_absent_fill_the_fixed_fields_with_zero(self):
        def train(segment: Segment) -> None:
            for epoch in segment.epochs():
                segment.report(epoch, {"perplexity": 12.5}, 0, 0.0)

        with running(train) as (_worker, transport):
            transport.add_task(task(epoch_from=0, epoch_to=1))
            transport.wait_for(has_outcomes(1))
        [report] = transport.records(EpochReport)
        self.assertEqual((0.0, 0.0, 0.0, {"perplexity": 12.5}),
                         (report.train_loss, report.validation_loss, report.validation_accuracy, report.metrics))
        self.assertEqual(("COMPLETED", None), (outcomes(transport)[0].status, outcomes(transport)[0].checkpoint))

    def test_test_accuracy_goes_in_the_outcome(self):
        def train(segment: Segment) -> str:
            train_well(segment)
            segment.report_test_accuracy(0.875)
            return "c"

        with running(train) as (_worker, transport):
            transport.add_task(task(evaluate_test=True))
            transport.wait_for(has_outcomes(1))
        self.assertEqual(0.875, outcomes(transport)[0].test_accuracy)


class FailedSegmentTest(unittest.TestCase):

    def outcome_of(self, train, **changes) -> SegmentOutcome:
        with running(train) as (_worker, transport):
            delivery = transport.add_task(task(**changes))
            transport.wait_for(lambda t: delivery in t.committed)
        [outcome] = outcomes(transport)
        return outcome

    def test_an_exception_fails_the_segment_with_its_type_and_first_line_not_retriable(self):
        outcome = self.outcome_of(failing(ValueError("lr must be positive\nsecond line")))
        self.assertEqual(("FAILED", "ValueError: lr must be positive", False, None),
                         (outcome.status, outcome.reason, outcome.retriable, outcome.checkpoint))

    def test_the_reason_is_cut_at_500_characters(self):
        outcome = self.outcome_of(failing(RuntimeError("x" * 900)))
        self.assertEqual("RuntimeError: " + "x" * 486, outcome.reason)

    def test_an_exception_without_message_is_named_by_its_type(self):
        self.assertEqual("KeyError", self.outcome_of(failing(KeyError())).reason)

    def test_a_transient_error_is_retriable(self):
        outcome = self.outcome_of(failing(TransientError("broker down")))
        self.assertEqual(("FAILED", "TransientError: broker down", True), (outcome.status, outcome.reason, outcome.retriable))

    def test_a_nan_loss_fails_not_retriable(self):
        def train(segment: Segment) -> str:
            for epoch in segment.epochs():
                segment.report(epoch, {"train_loss": float("nan")}, 1, 1.0)
            return "c"

        outcome = self.outcome_of(train)
        self.assertEqual(("FAILED", False), (outcome.status, outcome.retriable))
        self.assertIn("trainLoss is nan", outcome.reason)

    def test_epochs_reported_out_of_order_fail(self):
        def train(segment: Segment) -> str:
            segment.report(2, {}, 1, 1.0)
            return "c"

        self.assertEqual("ValueError: epoch 2 reported, but epoch 1 is next: report every epoch of [1, 3) once, in order",
                         self.outcome_of(train).reason)

    def test_returning_before_the_last_epoch_fails(self):
        def train(segment: Segment) -> str:
            segment.report(1, {}, 1, 1.0)
            return "c"

        self.assertEqual("RuntimeError: the training function returned after reporting epochs [1, 2) of [1, 3)",
                         self.outcome_of(train).reason)

    def test_a_checkpoint_reference_over_2000_characters_fails(self):
        def train(segment: Segment) -> str:
            train_well(segment)
            return "c" * 2001

        self.assertIn("checkpoint", self.outcome_of(train).reason)


class CancelTest(unittest.TestCase):

    def test_a_cancel_of_the_study_stops_the_segment(self):
        started = threading.Event()
        with running(blocking_train(threading.Event(), started)) as (_worker, transport):
            delivery = transport.add_task(task())
            self.assertTrue(started.wait(5))
            transport.add_cancel(cancel())
            transport.wait_for(lambda t: delivery in t.committed)
        [outcome] = outcomes(transport)
        self.assertEqual(("CANCELLED", "pruned", False, None),
                         (outcome.status, outcome.reason, outcome.retriable, outcome.checkpoint))
        self.assertEqual([], transport.records(EpochReport))

    def test_a_cancel_of_the_trial_stops_it_and_one_of_another_trial_or_an_older_one_does_not(self):
        started, release = threading.Event(), threading.Event()
        with running(blocking_train(release, started)) as (_worker, transport):
            transport.add_task(task())
            self.assertTrue(started.wait(5))
            transport.add_cancel(cancel(OTHER_TRIAL))
            transport.add_cancel(cancel(TRIAL, after=-1))
            transport.add_cancel(Cancel("0f1e2d3c-4b5a-4968-8776-000000000000", None, None, cancel().sent_at))
            time.sleep(0.3)
            self.assertEqual([], outcomes(transport))
            transport.add_cancel(cancel(TRIAL))
            transport.wait_for(has_outcomes(1))
        self.assertEqual("CANCELLED", outcomes(transport)[0].status)

    def test_a_task_issued_before_a_cancel_that_arrived_is_not_trained(self):
        calls = []
        with running(lambda s: calls.append(s) or train_well(s)) as (_worker, transport):
            transport.add_cancel(cancel())
            time.sleep(0.2)
            delivery = transport.add_task(task())
            transport.wait_for(lambda t: delivery in t.committed)
            later = transport.add_task(task(attempt=2, issued_at=cancel(after=2).sent_at))
            transport.wait_for(lambda t: later in t.committed)
        self.assertEqual([2], [s.attempt for s in calls])
        self.assertEqual([("CANCELLED", 1), ("COMPLETED", 2)], [(o.status, o.attempt) for o in outcomes(transport)])


class RedeliveryTest(unittest.TestCase):

    def test_a_second_copy_of_a_segment_in_training_is_dropped(self):
        calls, started, release = [], threading.Event(), threading.Event()
        train = blocking_train(release, started)
        with running(lambda s: calls.append(s) or train(s), slots=2) as (_worker, transport):
            first = transport.add_task(task())
            self.assertTrue(started.wait(5))
            second = transport.add_task(task())
            time.sleep(0.3)
            self.assertEqual([], transport.committed, "the copy is not committed before the segment is done")
            release.set()
            transport.wait_for(lambda t: second in t.committed)
        self.assertEqual(1, len(calls))
        self.assertEqual(1, len(outcomes(transport)))
        self.assertEqual([second], transport.committed)
        self.assertLess(first.offset, second.offset)

    def test_a_completed_segment_sends_its_outcome_again(self):
        calls = []
        with running(lambda s: calls.append(s) or train_well(s)) as (_worker, transport):
            transport.add_task(task())
            again = transport.add_task(task())  # waits for the only slot
            transport.wait_for(lambda t: again in t.committed)
        self.assertEqual(1, len(calls))
        first, second = outcomes(transport)
        self.assertEqual(first.to_dict() | {"sentAt": None}, second.to_dict() | {"sentAt": None})
        self.assertEqual(2, len(transport.records(EpochReport)))

    def test_another_attempt_of_the_same_epochs_is_trained(self):
        calls = []
        with running(lambda s: calls.append(s) or train_well(s)) as (_worker, transport):
            transport.add_task(task())
            transport.add_task(task(attempt=2))
            transport.wait_for(has_outcomes(2))
        self.assertEqual([1, 2], [s.attempt for s in calls])


class HeartbeatTest(unittest.TestCase):

    def test_a_heartbeat_at_start_and_at_once_when_a_segment_starts_lists_it(self):
        started, release = threading.Event(), threading.Event()
        with running(blocking_train(release, started)) as (worker, transport):
            transport.wait_for(lambda t: len(t.records(Heartbeat)) == 1)
            transport.add_task(task())
            transport.wait_for(lambda t: len(t.records(Heartbeat)) == 2)
            release.set()
            transport.wait_for(has_outcomes(1))
        idle, busy = transport.records(Heartbeat)[:2]
        self.assertEqual((0, ()), (idle.busy_slots, idle.running))
        self.assertEqual(("pytorch", 1, 1, "cpu", worker.worker_id, socket.gethostname()),
                         (busy.pool, busy.slots, busy.busy_slots, busy.device, busy.worker_id, busy.host))
        [segment] = busy.running
        self.assertEqual((STUDY, TRIAL, 1, 1, 3, SEAL, 1), (segment.study_id, segment.trial_id, segment.attempt,
                                                             segment.epoch_from, segment.epoch_to, segment.seal,
                                                             segment.epoch))
        self.assertEqual(idle.started_at, busy.started_at)
        self.assertEqual(worker.worker_id, transport.sent()[0][0], "heartbeats are keyed by worker id")

    def test_heartbeats_come_every_interval_with_the_current_epoch(self):
        def train(segment: Segment) -> str:
            for epoch in segment.epochs():
                time.sleep(0.25)
                segment.report(epoch, {}, 1, 0.25)
            return "c"

        with running(train, heartbeat_interval=0.05) as (_worker, transport):
            transport.add_task(task(epoch_from=0, epoch_to=2))
            transport.wait_for(has_outcomes(1))
        epochs = [b.running[0].epoch for b in transport.records(Heartbeat) if b.running]
        self.assertGreater(len(epochs), 4)
        self.assertEqual([0, 1], sorted(set(epochs)))

    def test_two_slots_train_two_segments_at_once(self):
        release = threading.Event()
        with running(blocking_train(release), slots=2) as (_worker, transport):
            transport.add_task(task())
            transport.add_task(task(trial_id=OTHER_TRIAL))
            transport.wait_for(lambda t: any(b.busy_slots == 2 for b in t.records(Heartbeat)))
            release.set()
            transport.wait_for(has_outcomes(2))
        self.assertEqual({TRIAL, OTHER_TRIAL}, {o.trial_id for o in outcomes(transport)})


class LifecycleTest(unittest.TestCase):

    def test_stop_fails_the_segment_in_training_as_retriable_and_closes_the_transport(self):
        started = threading.Event()
        with running(blocking_train(threading.Event(), started)) as (worker, transport):
            delivery = transport.add_task(task())
            self.assertTrue(started.wait(5))
            worker.stop()
            transport.wait_for(lambda t: t.closed)
        [outcome] = outcomes(transport)
        self.assertEqual(("FAILED", "worker stopping", True), (outcome.status, outcome.reason, outcome.retriable))
        self.assertEqual([delivery], transport.committed)

    def test_a_task_that_cannot_be_decoded_is_set_aside_and_committed(self):
        with running(train_well) as (_worker, transport):
            bad = transport.add_task(task().to_json().replace(b'"v":3', b'"v":2'))
            transport.wait_for(lambda t: bad in t.committed)
        self.assertEqual([(bad, "v is 2, but must be 3")], transport.dead_letters)
        self.assertEqual([], outcomes(transport))

    def test_the_pool_slots_and_device_are_checked(self):
        for options, message in [({"pool": "Py"}, "pool 'Py' must match"), ({"pool": "dlq"}, "not be dlq"),
                                 ({"slots": 0}, "slots is 0"), ({"device": " "}, "device must be non-empty")]:
            with self.subTest(options=options), self.assertRaisesRegex(ValueError, message):
                Worker(**({"pool": "pytorch"} | options), transport=MemoryTransport())


class OffsetsTest(unittest.TestCase):

    def test_a_partition_is_committed_only_up_to_its_first_task_still_open(self):
        offsets = _Offsets()
        a, b, c, other = Delivery(b"", 0, 5), Delivery(b"", 0, 6), Delivery(b"", 0, 7), Delivery(b"", 1, 2)
        for d in (a, b, c, other):
            offsets.open(d)
        self.assertIsNone(offsets.close(b))
        self.assertEqual(other, offsets.close(other))
        self.assertIsNone(offsets.close(c))
        self.assertEqual(c, offsets.close(a))


if __name__ == "__main__":
    unittest.main()
