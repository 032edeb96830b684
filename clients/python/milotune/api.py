"""milotune's REST API for workers: each epoch's subset and the rows behind a study's splits."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import numpy as np
import numpy.typing as npt
import requests

from .errors import TransientError

LOG = logging.getLogger("milotune")

OCTETS = "application/octet-stream"

Positions = npt.NDArray[np.int64]
"""Positions in a split, or rows of a source file."""


class ApiError(RuntimeError):
    """The API refused a request (4xx): retrying the same request would not help."""

    def __init__(self, status: int, url: str, detail: str) -> None:
        super().__init__(f"GET {url} answered {status}: {detail}")
        self.status = status


@dataclass(frozen=True)
class Split:
    """A split's rows in its source file (``train`` or ``test``), in split order: position p is ``rows[p]``."""

    source: str
    rows: Positions


def decode_delta(values: Sequence[int] | npt.NDArray[np.integer[Any]], field: str = "indices") -> Positions:
    """Ascending positions from their delta coding: the first position, then each gap to the one before."""
    deltas = np.asarray(values, dtype=np.int64)
    if deltas.ndim != 1:
        raise ValueError(f"{field} must be a flat array of integers")
    if deltas.size and (deltas[0] < 0 or (deltas[1:] <= 0).any()):
        raise ValueError(f"{field} must be delta-coded ascending positions: a first value >= 0, then gaps >= 1")
    return np.cumsum(deltas)


class Api:
    """Client of ``/api/v1`` with a bearer token; retries connection errors and 5xx with exponential backoff.

    A request that still fails after ``retries`` raises :class:`TransientError`; a 4xx raises :class:`ApiError`.
    """

    def __init__(self, url: str, token: str | None = None, *, binary: bool = False, retries: int = 5,
                 backoff: float = 0.5, timeout: float = 30.0, session: requests.Session | None = None) -> None:
        self.url = url.rstrip("/")
        self.binary = binary
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.session = session or requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def subsets(self, study_id: str, trial_id: str, epoch: int) -> Positions:
        """The training-split positions ``trial_id`` trains on in ``epoch`` of its current segment (int64, ascending)."""
        path = f"/api/v1/studies/{quote(study_id, safe='')}/trials/{quote(trial_id, safe='')}/subsets"
        response = self._get(path, {"epoch": str(epoch)}, OCTETS if self.binary else "application/json")
        if response.headers.get("Content-Type", "").startswith(OCTETS):
            body = response.content
            if len(body) % 4:
                raise ValueError(f"subset of epoch {epoch}: {len(body)} bytes is not a whole number of int32")
            positions = np.frombuffer(body, dtype="<i4").astype(np.int64)
            if positions.size and (positions[0] < 0 or (np.diff(positions) <= 0).any()):
                raise ValueError(f"subset of epoch {epoch}: positions must be ascending and >= 0")
            size = response.headers.get("X-Milotune-Size")
            num_items = response.headers.get("X-Milotune-Num-Items")
        else:
            view = response.json()
            if view.get("encoding") != "delta":
                raise ValueError(f"subset of epoch {epoch}: encoding is {view.get('encoding')!r}, expected 'delta'")
            if view.get("epoch") != epoch:
                raise ValueError(f"subset asked for epoch {epoch} is for epoch {view.get('epoch')!r}")
            positions = decode_delta(view["indices"])
            size, num_items = view.get("size"), view.get("numItems")
        if size is not None and int(size) != positions.size:
            raise ValueError(f"subset of epoch {epoch}: size is {size} but {positions.size} positions came")
        if num_items is not None and positions.size and positions[-1] >= int(num_items):
            raise ValueError(f"subset of epoch {epoch}: position {positions[-1]} is outside the {num_items} items")
        return positions

    def splits(self, study_id: str) -> dict[str, Split]:
        """Each split of the study's dataset (``train``, ``validation``, ``test``): its source file and rows."""
        view = self._get(f"/api/v1/studies/{quote(study_id, safe='')}/splits", {}, "application/json").json()
        out: dict[str, Split] = {}
        for name, split in view["splits"].items():
            encoding = split.get("encoding")
            if encoding == "delta":
                rows = decode_delta(split["rows"], f"splits.{name}.rows")
            elif encoding == "plain":
                rows = np.asarray(split["rows"], dtype=np.int64)
            else:
                raise ValueError(f"splits.{name}.encoding is {encoding!r}, expected 'delta' or 'plain'")
            if rows.size != split.get("size", rows.size) or (rows.size and rows.min() < 0):
                raise ValueError(f"splits.{name}: {rows.size} rows do not match size {split.get('size')} or are negative")
            out[name] = Split(str(split["source"]), rows)
        return out

    def _get(self, path: str, params: dict[str, str], accept: str) -> requests.Response:
        url = self.url + path
        problem: Any = None
        for attempt in range(self.retries + 1):
            if attempt:
                delay = self.backoff * 2 ** (attempt - 1)
                LOG.warning("GET %s failed (%s); retrying in %.1f s", url, problem, delay)
                time.sleep(delay)
            try:
                response = self.session.get(url, params=params, headers={"Accept": accept}, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as e:
                problem = e
                continue
            if response.status_code >= 500 or response.status_code == 429:
                problem = f"{response.status_code} {response.text[:200]}"
                continue
            if response.status_code >= 400:
                raise ApiError(response.status_code, url, _detail(response))
            return response
        raise TransientError(f"GET {url} failed {self.retries + 1} times: {problem}")


def _detail(response: requests.Response) -> str:
    try:
        problem = response.json()
        return str(problem.get("detail") or problem.get("title") or problem)
    except ValueError:
        return response.text[:500]
