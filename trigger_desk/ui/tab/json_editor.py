"""The payload editor: JSON with highlighting, line numbers, parse errors and the
payload rules of the call, all checked as the user types."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from trigger_desk.core.calls import PayloadSpec
from trigger_desk.core.strict_json import JsonRefused, loads_strict
from trigger_desk.core.validation import FieldError
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import Tone, small_font
from trigger_desk.ui.widgets.code_edit import CodeEdit
from trigger_desk.ui.widgets.core_text import tr_core
from trigger_desk.ui.widgets.field_message import FieldMessage
from trigger_desk.ui.widgets.json_highlighter import JsonHighlighter

PayloadCheck = Callable[[Any], list[FieldError]]


@dataclass(frozen=True)
class PayloadState:
    """What the editor holds: `value` is None when empty; `error` says why it cannot
    be sent (bad JSON), with line and column."""

    value: Any = None
    error: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_state(text: str) -> PayloadState:
    """Parse editor text; an empty editor means "no payload"."""
    if not text.strip():
        return PayloadState()
    try:
        # The strict loader: no NaN, no numbers past 64 bits, at most 64 levels deep.
        return PayloadState(value=loads_strict(text, "payload"))
    except JsonRefused as refused:
        if refused.line is not None:
            reason = refused.reason.partition("(")[2].rpartition(" at line")[0]
            return PayloadState(
                error=QCoreApplication.translate(
                    "JsonEditor", "Line {line}, column {column}: {reason}."
                ).format(line=refused.line, column=refused.column, reason=reason),
                line=refused.line,
                column=refused.column,
            )
        return PayloadState(error=f"{refused.where}: {refused.reason}.")


class JsonEditor(QWidget):
    """Edits one payload object; emits `changed` (debounced) as the text changes."""

    changed = Signal()

    def __init__(
        self,
        spec: PayloadSpec,
        check: PayloadCheck | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._spec = spec
        self._check = check
        self._shown_rule_errors: list[FieldError] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        help_label = QLabel(tr_core(spec.help), self)
        help_label.setWordWrap(True)
        help_label.setFont(small_font(self.font()))
        layout.addWidget(help_label)

        self.editor = CodeEdit(self)
        self.editor.setAccessibleName(spec.key)
        self.editor.setAccessibleDescription(
            self.tr("{key}: JSON object.").format(key=spec.key) + " " + tr_core(spec.help)
        )
        self.editor.setPlaceholderText(json.dumps(dict(spec.example), indent=2))
        self.editor.setMinimumHeight(self.editor.fontMetrics().lineSpacing() * 4 + 12)
        self._highlighter = JsonHighlighter(self.editor.document())

        # The buttons stand beside the editor, not under it: at 1280x800 every line of
        # height goes to the call's fields above.
        buttons = QVBoxLayout()
        self.format_button = QPushButton(icon("braces"), self.tr("F&ormat"), self)
        self.format_button.setAccessibleName(self.tr("Format payload"))
        self.format_button.setToolTip(self.tr("Re-indent the JSON (only when it parses)"))
        self.format_button.clicked.connect(self.format_text)
        self.example_button = QPushButton(icon("example"), self.tr("Insert e&xample"), self)
        self.example_button.setAccessibleName(self.tr("Insert example payload"))
        self.example_button.setToolTip(self.tr("Replace the text with the documented example"))
        self.example_button.clicked.connect(self.insert_example)
        buttons.addWidget(self.format_button)
        buttons.addWidget(self.example_button)
        buttons.addStretch(1)
        editor_row = QHBoxLayout()
        editor_row.addWidget(self.editor, 1)
        editor_row.addLayout(buttons)
        layout.addLayout(editor_row, 1)

        self.parse_message = FieldMessage(self)
        self.parse_message.setObjectName("payload-parse-error")
        layout.addWidget(self.parse_message)
        self.rule_messages = FieldMessage(self)
        self.rule_messages.setObjectName("payload-rule-errors")
        layout.addWidget(self.rule_messages)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._recheck)
        self.editor.textChanged.connect(self._debounce.start)
        self._recheck()

    # --- values ---------------------------------------------------------------------

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        self.editor.setPlainText(text)
        self._recheck()

    def set_payload(self, value: Any) -> None:
        self.set_text("" if value is None else json.dumps(value, indent=2, ensure_ascii=False))

    def state(self) -> PayloadState:
        return parse_state(self.text())

    # --- actions --------------------------------------------------------------------

    def format_text(self) -> None:
        state = self.state()
        if state.ok and state.value is not None:
            self.set_payload(state.value)

    def insert_example(self) -> None:
        self.set_payload(dict(self._spec.example))

    def validate(self) -> bool:
        """Check now (not debounced) and show every problem; True when sendable."""
        self._debounce.stop()
        return self._recheck()

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Show problems found elsewhere (the engine) for `payload` and `payload.*`."""
        self._show_rules(list(errors))

    # --- checking -------------------------------------------------------------------

    def _recheck(self) -> bool:
        state = self.state()
        self.format_button.setEnabled(state.ok and state.value is not None)
        self.editor.mark_error(state.line, state.column)
        self.parse_message.show_message(state.error)
        rule_errors = self._check(state.value) if self._check and state.ok else []
        self._show_rules(rule_errors)
        self.changed.emit()
        return state.ok and not rule_errors

    def _show_rules(self, errors: list[FieldError]) -> None:
        self._shown_rule_errors = errors
        text = "\n".join(f"{error.field}: {tr_core(error.message)}" for error in errors)
        self.rule_messages.show_message(text or None, Tone.ERROR)

    @property
    def problems(self) -> list[str]:
        """Every message now shown under the editor (for tests and the status line)."""
        shown = [self.parse_message.text(), self.rule_messages.text()]
        return [line for text in shown if text for line in text.splitlines()]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Wrapped help and messages need more height when narrow. A splitter asks only
        # for the plain minimum size, so state the height this width needs, or the
        # buttons end up drawn over the editor.
        layout = self.layout()
        if layout is not None:
            needed = layout.minimumHeightForWidth(self.width())
            if needed > 0 and needed != self.minimumHeight():
                self.setMinimumHeight(needed)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._highlighter.refresh_colors()
        super().changeEvent(event)


__all__ = ["JsonEditor", "PayloadState", "parse_state"]
