"""The worker on a real broker: set MILOTUNE_TEST_BOOTSTRAP=host:port (a broker that lets this client create
topics, e.g. a plain local KRaft broker) to run it; skipped otherwise."""

import os
import threading
import time
import unittest
import uuid

from fixtures import OTHER_TRIAL, TRIAL, FakeSubsets, task

from milotune import Cancel, Heartbeat, Segment, SegmentOutcome, Worker
from milotune.wire import decode_report, now

BOOTSTRAP = os.environ.get("MILOTUNE_TEST_BOOTSTRAP")


@unittest.skipUnless(BOOTSTRAP, "set MILOTUNE_TEST_BOOTSTRAP=host:port to run against a broker")
class KafkaBrokerTest(unittest.TestCase):

    def test_tasks_reports_cancels_and_commits(self):
        from confluent_kafka import Consumer, Producer, TopicPartition
        from confluent_kafka.admin import AdminClient, NewTopic

        pool = "it-" + uuid.uuid4().hex[:8]
        topic = f"milotune.trials.{pool}"
        wanted = [NewTopic(topic, 6, 1), NewTopic("milotune.reports", 6, 1), NewTopic("milotune.control", 1, 1)]
        admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
        for future in admin.create_topics(wanted).values():
            try:
                future.result()
            except Exception as e:  # the shared topics may exist
                self.assertIn("TOPIC_ALREADY_EXISTS", str(e))
        reports = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": f"it-{uuid.uuid4()}",
                            "auto.offset.reset": "latest"})
        reports.subscribe(["milotune.reports"])
        while not reports.assignment():
            reports.poll(0.2)

        def train(segment: Segment) -> str:
            for epoch in segment.epochs():
                for _ in range(20):
                    time.sleep(0.05)
                    segment.check_cancelled()
                segment.report(epoch, {"validation_accuracy": 0.5}, len(segment.subset(epoch)), 1.0)
            return "ckpt-" + segment.trial_id

        worker = Worker(pool, bootstrap=BOOTSTRAP, api=FakeSubsets(), heartbeat_interval=0.5)
        thread = threading.Thread(target=worker.run, args=(train,), daemon=True)
        thread.start()
        first, second = task(epoch_from=0, epoch_to=2), task(trial_id=OTHER_TRIAL, epoch_from=0, epoch_to=2,
                                                              issued_at=now())
        producer = Producer({"bootstrap.servers": BOOTSTRAP})
        for t in (first, first, second):
            producer.produce(topic, key=t.trial_id.encode(), value=t.to_json())
        producer.produce(topic, key=b"bad", value=b'{"v":1}')
        producer.flush(10)
        outcomes, cancelled, deadline = [], False, time.monotonic() + 60
        try:
            while len(outcomes) < 3 and time.monotonic() < deadline:
                message = reports.poll(0.5)
                if message is None or message.error():
                    continue
                record = decode_report(message.value())
                if isinstance(record, SegmentOutcome):
                    outcomes.append(record)
                elif isinstance(record, Heartbeat) and record.pool == pool and not cancelled and any(
                        s.trial_id == OTHER_TRIAL for s in record.running):
                    cancel = Cancel(second.study_id, OTHER_TRIAL, "pruned", now())
                    producer.produce("milotune.control", key=second.study_id.encode(), value=cancel.to_json())
                    producer.flush(10)
                    cancelled = True
        finally:
            worker.stop()
            thread.join(30)
            reports.close()
        self.assertEqual(sorted([(TRIAL, "COMPLETED"), (TRIAL, "COMPLETED"), (OTHER_TRIAL, "CANCELLED")]),
                         sorted((o.trial_id, o.status) for o in outcomes))
        group = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": f"milotune-workers.{pool}"})
        committed = group.committed([TopicPartition(topic, p) for p in range(6)], timeout=10)
        group.close()
        self.assertEqual(4, sum(max(tp.offset, 0) for tp in committed), "every task committed, the bad one too")


if __name__ == "__main__":
    unittest.main()
