"""A quiet bar offering to resume bulk runs a crash left unfinished (never a modal)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from trigger_desk.core.rate_limit import RateLimitError
from trigger_desk.services.bulk_session import (
    BulkUnavailable,
    RunPartsMissing,
    dismiss_run,
    run_parts,
    unfinished_runs,
)
from trigger_desk.services.facade import Services
from trigger_desk.store.bulk_journal import RunSummary
from trigger_desk.store.history_schema import HistoryUnavailable
from trigger_desk.ui.bulk.dialog import BulkDialog
from trigger_desk.ui.bulk.text import counts_sentence


class ResumeBar(QFrame):
    """Hidden unless a run was left unfinished; one run at a time, newest first.

    "Resume…" opens the bulk dialog on that run and sends what was never sent (items
    whose answer was lost stay `unknown`: a trigger fired twice moves a deal twice).
    """

    dialog_opened = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Unfinished bulk run"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setAccessibleName(self.tr("Unfinished bulk run"))
        self.resume_button = QPushButton(self.tr("Resume…"), self)
        self.resume_button.setAccessibleName(self.tr("Resume the unfinished run"))
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self)
        self.dismiss_button.setAccessibleName(self.tr("Dismiss the unfinished run"))
        self.dismiss_button.setToolTip(
            self.tr("Stop offering it; `trigger-desk bulk resume` still can")
        )
        layout.addWidget(self.text, 1)
        layout.addWidget(self.resume_button)
        layout.addWidget(self.dismiss_button)
        self.resume_button.clicked.connect(self._resume)
        self.dismiss_button.clicked.connect(self._dismiss)
        self._services: Services | None = None
        self.runs: list[RunSummary] = []
        self.dialog: BulkDialog | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self.hide()

    @classmethod
    def offer(
        cls, column: QBoxLayout, services: Services, spawn: Callable[[Any], object]
    ) -> ResumeBar:
        """Put the bar under the first widget of the window's `column` and look for runs."""
        bar = cls(column.parentWidget())
        column.insertWidget(1, bar)
        spawn(bar.refresh(services))
        return bar

    async def refresh(self, services: Services) -> None:
        """Look for unfinished runs (in a worker thread) and offer the newest."""
        self._services = services
        try:
            self.runs = await asyncio.to_thread(unfinished_runs, services)
        except Exception:  # no history: nothing to offer (the status bar says why)
            self.runs = []
        self._show_first()

    def _show_first(self) -> None:
        if not self.runs:
            self.hide()
            return
        run = self.runs[0]
        data = run.to_json_dict()
        more = len(self.runs) - 1
        self.text.setText(
            self.tr(
                "Bulk run {run} ({call} with {profile}, {started}) was left unfinished: {counts}."
            ).format(
                run=run.run_id,
                call=run.call,
                profile=run.profile,
                started=run.started_at,
                counts=counts_sentence(data),
            )
            + (self.tr(" {n} more unfinished.").format(n=more) if more else "")
        )
        self.show()

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _resume(self) -> None:
        if self.runs and self._services is not None:
            self._spawn(self._open(self.runs[0]))

    async def _open(self, run: RunSummary) -> None:
        assert self._services is not None
        try:
            call, profile = await run_parts(self._services, run)
        except RunPartsMissing as missing:
            self.text.setText(
                self.tr("Cannot resume {run}: {why}").format(run=run.run_id, why=missing)
            )
            return
        try:
            dialog = BulkDialog(
                self._services, call, profile, {}, parent=self.window(), run_id=run.run_id
            )
        except (RateLimitError, BulkUnavailable, HistoryUnavailable) as error:
            self.text.setText(
                self.tr("Cannot resume {run}: {why}").format(run=run.run_id, why=error)
            )
            return
        self.runs.pop(0)
        self._show_first()
        self.dialog = dialog
        self.dialog.show()
        self.dialog.resume()
        self.dialog_opened.emit(self.dialog)

    def _dismiss(self) -> None:
        if self.runs and self._services is not None:
            run = self.runs.pop(0)
            self._spawn(asyncio.to_thread(dismiss_run, self._services, run))
            self._show_first()
