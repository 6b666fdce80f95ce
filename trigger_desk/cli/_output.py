"""Plain text tables for the CLI's listings.

A call record's text (`fire`, `history show`) comes from `core.record_text`, the one
formatter the window uses too.
"""

from __future__ import annotations

from collections.abc import Iterable


def table(headers: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    """A plain left-aligned text table."""
    head = [str(h) for h in headers]
    body = [[("" if cell is None else str(cell)) for cell in row] for row in rows]
    widths = [len(h) for h in head]
    for row in body:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(cells)).rstrip()

    return [line(head), line(["-" * w for w in widths]), *(line(row) for row in body)]
