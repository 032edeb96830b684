import dataclasses
import json
import unittest
from datetime import datetime, timezone

from fixtures import ISSUED, SEAL, STUDY, TRIAL, cancel, task

from milotune import Cancel, EpochReport, Heartbeat, RunningSegment, SegmentOutcome, TrialTask, WireError
from milotune.wire import decode_report

SENT = datetime(2026, 11, 25, 11, 56, 49, 247000, tzinfo=timezone.utc)


def report(**changes) -> EpochReport:
    fields = dict(study_id=STUDY, trial_id=TRIAL, attempt=1, epoch_from=1, epoch_to=3, seal=SEAL, epoch=2,
                  train_loss=0.4, validation_loss=0.5, validation_accuracy=0.8, epoch_seconds=1.5, items_seen=5400,
                  device="cpu", worker_id="host/1", sent_at=SENT, metrics={"validation_accuracy": 0.8, "f1": -0.5})
    return EpochReport(**(fields | changes))


def outcome(**changes) -> SegmentOutcome:
    fields = dict(study_id=STUDY, trial_id=TRIAL, attempt=1, epoch_from=1, epoch_to=3, seal=SEAL, status="COMPLETED",
                  reason=None, retriable=False, checkpoint="/ckpt/1-3.pt", test_accuracy=None, device="cpu",
                  worker_id="host/1", sent_at=SENT)
    return SegmentOutcome(**(fields | changes))


def heartbeat(**changes) -> Heartbeat:
    running = (RunningSegment(STUDY, TRIAL, 1, 1, 3, SEAL, 2),)
    fields = dict(worker_id="host/1", host="host", pool="pytorch", slots=2, busy_slots=1, device="cpu", running=running,
                  started_at=ISSUED, sent_at=SENT)
    return Heartbeat(**(fields | changes))


class RoundTripTest(unittest.TestCase):

    def test_every_record_survives_json(self):
        for record in (task(), task(checkpoint="x", subset=dataclasses.replace(task().subset, plan_id=None)), report(),
                       outcome(), outcome(status="FAILED", reason="ValueError: x", retriable=True, checkpoint=None),
                       outcome(test_accuracy=0.9), heartbeat(), heartbeat(busy_slots=0, running=()), cancel(),
                       cancel(TRIAL)):
            with self.subTest(record=type(record).__name__):
                self.assertEqual(record, type(record).from_json(record.to_json()))

    def test_reports_decode_by_type(self):
        for record in (report(), outcome(), heartbeat()):
            self.assertEqual(record, decode_report(record.to_json()))
        with self.assertRaisesRegex(WireError, "type is 'plan', but must be 'epoch', 'outcome' or 'heartbeat'"):
            decode_report(b'{"type":"plan"}')


