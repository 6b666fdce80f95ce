"""What a bulk run is made of: the job, its progress, and the parts handed to the runner.

The journal, the limiter and the history are protocols here (`store` provides them:
`BulkJournal`, `SharedLimiter`, `HistoryStore`), so the runner stays store-free.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from trigger_desk.core.calls import CallSpec
from trigger_desk.core.history_writer import Wait
from trigger_desk.core.model import Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.rate_limit import RateLimit
from trigger_desk.core.record import CallRecord

NO_ANSWER = (Outcome.NETWORK, Outcome.TIMEOUT)


BATCH_SIZE = 50  # Bitrix24 `batch` takes at most 50 commands


def requests_for(platform: Platform, items: int) -> int:
    """HTTP requests a run of `items` makes: Bitrix24 in batches of 50, Wix one each."""
    if platform is Platform.BITRIX24:
        return math.ceil(items / BATCH_SIZE)
    return items


class PendingItem(Protocol):
    @property
    def row(self) -> int: ...
    @property
    def values(self) -> dict[str, Any]: ...
    @property
    def payload(self) -> Any: ...


class Journal(Protocol):
    def pending(self, run_id: str, limit: int, after_row: int = 0) -> Sequence[PendingItem]: ...
    def mark_sent(
        self, run_id: str, rows: Sequence[int], history_ids: Sequence[int | None]
    ) -> None: ...
    def mark_done(
        self, run_id: str, results: Sequence[tuple[int, str, str | None, int | None]]
    ) -> None: ...
    def mark_pending(self, run_id: str, rows: Sequence[int]) -> None: ...


class Limiter(Protocol):
    def reserve(self, key: str, limit: RateLimit) -> float: ...
    def saturate(self, key: str, limit: RateLimit) -> None: ...


class BulkHistory(Protocol):
    """The items' history rows, written with their journal states (`store.bulk_record.
    BulkRecorder` is one): begun and marked sent in one transaction before the wire,
    completed with their states in one transaction after the answer."""

    def begin_items(
        self, run_id: str, rows: Sequence[int], records: list[CallRecord], *, wait: Wait
    ) -> None: ...
    def finish_items(
        self,
        run_id: str,
        records: list[CallRecord],
        results: Sequence[tuple[int, str, str | None, int | None]],
        pending: Sequence[int] = (),
    ) -> None: ...
    def complete(self, record: CallRecord, *, wait: Wait = True) -> None: ...


class RunStopped(Exception):
    """The platform said stop (OVERLOAD_LIMIT, a token that cannot be refreshed)."""


@dataclass
class BulkProgress:
    """Items finished so far (by state) and HTTP requests made, retries included."""

    total: int
    done: int = 0
    requests: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def eta_seconds(self, now: float | None = None) -> float | None:
        """Time left at the pace so far; None until the first item is done."""
        if self.done <= 0:
            return None
        elapsed = (time.monotonic() if now is None else now) - self.started
        return max(0.0, elapsed / self.done * (self.total - self.done))


@dataclass
class BulkJob:
    """One run to send: its call, profile, secrets and plan."""

    run_id: str
    call: CallSpec
    profile: Profile
    secrets: Mapping[str, str]
    limit: RateLimit
    limiter_key: str
    total: int
    workers: int = 2  # measured: 2 beats 1 and 4 (more only queue for the GIL and the database)


def item_state(outcome: Outcome | None) -> str:
    """The journal state an item's outcome leaves it in."""
    if outcome is Outcome.OK:
        return "ok"
    if outcome is None or outcome in NO_ANSWER:
        return "unknown"
    return "failed"
