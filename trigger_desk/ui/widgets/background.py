"""Blocking work (disk, SQLite) kept off the event loop, answered only while wanted.

With an asyncio loop running (qasync in the app) `BackgroundWork.run` sends the work to
a worker thread and calls back on the loop's thread; with no loop (scripts, sync tests)
it runs inline. Answers for an owner widget that was deleted meanwhile are dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject

log = logging.getLogger(__name__)
T = TypeVar("T")


class BackgroundWork:
    """Runs blocking work for `owner` on `executor` (None: the loop's default pool)."""

    def __init__(self, owner: QObject, executor: Executor | None = None) -> None:
        self._owner = owner
        self._executor = executor
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    @property
    def pending(self) -> set[asyncio.Task[None]]:
        return set(self._tasks)

    def run(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[Exception], None],
        always: Callable[[], None] | None = None,
    ) -> None:
        """`work()` off the loop, then `always()` (also after a failure) and `done(result)`
        or `failed(error)`, on the loop's thread.

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
            except Exception as error:
                failed(error)
                return
            finally:
                if always is not None:
                    always()
            done(result)
            return
        task = loop.create_task(self._in_thread(loop, work, done, failed, always))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _in_thread(
        self,
        loop: asyncio.AbstractEventLoop,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[Exception], None],
        always: Callable[[], None] | None,
    ) -> None:
        try:
            result = await loop.run_in_executor(self._executor, work)
        except Exception as error:
            if shiboken6.isValid(self._owner):
                failed(error)
            else:
                log.info("background work failed after its window closed: %s", error)
            return
        finally:
            if always is not None and shiboken6.isValid(self._owner):
                always()
        if shiboken6.isValid(self._owner):
            done(result)

    async def wait_idle(self) -> None:
        """Wait until queued work has finished and its answers reached the widgets."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
