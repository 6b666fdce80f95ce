"""The calls still waiting for an answer, each with its own Cancel button."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from trigger_desk.ui.icons import icon


@dataclass
class _Row:
    widget: QWidget
    label: QLabel
    cancel: QPushButton
    text: str
    started: float


class InFlightList(QWidget):
    """One line per call in flight: what, where, for how long, and Cancel.

    Hidden when nothing is in flight. The elapsed time ticks while any call runs.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[int, _Row] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._refresh)
        self.setAccessibleName("Calls in flight")
        self.hide()

    def add(self, key: int, text: str, on_cancel: Callable[[], object]) -> QPushButton:
        """Show a call; `on_cancel` runs when its Cancel button is pressed."""
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        spinner = QLabel(row)
        spinner.setPixmap(icon("clock").pixmap(16, 16))
        label = QLabel(text, row)
        cancel = QPushButton(icon("cancel"), "Cancel", row)
        cancel.setAccessibleName(f"Cancel {text} (call {key})")
        cancel.setToolTip("Stop waiting for this call's answer")
        cancel.clicked.connect(lambda: on_cancel())  # not the "checked" argument
        layout.addWidget(spinner)
        layout.addWidget(label, 1)
        layout.addWidget(cancel)
        self._layout.addWidget(row)
        self._rows[key] = _Row(row, label, cancel, text, time.monotonic())
        self._refresh()
        self.show()
        self._tick.start()
        return cancel

    def remove(self, key: int) -> None:
        row = self._rows.pop(key, None)
        if row is not None:
            row.widget.hide()
            row.widget.deleteLater()
        if not self._rows:
            self._tick.stop()
            self.hide()

    def keys(self) -> list[int]:
        return list(self._rows)

    def cancel_button(self, key: int) -> QPushButton:
        return self._rows[key].cancel

    def _refresh(self) -> None:
        now = time.monotonic()
        for row in self._rows.values():
            row.label.setText(f"{row.text} — waiting {now - row.started:.1f} s")
