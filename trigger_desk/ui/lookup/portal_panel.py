""" "From the portal…": items for a bulk run chosen by type, funnel and stage names.

Type → funnel → stage (each stage with how many items it holds), an optional title
filter, then a preview of the items; "Use these items" emits them as rows under
`ITEM_COLUMNS` (ID, TITLE, STAGE_ID, CATEGORY_ID, target), the columns `bulk run
--items` takes. A standalone widget: the bulk dialog embeds it as an item source.
Every look-up runs off the GUI thread, is cancelled by the next one of its kind or by
Stop, and its failure is explained in the status line. F5 looks everything up again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.crm_types import CrmType, parse_crm_type
from trigger_desk.core.lookup_cache import DEBOUNCE_MS, PREVIEW_LIMIT
from trigger_desk.core.lookups import ITEM_COLUMNS, Category, Item, item_row
from trigger_desk.core.model import Profile
from trigger_desk.services.portal_lookups import PortalLookups, StageCounts
from trigger_desk.ui.lookup.find_dialog import FIXED_TYPES
from trigger_desk.ui.lookup.runner import LookupRunner
from trigger_desk.ui.widgets.a11y import enable_clear_button


class PortalItemsPanel(QWidget):
    """Chooses items on the portal; `itemsReady(rows)` with one dict per item."""

    itemsReady = Signal(list)

    def __init__(
        self, lookups: PortalLookups, profile: Profile, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._lookups = lookups
        self._profile = profile
        self._categories: list[Category] = []
        self._counts: StageCounts | None = None
        self.items: list[Item] = []
        self.setAccessibleName(self.tr("Items from the portal"))

        self.type_combo = QComboBox(self)
        self.type_combo.setEditable(True)
        self.type_combo.addItems(list(FIXED_TYPES))
        self.type_combo.setAccessibleName(self.tr("CRM type"))
        type_line = self.type_combo.lineEdit()
        if type_line is not None:
            type_line.setAccessibleName(self.tr("CRM type"))
        self.funnel_combo = QComboBox(self)
        self.funnel_combo.setAccessibleName(self.tr("Funnel"))
        self.stage_combo = QComboBox(self)
        self.stage_combo.setAccessibleName(self.tr("Stage"))
        self.stage_combo.setToolTip(self.tr("Each stage with how many items it holds"))
        self.title_filter = QLineEdit(self)
        self.title_filter.setAccessibleName(self.tr("Title contains (optional)"))
        self.title_filter.setPlaceholderText(self.tr("Only items whose title contains this"))
        enable_clear_button(self.title_filter)

        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.setAccessibleName(self.tr("Refresh from the portal"))
        self.refresh_button.setToolTip(self.tr("Look everything up again (F5)"))
        self.stop_button = QPushButton(self.tr("S&top"), self)
        self.stop_button.setAccessibleName(self.tr("Stop the look-up"))
        self.stop_button.setEnabled(False)

        self.preview = QTableWidget(0, len(ITEM_COLUMNS), self)
        self.preview.setAccessibleName(self.tr("Items preview"))
        self.preview.setHorizontalHeaderLabels(list(ITEM_COLUMNS))
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.preview.verticalHeader().hide()
        self.preview.verticalHeader().setDefaultSectionSize(self.preview.fontMetrics().height() + 8)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.setColumnWidth(1, 320)
        self.preview.setTabKeyNavigation(False)

        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Look-up status"))
        self.status.setWordWrap(True)
        self.use_button = QPushButton(self.tr("&Use these items"), self)
        self.use_button.setAccessibleName(self.tr("Use these items for the bulk run"))
        self.use_button.setEnabled(False)

        form = QFormLayout()
        for text, widget in (
            (self.tr("T&ype:"), self.type_combo),
            (self.tr("F&unnel:"), self.funnel_combo),
            (self.tr("&Stage:"), self.stage_combo),
            (self.tr("T&itle contains:"), self.title_filter),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)

        self.stage_runner = LookupRunner(self)
        self.count_runner = LookupRunner(self)
        self.item_runner = LookupRunner(self)
        self._title_timer = QTimer(self)
        self._title_timer.setSingleShot(True)
        self._title_timer.setInterval(DEBOUNCE_MS)
        self._title_timer.timeout.connect(self._load_items)
        self.type_combo.activated.connect(lambda _i: self.load_stages())
        self.type_combo.lineEdit().editingFinished.connect(self.load_stages)  # type: ignore[union-attr]
        self.funnel_combo.currentIndexChanged.connect(self._funnel_changed)
        self.stage_combo.currentIndexChanged.connect(lambda _i: self._load_items())
        self.title_filter.textChanged.connect(lambda _t: self._title_timer.start())
        self.refresh_button.clicked.connect(self.refresh)
        self.stop_button.clicked.connect(self.stop)
        self.use_button.clicked.connect(self._use)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self._shown_type = ""

    # --- looking up ----------------------------------------------------------------------

    def _runners(self) -> tuple[LookupRunner, ...]:
        return (self.stage_runner, self.count_runner, self.item_runner)

    @property
    def busy(self) -> bool:
        return any(r.busy for r in self._runners())

    def _crm_type(self) -> CrmType | None:
        try:
            return parse_crm_type(self.type_combo.currentText(), "type")
        except Exception as error:  # InvalidInput: say which field and why
            self.status.setText(str(error))
            return None

    def _working(self, text: str) -> None:
        self.status.setText(text)
        self.stop_button.setEnabled(True)

    def _settle(self) -> None:
        self.stop_button.setEnabled(self.busy)

    def load_stages(self) -> None:
        """Look up the type's funnels and stages (from the cache when fresh)."""
        crm_type = self._crm_type()
        if crm_type is None:
            return
        self._shown_type = crm_type.name
        self._working(self.tr("Looking up the funnels and stages…"))
        self.stage_runner.start(
            lambda: self._lookups.stages(self._profile, crm_type), self._show_stages, self._failed
        )

    def refresh(self) -> None:
        self._lookups.refresh(self._profile)
        self.load_stages()

    def stop(self) -> None:
        self._title_timer.stop()
        stopped = [r.cancel() for r in self._runners()]
        if any(stopped):
            self.status.setText(self.tr("Look-up stopped."))
        self._settle()

    def _show_stages(self, categories: list[Category]) -> None:
        self._categories = categories
        self.funnel_combo.blockSignals(True)
        self.funnel_combo.clear()
        for category in categories:
            self.funnel_combo.addItem(category.name, category.id)
        self.funnel_combo.blockSignals(False)
        self._funnel_changed()

    def _category(self) -> Category | None:
        index = self.funnel_combo.currentIndex()
        return self._categories[index] if 0 <= index < len(self._categories) else None

    def _funnel_changed(self, _index: int = 0) -> None:
        category, crm_type = self._category(), self._crm_type()
        if category is None or crm_type is None:
            return
        self._counts = None
        self._fill_stages(category)
        self.count_runner.start(
            lambda: self._lookups.stage_counts(self._profile, crm_type, category.id),
            self._show_counts,
            self._failed,
        )
        self._load_items()

    def _fill_stages(self, category: Category) -> None:
        chosen = self.stage_combo.currentData()
        self.stage_combo.blockSignals(True)
        self.stage_combo.clear()
        for stage in category.stages:
            count = self._counts.counts.get(stage.id, 0) if self._counts else None
            if count is None:
                text = stage.name
            else:
                more = "" if self._counts and self._counts.complete else "+"
                text = f"{stage.name} ({count}{more})"  # how many items the stage holds
            self.stage_combo.addItem(text, stage.id)
        index = self.stage_combo.findData(chosen)
        self.stage_combo.setCurrentIndex(max(0, index))
        self.stage_combo.blockSignals(False)

    def _show_counts(self, counts: StageCounts) -> None:
        self._counts = counts
        category = self._category()
        if category is not None:
            self._fill_stages(category)
        self._settle()

    def _load_items(self) -> None:
        self._title_timer.stop()
        category, crm_type = self._category(), self._crm_type()
        stage_id = self.stage_combo.currentData()
        if category is None or crm_type is None or not stage_id:
            return
        title = self.title_filter.text().strip() or None
        self.use_button.setEnabled(False)
        self._working(self.tr("Looking up the items…"))
        self.item_runner.start(
            lambda: self._lookups.items(self._profile, crm_type, category.id, str(stage_id), title),
            self._show_items,
            self._failed,
        )

    def _show_items(self, items: list[Item]) -> None:
        self.items = items
        self.preview.setRowCount(len(items))
        for row, item in enumerate(items):
            for column, value in enumerate(item_row(item).values()):
                self.preview.setItem(row, column, QTableWidgetItem(value))
        category, stage_id = self._category(), self.stage_combo.currentData()
        names = {s.id: s.name for s in category.stages} if category else {}
        where = f"{self.funnel_combo.currentText()} → {names.get(str(stage_id), stage_id)}"
        if not items:
            self.status.setText(self.tr("No items in %1.").replace("%1", where))
        else:
            limit = (
                self.tr(" (the first %1)").replace("%1", str(PREVIEW_LIMIT))
                if len(items) >= PREVIEW_LIMIT
                else ""
            )
            self.status.setText(
                self.tr("Items: %1%2 in %3.")
                .replace("%1", str(len(items)))
                .replace("%2", limit)
                .replace("%3", where)
            )
        self.use_button.setEnabled(bool(items))
        self._settle()

    def _failed(self, text: str) -> None:
        self.status.setText(self.tr("The look-up failed: %1").replace("%1", text))
        self._settle()

    def rows(self) -> list[dict[str, str]]:
        """The previewed items as rows under ITEM_COLUMNS."""
        return [item_row(item) for item in self.items]

    def _use(self) -> None:
        self.itemsReady.emit(self.rows())
