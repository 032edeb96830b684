"""Exceptions that decide how a segment ends."""


class TransientError(Exception):
    """A cause outside the trial (broker, REST API, storage): the segment fails as retriable."""


class Cancelled(Exception):
    """Raised by a segment's checks once it must stop: a cancel for it arrived, or the worker stops."""
