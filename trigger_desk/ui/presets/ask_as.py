"""The "Ask as" grid of the save-preset dialog: which fields a preset asks for.

Each field shows the value that will be saved; ticking "Ask as" asks for it each time
the preset is used, either whole (a variable name: `deal` saves `{{deal}}`) or in part
(the value with a `{{variable}}` in it: `DEAL_{{deal}}`), as the CLI allows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.calls import CallSpec
from trigger_desk.store.preset_variables import (
    VARIABLE,
    default_variable,
    variable_name_problem,
)
from trigger_desk.ui.shell.theme import fixed_font, small_font
from trigger_desk.ui.widgets.field_message import FieldMessage


def asked_template(value: Any) -> str | None:
    """What the "Ask as" box shows for a saved value that asks for something: "deal"
    for "{{deal}}" (the whole value), "DEAL_{{deal}}" as it is (a part); else None."""
    if not isinstance(value, str) or not VARIABLE.search(value):
        return None
    whole = VARIABLE.fullmatch(value.strip())
    return whole.group(1) if whole else value


def template_value(text: str) -> str:
    """The value saved for an "Ask as" entry: a bare name asks for the whole value
    ("{{deal}}"); text with a {{variable}} in it is kept as written ("DEAL_{{deal}}")."""
    text = text.strip()
    return text if "{{" in text else "{{" + text + "}}"


def suggested_template(field_name: str, value: Any) -> str:
    """What to offer when "Ask as" is ticked: for "DEAL_57" the id part
    ("DEAL_{{deal}}"), else a variable named after the field."""
    match = re.fullmatch(r"([A-Za-z]+)_(\d+)", str(value or ""))
    if match:
        return f"{match.group(1)}_{{{{{match.group(1).lower()}}}}}"
    return default_variable(field_name)


def template_problem(text: str) -> str | None:
    """Why an "Ask as" entry cannot be saved, or None."""
    text = text.strip()
    if "{{" not in text:
        return variable_name_problem(text)
    leftover = VARIABLE.sub("", text)
    if "{{" in leftover or "}}" in leftover:
        return f"{text!r}: each {{{{...}}}} must hold a variable name (letters, digits, _ . -)"
    return None


@dataclass
class FieldControls:
    """One row of the values grid."""

    value: Any
    shown: QLabel
    ask: QCheckBox
    variable: QLineEdit
    message: FieldMessage


class AskAsBox(QGroupBox):
    """The values grid; `changed()` when what would be saved changes."""

    changed = Signal()

    def __init__(
        self, call: CallSpec, values: Mapping[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__("Values", parent)
        self.call = call
        self.rows: dict[str, FieldControls] = {}
        box = self
        outer = QVBoxLayout(box)
        if not self.call.fields:
            outer.addWidget(_small(box, "This call takes no fields."))
            return
        outer.addWidget(
            _small(
                box,
                "Tick “Ask as” to ask for a field each time the preset is used (before it is "
                "fired): a variable name (deal) asks for the whole value; the value with "
                "{{variable}} in it (DEAL_{{deal}}) asks for that part only.",
            )
        )
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for column, title in ((0, "Field"), (1, "Value saved"), (2, "Variable")):
            header = QLabel(title, box)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            grid.addWidget(header, 0, column, 1, 2 if column == 2 else 1)
        for number, spec in enumerate(self.call.fields):
            row = 1 + 2 * number
            value = values.get(spec.name)
            existing = asked_template(value)
            field_label = QLabel(f"{spec.label} ({spec.name})", box)
            shown = QLabel(box)
            shown.setFont(fixed_font())
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAccessibleName(f"Value of {spec.name}")
            ask = QCheckBox("Ask as", box)
            ask.setAccessibleName(f"Make {spec.name} a variable")
            variable = QLineEdit(box)
            variable.setAccessibleName(f"Variable name for {spec.name}")
            variable.setFont(fixed_font())
            variable.setText(existing or suggested_template(spec.name, value))
            variable.setPlaceholderText(f"{default_variable(spec.name)}, or DEAL_{{{{id}}}}")
            variable.setToolTip(
                "A variable name asks for the whole value; write the value with "
                "{{name}} where the asked part goes to ask for a part (DEAL_{{deal}})."
            )
            message = FieldMessage(box)
            message.setObjectName(f"preset-value-message-{spec.name}")
            controls = FieldControls(None if existing else value, shown, ask, variable, message)
            self.rows[spec.name] = controls
            ask.setChecked(existing is not None)
            variable.setEnabled(existing is not None)
            ask.toggled.connect(lambda on, c=controls: self._ask_toggled(c, on))
            variable.textChanged.connect(lambda _t, c=controls: self._variable_edited(c))
            grid.addWidget(field_label, row, 0)
            grid.addWidget(shown, row, 1)
            grid.addWidget(ask, row, 2)
            grid.addWidget(variable, row, 3)
            grid.addWidget(message, row + 1, 0, 1, 4)
            self._show_value(controls)
        outer.addLayout(grid)

    def _show_value(self, controls: FieldControls) -> None:
        if controls.ask.isChecked():
            text = template_value(controls.variable.text())
            if controls.value is not None and str(controls.value) != "":
                text += f"  (was {controls.value})"
        elif controls.value is None or str(controls.value) == "":
            text = "(empty: not saved)"
        else:
            text = str(controls.value)
        controls.shown.setText(text)

    def _ask_toggled(self, controls: FieldControls, on: bool) -> None:
        controls.variable.setEnabled(on)
        controls.message.show_message(None)
        if on:
            controls.variable.setFocus(Qt.FocusReason.OtherFocusReason)
            controls.variable.selectAll()
        self._show_value(controls)
        self.changed.emit()

    def _variable_edited(self, controls: FieldControls) -> None:
        controls.message.show_message(None)
        self._show_value(controls)
        self.changed.emit()


def _small(parent: QWidget, text: str) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(small_font(label.font()))
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
