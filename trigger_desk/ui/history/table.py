"""The history's table view: whole-row selection, sized columns, newest first."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget

from trigger_desk.ui.history.model import HistoryTableModel

M = HistoryTableModel
# A typical value per column, to size it (the item column takes the rest).
_SAMPLES = (
    (M.COL_TIME, "2024-06-19 15:10", 24),
    (M.COL_OUTCOME, "Server error", 44),  # + the icon; longer words elide
    (M.COL_CALL, "Fire webhook trigger", 24),
    (M.COL_ITEM, "target=DEAL_12345", 24),
    (M.COL_PROFILE, "sandbox-webhook", 24),
    (M.COL_PLATFORM, "Bitrix24", 24),
    (M.COL_STATUS, "Status", 24),
    (M.COL_TOTAL, "Total ms", 24),
)
# The columns a sidebar has room for; the full-width table shows every column.
NARROW_COLUMNS = (M.COL_TIME, M.COL_OUTCOME, M.COL_CALL, M.COL_ITEM)


class HistoryTable(QTableView):
    """A read-only view of a `HistoryTableModel`; rows are fetched as it scrolls."""

    def __init__(self, model: HistoryTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("History table")
        self.setModel(model)
        self._model = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setSortingEnabled(False)  # always newest first: rows are paged by id
        rows = self.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setAccessibleName("History columns")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        metrics = self.fontMetrics()
        for column, sample, padding in _SAMPLES:
            self.setColumnWidth(column, metrics.horizontalAdvance(sample) + padding)
        header.setSectionResizeMode(M.COL_ITEM, QHeaderView.ResizeMode.Stretch)
        self._wide = True
        self.set_wide(False)
        model.modelReset.connect(self._rows_arrived)

    def set_wide(self, wide: bool) -> None:
        """Every column (the full-width table) or those a sidebar has room for."""
        if wide == self._wide:
            return
        self._wide = wide
        for column in range(M.COLUMN_COUNT):
            self.setColumnHidden(column, not wide and column not in NARROW_COLUMNS)
        header = self.horizontalHeader()
        self._model.set_outcome_words(wide)
        if wide:  # each column as wide as what it shows
            for column in (M.COL_CALL, M.COL_ITEM):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.resizeColumnsToContents()
            header.setStretchLastSection(True)
            return
        # Narrow: today's calls show the time only (older ones elide to the date), and
        # Call and Item share what is left.
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        self.setColumnWidth(M.COL_TIME, metrics.horizontalAdvance("00:00:00") + 16)
        icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.setColumnWidth(M.COL_OUTCOME, icon + 20)  # the icon alone
        for column in (M.COL_CALL, M.COL_ITEM):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _rows_arrived(self) -> None:
        if self._wide:  # new contents: widths follow them
            self.resizeColumnsToContents()

    @property
    def wide(self) -> bool:
        return self._wide

    def selected_ids(self) -> list[int]:
        """History ids of the selected rows, newest first."""
        rows = self.selectionModel().selectedRows()
        return sorted((int(index.data(HistoryTableModel.IdRole)) for index in rows), reverse=True)

    def select_id(self, history_id: int) -> bool:
        """Select (only) the row of `history_id` if it is loaded."""
        row = self._model.row_of_id(history_id)
        if row is None:
            return False
        index = self._model.index(row, 0)
        self.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        # Not setCurrentIndex(): it reads the keyboard modifiers, and with Ctrl still
        # held (Ctrl+Enter fired the call) it would toggle the row back off.
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.scrollTo(index)
        return True
