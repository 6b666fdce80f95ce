"""The sending page: a progress bar with the time left, pause / resume and cancel."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from trigger_desk.core.bulk_types import BulkProgress
from trigger_desk.ui.bulk.text import counts_sentence, duration


class ProgressPage(QWidget):
    """Shows throttled progress; emits `pause_toggled(paused)` and `cancel_requested`."""

    pause_toggled = Signal(bool)
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(self)
        self.title.setAccessibleName(self.tr("Run"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Items done"))
        self.bar.setMinimumHeight(28)
        layout.addWidget(self.bar)
        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Progress"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.eta = QLabel(self)
        self.eta.setAccessibleName(self.tr("Time left"))
        layout.addWidget(self.eta)

        buttons = QHBoxLayout()
        self.pause_button = QPushButton(self.tr("&Pause"), self)
        self.pause_button.setAccessibleName(self.tr("Pause"))
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self._toggled)
        self.cancel_button = QPushButton(self.tr("&Cancel run"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel run"))
        self.cancel_button.setToolTip(
            self.tr("Send nothing more: requests on the wire finish and are recorded")
        )
        self.cancel_button.clicked.connect(self._cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        layout.addStretch(2)

    def start(self, title: str, total: int) -> None:
        self.title.setText(title)
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(0)
        self._format(0, total)
        self.status.setText(self.tr("Starting…"))
        self.eta.setText("")
        self.pause_button.setChecked(False)
        self.pause_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.pause_button.setFocus()

    def show_progress(self, progress: BulkProgress) -> None:
        self.bar.setRange(0, max(1, progress.total))
        self.bar.setValue(progress.done)
        self._format(progress.done, progress.total)
        self.status.setText(
            self.tr("{counts}; {requests:,} requests so far").format(
                counts=counts_sentence(progress.counts), requests=progress.requests
            )
        )
        if self.pause_button.isChecked():
            return
        left = progress.eta_seconds()
        self.eta.setText(
            self.tr("About {time} left").format(time=duration(left))
            if left is not None and progress.done < progress.total
            else ""
        )

    def _format(self, done: int, total: int) -> None:
        self.bar.setFormat(
            self.tr("{done:,} of {total:,} items (%p%)").format(done=done, total=total)
        )

    def _toggled(self, paused: bool) -> None:
        self.pause_button.setText(self.tr("&Resume") if paused else self.tr("&Pause"))
        self.pause_button.setAccessibleName(self.tr("Resume") if paused else self.tr("Pause"))
        if paused:
            self.eta.setText(self.tr("Paused: nothing more is sent until you resume."))
        self.pause_toggled.emit(paused)

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.pause_button.setEnabled(False)
        self.eta.setText(self.tr("Cancelling: waiting for the requests on the wire…"))
        self.cancel_requested.emit()
