"""Checking a bulk run before anything is sent: every row filled by the call's rules.

Qt-free and blocking (reads the whole source): the window runs it in a worker thread.
The preview keeps the first rows and every bad one (both capped), the counts cover all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from trigger_desk.core.bulk_csv import ItemsFileError
from trigger_desk.core.bulk_types import requests_for
from trigger_desk.core.calls import CallSpec
from trigger_desk.core.model import Profile
from trigger_desk.core.rate_limit import RateLimit
from trigger_desk.core.validation import InvalidInput
from trigger_desk.store.bulk_fill import FilledItem, RowFiller
from trigger_desk.store.bulk_sources import ItemSource

PREVIEW_GOOD = 200  # good rows shown in the preview
PREVIEW_BAD = 500  # bad rows shown (all are counted)


@dataclass(frozen=True)
class PreviewRow:
    """A row as the preview shows it: its cells, the filled values, or its errors."""

    row: int
    shown: dict[str, str]
    values: dict[str, Any] | None
    errors: list[tuple[str | None, str]]


@dataclass
class BulkCheck:
    """What a check found: rows to show, counts, the plan's figures, run-wide problems."""

    columns: tuple[str, ...]
    source: str
    rows: list[PreviewRow] = field(default_factory=list)
    good: int = 0
    bad: int = 0
    requests: int = 0
    estimated_s: float = 0.0
    limit: str = ""
    problems: list[str] = field(default_factory=list)  # not tied to one row

    @property
    def ready(self) -> bool:
        return self.good > 0 and self.bad == 0 and not self.problems


def make_filler(
    call: CallSpec,
    profile: Profile,
    source: ItemSource,
    templates: Mapping[str, Any],
    payload: Any,
    run_id: str,
) -> RowFiller:
    """The filler for the window: the form's values are the templates; a non-empty cell
    of a column named like a field fills it (the form gives the rest)."""
    return RowFiller(
        call,
        profile,
        columns=source.fill_columns,
        templates=templates,
        set_fields=(),
        payload=payload,
        defaults={},
        run_id=run_id,
    )


def filled_items(source: ItemSource, filler: RowFiller) -> Iterator[FilledItem]:
    """The good rows, filled (the run is started only when every row is good)."""
    for item in source.rows():
        if not item.errors:
            yield filler.fill(item.row, item.cells)


def check_items(
    source: ItemSource, filler: RowFiller, limit: RateLimit, already: float = 0.0
) -> BulkCheck:
    """Fill and check every row; the plan's figures from the good ones."""
    result = BulkCheck(source.columns, source.description, limit=limit.describe())
    result.problems = [f"{p.field}: {p.message}" for p in filler.problems()]
    try:
        for item in source.rows():
            errors = list(item.errors)
            values: dict[str, Any] | None = None
            if not errors:
                try:
                    values = filler.fill(item.row, item.cells).values
                except InvalidInput as invalid:
                    errors = filler.cell_errors(invalid)
            if errors:
                result.bad += 1
                if result.bad <= PREVIEW_BAD:
                    result.rows.append(PreviewRow(item.row, item.shown, None, errors))
            else:
                result.good += 1
                if result.good <= PREVIEW_GOOD:
                    result.rows.append(PreviewRow(item.row, item.shown, values, []))
    except ItemsFileError as error:
        result.problems.append(str(error))
    result.requests = requests_for(filler.call.platform, result.good)
    result.estimated_s = limit.estimate_seconds(result.requests, already=already)
    return result
