"""The history pane: filter bar, the table of calls, the selected call's details, actions.

Self-contained: give it a `HistoryStore` (now or later with `set_store`) and connect
the signals for the actions the window carries out (re-run, load into the form, save as
preset, cancel a Wix event). Copy as cURL, the diff, delete and retention are done here.

Store access is blocking SQLite. When an asyncio loop is running (qasync in the app),
filtering, search, loading a record, deleting and pruning run in worker threads via
`asyncio.to_thread`, and only the model update comes back to the GUI thread; stale
answers (the user typed on) are dropped. Without a running loop (plain scripts, sync
tests) the same work runs inline. Paging (`fetchMore`) stays on the GUI thread: the
view asks for it synchronously, and 200 light rows by index take a few ms.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from trigger_desk.core.record import CallRecord
from trigger_desk.store.history import HistoryFilter, HistoryRow, HistoryStore
from trigger_desk.ui.history.actions import HistoryActions
from trigger_desk.ui.history.diff_dialog import DiffDialog
from trigger_desk.ui.history.filter_bar import HistoryFilterBar
from trigger_desk.ui.history.model import PAGE_SIZE, HistoryTableModel, NewerRows
from trigger_desk.ui.history.pane_actions import PaneActions, plural
from trigger_desk.ui.history.record_view import RecordView
from trigger_desk.ui.history.retention import HistoryRetention
from trigger_desk.ui.history.runner import StoreRunner
from trigger_desk.ui.history.table import HistoryTable

_Choices = tuple[list[str], list[str], list[str]]
POLL_MS = 3000  # how often to look for calls recorded elsewhere (0: never)
_RECENT_KEPT = 50  # records handed in by add_record, kept for their details


class HistoryPane(PaneActions, QWidget):
    """Every call, filterable, with details and actions for the selected one."""

    rerunRequested = Signal(object)  # CallRecord: fire the same request again
    loadRequested = Signal(object)  # CallRecord: put it in the form to edit
    savePresetRequested = Signal(object)  # CallRecord
    # call id ("wix.cancel-event"), values {triggerKey, externalEntityId}, profile name
    cancelEventRequested = Signal(str, object, str)
    retentionApplied = Signal(object, object)  # (max_rows, max_age_days), to persist
    recordShown = Signal(object)  # CallRecord | None: the details changed

    def __init__(
        self,
        store: HistoryStore | None = None,
        parent: QWidget | None = None,
        *,
        page_size: int = PAGE_SIZE,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Call history")
        self._record: CallRecord | None = None
        self._diff: DiffDialog | None = None
        self._confirm: QMessageBox | None = None
        self._total = 0  # rows matching the filter, as last counted
        self._refreshing = False
        # Records the window handed in after Fire: the engine completes their rows a
        # few milliseconds later, so for a moment the store may still say "in flight".
        self._recent: dict[int, CallRecord] = {}
        self.runner = StoreRunner(
            self,
            lambda error: self.show_unavailable(str(error)),
            lambda error: self._tell(f"Could not use the history: {type(error).__name__}: {error}"),
        )

        self.model = HistoryTableModel(None, self, page_size=page_size)
        self.filter_bar = HistoryFilterBar()
        self.filter_bar.filterChanged.connect(self._apply_filter)
        self.table = HistoryTable(self.model)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.commands = HistoryActions(
            self,
            {
                "rerun": lambda: self._emit_record(self.rerunRequested),
                "load": lambda: self._emit_record(self.loadRequested),
                "curl": self.copy_curl,
                "diff": self.show_diff,
                "cancel_event": self._cancel_event,
                "preset": lambda: self._emit_record(self.savePresetRequested),
                "delete": self.delete_selected,
            },
        )
        self.table.addAction(self.commands.delete)  # the Delete key in the table
        # The record view goes where the window wants it (beside the form).
        self.record_view = RecordView(self.commands)
        self.toolbar = self.record_view.toolbar
        self._notice = self.record_view.notice
        self.details = self.record_view.details
        self.details.requestIdCopied.connect(
            lambda _id: self._tell("Copied the id support can find this call by.")
        )
        self._count = QLabel()
        self._count.setAccessibleName("Calls shown")
        self.retention = HistoryRetention()
        self.retention.pruneRequested.connect(self.apply_retention)
        self._lay_out()
        self.commands.update(None, 0)
        # Calls other programs record (the CLI, another window) show up on their own.
        self._poll = QTimer(self)
        self._poll.timeout.connect(self._poll_tick)
        self.set_poll_interval(poll_ms)
        self.set_store(store)

    def _lay_out(self) -> None:
        # Narrow: the filters, the list, the count; the record view lives elsewhere.
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._count)
        layout.addWidget(self.retention)

    # --- the store --------------------------------------------------------------------

    @property
    def store(self) -> HistoryStore | None:
        return self.model.store

    def set_store(self, store: HistoryStore | None) -> None:
        """Show this store's calls (None: an empty pane, e.g. while it opens)."""
        self.model.set_store(store)
        self._show_record(None)
        if store is not None:
            self.reload()
        else:
            self._count.setText("")

    def show_unavailable(self, message: str) -> None:
        """Say why there is no history (e.g. `HistoryUnavailable`'s text)."""
        self.model.set_store(None)
        self._show_record(None)
        self._count.setText("History unavailable.")
        self._tell(message)

    def reload(self) -> None:
        """Read the filter choices and the first page again."""
        self._load_choices()
        self._apply_filter(self.filter_bar.current_filter())

    def refresh(self) -> None:
        """Pick up calls recorded since the last read (e.g. by the CLI)."""
        if self.store is None or self._refreshing:
            return
        self._refreshing = True
        self.runner.run(self.model.newer_reader(), self._newer_read, self._refreshed)

    def _refreshed(self) -> None:
        self._refreshing = False

    def _poll_tick(self) -> None:
        if self.isVisible():
            self.refresh()

    def add_record(self, record: CallRecord) -> None:
        """Show a call the engine just finished (the live view after Fire)."""
        history_id = record.history_id
        if history_id is None:
            return
        self._recent[history_id] = record
        while len(self._recent) > _RECENT_KEPT:
            del self._recent[next(iter(self._recent))]
        self.filter_bar.add_choice(record.platform, record.call_id, record.profile)
        if self.model.prepend_record(record):
            self._total += 1
            self._show_count()
            return
        # A text search is active: only the store can say whether the call matches.
        reader = self.model.newer_reader()

        def done(newer: NewerRows) -> None:
            self._newer_read(newer)
            self.model.prepend_record(record)  # the store may not have its answer yet

        self.runner.run(reader, done)

    def show_fired(self, record: CallRecord) -> None:
        """The call just fired: list it, select it, show it (shown even when history
        is unavailable or the filter hides it)."""
        self.add_record(record)
        if record.history_id is None or not self.select_id(record.history_id):
            self.table.clearSelection()
            self._show_record(record)

    def set_wide(self, wide: bool) -> None:
        """Every column (the full-width table) or the sidebar's few."""
        self.table.set_wide(wide)

    async def wait_idle(self) -> None:
        """Wait until queued store work has finished and reached the widgets."""
        await self.runner.wait_idle()

    def set_poll_interval(self, milliseconds: int) -> None:
        """Look for calls recorded elsewhere this often while shown (0: never)."""
        self._poll.stop()
        if milliseconds > 0:
            self._poll.start(milliseconds)

    def count_text(self) -> str:
        """'7 calls' or 'Showing 200 of 1,234 calls'."""
        return self._count.text()

    # --- filter, choices, count -------------------------------------------------------

    def _load_choices(self) -> None:
        store = self.store
        if store is None:
            return
        current = self.runner.latest("choices")

        def read() -> _Choices:
            return (
                store.distinct_values("platform"),
                store.distinct_values("call_id"),
                store.distinct_values("profile"),
            )

        def done(choices: _Choices) -> None:
            if current():
                self.filter_bar.set_choices(*choices)

        self.runner.run(read, done)

    def _apply_filter(self, history_filter: HistoryFilter) -> None:
        store = self.store
        if store is None:
            return
        current = self.runner.latest("filter")
        page_size = self.model.page_size  # plain values only into the thread

        def read() -> tuple[list[HistoryRow], int]:
            return store.page(history_filter, 0, page_size), store.count(history_filter)

        def done(result: tuple[list[HistoryRow], int]) -> None:
            if not current():
                return
            shown = self._record.history_id if self._record else None
            rows, total = result
            self.model.set_rows(history_filter, rows)
            self._total = total
            # Calls fired while the page was read (the store may not have had them).
            newest = rows[0].id if rows else 0
            for history_id, record in self._recent.items():
                if history_id > newest and self.model.prepend_record(record):
                    self._total += 1
            self._show_count()
            if shown is not None and self.model.row_of_id(shown) is not None:
                self.select_id(shown)
            else:
                self._show_record(None)

        self.runner.run(read, done)

    def _newer_read(self, newer: NewerRows) -> None:
        before = self.model.rowCount()
        self.model.insert_rows(newer)
        self._total = self._total + max(0, self.model.rowCount() - before)
        self._show_count()

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        total = max(self._total, shown)
        self._count.setText(
            plural(total, "call")
            if shown >= total
            else f"Showing {shown:,} of {plural(total, 'call')}"
        )

    # --- selection and details --------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """History ids of the selected rows, newest first."""
        return self.table.selected_ids()

    def select_id(self, history_id: int) -> bool:
        """Select the row of `history_id` if it is loaded (its details follow)."""
        return self.table.select_id(history_id)

    def selected_record(self) -> CallRecord | None:
        """The record shown in the details (loaded for a single selected row)."""
        return self._record

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        self._tell("")
        if len(ids) != 1 or self.store is None:
            self._show_record(None)
            return
        if self._record is not None and self._record.history_id == ids[0]:
            return
        store, history_id = self.store, ids[0]
        position = self.model.row_of_id(history_id)
        row = self.model.row_at(position) if position is not None else None
        current = self.runner.latest("record")
        recent = self._recent.get(history_id)
        if recent is not None:
            self._show_record(recent, row)
            return

        def done(record: CallRecord | None) -> None:
            if current() and record is not None:
                self._show_record(record, row)

        self.runner.run(lambda: store.get(history_id), done)

    def _show_record(self, record: CallRecord | None, row: HistoryRow | None = None) -> None:
        if record is None:
            self.runner.latest("record")  # an answer still on its way is not wanted
        self._record = record
        if record is None:
            self.details.clear()
        else:
            self.details.show_record(record, row.state if row else None)
        self.record_view.offer_sandbox(record)
        self.commands.update(record, len(self.selected_ids()))
        self.recordShown.emit(record)

    def _context_menu(self, position: QPoint) -> None:
        if self.table.indexAt(position).isValid():
            self.commands.menu(self).popup(self.table.viewport().mapToGlobal(position))

    def _tell(self, text: str) -> None:
        self.record_view.tell(text)

    def notice(self) -> str:
        """The message line under the actions (what the last action reported)."""
        return self._notice.text()
