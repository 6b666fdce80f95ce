"""The history's actions as QActions, shared by the toolbar and the context menu.

The pane owns what they do; this only builds them (icon, text, tooltip, accessible
name on their buttons), enables them for what is selected, and lays them out.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton, QWidget

from trigger_desk.core.record import CallRecord
from trigger_desk.core.replay import cancel_event_values
from trigger_desk.ui.shell.icons import icon


class HistoryActions(QObject):
    """Re-run, load, copy as cURL, diff, cancel event, save as preset, delete."""

    def __init__(self, parent: QObject, handlers: dict[str, Callable[[], None]]) -> None:
        super().__init__(parent)

        def make(key: str, text: str, icon_name: str, tip: str) -> QAction:
            action = QAction(icon(icon_name), text, self)
            action.setToolTip(tip)
            handler = handlers[key]
            action.triggered.connect(lambda _checked=False: handler())
            return action

        self.rerun = make("rerun", "Re-run", "fire", "Fire this request again, as it was")
        self.load = make(
            "load", "Load into form", "pencil", "Put this call in the form to edit and fire"
        )
        self.curl = make(
            "curl",
            "Copy as cURL",
            "copy",
            "Copy a cURL command; secrets appear as $TRIGGER_DESK_… variables",
        )
        self.diff = make(
            "diff",
            "Diff with last success",
            "braces",
            "Compare with the last successful call of this call and profile",
        )
        self.cancel_event = make(
            "cancel_event",
            "Cancel this event",
            "cancel",
            "Prefill CancelEvent with this event's trigger key and externalEntityId",
        )
        self.preset = make(
            "preset", "Save as preset", "plus", "Save this call as a reusable preset"
        )
        self.delete = make("delete", "Delete…", "trash", "Delete the selected calls from history")
        self.delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def for_record(self) -> tuple[QAction, ...]:
        """The actions that act on the one selected call."""
        return (self.rerun, self.load, self.curl, self.diff, self.cancel_event, self.preset)

    def update(self, record: CallRecord | None, selected: int) -> None:
        """Enable for one loaded record; show Cancel only for a cancellable Wix event."""
        for action in self.for_record():
            action.setEnabled(record is not None)
        self.cancel_event.setVisible(
            record is not None and cancel_event_values(record.call_id, record.request) is not None
        )
        self.delete.setEnabled(selected > 0)

    def toolbar(self) -> QToolBar:
        """A toolbar: Re-run and Load with their text, the others as icons."""
        bar = QToolBar("History actions")
        bar.setAccessibleName("History actions")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in self.for_record():
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.delete)
        # Icons only for all but the first two, so the row fits beside the form and
        # nothing hides behind "»" (their names are in the tooltip and accessible name).
        for action in (self.curl, self.diff, self.cancel_event, self.preset, self.delete):
            action.setPriority(QAction.Priority.LowPriority)
        for action in (*self.for_record(), self.delete):
            button = bar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().rstrip("…"))
        # Qt's own "»" button for the actions that do not fit has no name of its own.
        extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if extension is not None:
            extension.setAccessibleName("More history actions")
            extension.setToolTip("More history actions")
        return bar

    def menu(self, parent: QWidget) -> QMenu:
        menu = QMenu(parent)
        menu.setAccessibleName("History actions menu")
        for action in self.for_record():
            if action.isVisible():
                menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.delete)
        return menu
