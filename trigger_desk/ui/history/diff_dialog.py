"""A window for "Diff with last success": a `DiffView` with a Close button."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from trigger_desk.core.record import CallRecord
from trigger_desk.ui.history.diff_view import DiffView
from trigger_desk.ui.history.text import call_label


class DiffDialog(QDialog):
    """Non-modal, so the history stays usable while comparing; reused for each diff."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Diff with last success")
        self.view = DiffView(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close diff")
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(1100, 700)

    def show_diff(self, old: CallRecord, new: CallRecord) -> None:
        self.setWindowTitle(f"Diff with last success: {call_label(new.call_id)} ({new.profile})")
        self.view.show_diff(old, new)
        self.show()
        self.raise_()
        self.activateWindow()
