"""What a tab shows while its platform has no profile: two ways to get going."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP
from trigger_desk.core.model import Platform
from trigger_desk.ui.shell.icons import app_icon, icon

_WHAT_YOU_NEED = {
    Platform.BITRIX24: QT_TRANSLATE_NOOP(
        "EmptyState",
        "Add your portal's inbound webhook URL (Developer resources → Other → Inbound "
        "webhook, with the CRM scope), or an application's OAuth tokens.",
    ),
    Platform.WIX: QT_TRANSLATE_NOOP(
        "EmptyState",
        "Add a Wix API key with the site id, or your app's id, secret and instance id.",
    ),
}


class EmptyState(QWidget):
    """ "No Bitrix24 profile yet": Add a profile, or Try the sandbox (no account needed)."""

    addProfile = Signal()
    trySandbox = Signal()

    def __init__(self, platform: Platform, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(QSize(64, 64), self.devicePixelRatioF()))
        logo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(logo)

        title = QLabel(self.tr("No {platform} profile yet").format(platform=platform.label), self)
        font = QFont(title.font())
        font.setPointSizeF(max(font.pointSizeF(), 1.0) * 1.4)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(title)

        text = QLabel(
            self.tr(_WHAT_YOU_NEED[platform])
            + "\n\n"
            + self.tr(
                "No account at hand? The sandbox emulates both platforms on this computer, "
                "with their documented rules and errors: fire your first trigger in a minute."
            ),
            self,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text.setMaximumWidth(560)
        row_text = QHBoxLayout()
        row_text.addStretch(1)
        row_text.addWidget(text)
        row_text.addStretch(1)
        outer.addLayout(row_text)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.add_button = QPushButton(icon("user-plus"), self.tr("&Add a profile…"), self)
        self.add_button.setAccessibleName(self.tr("Add a profile"))
        self.add_button.clicked.connect(self.addProfile)
        self.sandbox_button = QPushButton(icon("sandbox"), self.tr("Try the &sandbox"), self)
        self.sandbox_button.setAccessibleName(self.tr("Try the sandbox"))
        self.sandbox_button.setDefault(True)
        self.sandbox_button.clicked.connect(self.trySandbox)
        for button in (self.add_button, self.sandbox_button):
            button.setIconSize(QSize(20, 20))
            button.setMinimumHeight(button.sizeHint().height() + 8)
            buttons.addWidget(button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        outer.addStretch(2)
