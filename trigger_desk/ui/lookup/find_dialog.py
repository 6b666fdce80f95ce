""" "Find…": type part of a title, see matching items with stage and funnel, pick one.

Typing restarts a `DEBOUNCE_MS` timer; only when it runs out is one look-up sent, and
a look-up still in flight is cancelled as soon as the text changes. Up and Down move
through the results from the search box, Enter picks, Esc stops a running look-up
(or closes the dialog when none runs). F5 / Refresh forgets the cached answers.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.crm_types import parse_crm_type
from trigger_desk.core.lookup_cache import DEBOUNCE_MS, MIN_TITLE_CHARS
from trigger_desk.core.lookups import Item
from trigger_desk.core.model import Profile
from trigger_desk.services.portal_lookups import FoundItem, PortalLookups
from trigger_desk.ui.lookup.runner import LookupRunner
from trigger_desk.ui.widgets.a11y import enable_clear_button

FIXED_TYPES = ("DEAL", "LEAD", "QUOTE", "SMART_INVOICE")


class FindItemDialog(QDialog):
    """Finds one CRM item by title; `picked(item)` when the admin chooses one."""

    picked = Signal(object)

    def __init__(
        self,
        lookups: PortalLookups,
        profile: Profile,
        crm_type: str = "DEAL",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._lookups = lookups
        self._profile = profile
        self.chosen: Item | None = None
        self.setWindowTitle(self.tr("Find an item on %1").replace("%1", profile.name))
        self.setAccessibleName(self.tr("Find an item"))
        self.resize(720, 420)

        self.type_combo = QComboBox(self)
        self.type_combo.setEditable(True)  # a smart process is typed as DYNAMIC_<id>
        self.type_combo.addItems(list(FIXED_TYPES))
        if crm_type and crm_type not in FIXED_TYPES:
            self.type_combo.addItem(crm_type)
        self.type_combo.setCurrentText(crm_type or "DEAL")
        self.type_combo.setAccessibleName(self.tr("CRM type"))
        type_line = self.type_combo.lineEdit()
        if type_line is not None:
            type_line.setAccessibleName(self.tr("CRM type"))
        self.type_combo.setToolTip(self.tr("LEAD, DEAL, QUOTE, SMART_INVOICE or DYNAMIC_<id>"))

        self.search = QLineEdit(self)
        self.search.setAccessibleName(self.tr("Title contains"))
        self.search.setPlaceholderText(self.tr("Part of the title, any case (Latin or Cyrillic)"))
        enable_clear_button(self.search)
        self.search.installEventFilter(self)

        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setAccessibleName(self.tr("Refresh the results"))
        self.refresh_button.setToolTip(self.tr("Look up again, ignoring kept answers (F5)"))
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setAccessibleName(self.tr("Stop the look-up"))
        self.stop_button.setEnabled(False)

        self.results = QTreeWidget(self)
        self.results.setAccessibleName(self.tr("Matching items"))
        self.results.setHeaderLabels(
            [self.tr("Title"), self.tr("Item"), self.tr("Stage"), self.tr("Funnel")]
        )
        self.results.setRootIsDecorated(False)
        self.results.setAllColumnsShowFocus(True)
        self.results.setColumnWidth(0, 280)
        self.results.setColumnWidth(1, 110)
        self.results.setColumnWidth(2, 140)

        self.status = QLabel(
            self.tr("Type at least %1 characters of a title.").replace("%1", str(MIN_TITLE_CHARS)),
            self,
        )
        self.status.setAccessibleName(self.tr("Look-up status"))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(self)
        self.pick_button = buttons.addButton(
            self.tr("Use this item"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.pick_button.setAccessibleName(self.tr("Use the selected item"))
        self.pick_button.setEnabled(False)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        close.setAccessibleName(self.tr("Cancel"))

        top = QHBoxLayout()
        type_label = QLabel(self.tr("&Type:"), self)
        type_label.setBuddy(self.type_combo)
        search_label = QLabel(self.tr("&Title contains:"), self)
        search_label.setBuddy(self.search)
        top.addWidget(type_label)
        top.addWidget(self.type_combo)
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        self.runner = LookupRunner(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._look_up)
        self.search.textChanged.connect(self._text_changed)
        self.type_combo.currentTextChanged.connect(self._text_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.stop_button.clicked.connect(self.stop)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self.results.itemDoubleClicked.connect(lambda *_: self.accept())
        self.results.currentItemChanged.connect(
            lambda current, _old: self.pick_button.setEnabled(current is not None)
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.search.setFocus()

    # --- typing and looking up ---------------------------------------------------------

    def _text_changed(self, _text: str = "") -> None:
        self.runner.cancel()  # the answer would be for a text no longer there
        self.stop_button.setEnabled(False)
        self._timer.start()

    def refresh(self) -> None:
        self._lookups.refresh(self._profile)
        self._timer.stop()
        self._look_up()

    def stop(self) -> None:
        self._timer.stop()
        if self.runner.cancel():
            self.status.setText(self.tr("Look-up stopped."))
        self.stop_button.setEnabled(False)

    def _look_up(self) -> None:
        text = self.search.text().strip()
        if len(text) < MIN_TITLE_CHARS:
            self.runner.cancel()
            self.results.clear()
            self.status.setText(
                self.tr("Type at least %1 characters of a title.").replace(
                    "%1", str(MIN_TITLE_CHARS)
                )
            )
            return
        try:
            crm_type = parse_crm_type(self.type_combo.currentText(), "type")
        except Exception as error:  # InvalidInput: say which field and why
            self.status.setText(str(error))
            return
        self.status.setText(self.tr("Looking up \u201c%1\u201d…").replace("%1", text))
        self.stop_button.setEnabled(True)
        self.runner.start(
            lambda: self._lookups.find_items(self._profile, crm_type, text),
            self._show,
            self._failed,
        )

    def _show(self, found: list[FoundItem]) -> None:
        self.stop_button.setEnabled(False)
        self.results.clear()
        for entry in found:
            row = QTreeWidgetItem(
                [entry.item.title, entry.item.target, entry.stage_name, entry.funnel_name]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, entry.item)
            self.results.addTopLevelItem(row)
        if found:
            self._select(0)
            self.status.setText(
                self.tr("Items found: %1. Up/Down to choose, Enter to use.").replace(
                    "%1", str(len(found))
                )
            )
        else:
            self.status.setText(self.tr("No item has this in its title."))

    def _failed(self, text: str) -> None:
        self.stop_button.setEnabled(False)
        self.results.clear()
        self.status.setText(self.tr("The look-up failed: %1").replace("%1", text))

    # --- keyboard ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search box move through the results; the caret stays put."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self.results.topLevelItemCount():
                current = self.results.currentItem()
                index = self.results.indexOfTopLevelItem(current) if current else -1
                index = max(0, min(self.results.topLevelItemCount() - 1, index + step))
                self._select(index)
                return True
        return super().eventFilter(watched, event)

    def _select(self, index: int) -> None:
        row = self.results.topLevelItem(index)
        if row is not None:
            self.results.setCurrentItem(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and (self.runner.busy or self._timer.isActive()):
            self.stop()  # the first Esc stops the look-up; the next one closes
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        current = self.results.currentItem()
        if current is None:
            return  # Enter with nothing chosen: keep the dialog open
        self.chosen = current.data(0, Qt.ItemDataRole.UserRole)
        self.runner.cancel()
        self.picked.emit(self.chosen)
        super().accept()

    def reject(self) -> None:
        self._timer.stop()
        self.runner.cancel()
        super().reject()
