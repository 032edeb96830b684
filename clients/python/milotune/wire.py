"""The wire contract's records (docs/wire-contract.md) as dataclasses, with their JSON codec.

Every record checks the contract's rules when it is built, so a worker neither sends nor accepts
a record that breaks one: a :class:`WireError` names the field, its value and the rule. Fields are
snake_case in Python and camelCase on the wire; instants are ISO-8601 strings in UTC
(``2026-11-25T11:56:34.256Z``). Every field is sent, ``null`` included; unknown fields are ignored
on decoding, and a record of another version is rejected.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import types
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, ClassVar, TypeVar, Union, get_args, get_origin, get_type_hints

MAX_TEXT = 2_000
MAX_EPOCHS = 100_000
MAX_ITEMS = 1 << 40
MAX_SLOTS = 1_024
MAX_METRICS = 64
MAX_EPOCH_SECONDS = 7 * 24 * 3600.0
STATUSES = ("COMPLETED", "FAILED", "CANCELLED")

ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HEX64 = re.compile(r"[0-9a-f]{64}")
DATASET_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
METRIC_NAME = re.compile(r"[a-z][a-z0-9_.-]{0,63}")
POOL = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


class WireError(ValueError):
    """A record that is not valid JSON, lacks a field or breaks a rule of the contract."""

    def __init__(self, field: str, value: object, rule: str) -> None:
        super().__init__(f"{field} is {_show(value)}, but {rule}")
        self.field = field
        self.value = value
        self.rule = rule


def _show(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, (str, bytes)):
        text = value if isinstance(value, str) else value.decode("utf-8", "replace")
        return repr(text) if len(text) <= 80 else f"{text[:80]!r}... ({len(text)} characters)"
    return repr(value) if isinstance(value, (list, dict)) else str(value)


def require(condition: bool, field: str, value: object, rule: str) -> None:
    if not condition:
        raise WireError(field, value, rule)


def _text(value: str, field: str) -> None:
    require(bool(value.strip()), field, value, "must be non-empty")
    require(len(value) <= MAX_TEXT, field, value, f"must be at most {MAX_TEXT} characters")


def _optional_text(value: str | None, field: str) -> None:
    require(value is None or len(value) <= MAX_TEXT, field, value, f"must be at most {MAX_TEXT} characters")


def _id(value: str, field: str) -> None:
    require(ID.fullmatch(value) is not None, field, value, "must be a lower-case UUID")


def _finite(value: float, field: str, low: float, high: float = math.inf) -> None:
    bounds = f"in [{low}, {high}]" if high != math.inf else f">= {low}"
    require(math.isfinite(value) and low <= value <= high, field, value, f"must be a finite number {bounds}")


def _segment(prefix: str, study_id: str, trial_id: str, attempt: int, epoch_from: int, epoch_to: int, seal: str) -> None:
    _id(study_id, prefix + "studyId")
    _id(trial_id, prefix + "trialId")
    require(attempt >= 0, prefix + "attempt", attempt, "must be >= 0")
    require(epoch_from >= 0, prefix + "epochFrom", epoch_from, "must be >= 0")
    require(epoch_from < epoch_to <= MAX_EPOCHS, prefix + "epochTo", epoch_to,
            f"must be > epochFrom ({epoch_from}) and at most {MAX_EPOCHS}")
    _text(seal, prefix + "seal")


def format_instant(moment: datetime) -> str:
    """``2026-11-25T11:56:34.256Z``: UTC, milliseconds."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_instant(text: object, field: str) -> datetime:
    rule = "must be an ISO-8601 instant with a time zone, like 2026-11-25T11:56:34.256Z"
    require(isinstance(text, str), field, text, rule)
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        raise WireError(field, text, rule) from None
    require(moment.tzinfo is not None, field, text, rule)
    return moment.astimezone(timezone.utc)


def now() -> datetime:
    return datetime.now(timezone.utc)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


R = TypeVar("R", bound="Record")


