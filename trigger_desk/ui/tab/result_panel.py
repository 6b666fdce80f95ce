"""How the last call ended: outcome (icon and word), status, hint, timings, answer."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import TIMING_PHASES, CallRecord, pretty_json, sandbox_port_to_start
from trigger_desk.core.timing import phase_reading
from trigger_desk.ui.shell.icons import OUTCOME_ICONS, icon, outcome_icon
from trigger_desk.ui.shell.theme import Tone, fixed_font, small_font, tone_color
from trigger_desk.ui.widgets.core_text import tr_core
from trigger_desk.ui.widgets.field_message import FieldMessage
from trigger_desk.ui.widgets.json_highlighter import JsonHighlighter

# Pretty-printing re-parses the body on the event loop: only for bodies this small.


def format_ms(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    return f"{value:.1f} ms"


# The phases' names as shown (the keys are the record's).
_PHASE_NAMES = {
    "connect": QT_TRANSLATE_NOOP("ResultPanel", "connect"),
    "tls": QT_TRANSLATE_NOOP("ResultPanel", "tls"),
    "send": QT_TRANSLATE_NOOP("ResultPanel", "send"),
    "wait": QT_TRANSLATE_NOOP("ResultPanel", "wait"),
    "receive": QT_TRANSLATE_NOOP("ResultPanel", "receive"),
    "total": QT_TRANSLATE_NOOP("ResultPanel", "total"),
}


class ResultPanel(QWidget):
    """Shows one CallRecord: the outcome never by colour alone (icon + word).

    `startSandbox(port)` is emitted by the button offered when the sandbox is not
    running (0: the default port).
    """

    startSandbox = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)

        header = QHBoxLayout()
        self.outcome_icon = QLabel(self)
        self.outcome = QLabel(self)
        self._prefixes: dict[QLabel, str] = {self.outcome: self.tr("Outcome")}
        font = QFont(self.outcome.font())
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF(), 1.0) * 1.25)
        self.outcome.setFont(font)
        self.status = QLabel(self)
        self._prefixes[self.status] = self.tr("HTTP status")
        self.summary = QLabel(self)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header.addWidget(self.outcome_icon)
        header.addWidget(self.outcome)
        header.addWidget(self.status)
        header.addStretch(1)
        header.addWidget(self.summary)
        layout.addLayout(header)

        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self._prefixes[self.hint] = self.tr("Hint")
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.hint)

        # Offered when a call found nothing listening on this machine (see core.record).
        self.start_sandbox = QPushButton(self.tr("Start the &sandbox"), self)
        self.start_sandbox.setToolTip(
            self.tr(
                "Start the built-in sandbox where the sandbox profiles expect it, then fire again."
            )
        )
        self._sandbox_port = 0
        self.start_sandbox.clicked.connect(lambda: self.startSandbox.emit(self._sandbox_port))
        self.start_sandbox.hide()
        layout.addWidget(self.start_sandbox, 0, Qt.AlignmentFlag.AlignLeft)

        self.platform_error = QLabel(self)
        self.platform_error.setWordWrap(True)
        self.platform_error.setFont(fixed_font())
        self._prefixes[self.platform_error] = self.tr("Platform error")
        self.platform_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.platform_error)

        timings = QGridLayout()
        timings.setHorizontalSpacing(18)
        timings.setVerticalSpacing(0)
        self.timings: dict[str, QLabel] = {}
        for column, phase in enumerate(TIMING_PHASES):
            name = QLabel(self.tr(_PHASE_NAMES[phase]), self)
            name.setFont(small_font(name.font()))
            value = QLabel("—", self)
            self._prefixes[value] = self.tr("{phase} time").format(phase=name.text())
            if phase == "total":
                bold = QFont(value.font())
                bold.setBold(True)
                value.setFont(bold)
            timings.addWidget(name, 0, column)
            timings.addWidget(value, 1, column)
            self.timings[phase] = value
        timings.setColumnStretch(len(TIMING_PHASES), 1)
        layout.addLayout(timings)

        self.notes = FieldMessage(self, tone=Tone.INFO)
        self.notes.setObjectName("result-notes")
        layout.addWidget(self.notes)

        # Ids support desks ask for: read-only inputs, so they can be selected and copied
        # whatever their length.
        ids = self._ids_form = QFormLayout()
        ids.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.request_id = self._id_field("X-Request-ID")
        self.platform_request_id = self._id_field(self.tr("Platform request id"))
        self.attempts = QLabel(self)
        ids.addRow(self.tr("X-Request-ID"), self.request_id)
        ids.addRow(self.tr("Platform request id"), self.platform_request_id)
        ids.addRow(self.tr("Attempts"), self.attempts)
        self.ids = QWidget(self)
        self.ids.setLayout(ids)
        ids.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.ids)

        self.body_label = QLabel(self.tr("Response body"), self)
        layout.addWidget(self.body_label)
        self.body = QPlainTextEdit(self)
        self.body.setReadOnly(True)
        self.body.setFont(fixed_font())
        self.body.setAccessibleName(self.tr("Response body"))
        self.body.setTabChangesFocus(True)
        self._highlighter = JsonHighlighter(self.body.document())
        layout.addWidget(self.body, 1)
        self.clear()

    def _put(self, label: QLabel, text: str) -> None:
        """Set a value label's text, and its accessible name to "Outcome: OK": a fixed
        name would replace the text for screen readers, which would then never say OK."""
        label.setText(text)
        prefix = self._prefixes.get(label, "")
        label.setAccessibleName(f"{prefix}: {text}" if prefix and text else prefix or text)

    def _id_field(self, name: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setReadOnly(True)
        field.setFrame(False)
        field.setFont(small_font(fixed_font()))
        field.setAccessibleName(name)
        return field

    # --- showing --------------------------------------------------------------------

    def clear(self) -> None:
        self._set_outcome(None, self.tr("No call yet"), Tone.NEUTRAL)
        self._put(self.status, "")
        self.summary.clear()
        self._put(
            self.hint,
            self.tr("Fire a call (Ctrl+Enter) and its outcome, timings and answer appear here."),
        )
        self.platform_error.hide()
        self.start_sandbox.hide()
        for value in self.timings.values():
            self._put(value, "—")
        self.notes.show_message(None)
        self.ids.hide()
        self.body.clear()
        self.body_label.setText(self.tr("Response body"))

    def show_record(self, record: CallRecord, title: str) -> None:
        diagnosis = record.diagnosis
        if diagnosis is None:  # an unfinished record: should not reach the panel
            self._set_outcome(None, tr_core("In flight"), Tone.NEUTRAL)
        else:
            _, tone = OUTCOME_ICONS[diagnosis.outcome]
            self._set_outcome(diagnosis.outcome, tr_core(diagnosis.outcome.label), tone)
        self._put(
            self.status,
            f"HTTP {record.status}" if record.status is not None else self.tr("no answer"),
        )
        self.summary.setText(f"{title} · {record.profile} · {record.started_at[11:19]} UTC")
        hint = (
            " ".join(tr_core(part) for part in (diagnosis.cause, diagnosis.next_step) if part)
            if diagnosis
            else ""
        )
        self._put(self.hint, hint)
        code, message = (
            (diagnosis.error_code, diagnosis.error_message) if diagnosis else (None, None)
        )
        port = sandbox_port_to_start(record)
        self._sandbox_port = port or 0
        self.start_sandbox.setVisible(port is not None)
        if diagnosis is not None and (code or message):
            # Worded by what happened: "Refused by Bitrix24", "No answer", …
            heading = tr_core(diagnosis.outcome.error_heading(record.platform))
            self._put(
                self.platform_error,
                f"{heading}: " + " — ".join(part for part in (code, message) if part),
            )
            self.platform_error.show()
        else:
            self.platform_error.hide()
        for phase, value in self.timings.items():
            figure = format_ms(record.timings_ms.get(phase))
            self._put(value, tr_core(phase_reading(figure, record.timings_state.get(phase))))
        self.notes.show_message("\n".join(tr_core(n) for n in record.notes) or None, Tone.INFO)
        self.request_id.setText(record.request_id)
        self.request_id.setCursorPosition(0)
        self.platform_request_id.setText(record.platform_request_id)
        # Bitrix24 sends none: then the X-Request-ID above is what support can match.
        self._ids_form.setRowVisible(self.platform_request_id, bool(record.platform_request_id))
        self.platform_request_id.setCursorPosition(0)
        self.attempts.setText(str(record.attempts))
        self.ids.setVisible(bool(record.request_id or record.platform_request_id))
        response = record.response
        if response is None:
            self.body_label.setText(self.tr("Response body (no answer)"))
            self.body.clear()
        else:
            self.body_label.setText(self.tr("Response body (%Ln byte(s))", "", response.size or 0))
            self.body.setPlainText(pretty_json(response.body))

    def show_cancelled(self, title: str, profile: str) -> None:
        self.clear()
        self._set_outcome(None, self.tr("Cancelled"), Tone.WARNING, icon_name="cancelled")
        self.summary.setText(f"{title} · {profile}")
        self._put(
            self.hint,
            self.tr(
                "You cancelled the call before an answer was recorded. The platform may still "
                "have received it: check the item (or the history) before firing again."
            ),
        )

    def _set_outcome(
        self, outcome: Outcome | None, word: str, tone: Tone, icon_name: str = "info"
    ) -> None:
        size = self.outcome.fontMetrics().height() + 2
        shown = outcome_icon(outcome) if outcome is not None else icon(icon_name, tone)
        self.outcome_icon.setPixmap(shown.pixmap(QSize(size, size), self.devicePixelRatioF()))
        self._put(self.outcome, word)
        palette = self.outcome.palette()
        palette.setColor(QPalette.ColorRole.WindowText, tone_color(tone))
        self.outcome.setPalette(palette)

    @property
    def outcome_text(self) -> str:
        return self.outcome.text()
