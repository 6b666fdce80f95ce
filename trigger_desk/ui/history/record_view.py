"""The record view: one call, the one just fired or the one selected in history.

Both are the same thing (a stored `CallRecord`) and show in the same place, with the
same parts: the actions on top (re-run, load into the form, cURL, diff, preset,
delete), a line for what the last action reported, then the details (outcome,
diagnosis, timing waterfall, request, response). The history pane owns what the
actions do; the window puts this view beside the form.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from trigger_desk.core.record import CallRecord, sandbox_port_to_start
from trigger_desk.ui.history.actions import HistoryActions
from trigger_desk.ui.history.details import HistoryDetails

ROOMY_WIDTH = 440  # below this, every action but Re-run is an icon


class RecordView(QWidget):
    """Actions, a message line and the details of one call.

    `startSandbox(port)` is emitted by the button offered when a call found nothing
    listening where a sandbox profile points (0: the default port).
    """

    startSandbox = Signal(int)

    def __init__(self, commands: HistoryActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Call record")
        self._commands = commands
        self.toolbar = commands.toolbar()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("History message")
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()
        # Offered when a call found nothing listening on this machine (see core.record).
        self.start_sandbox = QPushButton("Start the &sandbox", self)
        self.start_sandbox.setToolTip(
            "Start the built-in sandbox where the sandbox profiles expect it, then fire again."
        )
        self._sandbox_port = 0
        self.start_sandbox.clicked.connect(lambda: self.startSandbox.emit(self._sandbox_port))
        self.start_sandbox.hide()
        self.details = HistoryDetails()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.notice)
        layout.addWidget(self.start_sandbox, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # "Load into form" keeps its text when there is room; narrower, it is an icon
        # like the others, so no action ever hides behind the toolbar's "»".
        roomy = event.size().width() >= ROOMY_WIDTH
        priority = QAction.Priority.NormalPriority if roomy else QAction.Priority.LowPriority
        if self._commands.load.priority() != priority:
            self._commands.load.setPriority(priority)

    def offer_sandbox(self, record: CallRecord | None) -> None:
        """Show "Start the sandbox" when this call found no sandbox listening."""
        port = sandbox_port_to_start(record) if record is not None else None
        self._sandbox_port = port or 0
        self.start_sandbox.setVisible(port is not None)

    def tell(self, text: str) -> None:
        """Say what the last action did ('' hides the line)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_cancelled(self, title: str, profile: str) -> None:
        """A call cancelled before its answer: nothing recorded to show but this."""
        self.details.clear(
            f"Cancelled: {title} · {profile}\n\nYou cancelled the call before an answer was "
            "recorded. The platform may still have received it: check the item (or the "
            "history) before firing again."
        )
        self.offer_sandbox(None)
