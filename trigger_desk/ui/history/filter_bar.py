"""The history's filter bar: platform, call, profile and outcome, plus text search.

Drop-downs apply at once; the search field waits until typing pauses (debounced), so a
search does not run per keystroke. The choices come from what the history holds
(`HistoryStore.distinct_values`), shown with readable names, filtered by stored value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from trigger_desk.core.outcome import Outcome
from trigger_desk.store.history import HistoryFilter
from trigger_desk.ui.history.outcome import outcome_icon
from trigger_desk.ui.history.text import call_label, platform_label
from trigger_desk.ui.widgets.a11y import enable_clear_button

SEARCH_DELAY_MS = 250


def _same(value: str) -> str:
    return value


class HistoryFilterBar(QWidget):
    """Emits `filterChanged(HistoryFilter)` when the user changes what to show."""

    filterChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.platform = self._combo("Platform filter", "All platforms")
        self.call = self._combo("Call filter", "All calls")
        self.profile = self._combo("Profile filter", "All profiles")
        self.outcome = self._combo("Outcome filter", "All outcomes")
        for value in Outcome:
            if value is not Outcome.INVALID_INPUT:  # never sent, so never in history
                self.outcome.addItem(outcome_icon(value), value.label, value.value)
        self.search = QLineEdit()
        self.search.setPlaceholderText("URLs, bodies, errors")
        self.search.setAccessibleName("Search history")
        enable_clear_button(self.search)  # after the name: its button is named after it
        self.search.setToolTip("Every word must appear in the request, the response or the error")
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self.apply_search_now)

        # Narrow enough for the sidebar: the search on top, the four filters below it
        # two by two. Each drop-down's first entry ("All calls") says what it filters.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Search:")
        label.setBuddy(self.search)
        layout.addWidget(label, 0, 0)
        layout.addWidget(self.search, 0, 1, 1, 3)
        for index, widget in enumerate((self.platform, self.outcome, self.call, self.profile)):
            layout.addWidget(widget, 1 + index // 2, 2 * (index % 2), 1, 2)
        layout.setColumnStretch(1, 1)
        layout.setColumnStretch(3, 1)

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        # Shrinks with the sidebar; the open list still shows whole names.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.addItem(everything, None)
        combo.currentIndexChanged.connect(lambda _index: self._emit())
        return combo

    # --- choices ----------------------------------------------------------------------

    def set_choices(
        self, platforms: Iterable[str], calls: Iterable[str], profiles: Iterable[str]
    ) -> None:
        """Offer the values the history holds. The current choice stays offered even if
        no row has it any more, so a filter never changes under the user's hands."""
        for combo, values, label in (
            (self.platform, platforms, platform_label),
            (self.call, calls, call_label),
            (self.profile, profiles, _same),
        ):
            self._replace(combo, list(values), label)

    def add_choice(self, platform: str, call_id: str, profile: str) -> None:
        """Offer a new call's values (a call just fired) without asking the store."""
        for combo, value, label in (
            (self.platform, platform, platform_label),
            (self.call, call_id, call_label),
            (self.profile, profile, _same),
        ):
            if combo.findData(value) < 0:
                values = [combo.itemData(i) for i in range(1, combo.count())]
                self._replace(combo, [*values, value], label)

    @staticmethod
    def _replace(combo: QComboBox, values: list[str], label: Callable[[str], str]) -> None:
        current = combo.currentData()
        wanted = sorted(set(values) | ({current} if current else set()), key=label)
        combo.blockSignals(True)  # the filter itself does not change
        while combo.count() > 1:
            combo.removeItem(1)
        for value in wanted:
            combo.addItem(label(value), value)
            combo.setItemData(combo.count() - 1, value, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
        combo.blockSignals(False)

    # --- the filter -------------------------------------------------------------------

    def current_filter(self) -> HistoryFilter:
        outcome = self.outcome.currentData()
        return HistoryFilter(
            platform=self.platform.currentData(),
            call_id=self.call.currentData(),
            profile=self.profile.currentData(),
            outcome=Outcome(outcome) if outcome else None,
            text=self.search.text().strip(),
        )

    def apply_search_now(self) -> None:
        """Run the search without waiting for the typing pause (Enter does this)."""
        self._emit()

    def _emit(self) -> None:
        self._debounce.stop()
        self.filterChanged.emit(self.current_filter())
