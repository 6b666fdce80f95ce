"""The bulk progress display: a bar on a terminal, plain lines in a log."""

from __future__ import annotations

import io

from trigger_desk.cli._progress import ProgressReporter
from trigger_desk.core.bulk_types import BulkProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_with_count_rate_and_eta_on_a_terminal() -> None:
    stream = Terminal()
    reporter = ProgressReporter(stream)
    progress = BulkProgress(total=3000, done=1500, counts={"ok": 1490, "failed": 10})
    reporter.update(progress, force=True)
    reporter.close()
    text = stream.getvalue()
    assert text.startswith("\r\x1b[2K[") and text.endswith("\n")
    assert "1500/3000 items" in text and "/s" in text and "ETA" in text
    assert "10 failed" in text and "1490 ok" in text


def test_plain_lines_when_not_a_terminal_and_no_repeats() -> None:
    stream = io.StringIO()
    reporter = ProgressReporter(stream)
    progress = BulkProgress(total=10)
    for done in (1, 2, 10, 10):
        progress.done = done
        reporter.update(progress)
    reporter.close()
    lines = stream.getvalue().splitlines()
    # The first line at once, then at most one per 5 s, and always the last.
    assert lines[0].startswith("1/10 items") and lines[-1].startswith("10/10 items")
    assert len(lines) == 2 and "\r" not in stream.getvalue()
