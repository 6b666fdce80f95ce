"""Settings: the window's language (System, English, Русский), used from the next start."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.ui.shell.language import LANGUAGES, SYSTEM, chosen, pick_language, remember
from trigger_desk.ui.shell.theme import small_font


class SettingsDialog(QDialog):
    """The language choice, remembered in the window's settings file on OK."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setWindowTitle(self.tr("Settings"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language"))
        detected = LANGUAGES[pick_language(SYSTEM, QLocale.system().uiLanguages())]
        self.language.addItem(self.tr("System ({language})").format(language=detected), SYSTEM)
        for code, name in LANGUAGES.items():  # each language named in itself
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(chosen(settings))))
        label = QLabel(self.tr("&Language"), self)
        label.setBuddy(self.language)
        form.addRow(label, self.language)
        layout.addLayout(form)
        note = QLabel(self.tr("A new language is used when Trigger Desk is next started."), self)
        note.setWordWrap(True)
        note.setFont(small_font(note.font()))
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        remember(self._settings, str(self.language.currentData()))
        super().accept()
