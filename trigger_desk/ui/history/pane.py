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

from PySide6.QtCore import QPoint, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QSplitter, QVBoxLayout, QWidget

from trigger_desk.core.curl import curl_from_record, curl_variables
from trigger_desk.core.record import CallRecord
from trigger_desk.core.replay import cancel_event_values
from trigger_desk.store.history import HistoryFilter, HistoryRow, HistoryStore
from trigger_desk.ui.history.actions import HistoryActions
from trigger_desk.ui.history.details import HistoryDetails
from trigger_desk.ui.history.diff_dialog import DiffDialog
from trigger_desk.ui.history.filter_bar import HistoryFilterBar
from trigger_desk.ui.history.model import PAGE_SIZE, HistoryTableModel, NewerRows, call_label
from trigger_desk.ui.history.retention import HistoryRetention
from trigger_desk.ui.history.runner import StoreRunner
from trigger_desk.ui.history.table import HistoryTable
from trigger_desk.ui.widgets.question_box import ask

_Choices = tuple[list[str], list[str], list[str]]
POLL_MS = 3000  # how often to look for calls recorded elsewhere (0: never)
_RECENT_KEPT = 50  # records handed in by add_record, kept for their details


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


class HistoryPane(QWidget):
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
        self.details = HistoryDetails()
        self.details.requestIdCopied.connect(
            lambda _id: self._tell("Copied the id support can find this call by.")
        )
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
        self.toolbar = self.commands.toolbar()
        self._notice = QLabel()
        self._notice.setWordWrap(True)
        self._notice.setAccessibleName("History message")
        self._notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
        # The table on top at full width (seven columns need it), the details below.
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self._count, 1)
        footer.addWidget(self.retention)
        top_layout.addLayout(footer)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.toolbar)
        bottom_layout.addWidget(self._notice)
        bottom_layout.addWidget(self.details, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setAccessibleName("History and details")
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setChildrenCollapsible(False)
        # Initial proportions (the splitter scales them to its height): 2/5 for the table.
        self.splitter.setSizes([2000, 3000])
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)
        self._notice.hide()

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
            _plural(total, "call")
            if shown >= total
            else f"Showing {shown:,} of {_plural(total, 'call')}"
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
        self.commands.update(record, len(self.selected_ids()))
        self.recordShown.emit(record)

    def _context_menu(self, position: QPoint) -> None:
        if self.table.indexAt(position).isValid():
            self.commands.menu(self).popup(self.table.viewport().mapToGlobal(position))

    def _tell(self, text: str) -> None:
        self._notice.setText(text)
        self._notice.setVisible(bool(text))

    def notice(self) -> str:
        """The message line under the actions (what the last action reported)."""
        return self._notice.text()

    # --- actions ----------------------------------------------------------------------

    def _emit_record(self, signal: SignalInstance) -> None:
        if self._record is not None:
            signal.emit(self._record)

    def _cancel_event(self) -> None:
        record = self._record
        values = cancel_event_values(record.call_id, record.request) if record is not None else None
        if record is not None and values is not None:
            self.cancelEventRequested.emit("wix.cancel-event", values, record.profile)

    def curl_text(self) -> str | None:
        """The selected call as a cURL command, secrets as $TRIGGER_DESK_* variables."""
        return curl_from_record(self._record.request) if self._record is not None else None

    def copy_curl(self) -> None:
        command = self.curl_text()
        if command is None:
            return
        QGuiApplication.clipboard().setText(command)
        needed = curl_variables(command)
        self._tell(
            "Copied the cURL command. Set "
            + " and ".join(needed)
            + " in your shell before running it; the secrets are not in the copy."
            if needed
            else "Copied the cURL command."
        )

    def show_diff(self) -> None:
        """Compare the selected call with the last successful one of its call and profile."""
        record, store = self._record, self.store
        if record is None or store is None or record.history_id is None:
            return
        history_id = record.history_id

        def done(previous: CallRecord | None) -> None:
            if self._record is not record:
                return
            if previous is None:
                self._tell(
                    f"There is no earlier successful {call_label(record.call_id)} call with "
                    f"profile {record.profile} to compare with."
                )
                return
            if self._diff is None:
                self._diff = DiffDialog(self)
            self._diff.show_diff(previous, record)

        self.runner.run(
            lambda: store.latest_ok(record.call_id, record.profile, before_id=history_id), done
        )

    @property
    def diff_dialog(self) -> DiffDialog | None:
        return self._diff

    def delete_selected(self) -> None:
        """Ask, then delete the selected calls."""
        ids = self.selected_ids()
        if not ids or self.store is None:
            return
        noun = "this call" if len(ids) == 1 else f"these {_plural(len(ids), 'call')}"
        self._confirm = ask(
            self,
            "Delete from history",
            f"Delete {noun} from the history? This cannot be undone.",
            yes="Delete",
            no="Cancel",
            no_button=QMessageBox.StandardButton.Cancel,
            on_yes=lambda: self._delete_confirmed(ids),
            on_closed=lambda: setattr(self, "_confirm", None),
        )

    @property
    def confirmation(self) -> QMessageBox | None:
        """The open delete confirmation, if any."""
        return self._confirm if self._confirm is not None and self._confirm.isVisible() else None

    def _delete_confirmed(self, ids: list[int]) -> None:
        store = self.store
        if store is None:
            return

        def done(deleted: int) -> None:
            for history_id in ids:
                self._recent.pop(history_id, None)
            self.model.remove_ids(ids)
            self._total = max(0, self._total - deleted)
            if self._record is not None and self._record.history_id in ids:
                self._show_record(None)
            self._show_count()
            self._load_choices()
            self._tell(f"Deleted {_plural(deleted, 'call')}.")

        self.runner.run(lambda: store.delete(ids), done)

    def apply_retention(self, max_rows: int | None, max_age_days: int | None) -> None:
        """Prune the history to this limit (off the event loop), then show what is left."""
        store = self.store
        self.retention.set_retention(max_rows, max_age_days)
        if store is None:
            return
        if max_rows is None and max_age_days is None:
            self.retentionApplied.emit(None, None)
            return

        def done(deleted: int) -> None:
            self.retentionApplied.emit(max_rows, max_age_days)
            self.reload()
            self._tell(f"Retention applied: removed {_plural(deleted, 'older call')}.")

        self.runner.run(lambda: store.prune(max_rows, max_age_days), done)
