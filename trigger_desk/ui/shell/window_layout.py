"""The main window's areas: sidebar, form, record view; and the two view toggles.

Left to right: a collapsible sidebar (History: filters, search and the list of calls;
Presets), the platform tabs with the form, and the record column (the request preview
of the form, and the record view: the call just fired or selected in history, in the
same place). "History table" turns the list into a full-width table: the form steps
aside and the sidebar takes its room, every column shown; the record view stays.

The form's width is fixed by the user alone (the splitter): nothing resizes on Fire.
Built before the first paint, so only cheap widgets here (no `Qt` enum import).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

_SPLITTER_KEY = "window/splitter"  # not the old "main_splitter": that one was vertical
_SIDEBAR_KEY = "window/sidebar"
_SIDEBAR_TAB_KEY = "window/sidebar_tab"
# Widths at 1280 px: a sidebar for the list, the form, and the rest for the record.
SIDEBAR_WIDTH = 340
FORM_WIDTH = 440
RECORD_MIN_WIDTH = 280
HISTORY, PRESETS = 0, 1  # the sidebar's tabs
PREVIEW, RECORD = 0, 1  # the record column's tabs


def centered(text: str, parent: QWidget | None = None) -> QFrame:
    """A frame with `text` in its middle (stretches, so no alignment enum is needed)."""
    frame = QFrame(parent)
    rows = QVBoxLayout(frame)
    row = QHBoxLayout()
    row.addStretch(1)
    label = QLabel(text, frame)
    label.setWordWrap(True)
    row.addWidget(label)
    row.addStretch(1)
    rows.addStretch(1)
    rows.addLayout(row)
    rows.addStretch(1)
    return frame


class WindowLayout:
    """Builds the central area of a QMainWindow subclass and keeps its toggles."""

    _settings: QSettings | None
    tabs: QTabWidget

    def _build_areas(self, window: QMainWindow) -> None:
        self.sidebar = QTabWidget(window)
        self.sidebar.setAccessibleName("Sidebar")
        self.sidebar.setDocumentMode(True)
        self.history_slot: QWidget = centered("Every call you fire is listed here.")
        self.history_slot.setAccessibleName("History")
        self.presets_slot: QWidget = centered("Presets appear here.")
        self.presets_slot.setAccessibleName("Presets")
        self.sidebar.addTab(self.history_slot, "&History")
        self.sidebar.addTab(self.presets_slot, "Pre&sets")

        self.record_tabs = QTabWidget(window)
        self.record_tabs.setAccessibleName("Request and record")
        self.record_tabs.setDocumentMode(True)
        self.previews = QStackedWidget(self.record_tabs)  # one per platform tab
        self.previews.setAccessibleName("Request preview")
        self.record_slot: QWidget = centered(
            "Fire a call (Ctrl+Enter), or select one in the history: its outcome, "
            "diagnosis, timings, request and response appear here."
        )
        self.record_slot.setAccessibleName("Call record")
        self.record_tabs.addTab(self.previews, "Re&quest preview")
        self.record_tabs.addTab(self.record_slot, "Call &record")
        # Room for the record's actions and its ids even when the window is small.
        self.record_tabs.setMinimumWidth(RECORD_MIN_WIDTH)

        # Keyword-only construction: the positional overloads make PySide build the
        # `Qt` enum types (~13 ms), which nothing before the first paint needs.
        self.main_splitter = QSplitter(parent=window)  # horizontal
        self.main_splitter.setChildrenCollapsible(False)
        for part in (self.sidebar, self.tabs, self.record_tabs):
            self.main_splitter.addWidget(part)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 0)
        self.main_splitter.setStretchFactor(2, 1)  # the record takes what is left
        self._narrow_sizes: list[int] = []

        self.view_bar = QToolBar("View", window)
        self.view_bar.setObjectName("view-toolbar")
        self.view_bar.setAccessibleName("View")
        self.view_bar.setMovable(False)
        self.sidebar_action = QAction("Side&bar", window)
        self.sidebar_action.setCheckable(True)
        self.sidebar_action.setChecked(True)
        self.sidebar_action.setToolTip("Show or hide the history and presets (Ctrl+B)")
        self.sidebar_action.toggled.connect(self.show_sidebar)
        self.wide_action = QAction("History &table", window)
        self.wide_action.setCheckable(True)
        self.wide_action.setToolTip("The history as a full-width table (Ctrl+H)")
        self.wide_action.toggled.connect(self.show_history_table)
        self.view_bar.addAction(self.sidebar_action)
        self.view_bar.addAction(self.wide_action)
        window.addToolBar(self.view_bar)

    def _name_view_buttons(self) -> None:
        """Accessible names on the toolbar's buttons (after the first paint)."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeySequence

        from trigger_desk.ui.shell.icons import icon

        self.view_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action, name, key, icon_name in (
            (self.sidebar_action, "Sidebar", "Ctrl+B", "sidebar"),
            (self.wide_action, "History table", "Ctrl+H", "table"),
        ):
            action.setShortcut(QKeySequence(key))
            action.setIcon(icon(icon_name))
            button = self.view_bar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(name)

    # --- slots for the other panes ---------------------------------------------------

    def _replace_tab(self, tabs: QTabWidget, index: int, widget: QWidget, old: QWidget) -> None:
        current = tabs.currentIndex()
        text = tabs.tabText(index)
        tabs.removeTab(index)
        tabs.insertTab(index, widget, text)
        tabs.setCurrentIndex(current)
        if old is not widget:
            old.deleteLater()

    def set_history_widget(self, widget: QWidget) -> None:
        """Put the history pane (filters, search, list) in the sidebar's History tab."""
        self._replace_tab(self.sidebar, HISTORY, widget, self.history_slot)
        self.history_slot = widget

    def set_presets_widget(self, widget: QWidget) -> None:
        """Put the presets panel in the sidebar's Presets tab."""
        self._replace_tab(self.sidebar, PRESETS, widget, self.presets_slot)
        self.presets_slot = widget

    def set_record_widget(self, widget: QWidget) -> None:
        """Put the record view in the record column (beside the form)."""
        self._replace_tab(self.record_tabs, RECORD, widget, self.record_slot)
        self.record_slot = widget

    def show_record(self) -> None:
        """Bring the record view to the front of the record column."""
        self.record_tabs.setCurrentIndex(RECORD)

    def show_preview(self) -> None:
        """Bring the request preview to the front of the record column."""
        self.record_tabs.setCurrentIndex(PREVIEW)

    # --- toggles --------------------------------------------------------------------

    def show_sidebar(self, shown: bool) -> None:
        """Show or hide the sidebar (leaving the full-width table when hiding it)."""
        if not shown and self.wide_action.isChecked():
            self.wide_action.setChecked(False)
        self.sidebar.setVisible(shown)
        if self.sidebar_action.isChecked() != shown:
            self.sidebar_action.setChecked(shown)

    def show_history_table(self, wide: bool) -> None:
        """The history as a full-width table (the form steps aside), or back."""
        if self.wide_action.isChecked() != wide:
            self.wide_action.setChecked(wide)  # comes back here through `toggled`
            return
        set_wide: Any = getattr(self.history_slot, "set_wide", None)
        if wide:
            self._narrow_sizes = self.main_splitter.sizes()
            self.show_sidebar(True)
            self.sidebar.setCurrentIndex(HISTORY)
            self.tabs.hide()
            total = sum(self._narrow_sizes)
            self.main_splitter.setSizes([total * 2 // 3, 0, total - total * 2 // 3])
        else:
            self.tabs.show()
            if self._narrow_sizes:
                self.main_splitter.setSizes(self._narrow_sizes)
        if set_wide is not None:
            set_wide(wide)

    def is_history_wide(self) -> bool:
        return self.wide_action.isChecked()

    # --- sizes and settings ---------------------------------------------------------

    def _default_sizes(self, width: int) -> None:
        sidebar = min(SIDEBAR_WIDTH, width // 4)
        form = max(FORM_WIDTH * width // 1280, self.tabs.minimumSizeHint().width())
        self.main_splitter.setSizes([sidebar, form, max(0, width - sidebar - form)])

    def _restore_areas(self, width: int) -> None:
        settings = self._settings
        state = settings.value(_SPLITTER_KEY) if settings is not None else None
        if state is None or not self.main_splitter.restoreState(state):
            self._default_sizes(width)
        if settings is not None:
            self.show_sidebar(str(settings.value(_SIDEBAR_KEY, "true")).lower() != "false")
        # A screen too narrow for all three: the sidebar starts folded (Ctrl+B).
        if width < self.main_splitter.minimumSizeHint().width():
            self.show_sidebar(False)
        if settings is None:
            return
        tab = settings.value(_SIDEBAR_TAB_KEY)
        if tab is not None and str(tab).isdigit():
            self.sidebar.setCurrentIndex(int(str(tab)))

    def _save_areas(self, settings: QSettings) -> None:
        if self.wide_action.isChecked():
            self.show_history_table(False)  # remember the everyday layout
        settings.setValue(_SPLITTER_KEY, self.main_splitter.saveState())
        settings.setValue(_SIDEBAR_KEY, self.sidebar.isVisibleTo(self.main_splitter))
        settings.setValue(_SIDEBAR_TAB_KEY, self.sidebar.currentIndex())
