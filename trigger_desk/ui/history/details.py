"""Everything about one stored call: what it means, how long it took, what went and came.

In the order a troubleshooter reads it: the outcome (icon and word) with the call on
top; below it the diagnosis (cause, next step, the platform's own error), notes, the
request id support asks for (Wix's own, or the X-Request-ID sent to Bitrix24) with a
Copy button; then the request, the response and the timing waterfall in tabs, with most
of the height (the heading carries the total time). The record arrives masked; nothing
here can show a secret.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
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
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.record import CallRecord
from trigger_desk.core.record_text import request_lines, response_lines
from trigger_desk.store.history import RowState
from trigger_desk.ui.history.outcome import outcome_icon, outcome_word
from trigger_desk.ui.history.text import call_label, local_time, platform_label
from trigger_desk.ui.history.timing_waterfall import TimingWaterfall, format_ms
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import fixed_font

_EMPTY_TEXT = "Select a call to see what was sent, what came back and what it means."


def _wrapping_label(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    return label


class _CappedScroll(QScrollArea):
    """Scrolls rather than squeezes; asks for its content's height at its width, up to
    `cap` pixels, so the request and response below keep most of a short window."""

    def __init__(self, content: QWidget, cap: int = 320) -> None:
        super().__init__()
        self._cap = cap
        self._width = 0
        self._content = content
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        content = self._content
        width = self.viewport().width()
        height = content.heightForWidth(width) if content.hasHeightForWidth() else -1
        if height < 0:
            height = content.sizeHint().height()
        return QSize(content.sizeHint().width(), min(height, self._cap))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._width:  # wrapped text changes height with width
            self._width = event.size().width()
            self.updateGeometry()


class HistoryDetails(QWidget):
    """Shows one `CallRecord` (or a hint to select one)."""

    requestIdCopied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Call details")
        self._record: CallRecord | None = None

        self._stack = QStackedWidget()
        self._empty = QLabel(_EMPTY_TEXT)
        self._empty.setWordWrap(True)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setAccessibleName("No call selected")
        self._stack.addWidget(self._empty)
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
        # The label above the id: the record column may be narrow.
        id_row = QHBoxLayout()
        id_row.addWidget(self._request_id, 1)
        id_row.addWidget(self.copy_request_id)
        request_id = QVBoxLayout()
        request_id.setSpacing(2)
        request_id.addWidget(self._request_id_label)
        request_id.addLayout(id_row)

        self.waterfall = TimingWaterfall()
        timing = QWidget()
        timing_layout = QVBoxLayout(timing)
        timing_layout.addWidget(self.waterfall)
        timing_layout.addStretch(1)

        self.request_text = self._text_pane("Request")
        self.response_text = self._text_pane("Response")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Request, response and timing")
        self.tabs.addTab(self.request_text, "&Request")
        self.tabs.addTab(self.response_text, "Res&ponse")
        self.tabs.addTab(timing, "&Timing")

        # What it means and how long it took on top, sized to its text up to a cap
        # (it scrolls beyond); what was sent and received below, with the rest.
        summary = QWidget()
        summary_layout = QVBoxLayout(summary)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        summary_layout.addWidget(self._diagnosis_box)
        summary_layout.addLayout(request_id)
        self.summary = _CappedScroll(summary)
        self.summary.setAccessibleName("Diagnosis")

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
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

    def clear(self, note: str = _EMPTY_TEXT) -> None:
        """Show no call, and `note` (by default: select a call) in its place."""
        self._record = None
        self._empty.setText(note)
        self._empty.setAccessibleName("No call selected" if note == _EMPTY_TEXT else note)
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
        word = outcome_word(outcome, state)
        self._outcome.setText(word)
        # "Outcome: OK": a fixed name would hide the word from screen readers.
        self._outcome.setAccessibleName(f"Outcome: {word}")
        status = f"HTTP {record.status}" if record.status is not None else "no HTTP answer"
        total = record.timings_ms.get("total")
        took = f" in {format_ms(total)}" if total else ""
        number = f" · #{record.history_id}" if record.history_id is not None else ""
        self._title.setText(
            f"{status}{took} · {call_label(record.call_id)} · {platform_label(record.platform)}"
            f" · profile {record.profile} · {local_time(record.started_at)}{number}"
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
        self.summary.updateGeometry()  # its height follows the diagnosis's length
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

    def title_text(self) -> str:
        """The line beside the outcome: call, platform, profile, status, time, id."""
        return self._title.text()

    def note_text(self) -> str:
        """What shows instead of a call (a hint, or what happened to a cancelled one)."""
        return self._empty.text()

    def error_heading(self) -> str:
        """The platform-error row's heading ("Refused by Bitrix24:", "No answer:", …)."""
        return self._rows["error"][0].text()

    def diagnosis_text(self) -> dict[str, str]:
        """The visible diagnosis rows by key: cause, next, error, notes."""
        return {key: value.text() for key, (_, value) in self._rows.items() if value.text()}
