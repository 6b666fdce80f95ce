"""History writes off the event loop, in order, without stalling the call.

SQLite writes block, and a hop through the default thread pool costs about as much as
the write itself. One dedicated writer thread keeps the writes in order; the row for a
call is begun while its request is on the wire, and completed in the background: the
caller already holds the full record, so only `flush()` (before exit) waits for disk.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from trigger_desk.core.record import CallRecord

log = logging.getLogger(__name__)


class HistorySink(Protocol):
    """Where records go; `store.history.HistoryStore` is one. Methods may block."""

    def begin(self, record: CallRecord) -> int: ...

    def complete(self, record: CallRecord) -> None: ...


def _snapshot(record: CallRecord) -> CallRecord:
    # The writer thread serialises the record while the call goes on mutating its own:
    # hand it a copy whose mutable parts are not shared.
    return dataclasses.replace(record, notes=list(record.notes), timings_ms=dict(record.timings_ms))


class HistoryWriter:
    """Serialises a sink's writes on one worker thread.

    Writes are submitted straight to the thread (concurrent futures, not asyncio ones):
    a finished write then costs the event loop no wake-up. Only `flush()` and a caller
    that needs an id before the write is done wait on the loop.
    """

    def __init__(self, sink: HistorySink) -> None:
        self._sink = sink
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="trigger-desk-history"
        )
        self._pending: set[Future[None]] = set()

    def begin(self, record: CallRecord) -> Future[int]:
        """Start writing the in-flight row; `history_id()` gives its id."""
        return self._executor.submit(self._sink.begin, _snapshot(record))

    @staticmethod
    async def history_id(begun: Future[int]) -> int:
        """The id of a begun row (at once when the write is already done, as usual)."""
        return begun.result() if begun.done() else await asyncio.wrap_future(begun)

    def complete(self, record: CallRecord) -> Future[None]:
        """Queue the final row; failures are logged (the caller has the record)."""
        future = self._executor.submit(self._sink.complete, _snapshot(record))
        self._pending.add(future)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, future: Future[None]) -> None:  # runs on the writer thread
        self._pending.discard(future)
        if not future.cancelled() and future.exception() is not None:
            log.error("could not save a call to history: %s", type(future.exception()).__name__)

    async def flush(self) -> None:
        """Wait until every queued write has reached the sink."""
        pending = list(self._pending)
        if pending:
            await asyncio.gather(*map(asyncio.wrap_future, pending), return_exceptions=True)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
