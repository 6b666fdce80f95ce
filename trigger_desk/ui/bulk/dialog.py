""" "Fire for many…": check the items, confirm, send them paced, then the results.

The dialog is handed the call, the profile and the form's values (the templates every
row fills) by its caller; it reads every rule through `services.bulk_session`. It is
not modal: the window stays usable while a run goes on.
"""

from __future__ import annotations

import asyncio
import sys
import weakref
from collections.abc import Coroutine, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.bulk_csv import ItemsFileError
from trigger_desk.core.bulk_types import BulkProgress
from trigger_desk.core.calls import CallSpec
from trigger_desk.core.model import Platform, Profile
from trigger_desk.services.bulk_check import BulkCheck
from trigger_desk.services.bulk_session import BulkSession
from trigger_desk.services.facade import Services
from trigger_desk.services.portal_lookups import PortalLookups
from trigger_desk.store.bulk_export import export_results
from trigger_desk.store.bulk_journal import RunSummary
from trigger_desk.store.bulk_sources import FileItems, ItemSource, PastedItems, key_field
from trigger_desk.ui.bulk.progress_bridge import ProgressBridge
from trigger_desk.ui.bulk.progress_page import ProgressPage
from trigger_desk.ui.bulk.results_page import ResultsPage
from trigger_desk.ui.bulk.source_page import SourcePage
from trigger_desk.ui.lookup.portal_panel import PortalItemsPanel
from trigger_desk.ui.widgets.core_text import tr_core

_OPEN: weakref.WeakSet[BulkDialog] = weakref.WeakSet()


async def stop_runs() -> None:
    """Cancel every bulk run in progress and wait for what is on the wire (window closing)."""
    tasks = []
    for dialog in list(_OPEN):
        if dialog.task is not None and not dialog.task.done():
            dialog.session.cancel()
            tasks.append(dialog.task)
    await asyncio.gather(*tasks, return_exceptions=True)


