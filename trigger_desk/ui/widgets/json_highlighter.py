"""JSON syntax colours taken from the palette, so they read in light and dark schemes."""

from __future__ import annotations

import re

from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)

from trigger_desk.ui.shell.theme import Tone, tone_color

# JSON strings cannot span lines, so a per-line scan is exact.
_TOKEN = re.compile(
    r'(?P<string>"(?:[^"\\]|\\.)*"?)(?P<colon>\s*:)?'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<literal>\btrue\b|\bfalse\b|\bnull\b)"
    r"|(?P<punct>[{}\[\],])"
)


class JsonHighlighter(QSyntaxHighlighter):
    """Keys, strings, numbers and literals in distinct, palette-derived colours."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._formats: dict[str, QTextCharFormat] = {}
        self.refresh_colors()

    def refresh_colors(self) -> None:
        """Re-derive the colours (call after a palette change) and re-highlight."""
        palette = QGuiApplication.palette()

        def fmt(color_role: QPalette.ColorRole | Tone, *, bold: bool = False) -> QTextCharFormat:
            result = QTextCharFormat()
            if isinstance(color_role, Tone):
                result.setForeground(tone_color(color_role, palette))
            else:
                result.setForeground(palette.color(color_role))
            if bold:
                result.setFontWeight(QFont.Weight.Bold)
            return result

        self._formats = {
            "key": fmt(QPalette.ColorRole.Link),
            "string": fmt(Tone.OK),
            "number": fmt(Tone.WARNING),
            "literal": fmt(Tone.INFO, bold=True),
            "punct": fmt(QPalette.ColorRole.Text),
        }
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            if match.group("string") is not None:
                start, end = match.span("string")
                self.setFormat(
                    start, end - start, self._formats["key" if match.group("colon") else "string"]
                )
            elif kind is not None and kind in self._formats:
                start, end = match.span(kind)
                self.setFormat(start, end - start, self._formats[kind])
