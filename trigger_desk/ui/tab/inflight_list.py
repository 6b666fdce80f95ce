"""The calls still waiting for an answer, each with its own Cancel button."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.ui.shell.icons import icon


@dataclass
class _Row:
    widget: QWidget
    label: QLabel
    cancel: QPushButton
    text: str
    started: float


# Rows shown before the list scrolls: more would squeeze the form above.
VISIBLE_ROWS = 3


class InFlightList(QWidget):
    """One line per call in flight: what, where, for how long, and Cancel.

    Hidden when nothing is in flight. The elapsed time ticks while any call runs. With
    more than VISIBLE_ROWS calls the rows scroll and a line above them counts them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[int, _Row] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self.count_label = QLabel(self)
        self.count_label.hide()
        outer.addWidget(self.count_label)
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows = QWidget(self.scroller)
        self._layout = QVBoxLayout(rows)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._layout.addStretch(1)
        self.scroller.setWidget(rows)
        outer.addWidget(self.scroller)
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
        self._layout.insertWidget(self._layout.count() - 1, row)  # above the stretch
        self._rows[key] = _Row(row, label, cancel, text, time.monotonic())
        self._fit()
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
        else:
            self._fit()

    def keys(self) -> list[int]:
        return list(self._rows)

    def cancel_button(self, key: int) -> QPushButton:
        return self._rows[key].cancel

    def _fit(self) -> None:
        count = len(self._rows)
        shown = min(count, VISIBLE_ROWS)
        row_height = max(row.widget.sizeHint().height() for row in self._rows.values())
        spacing = self._layout.spacing()
        self.scroller.setFixedHeight(shown * row_height + (shown - 1) * spacing)
        self.count_label.setText(f"{count} calls in flight (scroll for all):")
        self.count_label.setVisible(count > VISIBLE_ROWS)
        self.setAccessibleDescription(f"{count} call{'s' if count != 1 else ''} in flight")

    def _refresh(self) -> None:
        now = time.monotonic()
        for row in self._rows.values():
            row.label.setText(f"{row.text} — waiting {now - row.started:.1f} s")
