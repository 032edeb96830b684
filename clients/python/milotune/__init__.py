"""milotune's Python SDK for external workers (docs/external-workers.md): a worker loop that speaks the wire
contract over Kafka, and a client of the REST API that serves each epoch's subset."""

from .api import Api, ApiError, Split, decode_delta
from .errors import Cancelled, TransientError
from .transport import Delivery, MemoryTransport, Transport
from .wire import (Cancel, DatasetRef, EpochReport, Heartbeat, RunningSegment, SegmentOutcome, SubsetRef, TrialTask,
                   WireError)
from .worker import Segment, SubsetSource, Worker

__all__ = [
    "Api", "ApiError", "Cancel", "Cancelled", "DatasetRef", "Delivery", "EpochReport", "Heartbeat", "MemoryTransport",
    "RunningSegment", "Segment", "SegmentOutcome", "Split", "SubsetRef", "SubsetSource", "TransientError",
    "Transport", "TrialTask", "WireError", "Worker", "decode_delta",
]
__version__ = "0.1.0"
