"""A message shown at a field: an icon and wrapped words, never colour alone."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import Tone, small_font, tone_color
from trigger_desk.ui.widgets.core_text import tr_core

_ICONS = {
    Tone.ERROR: "error",
    Tone.WARNING: "warning",
    Tone.INFO: "info",
    Tone.OK: "ok",
    Tone.NEUTRAL: "info",
}


class FieldMessage(QWidget):
    """A hidden-when-empty line such as "⚠ must be TYPENAME_ID ...".

    The text is selectable (users copy error text into tickets) and is also the
    widget's accessible name, so a screen reader reads the problem itself.
    """

    def __init__(self, parent: QWidget | None = None, *, tone: Tone = Tone.ERROR) -> None:
        super().__init__(parent)
        self._tone = tone
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self._icon.setAccessibleName("")
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._text.setFont(small_font(self.font()))
        layout.addWidget(self._icon)
        layout.addWidget(self._text, 1)
        self._paint_tone()
        self.hide()

    def text(self) -> str:
        parent = self.parentWidget()
        shown = self.isVisibleTo(parent) if parent is not None else not self.isHidden()
        return self._text.text() if shown else ""

    def show_message(self, message: str | None, tone: Tone | None = None) -> None:
        """Show `message` (None or '' hides the line)."""
        if tone is not None and tone is not self._tone:
            self._tone = tone
        self._paint_tone()
        if not message:
            self._text.clear()
            self.setAccessibleName("")
            self.hide()
            return
        message = tr_core(message)  # core's checks speak English until translated here
        self._text.setText(message)
        self.setAccessibleName(message)
        self._text.setAccessibleName(message)
        self.show()

    def _paint_tone(self) -> None:
        size = max(12, self._text.fontMetrics().height() - 2)
        self._icon.setPixmap(
            icon(_ICONS[self._tone], self._tone).pixmap(QSize(size, size), self.devicePixelRatioF())
        )
        self._icon.setFixedWidth(size + 4)
        palette = self._text.palette()
        palette.setColor(QPalette.ColorRole.WindowText, tone_color(self._tone))
        self._text.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in _REPAINT_ON:
            self._paint_tone()
        super().changeEvent(event)


_REPAINT_ON = (
    QEvent.Type.PaletteChange,
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.StyleChange,
)
