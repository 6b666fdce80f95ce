"""The history table model: pages rows from SQLite, newest first, never all of them.

Modelled on vorta's `archive_table_model` (COL_* constants, a reset around new rows,
custom roles, testable without any widget), but rows come from `HistoryStore` a page
at a time through `canFetchMore`/`fetchMore`, keyed on the last id shown (`before_id`)
so paging stays stable while new calls arrive.

Blocking work is split so the pane can move it off the event loop: `query_first_page`
and `query_newer` only read the store (safe in a worker thread) and `set_rows` /
`insert_rows` only touch the model (GUI thread). `set_filter` and `refresh` do both,
for callers without an event loop. `fetchMore` reads one page on the GUI thread: the
view asks for it synchronously, and a page of light rows by index is a few ms.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from trigger_desk.core.record import CallRecord
from trigger_desk.core.replay import acted_on
from trigger_desk.store.history import HistoryFilter, HistoryRow, HistoryStore, RowState
from trigger_desk.ui.history.outcome import outcome_colour, outcome_icon, outcome_word
from trigger_desk.ui.history.text import (
    call_label,
    milliseconds,
    platform_label,
    short_time,
)

PAGE_SIZE = 200
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class NewerRows:
    """What changed since a snapshot of the model: see `HistoryTableModel.newer_reader`."""

    filter: HistoryFilter
    rows: list[HistoryRow]  # newer than the newest row shown
    updated: list[HistoryRow]  # fresh copies of rows that were in flight
    gap: bool  # more new rows than a page: replace the table with `rows`


def row_from_record(record: CallRecord) -> HistoryRow | None:
    """The table row of a finished record the engine just returned (None if unstored)."""
    if record.history_id is None or record.diagnosis is None:
        return None
    return HistoryRow(
        id=record.history_id,
        started_at=record.started_at,
        platform=record.platform,
        call_id=record.call_id,
        profile=record.profile,
        status=record.status,
        outcome=record.outcome,
        total_ms=record.timings_ms.get("total"),
        hint=record.diagnosis.hint,
        state=RowState.DONE,
        item=acted_on(record.call_id, record.request.body),
    )


class HistoryTableModel(QAbstractTableModel):
    """Rows of `HistoryStore`, newest first, fetched a page at a time."""

    # The first four fit a sidebar; the full-width table shows them all.
    COL_TIME = 0
    COL_OUTCOME = 1
    COL_CALL = 2
    COL_ITEM = 3
    COL_PROFILE = 4
    COL_PLATFORM = 5
    COL_STATUS = 6
    COL_TOTAL = 7
    COLUMN_COUNT = 8

    IdRole = Qt.ItemDataRole.UserRole + 1  # int: the history id of the row
    RowRole = Qt.ItemDataRole.UserRole + 2  # HistoryRow
    SortRole = Qt.ItemDataRole.UserRole + 3  # a plain sortable value per column

    HEADERS = ("Time", "Outcome", "Call", "Item", "Profile", "Platform", "Status", "Total ms")

    def __init__(
        self,
        store: HistoryStore | None = None,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._page_size = page_size
        self._filter = HistoryFilter()
        self._rows: list[HistoryRow] = []
        # Nothing is fetched until the first page is set (set_filter / set_rows), so a
        # view never reads the store on the GUI thread behind the pane's back.
        self._more = False
        self._loaded = False  # a first page was set
        self._outcome_words = True  # False: icons only (a narrow list), words in tooltips

    # --- state ------------------------------------------------------------------------

    @property
    def store(self) -> HistoryStore | None:
        return self._store

    def set_store(self, store: HistoryStore | None) -> None:
        """Use another store (or none); empties the model until rows are set or fetched."""
        self.beginResetModel()
        self._store = store
        self._rows = []
        self._more = False
        self._loaded = False
        self.endResetModel()

    @property
    def filter(self) -> HistoryFilter:
        return self._filter

    @property
    def page_size(self) -> int:
        return self._page_size

    def set_outcome_words(self, shown: bool) -> None:
        """Words beside the outcome icons, or the icons alone (a narrow list: the word
        is then the tooltip and what a screen reader says)."""
        if shown != self._outcome_words:
            self._outcome_words = shown
            last = max(0, len(self._rows) - 1)
            self.dataChanged.emit(
                self.index(0, self.COL_OUTCOME), self.index(last, self.COL_OUTCOME)
            )

    def row_at(self, row: int) -> HistoryRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def ids(self) -> list[int]:
        """The ids of the rows loaded so far, newest first."""
        return [row.id for row in self._rows]

    def row_of_id(self, history_id: int) -> int | None:
        """The model row showing `history_id`, if it is loaded."""
        position = self._position(history_id)
        if position < len(self._rows) and self._rows[position].id == history_id:
            return position
        return None

    # --- loading: store reads (any thread) ----------------------------------------------

    def query_first_page(self, history_filter: HistoryFilter) -> list[HistoryRow]:
        """Read the first page for a filter. Blocking; safe in a worker thread."""
        if self._store is None:
            return []
        return self._store.page(history_filter, 0, self._page_size)

    def newer_reader(self) -> Callable[[], NewerRows]:
        """Snapshot what is shown (GUI thread) and return a blocking reader of what
        changed since (safe in a worker thread); hand its result to `insert_rows`."""
        store, history_filter, page_size = self._store, self._filter, self._page_size
        newest = self._rows[0].id if self._rows else None
        loaded = self._loaded
        pending = [row.id for row in self._rows if row.state is RowState.IN_FLIGHT]

        def read() -> NewerRows:
            if store is None or not loaded:
                return NewerRows(history_filter, [], [], gap=False)
            rows = store.page(history_filter, 0, page_size, after_id=newest or 0)
            updated = [row for row in (store.row(i) for i in pending) if row is not None]
            # A full page may hide older new rows behind it: start over from the top.
            return NewerRows(history_filter, rows, updated, gap=len(rows) >= page_size)

        return read

    # --- loading: model updates (GUI thread) ------------------------------------------

    def set_rows(self, history_filter: HistoryFilter, rows: list[HistoryRow]) -> None:
        """Show the first page of a (new) filter."""
        self.beginResetModel()
        self._filter = history_filter
        self._rows = list(rows)
        self._more = self._store is not None and len(rows) >= self._page_size
        self._loaded = True
        self.endResetModel()

    def set_filter(self, history_filter: HistoryFilter) -> None:
        """Apply a filter, reading its first page on this thread."""
        self.set_rows(history_filter, self.query_first_page(history_filter))

    def insert_rows(self, newer: NewerRows) -> None:
        """Put what `newer_reader` found in place (ignored if the filter changed since)."""
        if newer.filter != self._filter:
            return
        if newer.gap:
            self.set_rows(newer.filter, newer.rows)
            return
        for row in newer.updated:
            self._update(row)
        for row in sorted(newer.rows, key=lambda item: item.id):
            self._insert(row)

    def refresh(self) -> None:
        """Pick up rows written since the last read (other windows, the CLI). Blocking."""
        self.insert_rows(self.newer_reader()())

    def prepend_record(self, record: CallRecord) -> bool:
        """Show a call the engine just finished, without reading the store.

        Returns False when the model cannot decide alone (no history id, no diagnosis,
        or a text search is active): call `refresh()` (or `query_newer` in a thread).
        """
        row = row_from_record(record)
        if row is None:
            return False
        if self.row_of_id(row.id) is not None:
            self._update(row)
            return True
        if self._filter.text:
            return False
        if self._filter.matches_columns(row):
            self._insert(row)
        return True

    def remove_ids(self, ids: set[int] | list[int]) -> None:
        """Take deleted rows out of the table."""
        doomed = set(ids)
        for position in range(len(self._rows) - 1, -1, -1):
            if self._rows[position].id in doomed:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()

    def _position(self, history_id: int) -> int:
        """Where `history_id` sits (or would) in the newest-first list."""
        # Rows are sorted by descending id: search the negated keys.
        return bisect.bisect_left(self._rows, -history_id, key=lambda item: -item.id)

    def _insert(self, row: HistoryRow) -> None:
        position = self._position(row.id)
        if position < len(self._rows) and self._rows[position].id == row.id:
            self._update(row)
            return
        if position == len(self._rows) and self._more:
            return  # older than what is loaded: fetchMore will bring it
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self.endInsertRows()

    def _update(self, row: HistoryRow) -> None:
        position = self.row_of_id(row.id)
        if position is None:
            return
        self._rows[position] = replace(row)
        self.dataChanged.emit(self.index(position, 0), self.index(position, self.COLUMN_COUNT - 1))

    # --- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._more and self._store is not None

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or self._store is None or not self._more:
            return
        before = self._rows[-1].id if self._rows else None
        rows = self._store.page(self._filter, 0, self._page_size, before_id=before)
        self._more = len(rows) >= self._page_size
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMN_COUNT:
            return None
        icons_only = section == self.COL_OUTCOME and not self._outcome_words
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if icons_only else self.HEADERS[section]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                self.HEADERS[section] if icons_only or role != Qt.ItemDataRole.ToolTipRole else None
            )
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_OUTCOME and not self._outcome_words:
                return ""
            return self._display(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, column)
        if role == self.IdRole:
            return row.id
        if role == self.RowRole:
            return row
        if role == self.SortRole:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_OUTCOME:
            return outcome_icon(row.outcome, row.state)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_OUTCOME:
            return outcome_colour(row.outcome, row.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.COL_STATUS,
            self.COL_TOTAL,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: HistoryRow, column: int) -> str:
        if column == self.COL_TIME:
            return short_time(row.started_at)
        if column == self.COL_PLATFORM:
            return platform_label(row.platform)
        if column == self.COL_CALL:
            return call_label(row.call_id)
        if column == self.COL_ITEM:
            return row.item
        if column == self.COL_PROFILE:
            return row.profile
        if column == self.COL_STATUS:
            return str(row.status) if row.status is not None else "—"
        if column == self.COL_OUTCOME:
            return outcome_word(row.outcome, row.state)
        if column == self.COL_TOTAL:
            return milliseconds(row.total_ms) or "—"
        return ""

    def _sort_value(self, row: HistoryRow, column: int) -> Any:
        if column == self.COL_TIME:
            return row.id
        if column == self.COL_STATUS:
            return row.status or 0
        if column == self.COL_TOTAL:
            return row.total_ms or 0.0
        return self._display(row, column)

    def _tooltip(self, row: HistoryRow, column: int) -> str | None:
        if column == self.COL_TIME:
            return f"{row.started_at} (call #{row.id})"
        if column == self.COL_CALL:
            return row.call_id
        if column == self.COL_ITEM:
            return row.item or None
        if column == self.COL_OUTCOME:
            hint = row.hint or row.state.description
            if self._outcome_words:
                return hint or None
            word = outcome_word(row.outcome, row.state)
            return f"{word}: {hint}" if hint else word
        return None
