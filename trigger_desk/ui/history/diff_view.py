"""Two stored calls side by side, changed lines marked.

The left pane is the last successful call, the right one the call being examined; each
shows its request then its response as text (pretty JSON), aligned line by line with
`difflib`. Changed lines get a marker in the first column (`~` changed, `-` only on the
left, `+` only on the right) *and* a tinted background from the theme's tones, so the
marks survive colour blindness and dark mode. Scrolling one pane scrolls the other.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import Enum

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.record import CallRecord
from trigger_desk.core.record_text import request_lines, response_lines
from trigger_desk.ui.history.text import call_label, local_time
from trigger_desk.ui.shell.theme import Tone, fixed_font, tone_color


class Change(Enum):
    SAME = " "
    CHANGED = "~"
    REMOVED = "-"  # only in the left (older) call
    ADDED = "+"  # only in the right (newer) call


@dataclass(frozen=True)
class DiffLine:
    left: str | None  # None: a filler line on the left
    right: str | None
    change: Change


def align(old: list[str], new: list[str]) -> list[DiffLine]:
    """Line pairs for a side-by-side view of `old` and `new`."""
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [
                DiffLine(a, b, Change.SAME) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
            ]
            continue
        left, right = old[i1:i2], new[j1:j2]
        for k in range(max(len(left), len(right))):
            a = left[k] if k < len(left) else None
            b = right[k] if k < len(right) else None
            change = (
                Change.CHANGED
                if a is not None and b is not None
                else (Change.REMOVED if b is None else Change.ADDED)
            )
            lines.append(DiffLine(a, b, change))
    return lines


def record_lines(record: CallRecord) -> list[str]:
    """A call as the diff compares it: request, then response (per-sending ids left out)."""
    return [
        "REQUEST",
        *request_lines(record.request, for_diff=True),
        "",
        "RESPONSE",
        *response_lines(record.response, for_diff=True),
    ]


def diff_records(old: CallRecord, new: CallRecord) -> list[DiffLine]:
    return align(record_lines(old), record_lines(new))


class DiffView(QWidget):
    """Shows `diff_records(old, new)` in two read-only monospace panes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines: list[DiffLine] = []
        self._summary = QLabel()
        self._summary.setWordWrap(True)
        self._summary.setAccessibleName("Diff summary")
        self._left_title = QLabel()
        self._right_title = QLabel()
        self.left = self._pane("Last successful call")
        self.right = self._pane("This call")
        self.left.verticalScrollBar().valueChanged.connect(self.right.verticalScrollBar().setValue)
        self.right.verticalScrollBar().valueChanged.connect(self.left.verticalScrollBar().setValue)

        sides = QHBoxLayout()
        for title, pane in ((self._left_title, self.left), (self._right_title, self.right)):
            column = QVBoxLayout()
            title.setWordWrap(True)
            title.setBuddy(pane)
            column.addWidget(title)
            column.addWidget(pane, 1)
            sides.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._summary)
        layout.addLayout(sides, 1)

    def _pane(self, name: str) -> QPlainTextEdit:
        pane = QPlainTextEdit()
        pane.setReadOnly(True)
        pane.setFont(fixed_font())
        pane.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        pane.setAccessibleName(name)
        return pane

    def lines(self) -> list[DiffLine]:
        return list(self._lines)

    def changed_lines(self) -> list[DiffLine]:
        return [line for line in self._lines if line.change is not Change.SAME]

    def summary(self) -> str:
        return self._summary.text()

    def show_diff(self, old: CallRecord, new: CallRecord) -> None:
        self._lines = diff_records(old, new)
        self._left_title.setText(f"Last success: #{old.history_id}, {local_time(old.started_at)}")
        self._right_title.setText(f"This call: #{new.history_id}, {local_time(new.started_at)}")
        self._summary.setText(_summary(call_label(new.call_id), new.profile, self._lines))
        self._fill(self.left, [(line.left, line.change) for line in self._lines], Tone.ERROR)
        self._fill(self.right, [(line.right, line.change) for line in self._lines], Tone.OK)

    def _fill(
        self, pane: QPlainTextEdit, rows: list[tuple[str | None, Change]], tone: Tone
    ) -> None:
        pane.setPlainText(
            "\n".join("" if text is None else f"{change.value} {text}" for text, change in rows)
        )
        tint = QColor(tone_color(tone))
        tint.setAlphaF(0.22)
        filler = QColor(self.palette().color(self.palette().ColorRole.WindowText))
        filler.setAlphaF(0.06)
        selections: list[QTextEdit.ExtraSelection] = []
        document = pane.document()
        for number, (text, change) in enumerate(rows):
            if change is Change.SAME:
                continue
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(filler if text is None else tint)
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.format = fmt
            cursor = QTextCursor(document.findBlockByNumber(number))
            selection.cursor = cursor
            selections.append(selection)
        pane.setExtraSelections(selections)


def _summary(title: str, profile: str, lines: list[DiffLine]) -> str:
    changed = [line for line in lines if line.change is not Change.SAME]
    if not changed:
        return (
            f"{title} ({profile}): request and response match the last successful call "
            "(request ids and dates left out)."
        )
    boundary = next(
        (k for k, line in enumerate(lines) if line.left == "RESPONSE" or line.right == "RESPONSE"),
        len(lines),
    )
    in_request = sum(
        1 for k, line in enumerate(lines) if line.change is not Change.SAME and k < boundary
    )
    in_response = len(changed) - in_request
    return (
        f"{title} ({profile}) against its last successful call: "
        f"{_count(in_request)} in the request, {_count(in_response)} in the response. "
        "Marked lines: ~ changed, - only in the successful call, + only in this call "
        "(request ids and dates left out)."
    )


def _count(number: int) -> str:
    if number == 0:
        return "no change"
    return "1 line differs" if number == 1 else f"{number} lines differ"