def _report(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and (error := task.exception()) is not None:
        sys.excepthook(type(error), error, error.__traceback__)


class BulkDialog(QDialog):
    """Pages: items (preview, plan, confirmation), progress, results.

    Raises what `BulkSession` raises (no history; a bad `rate_limit`): the caller says so.
    """

    def __init__(
        self,
        services: Services,
        call: CallSpec,
        profile: Profile,
        templates: Mapping[str, Any],
        payload: Any = None,
        parent: QWidget | None = None,
        *,
        run_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = BulkSession(services, call, profile, templates, payload, run_id)
        self.setWindowTitle(
            self.tr("Fire for many: {call} with {profile}").format(
                call=tr_core(call.title), profile=profile.name
            )
        )
        self.setAccessibleName(self.tr("Fire for many"))
        self.setModal(False)
        self.resize(980, 640)
        self.task: asyncio.Task[Any] | None = None
        self.check_result: BulkCheck | None = None
        self.summary: RunSummary | None = None
        self._source: ItemSource | None = None
        self._running = False
        _OPEN.add(self)

        layout = QVBoxLayout(self)
        self.pages = QStackedWidget(self)
        # "From the portal…" fills the pasted list with item targets (Bitrix24 only).
        portal = (
            PortalItemsPanel(PortalLookups(services), profile)
            if profile.platform is Platform.BITRIX24 and key_field(call) == "target"
            else None
        )
        self.source_page = SourcePage(key_field(call), self.pages, portal=portal)
        self.progress_page = ProgressPage(self.pages)
        self.results_page = ResultsPage(self.pages)
        for page in (self.source_page, self.progress_page, self.results_page):
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName(self.tr("Close"))
        self.buttons.rejected.connect(self.close)
        layout.addWidget(self.buttons)

        self.bridge = ProgressBridge(self)
        self.bridge.progressed.connect(self.progress_page.show_progress)
        self.progress_updates = 0  # counted: the window must not be flooded
        self.bridge.progressed.connect(self._count_update)
        self.source_page.check_requested.connect(lambda: self._start(self._check()))
        self.source_page.fire_confirmed.connect(lambda: self._start(self._fire()))
        self.progress_page.pause_toggled.connect(self._pause)
        self.progress_page.cancel_requested.connect(self.session.cancel)
        self.results_page.retry_requested.connect(
            lambda: self._start(
                self._send(self.session.retry_failed, self.tr("Retrying failed items"))
            )
        )
        self.results_page.resume_requested.connect(self.resume)
        self.results_page.export_requested.connect(self._ask_export)

    # --- tasks -------------------------------------------------------------------------

    def _start(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        self.task = asyncio.ensure_future(coroutine)
        self.task.add_done_callback(_report)
        return self.task

    def _count_update(self, _progress: BulkProgress) -> None:
        self.progress_updates += 1

    def _pause(self, paused: bool) -> None:
        if paused:
            self.session.pause()
        else:
            self.session.resume_sending()

    def _make_source(self) -> ItemSource:
        page = self.source_page
        if page.use_file():
            text = page.file_path.text().strip()
            if not text:
                raise ItemsFileError(self.tr("Items file: choose a CSV file first"))
            return FileItems(Path(text).expanduser())
        return PastedItems(self.session.call, page.pasted.toPlainText())

    async def _check(self) -> BulkCheck | None:
        page = self.source_page
        page.check_button.setEnabled(False)
        try:
            try:
                source = await asyncio.to_thread(self._make_source)
            except ItemsFileError as error:
                page.show_check(None, str(error))
                return None
            check = await self.session.check(source)
            self._source = source
            self.check_result = check
            page.show_check(check)
            if check.good + check.bad == 0 and not check.problems:
                page.show_check(None, self.tr("No items: give at least one."))
            return check
        finally:
            page.check_button.setEnabled(True)

    async def _fire(self) -> RunSummary | None:
        assert self._source is not None and self.check_result is not None
        source = self._source
        return await self._send(
            lambda sink: self.session.start(source, sink),
            self.tr("Sending {n:,} items").format(n=self.check_result.good),
            total=self.check_result.good,
        )

    def resume(self) -> asyncio.Task[Any]:
        """Send what the run never sent (the offer after a crash, or "Send the rest")."""
        return self._start(self._send(self.session.resume, self.tr("Resuming the run")))

    async def _send(self, send: Any, title: str, total: int | None = None) -> RunSummary | None:
        self._running = True
        self.pages.setCurrentWidget(self.progress_page)
        if total is None:
            summary = await asyncio.to_thread(self.session.journal.summary, self.session.run_id)
            # Retry sends the failed items, resume the pending ones (the runner's own count
            # replaces this with the first progress).
            total = summary.count("failed" if send == self.session.retry_failed else "pending")
        self.progress_page.start(title, total)
        try:
            self.summary = await send(self.bridge.send)
        finally:
            self._running = False
        await self.show_results()
        return self.summary

    async def show_results(self) -> None:
        summary = await asyncio.to_thread(self.session.journal.summary, self.session.run_id)
        results = await asyncio.to_thread(self.session.results)
        self.summary = summary
        note = None
        if self.session.stopped:
            note = self.tr("The run stopped: {why}").format(why=self.session.stopped)
        self.results_page.show_results(summary, results, note)
        self.pages.setCurrentWidget(self.results_page)

    # --- export ------------------------------------------------------------------------

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export results as CSV"),
            f"bulk-{self.session.run_id}.csv",
            self.tr("CSV files (*.csv)"),
        )
        if path:
            self._start(self.export_to(Path(path)))

    async def export_to(self, path: Path) -> int:
        """Write the results (the items the filter shows) to `path`; returns how many."""
        state = self.results_page.filter.currentData()
        count = await asyncio.to_thread(
            export_results,
            self.session.journal,
            self.session.run_id,
            path,
            None if state is None else {state},
        )
        self.results_page.note.show_message(
            self.tr("{n:,} items written to {path}.").format(n=count, path=path)
        )
        return count

    # --- closing -----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._running:  # cancel: what is on the wire finishes and is recorded
            self.session.cancel()
            self.progress_page.cancel_button.setEnabled(False)
            event.ignore()
            if self.task is not None:
                self.task.add_done_callback(lambda _t: self.close())
            return
        self.session.close()
        super().closeEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
