"""History writes: each call's row committed before its request leaves, the rest cheap.

Each call's row is written twice. Its begin is committed before the request's first
byte is sent (`begin`, awaited by the engine): a program killed at any moment after
that, even with the body half on the wire, leaves the row behind, read back as "no
answer recorded". Its completion is written when the call ends, a few milliseconds
later at most (see below); a crash in between leaves the begun row, marked the same.

Measured on two cores, handing a small write to a thread cost a call more than the
write itself (the thread and the event loop trade the GIL while both run Python). So
a small write that cannot wait runs on the spot, on the loop (~0.1-0.5 ms):

- the begin, just before the request is sent, together with any completions waiting;
- the completion, with the next call's begin (one transaction for both), or after a
  few milliseconds if no call comes: the caller has the record at once either way.

Anything that could wait goes to one worker thread instead, in order, and the loop
awaits it without blocking: the store busy in another thread, the database locked by
another program (the CLI next to the window), a large body to index, or earlier writes
still queued there. So do checkpoints, which may fsync. A begin on the worker waits at
most the time it was given (`EngineSettings.history_wait`; writes queued ahead of it
may add their own bounded wait); if the database stays locked it raises `HistoryBusy`
and the engine sends nothing. Any failure on the spot leaves nothing written and the
worker does it again, reporting what goes wrong there.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP, Msg
from trigger_desk.core.record import CallRecord

log = logging.getLogger(__name__)

# A completion not written with the next call's begin is written after this long.
COMPLETE_DELAY = 0.005  # seconds
# Rows whose bodies are longer than this (in characters) are written by the worker:
# indexing them for search takes milliseconds.
INLINE_LIMIT = 32 * 1024
# The write-ahead log is checkpointed (by the worker) after this many writes.
CHECKPOINT_EVERY = 256

_T = TypeVar("_T")


# How long a write may wait: True (the store's own busy timeout), False (not at all),
# or a number of seconds.
Wait = bool | float


class WriteWouldWait(Exception):
    """The sink could not write without waiting; nothing was written."""


class HistoryProblem(Exception):
    """The history cannot take a write. The message names the file, the problem and
    what to do (`store.history.HistoryUnavailable` is one)."""


class HistoryBusy(WriteWouldWait, HistoryProblem):
    """Something else held the history's write lock for the whole bounded wait;
    nothing was written."""

    def __init__(self, path: Path, waited: float) -> None:
        self.path = path
        self.waited = waited
        super().__init__(
            Msg(
                QT_TRANSLATE_NOOP(
                    "core",
                    "The call history at {path} stayed locked for {waited} s: another program "
                    "(another Trigger Desk window or command, or a tool such as sqlite3 or a "
                    "backup with the file open for writing) is holding it.",
                ),
                path=path,
                waited=f"{waited:g}",
            )
        )


class HistorySink(Protocol):
    """Where records go; `store.history.HistoryStore` is one.

    With `wait=False`, a write either happens at once or raises `WriteWouldWait`; with
    a number of seconds, it raises `HistoryBusy` once that has passed.
    """

    def begin(self, record: CallRecord, *, wait: Wait = True) -> int: ...

    def complete(self, record: CallRecord, *, wait: Wait = True) -> None: ...

    def add(self, record: CallRecord, *, wait: Wait = True) -> int: ...

    def batch(self, *, wait: Wait = True) -> AbstractContextManager[None]: ...

    def checkpoint(self) -> None: ...


def _snapshot(record: CallRecord) -> CallRecord:
    # A later write must not see later changes to the call's own record.
    return dataclasses.replace(record, notes=list(record.notes), timings_ms=dict(record.timings_ms))


def _small(record: CallRecord) -> bool:
    size = len(record.request.body)
    if record.response is not None:
        size += len(record.response.body)
    return size <= INLINE_LIMIT


class HistoryWriter:
    """Writes a sink's rows in order: on the spot when nothing is in the way, else on a
    worker thread. Used from one event loop."""

    def __init__(self, sink: HistorySink) -> None:
        self._sink = sink
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="trigger-desk-history"
        )
        self._queued: set[Future[Any]] = set()  # on the worker, not done yet
        self._completions: list[CallRecord] = []  # not written yet
        self._timer: asyncio.TimerHandle | None = None
        self._writes = 0

    def begin(self, record: CallRecord, wait: float) -> Future[int]:
        """Commit the in-flight row of a call about to be sent; await the future (see
        `history_id`) before sending. It holds the row's id, or the write's error:
        `HistoryBusy` when the database stayed locked for `wait` seconds."""
        completions = self._take_completions()
        self._count(len(completions) + 1)
        done: Future[int] = Future()
        if self._written_on_the_spot(completions, self._sink.begin, record, done):
            return done
        started = time.monotonic()
        return self._submit(self._begin_on_worker, completions, _snapshot(record), started, wait)

    def add(self, record: CallRecord) -> Future[int]:
        """Write a finished call that never reached the wire, in one row."""
        return self._write(self._sink.add, record)

    @staticmethod
    async def history_id(begun: Future[int]) -> int:
        """The id of a begun row (at once when the write is done, as usual). Awaiting
        it cancelled withdraws the write if the worker has not started it."""
        return begun.result() if begun.done() else await asyncio.wrap_future(begun)

    def complete(self, record: CallRecord) -> None:
        """Write the final row soon; failures are logged (the caller has the record)."""
        self._completions.append(_snapshot(record))
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(
                COMPLETE_DELAY, self._write_completions
            )

    async def flush(self) -> None:
        """Wait until every write so far has reached the sink."""
        self._write_completions()
        queued = list(self._queued)
        if queued:
            await asyncio.gather(*map(asyncio.wrap_future, queued), return_exceptions=True)

    def close(self) -> None:
        """Write what is still waiting (blocking) and stop the worker."""
        self._write_completions()
        self._executor.shutdown(wait=True)

    # --- internals -------------------------------------------------------------------

    def _write(self, write: Callable[..., _T], record: CallRecord) -> Future[_T]:
        completions = self._take_completions()
        self._count(len(completions) + 1)
        done: Future[_T] = Future()
        if self._written_on_the_spot(completions, write, record, done):
            return done
        return self._submit(self._write_on_worker, completions, write, _snapshot(record))

    def _write_completions(self) -> None:
        completions = self._take_completions()
        if not completions:
            return
        self._count(len(completions))
        if not self._written_on_the_spot(completions, None, None, None):
            future = self._submit(self._write_on_worker, completions, None, None)
            future.add_done_callback(_log_failure)

    def _written_on_the_spot(
        self,
        completions: list[CallRecord],
        write: Callable[..., _T] | None,
        record: CallRecord | None,
        done: Future[_T] | None,
    ) -> bool:
        """Write now if nothing is in the way; False (nothing written) otherwise."""
        records = completions if record is None else [*completions, record]
        if self._queued or not all(map(_small, records)):
            return False
        try:
            with self._sink.batch(wait=False):  # one transaction for all of them
                for completion in completions:
                    self._sink.complete(completion, wait=False)
                result = write(record, wait=False) if write is not None else None
        except Exception:  # WriteWouldWait, or a failure the worker will report
            return False
        if done is not None:
            done.set_result(result)  # type: ignore[arg-type]
        return True

    def _write_on_worker(
        self,
        completions: list[CallRecord],
        write: Callable[..., _T] | None,
        record: CallRecord | None,
    ) -> _T | None:
        with self._sink.batch():
            for completion in completions:
                try:
                    self._sink.complete(completion)
                except Exception as error:  # one bad row must not cost the others theirs
                    _log_failure_of(error)
            return write(record) if write is not None else None

    def _begin_on_worker(
        self, completions: list[CallRecord], record: CallRecord, started: float, wait: float
    ) -> int:
        if completions:
            try:
                self._write_on_worker(completions, None, None)
            except Exception as error:  # theirs to lose, not this call's
                _log_failure_of(error)
        # Tried once even when the time is up: a free database takes the row at once.
        try:
            return self._sink.begin(record, wait=max(0.0, started + wait - time.monotonic()))
        except HistoryBusy as busy:  # say how long the call waited in all
            raise HistoryBusy(busy.path, round(time.monotonic() - started, 1)) from None

    def _take_completions(self) -> list[CallRecord]:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        completions, self._completions = self._completions, []
        return completions

    def _submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        future = self._executor.submit(function, *args)
        self._queued.add(future)
        future.add_done_callback(self._queued.discard)
        return future

    def _count(self, writes: int) -> None:
        before, self._writes = self._writes, self._writes + writes
        if before // CHECKPOINT_EVERY != self._writes // CHECKPOINT_EVERY:
            self._submit(self._sink.checkpoint).add_done_callback(_log_failure)


def _log_failure(future: Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        _log_failure_of(future.exception())


def _log_failure_of(error: BaseException | None) -> None:
    log.error("could not save a call to history: %s", type(error).__name__)
