"""The Kafka transport: a pool's tasks topic, the control topic and the reports topic."""

from __future__ import annotations

import collections
import logging
import os
import uuid
from collections.abc import Callable, Mapping

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer, TopicPartition

from .errors import TransientError
from .transport import Delivery
from .wire import POOL

LOG = logging.getLogger("milotune")

BUILTIN_POOL = "builtin"
TRIALS_TOPIC = "milotune.trials"
REPORTS_TOPIC = "milotune.reports"
CONTROL_TOPIC = "milotune.control"
OUTCOME_WAIT_SECONDS = 60.0


def tasks_topic(pool: str) -> str:
    """``milotune.trials`` for the built-in pool, ``milotune.trials.<pool>`` for the others."""
    if POOL.fullmatch(pool) is None or pool == "dlq":
        raise ValueError(f"pool {pool!r} must match {POOL.pattern} and not be dlq")
    return TRIALS_TOPIC if pool == BUILTIN_POOL else f"{TRIALS_TOPIC}.{pool}"


def workers_group(pool: str) -> str:
    """The consumer group of a pool's workers: ``milotune-workers`` or ``milotune-workers.<pool>``."""
    tasks_topic(pool)
    return "milotune-workers" if pool == BUILTIN_POOL else f"milotune-workers.{pool}"


def read_properties(path: str | os.PathLike[str]) -> dict[str, str]:
    """A librdkafka properties file: ``key=value`` lines; blank lines and ``#`` or ``!`` comments are skipped."""
    properties: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith(("#", "!")):
                continue
            key, sep, value = line.partition("=")
            if not sep or not key.strip():
                # The line is not echoed: it may hold a password.
                raise ValueError(f"{path}:{number}: expected key=value")
            properties[key.strip()] = value.strip()
    return properties


def client_config(kafka_config: str | os.PathLike[str] | None, bootstrap: str | None) -> dict[str, str]:
    """The properties file's settings, with ``bootstrap`` (when given) as ``bootstrap.servers``."""
    config = read_properties(kafka_config) if kafka_config is not None else {}
    if bootstrap:
        config["bootstrap.servers"] = bootstrap
    if not config.get("bootstrap.servers"):
        raise ValueError("no Kafka bootstrap servers: pass bootstrap or a kafka_config that sets bootstrap.servers")
    return config


class KafkaTransport:
    """Reads the pool's tasks (group ``milotune-workers.<pool>``, manual commits) and every cancel (a group of its
    own, from the latest offset); writes reports with an idempotent producer (acks=all).

    While all slots are busy, the tasks consumer is paused but still polled, so that it stays in its group and
    takes part in rebalances however long a segment trains.
    """

    def __init__(self, pool: str, config: Mapping[str, str]) -> None:
        self._topic = tasks_topic(pool)
        common = dict(config)
        # librdkafka retries until message.timeout.ms; idempotence keeps retries free of duplicates and reordering.
        self._producer = Producer({**common, "acks": "all", "enable.idempotence": True, "linger.ms": 5})
        self._tasks = Consumer({**common, "group.id": workers_group(pool), "enable.auto.commit": False,
                                "auto.offset.reset": "earliest"})
        self._tasks.subscribe([self._topic], on_revoke=self._revoked)
        self._control = Consumer({**common, "group.id": f"milotune-control-{uuid.uuid4()}",
                                  "enable.auto.commit": False, "auto.offset.reset": "latest"})
        self._control.subscribe([CONTROL_TOPIC])
        self._held: collections.deque[Delivery] = collections.deque()
        self._paused = False

    def next_task(self, timeout: float) -> Delivery | None:
        if self._paused:
            self._tasks.resume(self._tasks.assignment())
            self._paused = False
        if self._held:
            return self._held.popleft()
        return self._delivery(self._poll(timeout))

    def idle(self, timeout: float) -> None:
        if not self._paused:
            self._tasks.pause(self._tasks.assignment())
            self._paused = True
        delivery = self._delivery(self._poll(timeout))
        if delivery is not None:
            # A partition assigned while paused delivered: keep the task for the next free slot.
            self._held.append(delivery)
            self._tasks.pause(self._tasks.assignment())

    def commit(self, delivery: Delivery) -> None:
        try:
            self._tasks.commit(offsets=[TopicPartition(self._topic, delivery.partition, delivery.offset + 1)],
                               asynchronous=False)
        except KafkaException as e:
            raise TransientError(f"commit of {self._topic}[{delivery.partition}]@{delivery.offset}: {e}") from e

    def dead_letter(self, delivery: Delivery, reason: str) -> None:
        # Every pool's unreadable tasks share the built-in pool's dead-letter topic (the worker principal may write it).
        self._produce(TRIALS_TOPIC + ".dlq", delivery.key, delivery.value, [("dead-letter-reason", reason.encode())])

    def next_cancels(self, timeout: float) -> list[bytes]:
        try:
            messages = self._control.consume(num_messages=100, timeout=timeout)
        except KafkaException as e:
            raise TransientError(f"reading {CONTROL_TOPIC}: {e}") from e
        out = []
        for message in messages:
            if message.error():
                LOG.warning("control topic: %s", message.error())
            elif message.value() is not None:
                out.append(message.value())
        return out

    def send(self, key: str, value: bytes, wait: bool = False) -> None:
        result: list[KafkaError | None] = []
        self._produce(REPORTS_TOPIC, key.encode(), value, None, (lambda err, _m: result.append(err)) if wait else None)
        if wait:
            self._producer.flush(OUTCOME_WAIT_SECONDS)
            if not result or result[0] is not None:
                raise TransientError(f"not delivered to {REPORTS_TOPIC}: {result[0] if result else 'timed out'}")

    def close(self) -> None:
        for consumer in (self._tasks, self._control):
            try:
                consumer.close()
            except KafkaException as e:
                LOG.warning("closing a consumer: %s", e)
        self._producer.flush(10)

    def _produce(self, topic: str, key: bytes | None, value: bytes, headers: list[tuple[str, bytes]] | None,
                 on_delivery: Callable[[KafkaError | None, Message], None] | None = None) -> None:
        callback = on_delivery or self._delivered
        try:
            try:
                self._producer.produce(topic, value=value, key=key, headers=headers, on_delivery=callback)
            except BufferError:  # the local queue is full: serve deliveries, then try once more
                self._producer.poll(1.0)
                self._producer.produce(topic, value=value, key=key, headers=headers, on_delivery=callback)
        except (BufferError, KafkaException) as e:
            raise TransientError(f"cannot produce to {topic}: {e}") from e
        self._producer.poll(0)

    @staticmethod
    def _delivered(error: KafkaError | None, message: Message) -> None:
        if error is not None:
            LOG.error("not delivered to %s: %s", message.topic(), error)

    def _poll(self, timeout: float) -> Message | None:
        try:
            return self._tasks.poll(timeout)
        except KafkaException as e:
            raise TransientError(f"reading {self._topic}: {e}") from e

    def _delivery(self, message: Message | None) -> Delivery | None:
        if message is None:
            return None
        if message.error():
            LOG.warning("tasks topic %s: %s", self._topic, message.error())
            return None
        return Delivery(message.value() or b"", message.partition() or 0, message.offset() or 0, message.key())

    def _revoked(self, _consumer: Consumer, partitions: list[TopicPartition]) -> None:
        lost = {p.partition for p in partitions}
        self._held = collections.deque(d for d in self._held if d.partition not in lost)
