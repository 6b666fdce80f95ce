"""Blocking history work kept off the event loop, answers delivered only while wanted.

`HistoryStore` calls block (SQLite). With an asyncio loop running (qasync in the app),
`StoreRunner.run` sends the work to a worker thread (`asyncio.to_thread`) and calls
`done(result)` back on the loop's thread; with no loop (scripts, sync tests) it runs
inline. Answers are dropped when the owning widget is gone, and `latest(kind)` lets
a caller drop answers overtaken by a newer request of the same kind (typing on).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject

from trigger_desk.store.history import HistoryUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")


class StoreRunner:
    """Runs store work for `owner`; reports problems through `on_unavailable` (the
    history cannot be used) and `on_error` (anything else, already logged)."""

    def __init__(
        self,
        owner: QObject,
        on_unavailable: Callable[[HistoryUnavailable], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        self._owner = owner
        self._on_unavailable = on_unavailable
        self._on_error = on_error
        self._tasks: set[asyncio.Task[None]] = set()
        self._generations: dict[str, int] = {}

    @property
    def pending(self) -> set[asyncio.Task[None]]:
        return set(self._tasks)

    def latest(self, kind: str) -> Callable[[], bool]:
        """Start a request of `kind`; the returned check is True while it is the newest."""
        number = self._generations.get(kind, 0) + 1
        self._generations[kind] = number
        return lambda: self._generations.get(kind) == number

    def run(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        always: Callable[[], None] | None = None,
    ) -> None:
        """`work()` in a thread when a loop runs (else inline), then `done(result)`, then
        `always()` (also after a failure), both on the loop's thread.

        `work` must not hold Qt objects: the worker thread may drop the last reference
        to it, and a QObject must never be destroyed outside its own thread.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            try:
                result = work()
            except HistoryUnavailable as error:
                self._on_unavailable(error)
                return
            finally:
                if always is not None:
                    always()
            done(result)
            return
        task = loop.create_task(self._in_thread(work, done, always))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _in_thread(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        always: Callable[[], None] | None,
    ) -> None:
        try:
            result = await asyncio.to_thread(work)
        except HistoryUnavailable as error:
            if shiboken6.isValid(self._owner):
                self._on_unavailable(error)
            return
        except Exception as error:  # shown in the pane, not lost in a task
            log.exception("history work failed")
            if shiboken6.isValid(self._owner):
                self._on_error(error)
            return
        finally:
            if always is not None and shiboken6.isValid(self._owner):
                always()
        if shiboken6.isValid(self._owner):  # the pane may have been closed meanwhile
            done(result)

    async def wait_idle(self) -> None:
        """Wait until queued work has finished and reached the widgets."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
