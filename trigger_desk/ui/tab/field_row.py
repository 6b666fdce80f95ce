"""One form row built from a FieldSpec: label, input, message and help.

Not a widget itself: it creates the row's widgets for a QFormLayout and keeps them in
step (value in, value out, the live check, the message at the field).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from trigger_desk.core.calls import FieldSpec, FieldType
from trigger_desk.core.validation import check_field
from trigger_desk.ui.shell.theme import small_font
from trigger_desk.ui.tab.guid_editor import GuidEditor
from trigger_desk.ui.tab.target_editor import TargetEditor
from trigger_desk.ui.widgets.a11y import enable_clear_button
from trigger_desk.ui.widgets.choice_combo import ChoiceCombo
from trigger_desk.ui.widgets.core_text import tr_core
from trigger_desk.ui.widgets.field_message import FieldMessage

REQUIRED_MARK = "*"


def label_text(spec: FieldSpec) -> str:
    """ "Target item (target) *": the words, the platform's own name, the required mark."""
    mark = f" {REQUIRED_MARK}" if spec.required else ""
    return f"{tr_core(spec.label)} ({spec.name}){mark}"


def help_text(spec: FieldSpec) -> str:
    """The documented help; the rule itself is in the tooltip and in any message."""
    if spec.type is FieldType.INTEGER and not spec.choices:
        return tr_core(spec.help) + " " + QCoreApplication.translate("FieldRow", "A whole number.")
    return tr_core(spec.help)


class FieldRow(QObject):
    """Label + input + message + help for one field; `changed` fires on every edit."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        super().__init__(parent)
        self.spec = spec
        self._touched = False
        self.cell = QWidget(parent)
        layout = QVBoxLayout(self.cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)

        self._text: QLineEdit | None = None
        self._compound: ChoiceCombo | TargetEditor | GuidEditor | None = None
        self.input: QWidget
        if spec.widget == "target":
            self._compound = TargetEditor(spec, self.cell)
        elif spec.widget == "guid":
            self._compound = GuidEditor(spec, self.cell)
        elif spec.choices:
            self._compound = ChoiceCombo(spec, self.cell)
        else:
            self._text = QLineEdit(self.cell)
            self._text.setPlaceholderText(self.tr("e.g. {example}").format(example=spec.example))
            self._text.setAccessibleName(spec.name)
        if self._compound is not None:
            self._compound.edited.connect(self._edited)
            self.input = self._compound
        else:
            assert self._text is not None
            self._text.textChanged.connect(lambda _text: self._edited())
            self.input = self._text
        self.input.setAccessibleName(spec.name)
        if self._text is not None:
            enable_clear_button(self._text)
        described = f"{tr_core(spec.label)}. {help_text(spec)}"
        if spec.rule:
            rule = tr_core(spec.rule.description)
            described += " " + self.tr("Format: {rule}.").format(rule=rule)
            self.input.setToolTip(f"{spec.name}: {rule}")
        self.input.setAccessibleDescription(described)
        layout.addWidget(self.input)

        # "From preset …": which values a loaded preset put here (until they are edited).
        self.origin = QLabel(self.cell)
        self.origin.setFont(small_font(self.origin.font()))
        self.origin.setObjectName(f"origin-{spec.name}")
        self.origin.hide()
        self._origin_value: str | None = None
        self._origin_preset: str | None = None
        layout.addWidget(self.origin)

        self.message = FieldMessage(self.cell)
        self.message.setObjectName(f"message-{spec.name}")
        layout.addWidget(self.message)

        self.help = QLabel(help_text(spec), self.cell)
        self.help.setWordWrap(True)
        self.help.setFont(small_font(self.help.font()))
        self.help.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.help)

        self.label = QLabel(label_text(spec), parent)
        self.label.setBuddy(self.input.focusProxy() or self.input)
        self.label.setToolTip(self.tr("Required") if spec.required else self.tr("Optional"))

    # --- value ----------------------------------------------------------------------

    def value(self) -> str:
        if self._compound is not None:
            return self._compound.value()
        assert self._text is not None
        return self._text.text()

    def set_value(self, value: str) -> None:
        if self._compound is not None:
            self._compound.set_value(value)
        else:
            assert self._text is not None
            self._text.setText(value)

    def mark_origin(self, preset: str | None) -> None:
        """Say that the current value came from this preset (None: clear the mark)."""
        self._origin_value = self.value() if preset else None
        self._origin_preset = preset or None
        self.origin.setText(
            self.tr("From preset “{preset}”").format(preset=preset) if preset else ""
        )
        self.origin.setVisible(bool(preset))

    @property
    def origin_preset(self) -> str | None:
        return self._origin_preset if self.origin.isVisible() else None

    def set_mnemonic(self, index: int) -> None:
        """Put the keyboard mnemonic ('&') before the character at `index` of the label."""
        text = label_text(self.spec)
        self.label.setText(text[:index] + "&" + text[index:])

    # --- checking -------------------------------------------------------------------

    def problem(self) -> str | None:
        """What is wrong with the value now (None when fine), from the declaration."""
        if isinstance(self._compound, TargetEditor) and self._compound.address_problem:
            return f"{self.spec.name}: {self._compound.address_problem}"
        return check_field(self.spec, self.value())

    def validate(self) -> bool:
        """Check and show the result now, touched or not; True when fine."""
        self._touched = True
        problem = self.problem()
        self.message.show_message(problem)
        return problem is None

    def show_error(self, message: str | None) -> None:
        """Show a message found elsewhere (the engine's checks) at this field."""
        self._touched = True
        self.message.show_message(message)

    def focus(self) -> None:
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _edited(self) -> None:
        # An untouched empty required field stays quiet until Fire; once edited, the
        # field is checked on every keystroke.
        self._touched = True
        if self._origin_value is not None and self.value() != self._origin_value:
            self.mark_origin(None)  # edited: no longer the preset's value
        self.message.show_message(self.problem())
        self.changed.emit()
