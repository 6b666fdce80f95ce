"""The bundled SVG icons, tinted from the palette at paint time.

The icons are drawn with `currentColor`; a small `QIconEngine` swaps that for the
palette's text colour (or a semantic tone) each time it paints, so they follow a
light/dark switch and stay sharp at any scale. An icon whose file is missing falls back
to the theme's icon of a similar meaning, never to a blank.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from trigger_desk.core.outcome import Outcome
from trigger_desk.ui.shell.app_icon import app_icon, resources_dir
from trigger_desk.ui.shell.theme import Tone, tone_color

# Theme names used only when a bundled file is missing.
_THEME_FALLBACK = {
    "fire": "media-playback-start",
    "plus": "list-add",
    "pencil": "document-edit",
    "trash": "edit-delete",
    "copy": "edit-copy",
    "cancel": "process-stop",
    "ok": "dialog-ok",
    "error": "dialog-error",
    "warning": "dialog-warning",
    "info": "dialog-information",
    "sidebar": "view-split-left-right",
    "table": "view-list-details",
}

__all__ = ["OUTCOME_ICONS", "TintedSvgEngine", "app_icon", "icon", "outcome_icon", "resources_dir"]

OUTCOME_ICONS: dict[Outcome, tuple[str, Tone]] = {
    Outcome.OK: ("ok", Tone.OK),
    Outcome.REJECTED: ("error", Tone.ERROR),
    Outcome.AUTH: ("lock", Tone.ERROR),
    Outcome.RATE_LIMITED: ("gauge", Tone.WARNING),
    Outcome.SERVER_ERROR: ("server", Tone.ERROR),
    Outcome.NETWORK: ("offline", Tone.ERROR),
    Outcome.TIMEOUT: ("clock", Tone.ERROR),
    Outcome.INVALID_INPUT: ("warning", Tone.WARNING),
}


@functools.cache
def _svg(name: str) -> bytes | None:
    base = resources_dir()
    if base is None:
        return None
    path = base / "icons" / f"{name}.svg"
    try:
        return path.read_bytes()
    except OSError:
        return None


class TintedSvgEngine(QIconEngine):
    """Paints an SVG with `currentColor` replaced by a palette colour or a tone."""

    def __init__(self, svg: bytes, tone: Tone | None = None) -> None:
        super().__init__()
        self._svg = svg
        self._tone = tone

    def _color(self, mode: QIcon.Mode) -> QColor:
        palette = QGuiApplication.palette()
        if mode is QIcon.Mode.Disabled:
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        if mode is QIcon.Mode.Selected:
            return palette.color(QPalette.ColorRole.HighlightedText)
        if self._tone is not None:
            return tone_color(self._tone, palette)
        return palette.color(QPalette.ColorRole.WindowText)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        color = self._color(mode).name().encode()
        renderer = QSvgRenderer(QByteArray(self._svg.replace(b"currentColor", color)))
        renderer.render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(size * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(QColor(0, 0, 0, 0))  # transparent
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return TintedSvgEngine(self._svg, self._tone)

    def key(self) -> str:
        return "trigger-desk-tinted-svg"


def icon(name: str, tone: Tone | None = None) -> QIcon:
    """A bundled icon by file name (without `.svg`), tinted from the palette or a tone."""
    svg = _svg(name)
    if svg is None:
        return QIcon.fromTheme(_THEME_FALLBACK.get(name, name))
    return QIcon(TintedSvgEngine(svg, tone))


def outcome_icon(outcome: Outcome) -> QIcon:
    name, tone = OUTCOME_ICONS[outcome]
    return icon(name, tone)
