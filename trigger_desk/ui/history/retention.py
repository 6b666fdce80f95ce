"""The history's retention control: keep all calls, the last N calls, or N days.

It only asks; the pane runs `HistoryStore.prune` off the event loop and the window may
persist the choice (`retention()` / `set_retention()`; the default keeps everything).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

_ALL, _ROWS, _DAYS = "all", "rows", "days"


class HistoryRetention(QWidget):
    """Emits `pruneRequested(max_rows, max_age_days)` (each int or None) on Apply."""

    pruneRequested = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox()
        # Narrow enough for the sidebar; the open list shows the whole choices.
        self.mode.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.mode.setMinimumContentsLength(8)
        self.mode.setAccessibleName("History retention")
        self.mode.addItem("all calls", _ALL)
        self.mode.addItem("the last N calls", _ROWS)
        self.mode.addItem("calls of the last N days", _DAYS)
        self.amount = QSpinBox()
        self.amount.setAccessibleName("Retention amount")
        self.amount.setRange(1, 10_000_000)
        self.amount.setGroupSeparatorShown(True)
        self.apply = QPushButton("Apply")
        self.apply.setAccessibleName("Apply retention")
        self.apply.setToolTip("Delete the calls outside this limit now")
        label = QLabel("&Keep:")
        label.setBuddy(self.mode)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.mode)
        layout.addWidget(self.amount)
        layout.addWidget(self.apply)
        layout.addStretch(1)  # compact at the left, however wide the pane
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.apply.clicked.connect(self._request)
        self.set_retention(None, None)

    def retention(self) -> tuple[int | None, int | None]:
        """(max_rows, max_age_days) as chosen; (None, None) keeps everything."""
        mode = self.mode.currentData()
        if mode == _ROWS:
            return self.amount.value(), None
        if mode == _DAYS:
            return None, self.amount.value()
        return None, None

    def set_retention(self, max_rows: int | None, max_age_days: int | None) -> None:
        """Show a stored choice (does not prune)."""
        # The mode first: switching it suggests a default amount, which is then replaced.
        if max_rows is not None:
            self.mode.setCurrentIndex(self.mode.findData(_ROWS))
            self._mode_changed()
            self.amount.setValue(max_rows)
        elif max_age_days is not None:
            self.mode.setCurrentIndex(self.mode.findData(_DAYS))
            self._mode_changed()
            self.amount.setValue(max_age_days)
        else:
            self.mode.setCurrentIndex(self.mode.findData(_ALL))
            self._mode_changed()

    def _mode_changed(self) -> None:
        mode = self.mode.currentData()
        self.amount.setVisible(mode != _ALL)
        self.amount.setSuffix(" days" if mode == _DAYS else " calls")
        if mode == _ROWS and self.amount.value() < 100:
            self.amount.setValue(10_000)
        elif mode == _DAYS and self.amount.value() > 3650:
            self.amount.setValue(90)

    def _request(self) -> None:
        self.pruneRequested.emit(*self.retention())
