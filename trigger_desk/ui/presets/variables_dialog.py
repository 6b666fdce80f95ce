"""Ask for a preset's `{{variable}}` values before it is fired or loaded into the form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.calls import find_call
from trigger_desk.core.validation import check_field, check_payload
from trigger_desk.store.preset_variables import variable_uses
from trigger_desk.store.presets import Preset, PresetStore, fill, variables_in
from trigger_desk.ui.presets.model import plural
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import fixed_font, small_font
from trigger_desk.ui.tab.field_row import REQUIRED_MARK
from trigger_desk.ui.widgets.a11y import enable_clear_button
from trigger_desk.ui.widgets.field_message import FieldMessage


class PresetVariablesDialog(QDialog):
    """One required input per `{{name}}` the preset uses, in a form.

    Each input's accessible name is the variable's name. OK checks that every value is
    given and that the filled-in fields pass the call's rules (the same checks Fire makes),
    showing any problem at the variable. `filled(dict)` is emitted with the values on OK;
    `values()` gives them too.
    """

    filled = Signal(object)  # dict[str, str]

    def __init__(
        self,
        preset: Preset,
        parent: QWidget | None = None,
        *,
        initial: Mapping[str, str] | None = None,
        action: str = "Fire",
    ) -> None:
        super().__init__(parent)
        self.preset = preset
        self.names = PresetStore.variables(preset)
        self.inputs: dict[str, QLineEdit] = {}
        self.messages: dict[str, FieldMessage] = {}
        initial = initial or {}
        self.setWindowTitle(f"{action} preset: {preset.name}")
        self.setMinimumWidth(460)

        layout = QVBoxLayout(self)
        intro = QLabel(
            f"“{preset.name}” asks for {plural(len(self.names), 'value')} each time it is used:",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        uses = variable_uses(preset)
        for name in self.names:
            cell = QWidget(self)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            line = QLineEdit(cell)
            line.setAccessibleName(name)
            enable_clear_button(line)
            line.setText(initial.get(name, ""))
            where = ", ".join(dict.fromkeys(field for field, _raw in uses.get(name, [])))
            line.setAccessibleDescription(f"Required. Used in {where}.")
            line.textChanged.connect(lambda _text, n=name: self.messages[n].show_message(None))
            cell_layout.addWidget(line)
            message = FieldMessage(cell)
            message.setObjectName(f"variable-message-{name}")
            cell_layout.addWidget(message)
            cell_layout.addWidget(self._help(cell, uses.get(name, [])))
            label = QLabel(f"{name} {REQUIRED_MARK}", self)
            label.setFont(fixed_font())
            label.setBuddy(line)
            form.addRow(label, cell)
            self.inputs[name] = line
            self.messages[name] = message
        layout.addLayout(form)
        legend = QLabel(f"{REQUIRED_MARK} required", self)
        legend.setFont(small_font(legend.font()))
        layout.addWidget(legend)

        self.banner = FieldMessage(self)
        self.banner.setObjectName("variables-dialog-error")
        layout.addWidget(self.banner)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(action)
        ok.setAccessibleName(action)
        ok.setIcon(icon("fire" if action == "Fire" else "ok"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        first_empty = next((line for line in self.inputs.values() if not line.text()), None)
        target = first_empty or next(iter(self.inputs.values()), None)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _help(self, parent: QWidget, uses: list[tuple[str, str]]) -> QLabel:
        shown = [f"{field} = {raw}" if raw else field for field, raw in uses]
        help_label = QLabel("Used in " + "; ".join(dict.fromkeys(shown)), parent)
        help_label.setFont(small_font(help_label.font()))
        help_label.setWordWrap(True)
        help_label.setTextFormat(Qt.TextFormat.PlainText)
        return help_label

    def values(self) -> dict[str, str]:
        """The value typed for each variable (as typed: the call's rules type them later)."""
        return {name: line.text() for name, line in self.inputs.items()}

    def problems(self) -> dict[str, str]:
        """What is wrong per variable ('' key: with the payload), as OK would show it."""
        values = self.values()
        found: dict[str, str] = {}
        for name, value in values.items():
            if not value.strip():
                found[name] = "is required: give a value."
        if found:
            return found
        call = find_call(self.preset.call)
        if call is None:
            return found
        filled_values, filled_payload = fill(self.preset, values)
        for field_name, raw in self.preset.values.items():
            spec = call.field(field_name)
            names = variables_in(raw)
            if spec is None or not names:
                continue
            problem = check_field(spec, filled_values[field_name])
            if problem:
                for name in names:
                    found.setdefault(
                        name, f"makes {field_name} {filled_values[field_name]!r}: {problem}"
                    )
        payload_errors = check_payload(call, filled_payload)
        if payload_errors:
            found[""] = "The filled-in payload is refused: " + "; ".join(
                str(error) for error in payload_errors
            )
        return found

    def _submit(self) -> None:
        for message in self.messages.values():
            message.show_message(None)
        self.banner.show_message(None)
        found = self.problems()
        if found:
            for name, text in found.items():
                target = self.messages.get(name)
                if target is not None:
                    target.show_message(text)
                else:
                    self.banner.show_message(text)
            first = next((self.inputs[name] for name in self.names if name in found), None)
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.filled.emit(self.values())
        self.accept()

    def filled_preset(self) -> Preset:
        """The preset with the variables filled in (after OK)."""
        return filled_preset(self.preset, self.values())

    def error_text(self) -> str:
        """Every message shown (for tests)."""
        texts = [self.banner.text()] + [m.text() for m in self.messages.values()]
        return "\n".join(text for text in texts if text)


def filled_preset(preset: Preset, values: Mapping[str, str]) -> Preset:
    """A copy of `preset` whose values and payload have every variable filled in."""
    filled_values, payload = fill(preset, values)
    return replace(preset, values=filled_values, payload=payload)


__all__ = ["PresetVariablesDialog", "filled_preset", "variable_uses"]
