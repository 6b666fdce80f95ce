"""Progress of a bulk run on standard error: a bar on a terminal, plain lines otherwise.

Hand-written (a few lines) rather than `rich` or `tqdm`: importing either costs more
start-up time than a whole small run, and the bar needs only done/total, rate and ETA.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from trigger_desk.core.bulk_types import BulkProgress

_BAR = 28
_REDRAW = 0.1  # seconds between terminal redraws
_LINE_EVERY = 5.0  # seconds between plain lines


def _eta(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.5))
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}" if minutes < 60 else f"{minutes // 60}h{minutes % 60:02d}m"


class ProgressReporter:
    """Call `update(progress)` as items finish and `close()` at the end."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self._stream = stream or sys.stderr
        self._tty = self._stream.isatty()
        self._quiet = quiet
        self._last = 0.0
        self._drawn = False
        self._shown = -1  # the `done` count last shown

    def line(self, progress: BulkProgress) -> str:
        elapsed = max(1e-6, time.monotonic() - progress.started)
        rate = progress.done / elapsed
        left = progress.total - progress.done
        eta = _eta(left / rate) if rate > 0 else "?"
        counts = ", ".join(f"{n} {state}" for state, n in sorted(progress.counts.items()))
        text = f"{progress.done}/{progress.total} items, {rate:.0f}/s, ETA {eta}"
        return f"{text} ({counts})" if counts else text

    def update(self, progress: BulkProgress, *, force: bool = False) -> None:
        if self._quiet:
            return
        now = time.monotonic()
        every = _REDRAW if self._tty else _LINE_EVERY
        if progress.done == self._shown or (
            not force and now - self._last < every and progress.done < progress.total
        ):
            return
        self._last, self._shown = now, progress.done
        if self._tty:
            share = progress.done / progress.total if progress.total else 1.0
            filled = int(share * _BAR)
            bar = "█" * filled + "·" * (_BAR - filled)
            self._stream.write(f"\r\x1b[2K[{bar}] {self.line(progress)}")
            self._drawn = True
        else:
            self._stream.write(self.line(progress) + "\n")
        self._stream.flush()

    def close(self) -> None:
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
            self._drawn = False