class FieldsTest(unittest.TestCase):
    """The exact JSON of each record: Jackson needs every field of a record (nulls included), camelCase."""

    def test_task(self):
        self.assertEqual(
            ["v", "studyId", "trialId", "trialNumber", "attempt", "seed", "modelFamily", "hyperparameters", "dataset",
             "subset", "objective", "epochFrom", "epochTo", "totalEpochs", "checkpoint", "evaluateTest", "issuedAt",
             "validationSample", "seal"], list(task().to_dict()))
        self.assertEqual({"name": "fashion-mnist", "contentHash": "ab" * 32, "encoder": "default"}, task().to_dict()["dataset"])
        self.assertEqual(["strategy", "planId", "fraction", "kappa", "interval"], list(task().to_dict()["subset"]))

    def test_epoch_report(self):
        data = report().to_dict()
        self.assertEqual(
            ["type", "v", "studyId", "trialId", "attempt", "epochFrom", "epochTo", "seal", "epoch", "trainLoss",
             "validationLoss", "validationAccuracy", "epochSeconds", "itemsSeen", "device", "workerId", "sentAt",
             "metrics"], list(data))
        self.assertEqual(("epoch", 3, "2026-11-25T11:56:49.247Z"), (data["type"], data["v"], data["sentAt"]))

    def test_outcome_sends_its_nulls(self):
        text = outcome().to_json().decode()
        self.assertIn('"type":"outcome","v":2,', text)
        self.assertIn('"reason":null', text)
        self.assertIn('"testAccuracy":null', text)
        self.assertEqual(
            ["type", "v", "studyId", "trialId", "attempt", "epochFrom", "epochTo", "seal", "status", "reason",
             "retriable", "checkpoint", "testAccuracy", "device", "workerId", "sentAt"], list(outcome().to_dict()))

    def test_heartbeat(self):
        data = heartbeat().to_dict()
        self.assertEqual(["type", "v", "workerId", "host", "pool", "slots", "busySlots", "device", "running",
                          "startedAt", "sentAt"], list(data))
        self.assertEqual({"studyId": STUDY, "trialId": TRIAL, "attempt": 1, "epochFrom": 1, "epochTo": 3, "seal": SEAL,
                          "epoch": 2}, data["running"][0])
        self.assertEqual(("heartbeat", 3), (data["type"], data["v"]))

    def test_cancel_as_the_orchestrator_sends_it(self):
        raw = ('{"v":1,"studyId":"%s","trialId":null,"reason":"study cancelled","sentAt":"2026-11-25T11:56:35.123456789Z",'
               '"extra":"ignored"}' % STUDY)
        decoded = Cancel.from_json(raw)
        self.assertEqual((STUDY, None, "study cancelled"), (decoded.study_id, decoded.trial_id, decoded.reason))
        self.assertEqual(datetime(2026, 11, 25, 11, 56, 35, 123456, tzinfo=timezone.utc), decoded.sent_at)


