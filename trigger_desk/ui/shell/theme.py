"""Style, palette and semantic colours: native first, light and dark both readable.

The window uses the platform's own style; where the platform offers none worth using
(the bare "windows" fallback), Fusion. The OS light/dark choice is read from
`QStyleHints.colorScheme()`; when the platform theme does not repaint the palette itself
(no desktop integration, e.g. a bare X session or offscreen), a dark Fusion palette is
applied here. Everything else asks the palette for colours: nothing in the widgets is a
fixed colour, except the few semantic tints below, which come in a light-background and
a dark-background shade and always sit next to an icon or a word.
"""

from __future__ import annotations

import os
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont

# For screenshots and testing: force a scheme regardless of the desktop ("light"/"dark").
SCHEME_ENV = "TRIGGER_DESK_COLOR_SCHEME"


class Tone(StrEnum):
    """What a coloured mark means; each has a shade for light and for dark backgrounds."""

    OK = "ok"
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEUTRAL = "neutral"


# (on a light background, on a dark background); each meets WCAG AA (4.5:1) against
# the default Fusion window/base colours of its scheme.
_TONES: dict[Tone, tuple[str, str]] = {
    Tone.OK: ("#1b6e2a", "#7ad48b"),
    Tone.ERROR: ("#b3261e", "#ff8a80"),
    Tone.WARNING: ("#8a4b00", "#ffc266"),
    Tone.INFO: ("#1f5fb4", "#8ab4f8"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the window background is dark (whatever made it so)."""
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone_color(tone: Tone, palette: QPalette | None = None) -> QColor:
    """The colour for a tone on the current background."""
    palette = palette or QGuiApplication.palette()
    if tone is Tone.NEUTRAL:
        return palette.color(QPalette.ColorRole.WindowText)
    light, dark = _TONES[tone]
    return QColor(dark if is_dark(palette) else light)


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio between two colours (1.0 to 21.0)."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(color.redF())
            + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF())
        )

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def dark_palette() -> QPalette:
    """Fusion's dark palette, derived the way Qt derives it for a dark desktop
    (`qt_fusionPalette`), plus link colours that read on a dark background."""
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    background = QColor(50, 50, 50)
    text = QColor(240, 240, 240)
    mid = background.darker(130)
    dark = background.darker(150)
    placeholder = QColor(text)
    placeholder.setAlpha(128)
    palette = QPalette()
    for r, color in (
        (role.Window, background),
        (role.WindowText, text),
        (role.Base, background.darker(140)),
        (role.AlternateBase, background.darker(120)),
        (role.ToolTipBase, background.lighter(120)),
        (role.ToolTipText, text),
        (role.PlaceholderText, placeholder),
        (role.Text, text),
        (role.Button, background),
        (role.ButtonText, text),
        (role.BrightText, QColor("#ff6b6b")),
        (role.Light, background.lighter(150)),
        (role.Midlight, mid.lighter(110)),
        (role.Mid, mid),
        (role.Dark, dark),
        (role.Shadow, dark.darker(135)),
        (role.Highlight, QColor(48, 140, 198)),
        (role.HighlightedText, text),
        (role.Link, QColor("#8ab4f8")),
        (role.LinkVisited, QColor("#c58af9")),
    ):
        palette.setColor(r, color)
    disabled = QColor(130, 130, 130)
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, r, disabled)
    palette.setColor(group.Disabled, role.Base, background)
    palette.setColor(group.Disabled, role.Highlight, QColor(145, 145, 145))
    palette.setColor(group.Disabled, role.Shadow, dark.darker(135).lighter(150))
    return palette


def wanted_scheme() -> Qt.ColorScheme:
    """The scheme to show: the override variable, else what the OS says."""
    from PySide6.QtCore import Qt

    forced = os.environ.get(SCHEME_ENV, "").strip().lower()
    if forced == "dark":
        return Qt.ColorScheme.Dark
    if forced == "light":
        return Qt.ColorScheme.Light
    return QGuiApplication.styleHints().colorScheme()


def apply_forced_scheme(app: QApplication) -> None:
    """Before the first paint: only a scheme forced by TRIGGER_DESK_COLOR_SCHEME.

    Reading the OS scheme goes through Qt's enums, whose first use costs start-up
    time; `apply_style()` does it right after the first paint. Where it matters (no
    platform theme repainting the palette), the OS seldom reports a scheme at all.
    """
    forced = os.environ.get(SCHEME_ENV, "").strip().lower()
    if forced == "dark" and not is_dark(app.palette()):
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
        app.setPalette(dark_palette())


def apply_style(app: QApplication) -> None:
    """Pick the style and follow the light/dark scheme, now and when it changes."""
    if app.style().name().lower() == "windows":  # Qt's last-resort style: use Fusion
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
    _follow_scheme(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: _follow_scheme(app))


def _follow_scheme(app: QApplication) -> None:
    from PySide6.QtCore import Qt

    scheme = wanted_scheme()
    if scheme is Qt.ColorScheme.Dark and not is_dark(app.palette()):
        # The platform theme did not darken the palette: do it, and use Fusion, whose
        # drawing follows the palette everywhere (native styles may not).
        if app.style().name().lower() != "fusion":
            fusion = QStyleFactory.create("Fusion")
            if fusion is not None:
                app.setStyle(fusion)
        app.setPalette(dark_palette())
    elif scheme is Qt.ColorScheme.Light and is_dark(app.palette()):
        app.setPalette(app.style().standardPalette())


def fixed_font() -> QFont:
    """The system's fixed-width font, for JSON and requests."""
    from PySide6.QtGui import QFontDatabase

    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


def small_font(base: QFont) -> QFont:
    """A slightly smaller font for help text under a field (never below 8 pt)."""
    from PySide6.QtGui import QFont

    font = QFont(base)
    size = base.pointSizeF()
    if size > 0:
        font.setPointSizeF(max(8.0, size * 0.9))
    return font
