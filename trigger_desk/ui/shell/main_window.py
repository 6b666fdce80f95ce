"""The main window: sidebar (history, presets), the platform tabs, the record column."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QPaintEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trigger_desk import __version__
from trigger_desk.core.model import Platform
from trigger_desk.ui.shell.app_icon import app_icon
from trigger_desk.ui.shell.unsaved_tokens import UnsavedTokensGuard
from trigger_desk.ui.shell.window_layout import WindowLayout, centered

if TYPE_CHECKING:
    import asyncio

    from trigger_desk.services.facade import Services
    from trigger_desk.ui.shell.workbench import Workbench
    from trigger_desk.ui.tab.platform_tab import PlatformTab

DEFAULT_SIZE = (1280, 800)
# Closing waits this long at most for calls to cancel and the back end to close; then
# the window quits anyway (a stuck keyring prompt or task must not keep it alive).
SHUTDOWN_LIMIT_MS = 8000


class MainWindow(WindowLayout, QMainWindow):
    """ "Trigger Desk": the sidebar, the platform tabs, the record column (see
    `window_layout` for the areas and the view toggles).

    The history, presets and record views are built elsewhere: `set_history_widget()`,
    `set_presets_widget()` and `set_record_widget()` put them in their slots. `callFinished(record)` carries every
    finished call's CallRecord (for the history pane to add the row live).
    `shutdownFinished` fires once in-flight calls are cancelled and the back end closed.

    With `lazy=True` (the app) the window starts as a light shell, so it appears fast;
    `build()` then adds the platform tabs' contents after the first paint.
    """

    callFinished = Signal(object)
    shutdownFinished = Signal()
    firstPainted = Signal()

    def __init__(
        self,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        *,
        lazy: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trigger Desk")
        self.setWindowIcon(app_icon())
        self.setObjectName("trigger-desk-main-window")
        self._settings = settings
        self._services: Services | None = None
        self._painted = False
        self._closing: asyncio.Task[Any] | None = None
        self.workbench: Workbench | None = None  # history and presets, once booted
        self._closed = False
        self.forced_quit = False  # closing took too long and was cut short
        self._token_guard = UnsavedTokensGuard(self)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Platforms")
        self._platform_tabs: dict[Platform, PlatformTab] = {}
        # Each tab page holds a "Starting…" line until build() puts the real tab on it.
        self._pages: dict[Platform, QStackedWidget] = {}
        for platform in Platform:
            page = QStackedWidget(self.tabs)
            page.addWidget(centered("Starting…", page))
            self.tabs.addTab(page, platform.label)
            self._pages[platform] = page

        self._build_areas(self)
        # Room above everything for a banner about the whole window (no keyring): it is
        # made in build(), after the first paint.
        central = QWidget(self)
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.statusBar().showMessage("Starting…")
        self._restore()
        if not lazy:
            self.build()

    def build(self) -> None:
        """Create the platform tabs' contents (forms, editors, panels). Idempotent."""
        if self._platform_tabs:
            return
        from PySide6.QtGui import QKeySequence

        from trigger_desk.ui.shell.icons import icon
        from trigger_desk.ui.tab.platform_tab import PlatformTab
        from trigger_desk.ui.widgets.field_message import FieldMessage

        self.keyring_banner = FieldMessage(self.centralWidget())
        self.keyring_banner.setContentsMargins(8, 6, 8, 6)
        self._column.insertWidget(0, self.keyring_banner)

        # Icons and key sequences are added here, not in __init__: a key sequence makes
        # PySide create the `Qt` enum types, and neither is needed for the first paint.
        for action, icon_name, keys in self._action_extras:
            if icon_name:
                action.setIcon(icon(icon_name))
            action.setShortcuts([QKeySequence(key) for key in keys])
        self._name_view_buttons()
        for platform, page in self._pages.items():
            tab = PlatformTab(platform, page)
            tab.callFinished.connect(self.callFinished)
            tab.callFinished.connect(lambda _record: self.show_record())
            self.previews.addWidget(tab.preview)
            tab.preview.show()
            tab.sandboxRequested.connect(self.try_sandbox)
            page.addWidget(tab)
            page.setCurrentWidget(tab)
            self._platform_tabs[platform] = tab
            if self._settings is not None:
                tab.restore_state(self._settings)
        self.previews.setCurrentIndex(max(0, self.tabs.currentIndex()))
        self.tabs.currentChanged.connect(self.previews.setCurrentIndex)

    # --- tabs -------------------------------------------------------------------------

    def platform_tab(self, platform: Platform) -> PlatformTab:
        self.build()
        return self._platform_tabs[platform]

    def current_tab(self) -> PlatformTab:
        return self.platform_tab(list(Platform)[max(0, self.tabs.currentIndex())])

    def show_platform(self, platform: Platform) -> PlatformTab:
        self.tabs.setCurrentWidget(self._pages[platform])
        return self.platform_tab(platform)

    # --- back end ---------------------------------------------------------------------

    @property
    def services(self) -> Services | None:
        return self._services

    async def attach(self, services: Services) -> None:
        """Start using the booted back end (engine, stores): load the profiles."""
        import asyncio

        self.build()
        self._services = services
        for tab in self._platform_tabs.values():
            tab.profilesChanged.connect(self._refresh_other_tabs)
        await asyncio.gather(*(tab.attach(services) for tab in self._platform_tabs.values()))
        from trigger_desk.ui.shell.workbench import Workbench

        self.workbench = Workbench(self, services, self._settings)
        problems = " ".join(services.problems)
        self.statusBar().showMessage(problems or "Ready.")
        self.show_keyring_problem(services.keyring_problem)

    def _refresh_other_tabs(self) -> None:
        sender = self.sender()
        for tab in self._platform_tabs.values():
            if tab is not sender:
                self._spawn(tab.reload_profiles())

    def try_sandbox(self, port: int = 0) -> asyncio.Task[Any] | None:
        """Start the built-in sandbox, add its profiles, select them in both tabs.
        `port`: where a refused call's sandbox profile points (0: the usual port)."""
        if self._services is None:
            return None
        if port and self._services.sandbox_url is None:
            self._services.sandbox_port = port
        return self._spawn(self._try_sandbox())

    async def _try_sandbox(self) -> None:
        # No modal dialog in here: a dialog's own event loop inside a running task lets
        # qasync start other tasks within this one ("Cannot enter into task…").
        services = self._services
        assert services is not None
        self.statusBar().showMessage("Starting the sandbox…")
        profiles, note = await services.start_sandbox()
        for platform, tab in self._platform_tabs.items():
            first = next((p for p in profiles if p.platform is platform), None)
            await tab.reload_profiles(select=first.name if first else None)
            if first is not None:
                tab.select_profile(first.name)
        if services.session:
            self.show_keyring_problem(services.keyring_problem)
            note += (
                " Its profiles are kept for this session only (no keyring to save their "
                "secrets) and end when you quit."
            )
        else:
            note += " The sandbox-* profiles point at it."
        self.statusBar().showMessage(note)

    def show_keyring_problem(self, problem: str | None) -> None:
        """The banner above the tabs: secrets cannot be stored, and what still works."""
        from trigger_desk.ui.shell.theme import Tone

        self.build()
        self.keyring_banner.show_message(
            None
            if problem is None
            else "Secrets cannot be stored, so profiles cannot be saved. "
            f"{problem} The sandbox still works: its profiles are kept for this session.",
            Tone.WARNING,
        )

    def fire_current(self) -> asyncio.Task[Any] | None:
        if not self._platform_tabs:
            return None
        return self.current_tab().fire()

    def _spawn(self, coro: Any) -> asyncio.Task[Any]:
        import asyncio

        from trigger_desk.ui.widgets.tasks import report_task_error

        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        task.add_done_callback(report_task_error)
        return task

    # --- menus ------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        request_menu = bar.addMenu("&Request")
        self.fire_action = QAction("&Fire", self)
        self.fire_action.triggered.connect(self.fire_current)
        copy_action = QAction("&Copy as cURL", self)
        copy_action.triggered.connect(lambda: self.current_tab().preview.copy_curl.click())
        examples_action = QAction("Fill with &examples", self)
        examples_action.triggered.connect(lambda: self.current_tab().fill_examples())
        for action in (self.fire_action, copy_action, examples_action):
            request_menu.addAction(action)
        self._action_extras: list[tuple[QAction, str, list[str]]] = [
            (quit_action, "cancel", ["Ctrl+Q"]),
            (self.fire_action, "fire", ["Ctrl+Return", "Ctrl+Enter"]),
            (copy_action, "copy", ["Ctrl+Shift+C"]),
            (examples_action, "example", []),
        ]
        for number, platform in enumerate(Platform, start=1):
            switch = QAction(f"{platform.label} tab", self)
            switch.triggered.connect(lambda _=False, p=platform: self.show_platform(p))
            request_menu.addAction(switch)
            self._action_extras.append((switch, "", [f"Ctrl+{number}"]))

        tools = bar.addMenu("&Tools")
        sandbox_action = QAction("Start the &sandbox", self)
        sandbox_action.triggered.connect(self.try_sandbox)
        tools.addAction(sandbox_action)
        self._action_extras.append((sandbox_action, "sandbox", []))

        help_menu = bar.addMenu("&Help")
        about = QAction("&About Trigger Desk", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)
        self._action_extras.append((about, "info", []))

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            "About Trigger Desk",
            f"Trigger Desk {__version__}\n\nFire Bitrix24 and Wix automation triggers by "
            "hand, keep presets, and troubleshoot failed calls.\n\nSecrets live in the "
            "system keyring, never in a file.",
        )

    # --- geometry and settings --------------------------------------------------------

    def _restore(self) -> None:
        settings = self._settings
        geometry = settings.value("window/geometry") if settings is not None else None
        if geometry is None or not self.restoreGeometry(geometry):
            width, height = DEFAULT_SIZE
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                available = screen.availableGeometry()
                width = min(width, available.width())
                height = min(height, available.height())
            self.resize(width, height)
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry().width() if screen is not None else self.width()
        self._restore_areas(min(self.width(), room))
        if settings is None:
            return
        index = settings.value("window/tab")
        if index is not None:
            self.tabs.setCurrentIndex(int(index))

    def save_state(self) -> None:
        settings = self._settings
        if settings is None:
            return
        settings.setValue("window/geometry", self.saveGeometry())
        self._save_areas(settings)
        settings.setValue("window/tab", self.tabs.currentIndex())
        for tab in self._platform_tabs.values():
            tab.save_state(settings)
        settings.sync()

    # --- life cycle -------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.firstPainted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing is None:
            self.save_state()
        if self._services is None or self._closed:
            event.accept()
            if self._services is None and not self._closed:
                self._closed = True  # closed before the back end was up: nothing to close
                self.shutdownFinished.emit()
            return
        if self._closing is None and self._token_guard.holds_close(self._services):
            event.ignore()  # new tokens the keyring refused: retried, or the user decides
            return
        # Cancel what is in flight and close the client before really closing.
        event.ignore()
        self.hide()
        if self._closing is None:
            from PySide6.QtCore import QTimer

            self._closing = self._spawn(self.shutdown())
            # A Qt timer, not asyncio: it fires even if the event loop's tasks are stuck.
            QTimer.singleShot(SHUTDOWN_LIMIT_MS, self.quit_now)
        else:
            self.quit_now()  # asked again while closing (Ctrl+Q twice, a second SIGTERM)

    def quit_now(self) -> None:
        """Finish closing at once, whatever is still pending (`forced_quit` says so)."""
        if self._closed:
            return
        import logging

        logging.getLogger("trigger_desk").warning("closing did not finish: quitting anyway")
        self.forced_quit = True
        self._closed = True
        self.shutdownFinished.emit()

    async def shutdown(self) -> None:
        """Cancel every call in flight, close the back end, then close the window."""
        import asyncio

        try:
            await asyncio.wait_for(
                asyncio.gather(*(tab.cancel_all() for tab in self._platform_tabs.values())), 5
            )
            if self.workbench is not None:
                await asyncio.wait_for(self.workbench.close(), 5)
            if self._services is not None:
                await asyncio.wait_for(self._services.aclose(), 5)
        finally:
            if not self._closed:  # else quit_now() has already let go
                self._closed = True
                self.close()
                self.shutdownFinished.emit()
