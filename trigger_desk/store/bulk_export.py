"""A bulk run's results as CSV: one line per item, its state, outcome and values.

Values are the filled call fields (never secrets: secret-bearing settings are refused
as fields, README "Secrets"). Cells starting like a spreadsheet formula are quoted with a
leading apostrophe so that opening the export cannot run anything.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from pathlib import Path
from typing import Any

from trigger_desk.store.bulk_journal import BulkJournal

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_results(
    journal: BulkJournal, run_id: str, path: Path, states: Collection[str] | None = None
) -> int:
    """Write the run's items (only those in `states`, if given) to `path`; returns how many."""
    rows = [r for r in journal.items(run_id) if states is None or r[1] in states]
    fields: dict[str, None] = {}
    for *_, values in rows:
        fields.update(dict.fromkeys(values))
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "state", "outcome", "history_id", *fields])
        for row, state, outcome, history_id, values in rows:
            writer.writerow(
                [
                    row,
                    state,
                    outcome or "",
                    history_id or "",
                    *(_cell(values.get(f)) for f in fields),
                ]
            )
    return len(rows)
