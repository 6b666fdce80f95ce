"""What the history pane does for the selected call: cURL, diff, delete, retention.

A mixin of `HistoryPane` (kept apart to keep each module short): it reads the pane's
record, store, model and runner, and reports through its message line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from trigger_desk.core.curl import curl_from_record, curl_variables
from trigger_desk.core.record import CallRecord
from trigger_desk.core.replay import cancel_event_values
from trigger_desk.ui.history.diff_dialog import DiffDialog
from trigger_desk.ui.history.text import call_label
from trigger_desk.ui.widgets.question_box import ask

if TYPE_CHECKING:
    from trigger_desk.store.history import HistoryStore
    from trigger_desk.ui.history.model import HistoryTableModel
    from trigger_desk.ui.history.retention import HistoryRetention
    from trigger_desk.ui.history.runner import StoreRunner


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


class PaneActions:
    """The actions' handlers; the pane provides the attributes declared here."""

    _record: CallRecord | None
    _diff: DiffDialog | None
    _confirm: QMessageBox | None
    _total: int
    _recent: dict[int, CallRecord]
    model: HistoryTableModel
    runner: StoreRunner
    retention: HistoryRetention
    cancelEventRequested: SignalInstance
    retentionApplied: SignalInstance

    if TYPE_CHECKING:

        @property
        def store(self) -> HistoryStore | None: ...
        def _tell(self, text: str) -> None: ...
        def _show_record(self, record: CallRecord | None) -> None: ...
        def _show_count(self) -> None: ...
        def _load_choices(self) -> None: ...
        def selected_ids(self) -> list[int]: ...
        def reload(self) -> None: ...

    def _as_widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

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
                self._diff = DiffDialog(self._as_widget())
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
        noun = "this call" if len(ids) == 1 else f"these {plural(len(ids), 'call')}"
        self._confirm = ask(
            self._as_widget(),
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
            self._tell(f"Deleted {plural(deleted, 'call')}.")

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
            self._tell(f"Retention applied: removed {plural(deleted, 'older call')}.")

        self.runner.run(lambda: store.prune(max_rows, max_age_days), done)
