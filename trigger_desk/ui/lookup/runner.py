"""One look-up at a time for a widget: starting a new one cancels the one in flight."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QObject

from trigger_desk.core.portal_client import LookupFailed
from trigger_desk.core.validation import InvalidInput
from trigger_desk.store.secrets import KeyringUnavailable


def explain(error: LookupFailed) -> str:
    """The diagnosis of a failed look-up in two sentences: what happened, what to do."""
    diagnosis = error.diagnosis
    return f"{diagnosis.cause} {diagnosis.hint}".strip()


class LookupRunner(QObject):
    """Runs look-up coroutines as tasks; `start` cancels the previous one first.

    `done(result)` is called with the answer, `failed(text)` with the explained error;
    a cancelled look-up calls neither.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task: asyncio.Task[Any] | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(
        self,
        work: Callable[[], Awaitable[Any]],
        done: Callable[[Any], None],
        failed: Callable[[str], None],
    ) -> asyncio.Task[Any]:
        self.cancel()

        mine: list[asyncio.Task[Any] | None] = [None]

        async def run() -> None:
            try:
                result = await work()
            except LookupFailed as error:
                self._forget(mine[0])
                failed(explain(error))
            except (InvalidInput, KeyringUnavailable) as error:
                self._forget(mine[0])
                failed(str(error))
            else:
                self._forget(mine[0])  # not busy any more while the answer is shown
                done(result)

        task = asyncio.ensure_future(run())
        mine[0] = self._task = task
        return task

    def _forget(self, task: asyncio.Task[Any] | None) -> None:
        if self._task is task:  # a newer look-up has not replaced this one
            self._task = None

    def cancel(self) -> bool:
        """Cancel the look-up in flight; True when there was one."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            return True
        return False

    async def settled(self) -> None:
        """Wait until nothing is in flight (tests, closing)."""
        task = self._task
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)
