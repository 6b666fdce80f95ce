"""A timing waterfall: connect, TLS, send, wait and receive as proportional bars.

Each phase starts where the previous one ended (that is how one HTTP exchange runs),
drawn on a common scale up to the total, with its name on the left and its figure in
milliseconds on the right. Colours come from the palette (highlight on a mid track),
so the widget reads in light and dark schemes; names and figures carry the meaning.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from trigger_desk.core.timing import phase_reading

PHASES: tuple[tuple[str, str], ...] = (
    ("connect", "Connect"),
    ("tls", "TLS"),
    ("send", "Send"),
    ("wait", "Wait"),
    ("receive", "Receive"),
)
_TOTAL_LABEL = "Total"


def format_ms(value: float) -> str:
    """'0.42 ms', '12.3 ms', '1,234 ms'."""
    if value < 1:
        return f"{value:.2f} ms"
    if value < 100:
        return f"{value:.1f} ms"
    return f"{value:,.0f} ms"


def describe_timings(timings: Mapping[str, float], states: Mapping[str, str] | None = None) -> str:
    """The waterfall as one sentence, for screen readers and tooltips."""
    if not timings:
        return "No timings recorded."
    states = states or {}
    parts = [
        f"{label} {phase_reading(format_ms(timings.get(key, 0.0)), states.get(key))}"
        for key, label in PHASES
    ]
    return f"{'; '.join(parts)}; total {format_ms(timings.get('total', 0.0))}."


class TimingWaterfall(QWidget):
    """Draws `timings_ms` of a CallRecord; `set_timings({})` shows that none exist."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timings: dict[str, float] = {}
        self._states: dict[str, str] = {}  # core.timing.PhaseState per phase, if known
        self.setAccessibleName("Timing waterfall")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._describe()

    def timings(self) -> dict[str, float]:
        return dict(self._timings)

    def set_timings(
        self, timings: Mapping[str, float], states: Mapping[str, str] | None = None
    ) -> None:
        """`states`: how far each phase got (a call cut short has phases never reached)."""
        self._timings = {key: max(0.0, float(value)) for key, value in timings.items()}
        self._states = dict(states or {})
        self._describe()
        self.updateGeometry()
        self.update()

    def _describe(self) -> None:
        text = describe_timings(self._timings, self._states)
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    # --- geometry ---------------------------------------------------------------------

    def _line(self) -> int:
        return QFontMetrics(self.font()).height() + 6

    def _rows(self) -> int:
        return len(PHASES) + 1 if self._timings else 1

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(metrics.horizontalAdvance("M") * 40, self._line() * self._rows() + 4)

    def minimumSizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(metrics.horizontalAdvance("M") * 22, self._line() * self._rows() + 4)

    def bars(self) -> list[tuple[str, float, float, float]]:
        """(phase, start fraction, width fraction, ms) per phase: what is drawn."""
        durations = [self._timings.get(key, 0.0) for key, _ in PHASES]
        scale = max(self._timings.get("total", 0.0), sum(durations)) or 1.0
        result: list[tuple[str, float, float, float]] = []
        start = 0.0
        for (key, _), duration in zip(PHASES, durations, strict=True):
            result.append((key, start / scale, duration / scale, duration))
            start += duration
        return result

    # --- painting ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        metrics = QFontMetrics(self.font())
        line = self._line()
        if not self._timings:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                QRectF(0, 0, self.width(), line),
                Qt.AlignmentFlag.AlignVCenter,
                "No timings recorded (no answer was received).",
            )
            return
        labels = [label for _, label in PHASES] + [_TOTAL_LABEL]
        label_width = max(metrics.horizontalAdvance(label) for label in labels) + 12
        figures = [self._figure_text(phase, ms) for phase, _, _, ms in self.bars()]
        widest = max([metrics.horizontalAdvance(f) for f in figures] + [0])
        figure_width = max(metrics.horizontalAdvance("00,000.0 ms"), widest) + 8
        track_left = label_width
        track_width = max(10.0, self.width() - label_width - figure_width)
        bar_colour = palette.color(QPalette.ColorRole.Highlight)
        track_colour = _track(palette)
        bar_height = max(6.0, line * 0.55)
        for row, (_phase, start, width, ms) in enumerate(self.bars()):
            top = row * line
            self._label(painter, text_colour, 0, top, label_width, line, labels[row])
            track = QRectF(track_left, top + (line - bar_height) / 2, track_width, bar_height)
            painter.fillRect(track, track_colour)
            if ms > 0:
                # At least 2 px so a tiny phase is still visible next to its figure.
                bar = QRectF(
                    track.left() + start * track_width,
                    track.top(),
                    max(2.0, width * track_width),
                    bar_height,
                )
                painter.fillRect(bar, bar_colour)
            figure = figures[row]
            self._figure(
                painter, text_colour, track_left + track_width, top, figure_width, line, figure
            )
        top = len(PHASES) * line
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        self._label(painter, text_colour, 0, top, label_width, line, _TOTAL_LABEL)
        total = self._timings.get("total", 0.0)
        self._figure(
            painter,
            text_colour,
            track_left + track_width,
            top,
            figure_width,
            line,
            format_ms(total),
        )
        painter.end()

    def _figure_text(self, phase: str, ms: float) -> str:
        state = self._states.get(phase)
        if state is None and ms <= 0:
            return "—"  # an older record: no TLS, a reused connection, or not reached
        return phase_reading(format_ms(ms), state)

    @staticmethod
    def _label(
        painter: QPainter, colour: QColor, x: float, y: float, w: float, h: float, text: str
    ) -> None:
        painter.setPen(colour)
        painter.drawText(
            QRectF(x, y, w, h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text
        )

    @staticmethod
    def _figure(
        painter: QPainter, colour: QColor, x: float, y: float, w: float, h: float, text: str
    ) -> None:
        painter.setPen(colour)
        painter.drawText(
            QRectF(x, y, w, h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text
        )


def _track(palette: QPalette) -> QColor:
    """A faint track: the text colour over the base at low opacity, both schemes."""
    colour = QColor(palette.color(QPalette.ColorRole.WindowText))
    colour.setAlphaF(0.12)
    return colour
