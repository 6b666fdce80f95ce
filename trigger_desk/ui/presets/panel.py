"""One platform's presets: search, run, load, edit, rename, duplicate, delete, import, export.

Self-contained: give it the `PresetStore` and the platform; connect `runRequested` and
`loadRequested` (each carries a `Preset` whose `{{variables}}` are already filled in:
the panel asks for them first). Every disk access runs off the event loop (`DiskWork`),
and a `PresetsWatcher` reloads the list when the folder changes on disk (a `git pull`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFont, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.model import Platform
from trigger_desk.store.presets import Preset, PresetStore
from trigger_desk.ui.presets.file_actions import PresetFileActions
from trigger_desk.ui.presets.model import (
    PresetDelegate,
    PresetEntry,
    PresetsFilter,
    PresetsModel,
    load_entries,
    panel_icon,
    plural,
)
from trigger_desk.ui.presets.use_actions import PresetUseActions
from trigger_desk.ui.presets.watcher import POLL_MS, DiskWork, PresetsWatcher
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import Tone, small_font
from trigger_desk.ui.widgets.a11y import enable_clear_button
from trigger_desk.ui.widgets.field_message import FieldMessage


class PresetsPanel(PresetUseActions, PresetFileActions, QWidget):
    """The presets of one platform's calls, kept in step with the folder on disk.

    Signals: `runRequested(Preset)` (Run, double-click, Enter) and `loadRequested(Preset)`
    (Load into form), each with variables filled in; `listChanged()` after every reload.
    Pass a shared `watcher` (started by its owner) when several panels show the same
    folder; without one the panel makes and starts its own (`poll_ms` apart).
    `save_as_preset(call, values, payload, profile)` opens the save dialog over this
    folder and selects the new preset once saved.
    """

    runRequested = Signal(object)  # Preset
    loadRequested = Signal(object)  # Preset
    listChanged = Signal()

    def __init__(
        self,
        store: PresetStore,
        platform: Platform,
        parent: QWidget | None = None,
        *,
        watcher: PresetsWatcher | None = None,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.platform = platform
        self.setAccessibleName(f"{platform.label} presets")
        self._work = DiskWork(self)
        self._generation = 0
        self._loaded = False
        self._last_variables: dict[str, dict[str, str]] = {}
        self.dialog: QDialog | None = None  # the open dialog (for tests and the window)
        self.confirm_box: QMessageBox | None = None
        self.file_dialog: QFileDialog | None = None
        self.context_menu: QMenu | None = None

        self.model = PresetsModel(self)
        self.proxy = PresetsFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self._build_actions()
        self._update_actions()

        self.watcher = watcher or PresetsWatcher(store, self, poll_ms=poll_ms)
        self.watcher.changed.connect(self.reload)
        if watcher is None:
            self.watcher.start()
        self.reload()

    # --- building -----------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        title = QLabel("Presets", self)
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        self.count_label = QLabel(self)
        self.count_label.setFont(small_font(self.count_label.font()))
        self.count_label.setAccessibleName("Presets shown")
        # The actions on one preset that are not Run or Load, and Import (which needs
        # no selection), wait in a menu up here: the bottom row stays narrow.
        self.more_button = QToolButton(self)
        self.more_button.setText("&More")
        self.more_button.setIcon(panel_icon("more"))
        self.more_button.setAccessibleName("More preset actions")
        self.more_button.setToolTip("Edit, rename, duplicate, delete, import, export")
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setAutoRaise(True)
        header.addWidget(title)
        header.addWidget(self.count_label)
        header.addStretch(1)
        header.addWidget(self.more_button)
        layout.addLayout(header)

        self.search = QLineEdit(self)
        self.search.setAccessibleName("Search presets")
        self.search.setPlaceholderText("Search name, call, description")
        enable_clear_button(self.search)
        self.search.textChanged.connect(self._search_changed)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)

        self.pages = QStackedWidget(self)
        self.list = QListView(self.pages)
        self.list.setAccessibleName(f"{self.platform.label} presets list")
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(PresetDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAlternatingRowColors(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.doubleClicked.connect(self._double_clicked)
        self.list.installEventFilter(self)
        selection = self.list.selectionModel()
        selection.currentChanged.connect(lambda *_: self._update_actions())
        selection.selectionChanged.connect(lambda *_: self._update_actions())
        self.empty = QLabel(self.pages)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName("No presets")
        self.empty.setMargin(12)
        self.pages.addWidget(self.list)
        self.pages.addWidget(self.empty)
        layout.addWidget(self.pages, 1)

        self.broken_note = FieldMessage(self, tone=Tone.WARNING)
        self.broken_note.setObjectName("presets-broken-note")
        layout.addWidget(self.broken_note)

        buttons = QHBoxLayout()
        self.run_button = QPushButton(icon("fire"), "R&un", self)
        self.run_button.setAccessibleName("Run preset")
        self.run_button.setToolTip("Fire the selected preset now (double-click or Enter)")
        self.run_button.clicked.connect(self.run_selected)
        self.load_button = QPushButton(panel_icon("load"), "Load i&nto form", self)
        self.load_button.setAccessibleName("Load into form")
        self.load_button.setToolTip("Put the selected preset into the form, to edit and fire")
        self.load_button.clicked.connect(self.load_selected)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.load_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.message = FieldMessage(self, tone=Tone.INFO)
        self.message.setObjectName("presets-message")
        layout.addWidget(self.message)

    def _build_actions(self) -> None:
        def make(text: str, icon_: QIcon, tip: str, handler: Callable[[], None]) -> QAction:
            action = QAction(icon_, text, self)
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False: handler())
            return action

        self.run_action = make("Run", icon("fire"), "Fire the preset", self.run_selected)
        self.load_action = make(
            "Load into form", panel_icon("load"), "Put it in the form", self.load_selected
        )
        self.edit_action = make(
            "Edit…",
            icon("pencil"),
            "Change name, description, profile, variables",
            self.edit_selected,
        )
        self.rename_action = make(
            "Rename…", panel_icon("rename"), "Give the preset a new name", self.rename_selected
        )
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.duplicate_action = make(
            "Duplicate…", icon("copy"), "Save a copy under a new name", self.duplicate_selected
        )
        self.delete_action = make(
            "Delete…", icon("trash"), "Delete the preset's file", self.delete_selected
        )
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        for action in (self.rename_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.list.addAction(action)
        self.import_action = make(
            "Import…", panel_icon("import"), "Add presets from shared files", self.choose_import
        )
        self.export_action = make(
            "Export…",
            panel_icon("export"),
            "Save the preset to a file to share",
            self.choose_export,
        )
        menu = QMenu(self.more_button)
        menu.setAccessibleName("More preset actions menu")
        for action in self._manage_actions():
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.import_action)
        menu.addAction(self.export_action)
        self.more_button.setMenu(menu)

    def _manage_actions(self) -> tuple[QAction, ...]:
        return (self.edit_action, self.rename_action, self.duplicate_action, self.delete_action)

    def _selection_actions(self) -> tuple[QAction, ...]:
        return (self.run_action, self.load_action, *self._manage_actions(), self.export_action)

    # --- the list -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the folder again (off the event loop); keeps the selection by name."""
        self._generation += 1
        generation = self._generation
        store, platform = self.store, self.platform

        def done(entries: list[PresetEntry]) -> None:
            if generation == self._generation:  # else a newer reload is on its way
                self._show_entries(entries)

        self._work.run(lambda: load_entries(store, platform), done, self._read_failed)

    def _show_entries(self, entries: list[PresetEntry]) -> None:
        selected = self.selected_preset()
        had_focus = self.list.hasFocus()
        self.model.set_entries(entries)
        self._loaded = True
        if selected is not None:
            self.select(selected.name)
        if had_focus:
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        broken = self.model.broken()
        self.broken_note.show_message(
            f"{plural(len(broken), 'file')} in the presets folder cannot be used: "
            "see the greyed rows (hover for the details)."
            if broken
            else None
        )
        self._refresh_view()
        self.listChanged.emit()

    def _read_failed(self, error: Exception) -> None:
        self.show_message(
            f"Cannot read the presets folder {self.store.directory}: {error}", Tone.ERROR
        )

    def _search_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._refresh_view()

    def _refresh_view(self) -> None:
        shown = self.proxy.rowCount()
        total = len(self.model.presets())
        if not self._loaded:
            self.count_label.setText("")
        elif self.search.text().strip():
            self.count_label.setText(f"{shown} of {total}")
        else:
            self.count_label.setText(plural(total, "preset"))
        if shown:
            self.pages.setCurrentWidget(self.list)
        else:
            if self.model.rowCount():
                text = f"No preset matches “{self.search.text().strip()}”."
            else:
                text = (
                    f"No {self.platform.label} presets yet.\n\nFill in the form and choose "
                    "“Save as preset”, or import a shared file (More → Import…)."
                )
            self.empty.setText(text)
            self.pages.setCurrentWidget(self.empty)
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.selected_preset() is not None
        for action in self._selection_actions():
            action.setEnabled(has)
        self.run_button.setEnabled(has)
        self.load_button.setEnabled(has)

    def presets(self) -> list[Preset]:
        """Every preset of this platform (whatever the search shows)."""
        return self.model.presets()

    def shown_names(self) -> list[str]:
        """The names of the rows the search lets through, broken files included."""
        return [str(self.proxy.index(row, 0).data()) for row in range(self.proxy.rowCount())]

    def selected_preset(self) -> Preset | None:
        index = self.list.currentIndex()
        if not index.isValid() or not self.list.selectionModel().isSelected(index):
            return None
        preset = index.data(PresetsModel.PresetRole)
        return preset if isinstance(preset, Preset) else None

    def select(self, name: str) -> bool:
        """Make the preset called `name` the current one (if it is shown)."""
        row = self.model.row_of(name)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        self._update_actions()
        return True

    def set_search(self, text: str) -> None:
        self.search.setText(text)

    def show_message(self, text: str | None, tone: Tone = Tone.INFO) -> None:
        self.message.show_message(text, tone)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.list and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # Enter runs; `activated` is not used, since some desktops emit it on a
                # single click, and a click must never fire a trigger.
                self.run_selected()
                return True
            if watched is self.search and key == Qt.Key.Key_Down and self.proxy.rowCount():
                self.list.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.list.currentIndex().isValid():
                    self.list.setCurrentIndex(self.proxy.index(0, 0))
                return True
            if watched is self.search and key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def _double_clicked(self, index: QModelIndex) -> None:
        if isinstance(index.data(PresetsModel.PresetRole), Preset):
            self.list.setCurrentIndex(index)
            self.run_selected()

    def _context_menu(self, position: QPoint) -> None:
        index = self.list.indexAt(position)
        if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.list.setCurrentIndex(index)
        elif not index.isValid() and self.list.currentIndex().isValid():
            position = self.list.visualRect(self.list.currentIndex()).center()  # keyboard
        menu = QMenu(self)
        menu.setAccessibleName("Preset actions menu")
        for action in (self.run_action, self.load_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in self._manage_actions():
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.import_action)
        menu.addAction(self.export_action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.list.viewport().mapToGlobal(position))
        self.context_menu = menu

    # --- state --------------------------------------------------------------------------

    async def wait_idle(self) -> None:
        """Wait until disk work under way has reached the widgets (tests, shutdown)."""
        await self._work.wait_idle()
        await self.watcher.wait_idle()


__all__ = ["PresetsPanel"]
