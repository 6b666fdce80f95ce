"""A combo box over a field's documented choices, open to other values when allowed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from trigger_desk.core.calls import FieldSpec
from trigger_desk.ui.widgets.core_text import tr_core


def choice_text(label: str, value: str) -> str:
    """How a choice reads in the list: "Deal (DEAL) — 2"."""
    return f"{tr_core(label)} — {value}"


class ChoiceCombo(QComboBox):
    """Offers `spec.choices`; editable when `spec.open_choices` (e.g. smart-process ids
    of 128 and more that no list can know). `value()` is what is sent: the choice's
    value for a listed item, else the typed text."""

    edited = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        self.setEditable(spec.open_choices)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if not spec.required or spec.open_choices:
            self.addItem("", "")
        for choice in spec.choices:
            self.addItem(choice_text(choice.label, choice.value), choice.value)
        self.setAccessibleName(spec.name)
        line = self.lineEdit()
        if line is not None:
            line.setAccessibleName(spec.name)
            line.setPlaceholderText(
                self.tr("choose, or type an id, e.g. {example}").format(example=spec.example)
            )
        self.setCurrentIndex(0 if self.count() and self.itemData(0) == "" else -1)
        self.currentTextChanged.connect(lambda _text: self.edited.emit())

    def value(self) -> str:
        if not self.isEditable():
            data = self.currentData()
            return str(data) if data is not None else ""
        text = self.currentText().strip()
        index = self.findText(text)
        if index >= 0:
            return str(self.itemData(index))
        return text

    def set_value(self, value: str) -> None:
        index = self.findData(str(value))
        if index >= 0:
            self.setCurrentIndex(index)
        elif self.isEditable():
            self.setEditText(str(value))
        else:
            self.setCurrentIndex(-1)