class Record:
    """A wire record: encodes every dataclass field under its camelCase name, after ``type`` and ``v``."""

    TYPE: ClassVar[str | None] = None
    VERSION: ClassVar[int | None] = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.TYPE is not None:
            out["type"] = self.TYPE
        if self.VERSION is not None:
            out["v"] = self.VERSION
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            out[_camel(f.name)] = _encode(getattr(self, f.name))
        return out

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), separators=(",", ":"), allow_nan=False).encode("utf-8")

    @classmethod
    def from_json(cls: type[R], raw: bytes | str) -> R:
        def no_constants(name: str) -> object:
            raise ValueError(f"{name} is not a JSON number")

        try:
            data = json.loads(raw, parse_constant=no_constants)
        except (ValueError, UnicodeDecodeError) as e:
            raise WireError(cls.__name__, raw, f"must be a JSON object ({e})") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls: type[R], data: object, prefix: str = "") -> R:
        require(isinstance(data, Mapping), prefix.rstrip(".") or cls.__name__, data, "must be a JSON object")
        assert isinstance(data, Mapping)
        if cls.TYPE is not None and "type" in data:
            require(data["type"] == cls.TYPE, prefix + "type", data["type"], f"must be {cls.TYPE!r}")
        if cls.VERSION is not None:
            v = data.get("v")
            require(type(v) is int and v == cls.VERSION, prefix + "v", v, f"must be {cls.VERSION}")
        hints = get_type_hints(cls)
        values = {f.name: _decode(hints[f.name], data, _camel(f.name), prefix)
                  for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return cls(**values)


def _encode(value: object) -> object:
    if isinstance(value, datetime):
        return format_instant(value)
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(hint: Any, data: Mapping[str, Any], name: str, prefix: str) -> Any:
    field = prefix + name
    args = get_args(hint)
    optional = get_origin(hint) in (Union, types.UnionType) and type(None) in args
    base = next(a for a in args if a is not type(None)) if optional else hint
    value = data.get(name)
    if value is None:
        require(optional, field, None, "is required")
        return None
    if base is bool:
        require(isinstance(value, bool), field, value, "must be true or false")
    elif base is int:
        integral = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        require(integral and not isinstance(value, bool), field, value, "must be an integer")
        return int(value)
    elif base is float:
        require(isinstance(value, (int, float)) and not isinstance(value, bool), field, value, "must be a number")
        return float(value)
    elif base is str:
        require(isinstance(value, str), field, value, "must be a string")
    elif base is datetime:
        return parse_instant(value, field)
    elif isinstance(base, type) and issubclass(base, Record):
        return base.from_dict(value, field + ".")
    elif get_origin(base) is tuple:
        require(isinstance(value, list), field, value, "must be a JSON array")
        element = get_args(base)[0]
        return tuple(element.from_dict(v, field + ".") for v in value)
    elif get_origin(base) is Mapping:
        require(isinstance(value, dict), field, value, "must be a JSON object")
        if get_args(base)[1] is float:
            return {k: _decode(float, value, k, field + ".") for k in value}
    return value


@dataclasses.dataclass(frozen=True)
class DatasetRef(Record):
    name: str
    content_hash: str
    encoder: str

    def __post_init__(self) -> None:
        require(DATASET_NAME.fullmatch(self.name) is not None, "dataset.name", self.name, f"must match {DATASET_NAME.pattern}")
        _text(self.content_hash, "dataset.contentHash")
        _text(self.encoder, "dataset.encoder")


@dataclasses.dataclass(frozen=True)
class SubsetRef(Record):
    strategy: str
    plan_id: str | None
    fraction: float
    kappa: float
    interval: int

    def __post_init__(self) -> None:
        _text(self.strategy, "subset.strategy")
        require(self.plan_id is None or HEX64.fullmatch(self.plan_id) is not None, "subset.planId", self.plan_id,
                "must be 64 lower-case hex digits")
        require(0 < self.fraction <= 1, "subset.fraction", self.fraction, "must be in (0, 1]")
        require(0 <= self.kappa <= 1, "subset.kappa", self.kappa, "must be in [0, 1]")
        require(self.interval >= 1, "subset.interval", self.interval, "must be >= 1")


@dataclasses.dataclass(frozen=True)
class TrialTask(Record):
    """Train epochs ``[epoch_from, epoch_to)`` of ``total_epochs``, resuming from ``checkpoint`` when set."""

    VERSION: ClassVar[int | None] = 3

    study_id: str
    trial_id: str
    trial_number: int
    attempt: int
    seed: int
    model_family: str
    hyperparameters: Mapping[str, Any]
    dataset: DatasetRef
    subset: SubsetRef
    objective: str
    epoch_from: int
    epoch_to: int
    total_epochs: int
    checkpoint: str | None
    evaluate_test: bool
    issued_at: datetime
    validation_sample: float
    seal: str

    def __post_init__(self) -> None:
        _segment("", self.study_id, self.trial_id, self.attempt, self.epoch_from, self.epoch_to, self.seal)
        require(self.trial_number >= 0, "trialNumber", self.trial_number, "must be >= 0")
        _text(self.model_family, "modelFamily")
        _text(self.objective, "objective")
        require(self.total_epochs >= self.epoch_to, "totalEpochs", self.total_epochs, f"must be >= epochTo ({self.epoch_to})")
        _optional_text(self.checkpoint, "checkpoint")
        require(0 < self.validation_sample <= 1, "validationSample", self.validation_sample, "must be in (0, 1]")

    @property
    def segment_key(self) -> tuple[str, str, int, int, int]:
        """What identifies the segment: a second task with the same key is the same segment."""
        return self.study_id, self.trial_id, self.attempt, self.epoch_from, self.epoch_to


@dataclasses.dataclass(frozen=True)
class EpochReport(Record):
    """One trained epoch of a segment; ``metrics`` holds what the worker measured, by name."""

    TYPE: ClassVar[str | None] = "epoch"
    VERSION: ClassVar[int | None] = 3

    study_id: str
    trial_id: str
    attempt: int
    epoch_from: int
    epoch_to: int
    seal: str
    epoch: int
    train_loss: float
    validation_loss: float
    validation_accuracy: float
    epoch_seconds: float
    items_seen: int
    device: str
    worker_id: str
    sent_at: datetime
    metrics: Mapping[str, float]

    def __post_init__(self) -> None:
        _segment("", self.study_id, self.trial_id, self.attempt, self.epoch_from, self.epoch_to, self.seal)
        require(self.epoch_from <= self.epoch < self.epoch_to, "epoch", self.epoch,
                f"must be in the segment [{self.epoch_from}, {self.epoch_to})")
        _finite(self.train_loss, "trainLoss", 0.0)
        _finite(self.validation_loss, "validationLoss", 0.0)
        _finite(self.validation_accuracy, "validationAccuracy", 0.0, 1.0)
        _finite(self.epoch_seconds, "epochSeconds", 0.0, MAX_EPOCH_SECONDS)
        require(0 <= self.items_seen <= MAX_ITEMS, "itemsSeen", self.items_seen, f"must be in [0, {MAX_ITEMS}]")
        _text(self.device, "device")
        _text(self.worker_id, "workerId")
        require(len(self.metrics) <= MAX_METRICS, "metrics", f"{len(self.metrics)} metrics", f"must be at most {MAX_METRICS}")
        for name, value in self.metrics.items():
            require(METRIC_NAME.fullmatch(name) is not None, "metrics", name, f"names must match {METRIC_NAME.pattern}")
            require(isinstance(value, float), "metrics." + name, value, "must be a number")
            _finite(value, "metrics." + name, -math.inf)


@dataclasses.dataclass(frozen=True)
class SegmentOutcome(Record):
    """How a segment ended: ``COMPLETED`` (with ``checkpoint``), ``FAILED`` (with ``reason``) or ``CANCELLED``."""

    TYPE: ClassVar[str | None] = "outcome"
    VERSION: ClassVar[int | None] = 2

    study_id: str
    trial_id: str
    attempt: int
    epoch_from: int
    epoch_to: int
    seal: str
    status: str
    reason: str | None
    retriable: bool
    checkpoint: str | None
    test_accuracy: float | None
    device: str
    worker_id: str
    sent_at: datetime

    def __post_init__(self) -> None:
        _segment("", self.study_id, self.trial_id, self.attempt, self.epoch_from, self.epoch_to, self.seal)
        require(self.status in STATUSES, "status", self.status, "must be one of " + ", ".join(STATUSES))
        _optional_text(self.reason, "reason")
        require(self.status != "FAILED" or bool(self.reason and self.reason.strip()), "reason", self.reason,
                "is required when status is FAILED")
        _optional_text(self.checkpoint, "checkpoint")
        if self.test_accuracy is not None:
            _finite(self.test_accuracy, "testAccuracy", 0.0, 1.0)
        _text(self.device, "device")
        _text(self.worker_id, "workerId")


@dataclasses.dataclass(frozen=True)
class RunningSegment(Record):
    """A segment in training, as its task named it, and the epoch it is in."""

    study_id: str
    trial_id: str
    attempt: int
    epoch_from: int
    epoch_to: int
    seal: str
    epoch: int

    def __post_init__(self) -> None:
        _segment("running.", self.study_id, self.trial_id, self.attempt, self.epoch_from, self.epoch_to, self.seal)
        require(self.epoch_from <= self.epoch < self.epoch_to, "running.epoch", self.epoch,
                f"must be in the segment [{self.epoch_from}, {self.epoch_to})")


@dataclasses.dataclass(frozen=True)
class Heartbeat(Record):
    """A worker is alive; the orchestrator renews the leases of the ``running`` segments."""

    TYPE: ClassVar[str | None] = "heartbeat"
    VERSION: ClassVar[int | None] = 3

    worker_id: str
    host: str
    pool: str
    slots: int
    busy_slots: int
    device: str
    running: tuple[RunningSegment, ...]
    started_at: datetime
    sent_at: datetime

    def __post_init__(self) -> None:
        _text(self.worker_id, "workerId")
        _text(self.host, "host")
        require(POOL.fullmatch(self.pool) is not None, "pool", self.pool, f"must match {POOL.pattern}")
        require(0 <= self.slots <= MAX_SLOTS, "slots", self.slots, f"must be in [0, {MAX_SLOTS}]")
        require(0 <= self.busy_slots <= self.slots, "busySlots", self.busy_slots, f"must be between 0 and slots ({self.slots})")
        _text(self.device, "device")
        require(len(self.running) == self.busy_slots, "running", f"{len(self.running)} segments",
                f"must list busySlots ({self.busy_slots}) segments")


@dataclasses.dataclass(frozen=True)
class Cancel(Record):
    """Stop every segment of a study, or of one trial when ``trial_id`` is set."""

    VERSION: ClassVar[int | None] = 1

    study_id: str
    trial_id: str | None
    reason: str | None
    sent_at: datetime

    def __post_init__(self) -> None:
        _id(self.study_id, "studyId")
        if self.trial_id is not None:
            _id(self.trial_id, "trialId")

    def covers(self, task: TrialTask) -> bool:
        """Whether this cancel stops ``task``: same study and trial, and sent after the task was issued."""
        return (self.study_id == task.study_id and self.trial_id in (None, task.trial_id)
                and task.issued_at <= self.sent_at)


def decode_report(raw: bytes | str) -> EpochReport | SegmentOutcome | Heartbeat:
    """A record of the reports topic, by its ``type``."""
    try:
        kind = json.loads(raw).get("type")
    except (ValueError, UnicodeDecodeError, AttributeError):
        kind = None
    for cls in (EpochReport, SegmentOutcome, Heartbeat):
        if kind == cls.TYPE:
            return cls.from_json(raw)
    raise WireError("type", kind, "must be 'epoch', 'outcome' or 'heartbeat'")
