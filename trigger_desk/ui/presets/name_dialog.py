"""Asks for a preset's name (rename, duplicate), with the store's naming rule."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from trigger_desk.store.presets import check_name, file_stem
from trigger_desk.ui.widgets.field_message import FieldMessage


class PresetNameDialog(QDialog):
    """Asks for a preset name (rename, duplicate). `chosen(name)` is emitted on OK; the
    dialog stays open until the caller `accept()`s it, or shows the store's refusal."""

    chosen = Signal(str)

    def __init__(
        self, title: str, prompt: str, name: str, taken: set[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self._taken = {file_stem(existing) for existing in taken}
        layout = QVBoxLayout(self)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.name = QLineEdit(name, self)
        self.name.setAccessibleName("New preset name")
        self.name.selectAll()
        label.setBuddy(self.name)
        self.message = FieldMessage(self)
        self.message.setObjectName("preset-name-dialog-message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("OK")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        for widget in (label, self.name, self.message, self.buttons):
            layout.addWidget(widget)
        self.name.textChanged.connect(self._edited)

    def _edited(self, text: str) -> None:
        problem = check_name(text) if text else None
        if problem is None and file_stem(text) in self._taken:
            problem = "another preset has this name (or one that saves to the same file)"
        self.message.show_message(problem)

    def _submit(self) -> None:
        text = self.name.text()
        problem = check_name(text)
        if problem is None and file_stem(text) in self._taken:
            problem = "another preset has this name (or one that saves to the same file)"
        if problem:
            self.message.show_message(problem)
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.buttons.setEnabled(False)
        self.chosen.emit(text)

    def refuse(self, message: str) -> None:
        """The store refused the name: say why and let the user try another."""
        self.buttons.setEnabled(True)
        self.message.show_message(message)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
