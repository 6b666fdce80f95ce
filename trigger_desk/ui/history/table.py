"""The history's table view: whole-row selection, sized columns, newest first."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from trigger_desk.ui.history.model import HistoryTableModel

# A typical value per column, to size it (the call column takes the rest).
_SAMPLES = (
    (HistoryTableModel.COL_TIME, "2024-06-19 15:10", 24),
    (HistoryTableModel.COL_PLATFORM, "Bitrix24", 24),
    (HistoryTableModel.COL_CALL, "Fire webhook trigger", 24),
    (HistoryTableModel.COL_PROFILE, "portal-hook", 24),
    (HistoryTableModel.COL_STATUS, "Status", 24),
    (HistoryTableModel.COL_OUTCOME, "Server error", 44),  # + the icon; longer words elide
    (HistoryTableModel.COL_TOTAL, "Total ms", 24),
)


class HistoryTable(QTableView):
    """A read-only view of a `HistoryTableModel`; rows are fetched as it scrolls."""

    def __init__(self, model: HistoryTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("History table"))
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
        header.setAccessibleName(self.tr("History columns"))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        metrics = self.fontMetrics()
        for column, sample, padding in _SAMPLES:
            self.setColumnWidth(column, metrics.horizontalAdvance(sample) + padding)
        header.setSectionResizeMode(HistoryTableModel.COL_CALL, QHeaderView.ResizeMode.Stretch)

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
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True
