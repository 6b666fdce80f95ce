"""`target` as the documented TYPENAME_ID: a type picker plus the item id."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from trigger_desk.core.calls import FieldSpec
from trigger_desk.core.calls.rules import (
    DYNAMIC_PREFIX,
    FIRST_SMART_PROCESS_ID,
    join_target,
    parse_target,
)
from trigger_desk.ui.widgets.a11y import enable_clear_button


class TargetEditor(QWidget):
    """Type (DEAL, LEAD, ..., or a smart process with its type id) + item id.

    The id box is the input named `target`: typing or pasting a whole `DEAL_57` there
    splits it into type and id, so assistive tools and paste both just work.
    """

    edited = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spec = spec
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.type_combo = QComboBox(self)
        self.type_combo.setAccessibleName(f"{spec.name} type")
        self.type_combo.setToolTip("The CRM type name: the part before the underscore")
        self.type_combo.addItem("Type…", "")
        for choice in spec.choices:
            self.type_combo.addItem(choice.label, choice.value)

        self.smart_type = QSpinBox(self)
        self.smart_type.setRange(FIRST_SMART_PROCESS_ID, 999_999)
        self.smart_type.setPrefix(DYNAMIC_PREFIX)
        self.smart_type.setAccessibleName(f"{spec.name} smart-process type id")
        self.smart_type.setToolTip("The smart process's entity type id (128 or more)")
        self.smart_type.hide()

        self.item_id = QLineEdit(self)
        self.item_id.setAccessibleName(spec.name)
        self.item_id.setAccessibleDescription(
            f"{spec.label}: the item id, or a whole TYPENAME_ID such as {spec.example}"
        )
        self.item_id.setPlaceholderText("item id, e.g. 57")
        enable_clear_button(self.item_id)

        layout.addWidget(self.type_combo)
        layout.addWidget(self.smart_type)
        layout.addWidget(self.item_id, 1)
        self.setFocusProxy(self.type_combo)

        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.smart_type.valueChanged.connect(lambda _value: self.edited.emit())
        self.item_id.textChanged.connect(self._id_changed)

    def value(self) -> str:
        typename = str(self.type_combo.currentData() or "")
        return join_target(typename, self.item_id.text().strip(), self.smart_type.value())

    def set_value(self, value: str) -> None:
        text = value.strip()
        parts = parse_target(text)
        blocked = [w.blockSignals(True) for w in (self.type_combo, self.smart_type, self.item_id)]
        try:
            if parts is None:
                self.type_combo.setCurrentIndex(0)
                self.item_id.setText(text)
            else:
                index = self.type_combo.findData(parts.typename)
                if index < 0:  # a type the list does not know: keep the text whole
                    self.type_combo.setCurrentIndex(0)
                    self.item_id.setText(text)
                else:
                    self.type_combo.setCurrentIndex(index)
                    if parts.smart_type_id is not None:
                        self.smart_type.setValue(parts.smart_type_id)
                    self.item_id.setText(str(parts.item_id))
            self.smart_type.setVisible(self.type_combo.currentData() == DYNAMIC_PREFIX)
        finally:
            for widget, was in zip(
                (self.type_combo, self.smart_type, self.item_id), blocked, strict=True
            ):
                widget.blockSignals(was)
        self.edited.emit()

    def _type_changed(self, _index: int) -> None:
        self.smart_type.setVisible(self.type_combo.currentData() == DYNAMIC_PREFIX)
        self.edited.emit()

    def _id_changed(self, text: str) -> None:
        # A whole TYPENAME_ID typed or pasted into the id box: split it into the parts.
        if parse_target(text) is not None:
            self.set_value(text)
            return
        self.edited.emit()
