"""The dialog an unexpected error shows instead of a traceback on the terminal."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import Tone, fixed_font


class ErrorDialog(QDialog):
    """A short message, the log file's place, and the (masked) details on request."""

    def __init__(
        self, message: str, details: str, log_path: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Trigger Desk — unexpected error"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        badge = QLabel(self)
        badge.setPixmap(icon("error", Tone.ERROR).pixmap(QSize(32, 32), self.devicePixelRatioF()))
        badge.setAlignment(Qt.AlignmentFlag.AlignTop)
        said = self.tr(
            "Something went wrong inside Trigger Desk:\n\n{message}\n\n"
            "The window keeps working; nothing you entered was lost."
        ).format(message=message)
        if log_path:
            said += "\n" + self.tr("The details are also in the log: {path}").format(path=log_path)
        text = QLabel(said, self)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setAccessibleName(self.tr("Error message"))
        top.addWidget(badge)
        top.addWidget(text, 1)
        layout.addLayout(top)

        self.details = QPlainTextEdit(details, self)
        self.details.setReadOnly(True)
        self.details.setFont(fixed_font())
        self.details.setAccessibleName(self.tr("Error details"))
        self.details.setMinimumHeight(200)
        self.details.hide()
        layout.addWidget(self.details, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.toggle = QPushButton(self.tr("&Details"), self)
        self.toggle.setAccessibleName(self.tr("Details"))
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggle)
        copy = QPushButton(icon("copy"), self.tr("&Copy details"), self)
        copy.setAccessibleName(self.tr("Copy details"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(f"{message}\n\n{details}"))
        buttons.addButton(self.toggle, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(close.text().replace("&", ""))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _toggle(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.adjustSize()
