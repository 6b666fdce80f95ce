"""Blocking history work kept off the event loop, answers delivered only while wanted.

`HistoryStore` calls block (SQLite). With an asyncio loop running (qasync in the app),
`StoreRunner.run` sends the work to a worker thread (`asyncio.to_thread`) and calls
`done(result)` back on the loop's thread; with no loop (scripts, sync tests) it runs
inline. Answers are dropped when the owning widget is gone, and `latest(kind)` lets
a caller drop answers overtaken by a newer request of the same kind (typing on).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject

from trigger_desk.store.history import HistoryUnavailable
from trigger_desk.ui.widgets.background import BackgroundWork

log = logging.getLogger(__name__)
T = TypeVar("T")


class StoreRunner(BackgroundWork):
    """Runs store work for `owner`; reports problems through `on_unavailable` (the
    history cannot be used) and `on_error` (anything else, already logged)."""

    def __init__(
        self,
        owner: QObject,
        on_unavailable: Callable[[HistoryUnavailable], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        super().__init__(owner)
        self._on_unavailable = on_unavailable
        self._on_error = on_error
        self._generations: dict[str, int] = {}

    def latest(self, kind: str) -> Callable[[], bool]:
        """Start a request of `kind`; the returned check is True while it is the newest."""
        number = self._generations.get(kind, 0) + 1
        self._generations[kind] = number
        return lambda: self._generations.get(kind) == number

    def run(  # type: ignore[override]
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        always: Callable[[], None] | None = None,
    ) -> None:
        """`work()` off the loop (inline without one), then `always()` and `done(result)`."""
        super().run(work, done, self._failed, always)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, HistoryUnavailable):
            self._on_unavailable(error)
            return
        log.error("history work failed: %s", error, exc_info=error)  # shown in the pane too
        self._on_error(error)
