"""A GUID field with a button that generates a new one."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from trigger_desk.core.calls import FieldSpec
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.widgets.a11y import enable_clear_button


class GuidEditor(QWidget):
    """A line edit for a GUID plus "Generate" (a random version-4 UUID)."""

    edited = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(spec.name)
        self.line.setPlaceholderText(f"e.g. {spec.example}")
        enable_clear_button(self.line)
        # Wide enough for a whole GUID in the fixed-width digits of most fonts.
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("0" * 36) + 12)
        self.generate = QPushButton(icon("dice"), "&Generate", self)
        self.generate.setAccessibleName(f"Generate {spec.name}")
        self.generate.setToolTip(f"Fill {spec.name} with a new random GUID")
        self.generate.clicked.connect(lambda: self.set_value(str(uuid.uuid4())))
        layout.addWidget(self.line, 1)
        layout.addWidget(self.generate)
        self.setFocusProxy(self.line)
        self.line.textChanged.connect(lambda _text: self.edited.emit())

    def value(self) -> str:
        return self.line.text()

    def set_value(self, value: str) -> None:
        self.line.setText(value)
