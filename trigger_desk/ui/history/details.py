"""Everything about one stored call: what it means, how long it took, what went and came.

In the order a troubleshooter reads it: the outcome (icon and word) with the call on
top; below, on the left, the diagnosis (cause, next step, the platform's own error),
notes, the request id support asks for (Wix's own, or the X-Request-ID sent to
Bitrix24) with a Copy button and the timing waterfall; on the right the request and the
response as text in tabs. The record arrives masked; nothing here can show a secret.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.record import CallRecord
from trigger_desk.core.record_text import request_lines, response_lines
from trigger_desk.store.history import RowState
from trigger_desk.ui.history.model import call_label, local_time, platform_label
from trigger_desk.ui.history.outcome import outcome_icon, outcome_word
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import fixed_font
from trigger_desk.ui.tab.timing_waterfall import TimingWaterfall

_EMPTY_TEXT = "Select a call to see what was sent, what came back and what it means."


def _wrapping_label(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    return label


class HistoryDetails(QWidget):
    """Shows one `CallRecord` (or a hint to select one)."""

    requestIdCopied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Call details")
        self._record: CallRecord | None = None

        self._stack = QStackedWidget()
        empty = QLabel(_EMPTY_TEXT)
        empty.setWordWrap(True)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setAccessibleName("No call selected")
        self._stack.addWidget(empty)
        self._stack.addWidget(self._build_details())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

    # --- building ---------------------------------------------------------------------

    def _build_details(self) -> QWidget:
        page = QWidget()
        self._icon = QLabel()
        self._icon.setAccessibleName("Outcome icon")
        self._outcome = QLabel()
        self._outcome.setAccessibleName("Outcome")
        bold = self._outcome.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self._outcome.setFont(bold)
        self._title = _wrapping_label("Call")
        heading = QHBoxLayout()
        heading.addWidget(self._icon)
        heading.addWidget(self._outcome)
        heading.addSpacing(8)
        heading.addWidget(self._title, 1)

        self._cause = _wrapping_label("Cause")
        self._next_step = _wrapping_label("Next step")
        self._platform_error = _wrapping_label("Platform's error")
        self._notes = _wrapping_label("Notes")
        self._diagnosis_box = QGroupBox("Diagnosis")
        diagnosis = QFormLayout(self._diagnosis_box)
        diagnosis.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._rows: dict[str, tuple[QLabel, QLabel]] = {}
        for key, text, value in (
            ("cause", "Cause:", self._cause),
            ("next", "Next step:", self._next_step),
            ("error", "Platform said:", self._platform_error),
            ("notes", "Notes:", self._notes),
        ):
            label = QLabel(text)
            label.setBuddy(value)
            diagnosis.addRow(label, value)
            self._rows[key] = (label, value)

        self._request_id_label = QLabel("Platform request id:")
        self._request_id = QLineEdit()
        self._request_id.setReadOnly(True)
        self._request_id.setFont(fixed_font())
        self._request_id.setAccessibleName("Platform request id")
        self._request_id_label.setBuddy(self._request_id)
        self.copy_request_id = QPushButton(icon("copy"), "Copy")
        self.copy_request_id.setAccessibleName("Copy platform request id")
        self.copy_request_id.setToolTip("Copy the id platform support asks for")
        self.copy_request_id.clicked.connect(self._copy_request_id)
        request_id = QHBoxLayout()
        request_id.addWidget(self._request_id_label)
        request_id.addWidget(self._request_id, 1)
        request_id.addWidget(self.copy_request_id)

        self.waterfall = TimingWaterfall()
        timing = QGroupBox("Timing")
        timing_layout = QVBoxLayout(timing)
        timing_layout.addWidget(self.waterfall)

        self.request_text = self._text_pane("Request")
        self.response_text = self._text_pane("Response")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Request and response")
        self.tabs.addTab(self.request_text, "&Request")
        self.tabs.addTab(self.response_text, "Res&ponse")

        # Two columns: what it means and how long it took | what was sent and received.
        summary = QWidget()
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        summary_layout.addWidget(self._diagnosis_box)
        summary_layout.addLayout(request_id)
        summary_layout.addWidget(timing)
        summary_layout.addStretch(1)
        # Scrolls rather than squeezes when the pane is short: clipped text helps no one.
        summary_scroll = QScrollArea()
        summary_scroll.setWidget(summary)
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        summary_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        summary_scroll.setAccessibleName("Diagnosis and timing")
        self.columns = QSplitter(Qt.Orientation.Horizontal)
        self.columns.setAccessibleName("Diagnosis and messages")
        self.columns.setChildrenCollapsible(False)
        self.columns.addWidget(summary_scroll)
        self.columns.addWidget(self.tabs)
        self.columns.setStretchFactor(0, 1)
        self.columns.setStretchFactor(1, 1)
        self.columns.setSizes([1000, 1000])  # halves, whatever the size hints say

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.columns, 1)
        return page

    @staticmethod
    def _text_pane(name: str) -> QPlainTextEdit:
        pane = QPlainTextEdit()
        pane.setReadOnly(True)
        pane.setFont(fixed_font())
        pane.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        pane.setAccessibleName(name)
        return pane

    # --- showing ----------------------------------------------------------------------

    @property
    def record(self) -> CallRecord | None:
        return self._record

    def clear(self) -> None:
        self._record = None
        self._stack.setCurrentIndex(0)

    def show_record(self, record: CallRecord, state: RowState | None = None) -> None:
        """Show a stored call; `state` tells in-flight from interrupted when it has no
        outcome (the store knows; a record alone does not)."""
        self._record = record
        outcome = record.outcome
        if outcome is None and state in (None, RowState.DONE):
            state = RowState.INTERRUPTED
        size = self._outcome.sizeHint().height()
        self._icon.setPixmap(outcome_icon(outcome, state).pixmap(size, size))
        self._outcome.setText(outcome_word(outcome, state))
        status = f"HTTP {record.status}" if record.status is not None else "no HTTP answer"
        self._title.setText(
            f"{call_label(record.call_id)} · {platform_label(record.platform)} · "
            f"profile {record.profile} · {status} · {local_time(record.started_at)} "
            f"· #{record.history_id}"
        )
        self._show_diagnosis(record, state)
        label, support_id = record.support_request_id()
        self._request_id_label.setText(f"{label}:")
        self._request_id.setText(support_id or "(none in this answer)")
        self._request_id.setCursorPosition(0)
        self.copy_request_id.setEnabled(bool(support_id))
        self.waterfall.set_timings(record.timings_ms, record.timings_state)
        self.request_text.setPlainText("\n".join(request_lines(record.request)))
        self.response_text.setPlainText("\n".join(response_lines(record.response)))
        self._stack.setCurrentIndex(1)

    def _show_diagnosis(self, record: CallRecord, state: RowState | None) -> None:
        diagnosis = record.diagnosis
        notes = list(record.notes)
        if diagnosis is not None:
            cause, next_step = diagnosis.cause, diagnosis.next_step
            said = " ".join(
                part for part in (diagnosis.error_code or "", diagnosis.error_message or "") if part
            )
        else:
            description = (state or RowState.INTERRUPTED).description
            notes = [note for note in notes if note != description]
            cause = description
            next_step = "Check on the platform whether the call arrived before firing it again."
            said = ""
        self._set_row("cause", cause)
        self._set_row("next", next_step)
        self._set_row("error", said)
        error_label = self._rows["error"][0]
        error_label.setText(  # "Refused by Bitrix24:", "No answer:", … (core.outcome)
            f"{diagnosis.outcome.error_heading(record.platform)}:" if diagnosis else "Error:"
        )
        self._set_row("notes", "\n".join(f"• {note}" for note in notes))

    def _set_row(self, key: str, text: str) -> None:
        label, value = self._rows[key]
        value.setText(text)
        label.setVisible(bool(text))
        value.setVisible(bool(text))

    def _copy_request_id(self) -> None:
        support_id = self._record.support_request_id()[1] if self._record else ""
        if not support_id:
            return
        QGuiApplication.clipboard().setText(support_id)
        self.requestIdCopied.emit(support_id)

    # --- read-outs for tests and accessibility -----------------------------------------

    def outcome_text(self) -> str:
        return self._outcome.text()

    def diagnosis_text(self) -> dict[str, str]:
        """The visible diagnosis rows by key: cause, next, error, notes."""
        return {key: value.text() for key, (_, value) in self._rows.items() if value.text()}
