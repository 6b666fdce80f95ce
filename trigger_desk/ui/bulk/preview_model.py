"""The preview table: each checked row's cells, a bad cell marked where it is."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from trigger_desk.services.bulk_check import BulkCheck, PreviewRow
from trigger_desk.ui.bulk.results_model import item_text
from trigger_desk.ui.shell.theme import Tone, tone_color

_Index = QModelIndex | QPersistentModelIndex
_FIRST = 3  # the first of the source's columns
_BAD_BACKGROUND = QColor(220, 50, 50, 48)  # translucent: readable on light and dark


class PreviewModel(QAbstractTableModel):
    """Columns: Row, "Check" (OK, or the errors no shown cell owns), "Will send" (the
    filled fields), then the source's columns.

    A bad cell shows its value and the message ("⚠ ..."), the same in its tooltip, on a
    red tint: the text carries the meaning, the colour only helps.
    """

    def __init__(self) -> None:
        super().__init__()
        self._columns: tuple[str, ...] = ()
        self._rows: list[PreviewRow] = []

    def set_check(self, check: BulkCheck | None) -> None:
        self.beginResetModel()
        self._columns = check.columns if check else ()
        self._rows = sorted(check.rows, key=lambda r: r.row) if check else []
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns) + _FIRST

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return QCoreApplication.translate("BulkDialog", "Row")
        if section == 1:
            return QCoreApplication.translate("BulkDialog", "Check")
        if section == 2:
            return QCoreApplication.translate("BulkDialog", "Will send")
        return self._columns[section - _FIRST]

    def _messages(self, row: PreviewRow, column: int) -> list[str]:
        if column in (0, 2):
            return []
        if column == 1:  # errors no shown column owns
            return [m for c, m in row.errors if c not in self._columns]
        name = self._columns[column - _FIRST]
        return [m for c, m in row.errors if c == name]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        messages = self._messages(row, column)
        last = column == 1
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return str(row.row)
            if column == 2:
                return item_text(row.values) if row.values is not None else ""
            warning = "\n".join(f"⚠ {m}" for m in messages)
            if last:
                return warning or (
                    QCoreApplication.translate("BulkDialog", "OK", "the row passed the check")
                    if not row.errors
                    else QCoreApplication.translate("BulkDialog", "⚠ Bad: see the marked cell")
                )
            value = row.shown.get(self._columns[column - _FIRST], "")
            return f"{value}\n{warning}" if warning else value
        if role == Qt.ItemDataRole.ToolTipRole and messages:
            return "\n".join(messages)
        if role == Qt.ItemDataRole.BackgroundRole and messages:
            return _BAD_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and (messages or (last and row.errors)):
            return tone_color(Tone.ERROR)
        return None

    def bad_cell(self) -> QModelIndex:
        """The first cell marked bad (to scroll to and focus)."""
        for r, row in enumerate(self._rows):
            for c in range(self.columnCount()):
                if self._messages(row, c):
                    return self.index(r, c)
        return QModelIndex()