class RejectionTest(unittest.TestCase):
    """Each rejection names the field, its value and the rule."""

    def check(self, record_type, data: dict, message: str):
        with self.assertRaises(WireError) as caught:
            record_type.from_json(json.dumps(data))
        self.assertEqual(message, str(caught.exception))

    def test_task_rules(self):
        good = task().to_dict()
        for changes, message in [
            ({"v": 2}, "v is 2, but must be 3"),
            ({"studyId": "5B0C1F6E-8A53-4D55-9D2E-0F4A1C2B3D4E"},
             "studyId is '5B0C1F6E-8A53-4D55-9D2E-0F4A1C2B3D4E', but must be a lower-case UUID"),
            ({"trialNumber": -1}, "trialNumber is -1, but must be >= 0"),
            ({"attempt": "1"}, "attempt is '1', but must be an integer"),
            ({"attempt": True}, "attempt is True, but must be an integer"),
            ({"seed": 4.5}, "seed is 4.5, but must be an integer"),
            ({"epochTo": 1}, "epochTo is 1, but must be > epochFrom (1) and at most 100000"),
            ({"totalEpochs": 2}, "totalEpochs is 2, but must be >= epochTo (3)"),
            ({"validationSample": 0}, "validationSample is 0.0, but must be in (0, 1]"),
            ({"seal": " "}, "seal is ' ', but must be non-empty"),
            ({"hyperparameters": [1]}, "hyperparameters is [1], but must be a JSON object"),
            ({"issuedAt": "2026-11-25T11:56:34"},
             "issuedAt is '2026-11-25T11:56:34', but must be an ISO-8601 instant with a time zone, like 2026-11-25T11:56:34.256Z"),
            ({"evaluateTest": "yes"}, "evaluateTest is 'yes', but must be true or false"),
            ({"dataset": good["dataset"] | {"name": "../etc"}}, "dataset.name is '../etc', but must match [a-z0-9][a-z0-9._-]{0,99}"),
            ({"subset": good["subset"] | {"fraction": 1.5}}, "subset.fraction is 1.5, but must be in (0, 1]"),
            ({"subset": good["subset"] | {"kappa": None}}, "subset.kappa is null, but is required"),
            ({"checkpoint": "c" * 2001}, f"checkpoint is {'c' * 80!r}... (2001 characters), but must be at most 2000 characters"),
        ]:
            with self.subTest(changes=list(changes)):
                self.check(TrialTask, good | changes, message)

    def test_a_missing_field_is_named(self):
        data = task().to_dict()
        del data["objective"]
        self.check(TrialTask, data, "objective is null, but is required")

    def test_a_nullable_field_may_be_null_or_absent(self):
        data = task().to_dict()
        del data["checkpoint"]
        self.assertIsNone(TrialTask.from_json(json.dumps(data)).checkpoint)

    def test_not_json_or_not_numbers(self):
        with self.assertRaisesRegex(WireError, r"^TrialTask is '\{', but must be a JSON object"):
            TrialTask.from_json(b"{")
        with self.assertRaisesRegex(WireError, "NaN is not a JSON number"):
            TrialTask.from_json(task().to_json().replace(b'"seed":42', b'"seed":NaN'))
        with self.assertRaisesRegex(WireError, r"^TrialTask is \[\], but must be a JSON object$"):
            TrialTask.from_json(b"[]")

    def test_report_rules(self):
        for changes, message in [
            ({"validationAccuracy": 1.5}, "validationAccuracy is 1.5, but must be a finite number in [0.0, 1.0]"),
            ({"trainLoss": -0.1}, "trainLoss is -0.1, but must be a finite number >= 0.0"),
            ({"epoch": 3}, "epoch is 3, but must be in the segment [1, 3)"),
            ({"epochSeconds": 1e9}, "epochSeconds is 1000000000.0, but must be a finite number in [0.0, 604800.0]"),
            ({"metrics": {"Bad": 1}}, "metrics is 'Bad', but names must match [a-z][a-z0-9_.-]{0,63}"),
            ({"metrics": {"f1": "high"}}, "metrics.f1 is 'high', but must be a number"),
            ({"metrics": {f"m{i}": 1 for i in range(65)}}, "metrics is '65 metrics', but must be at most 64"),
            ({"type": "outcome"}, "type is 'outcome', but must be 'epoch'"),
        ]:
            with self.subTest(changes=list(changes)):
                self.check(EpochReport, report().to_dict() | changes, message)
        with self.assertRaisesRegex(WireError, "metrics.loss is inf, but must be a finite number"):
            report(metrics={"loss": float("inf")})

    def test_outcome_rules(self):
        self.check(SegmentOutcome, outcome().to_dict() | {"status": "FAILED"}, "reason is null, but is required when status is FAILED")
        self.check(SegmentOutcome, outcome().to_dict() | {"status": "DONE"},
                   "status is 'DONE', but must be one of COMPLETED, FAILED, CANCELLED")
        self.check(SegmentOutcome, outcome().to_dict() | {"testAccuracy": 2},
                   "testAccuracy is 2.0, but must be a finite number in [0.0, 1.0]")

    def test_heartbeat_rules(self):
        self.check(Heartbeat, heartbeat().to_dict() | {"busySlots": 3}, "busySlots is 3, but must be between 0 and slots (2)")
        self.check(Heartbeat, heartbeat().to_dict() | {"busySlots": 0}, "running is '1 segments', but must list busySlots (0) segments")
        self.check(Heartbeat, heartbeat().to_dict() | {"pool": "Py"}, "pool is 'Py', but must match [a-z0-9][a-z0-9-]{0,39}")
        running = heartbeat().to_dict()["running"][0] | {"epoch": 0}
        self.check(Heartbeat, heartbeat().to_dict() | {"running": [running]}, "running.epoch is 0, but must be in the segment [1, 3)")

    def test_cancel_rules(self):
        self.check(Cancel, cancel().to_dict() | {"trialId": "7"}, "trialId is '7', but must be a lower-case UUID")
        self.check(Cancel, cancel().to_dict() | {"v": 2}, "v is 2, but must be 1")


class CancelCoversTest(unittest.TestCase):

    def test_a_cancel_covers_the_tasks_of_its_study_or_trial_issued_before_it(self):
        self.assertTrue(cancel().covers(task()))
        self.assertTrue(cancel(TRIAL).covers(task()))
        self.assertTrue(cancel(after=0).covers(task()))
        self.assertFalse(cancel("0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f").covers(task()))
        self.assertFalse(cancel(after=-0.001).covers(task()))
        self.assertFalse(dataclasses.replace(cancel(), study_id="0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f").covers(task()))


if __name__ == "__main__":
    unittest.main()
