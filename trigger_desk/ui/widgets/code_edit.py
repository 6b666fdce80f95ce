"""A plain-text editor for JSON: fixed-width font, line numbers, an error mark."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from trigger_desk.ui.shell.theme import Tone, fixed_font, tone_color
from trigger_desk.ui.widgets.line_number_area import LineNumberArea


class CodeEdit(QPlainTextEdit):
    """QPlainTextEdit with a line-number gutter and a wavy mark at a parse error.

    Tab moves the focus on (so the window works by keyboard alone); indentation is
    what the Format button is for.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(fixed_font())
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._gutter = LineNumberArea(self)
        self._error_at: tuple[int, int] | None = None
        self.blockCountChanged.connect(self._update_margins)
        self.updateRequest.connect(self._scroll_gutter)
        self._update_margins()

    # --- gutter ---------------------------------------------------------------------

    def gutter_width(self) -> int:
        digits = max(2, len(str(max(1, self.blockCount()))))
        return 10 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_margins(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self._gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(), area.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self._gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.Window))
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        height = self.fontMetrics().height()
        error_line = self._error_at[0] - 1 if self._error_at else -1
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                if number == error_line:
                    painter.setPen(tone_color(Tone.ERROR, palette))
                    font = painter.font()
                    font.setBold(True)
                    painter.setFont(font)
                else:
                    painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
                    painter.setFont(self.font())
                painter.drawText(
                    0,
                    top,
                    self._gutter.width() - 5,
                    height,
                    Qt.AlignmentFlag.AlignRight,
                    str(number + 1),
                )
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()

    # --- error mark -----------------------------------------------------------------

    def mark_error(self, line: int | None, column: int | None = None) -> None:
        """Underline the character at 1-based (line, column); None clears the mark."""
        self._error_at = (line, column or 1) if line else None
        selections: list[QTextEdit.ExtraSelection] = []
        if self._error_at:
            block = self.document().findBlockByNumber(self._error_at[0] - 1)
            if block.isValid():
                cursor = QTextCursor(block)
                offset = min(max(0, self._error_at[1] - 1), max(0, block.length() - 1))
                cursor.setPosition(block.position() + offset)
                if not cursor.atBlockEnd():
                    cursor.movePosition(
                        QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor
                    )
                else:  # error at line end: mark the whole line
                    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
                    cursor.movePosition(
                        QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
                    )
                selection = QTextEdit.ExtraSelection()
                char_format = QTextCharFormat()
                char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                char_format.setUnderlineColor(tone_color(Tone.ERROR, self.palette()))
                background = QColor(tone_color(Tone.ERROR, self.palette()))
                background.setAlpha(40)
                char_format.setBackground(background)
                selection.format = char_format
                selection.cursor = cursor
                selections.append(selection)
                line_mark = QTextEdit.ExtraSelection()
                line_format = QTextCharFormat()
                line_format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                faint = QColor(background)
                faint.setAlpha(18)
                line_format.setBackground(faint)
                line_mark.format = line_format
                line_mark.cursor = QTextCursor(block)
                selections.insert(0, line_mark)
        self.setExtraSelections(selections)
        self._gutter.update()
