"""The results table: one line per item (row, outcome, history id), filterable by state."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP
from trigger_desk.core.outcome import Outcome
from trigger_desk.ui.bulk.text import state_word, tr
from trigger_desk.ui.shell.theme import Tone, tone_color
from trigger_desk.ui.widgets.core_text import tr_core

_Index = QModelIndex | QPersistentModelIndex
_TONES = {"ok": Tone.OK, "failed": Tone.ERROR, "unknown": Tone.WARNING, "pending": Tone.NEUTRAL}
Result = tuple[int, str, str | None, int | None, dict[str, Any]]


def outcome_label(outcome: str | None) -> str:
    try:
        return tr_core(Outcome(outcome).label) if outcome else "—"
    except ValueError:
        return outcome or "—"


def item_text(values: dict[str, Any]) -> str:
    """ "target=DEAL_57, code=c5u4m": which item this line is."""
    return ", ".join(f"{name}={value}" for name, value in values.items())


class ResultsModel(QAbstractTableModel):
    """Row, Item, Result (a word, never colour alone), Outcome, History #."""

    HEADERS = (
        QT_TRANSLATE_NOOP("BulkDialog", "Row"),
        QT_TRANSLATE_NOOP("BulkDialog", "Item"),
        QT_TRANSLATE_NOOP("BulkDialog", "Result"),
        QT_TRANSLATE_NOOP("BulkDialog", "Outcome"),
        QT_TRANSLATE_NOOP("BulkDialog", "History #"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._all: list[Result] = []
        self._shown: list[Result] = []
        self._state: str | None = None

    def set_results(self, results: list[Result]) -> None:
        self._all = results
        self._apply()

    def set_filter(self, state: str | None) -> None:
        """Show only items in `state` (None: all)."""
        self._state = state
        self._apply()

    def _apply(self) -> None:
        self.beginResetModel()
        self._shown = [r for r in self._all if self._state is None or r[1] == self._state]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, state, outcome, history_id, values = self._shown[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                str(row),
                item_text(values),
                state_word(state),
                outcome_label(outcome),
                str(history_id) if history_id else "—",
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return tone_color(_TONES.get(state, Tone.NEUTRAL))
        return None
