"""The window's start-up: show first, load the heavy parts after.

Importing httpx, keyring, qasync (with asyncio) and even logging costs more than a bare
window takes to appear, so the order is:

1. QApplication, style, and the window as a light shell (tabs saying "Starting…",
   menus, the history slot); `show()`. Geometry is restored before showing.
2. After the first paint: a worker thread imports the heavy modules while the GUI
   thread fills in the tabs (forms, editors, panels) and sets up the log file.
3. Back on the GUI thread, a qasync event loop is attached to the already running Qt
   loop, and `boot()` builds the back end off the loop (stores, keyring, SQLite,
   `httpx.AsyncClient`) and hands it to the window.
4. On close the window cancels calls in flight and closes the client; then Qt quits.

Errors never reach the terminal (see `trigger_desk.ui.shell.error_log`): exceptions, the
asyncio loop's errors and Qt's own messages go to a log file under the state
directory, secrets masked, and unexpected exceptions show a dialog.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from trigger_desk.app_start import EXIT_NO_WINDOW, EarlyQtMessages, no_display_problem

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    from trigger_desk.services.facade import Services
    from trigger_desk.ui.shell.gc_guard import MainThreadCollector
    from trigger_desk.ui.shell.main_window import MainWindow

APP_NAME = "Trigger Desk"
DESKTOP_ID = "io.github.trigger_desk.TriggerDesk"
# For the start-up benchmark: "1" exits at the first idle moment after the window is
# painted; "booted" exits once the back end is attached as well ("booted-report" also
# prints when, for tests/bench/test_bench_window_mapped.py).
EXIT_WHEN_IDLE_ENV = "TRIGGER_DESK_EXIT_WHEN_IDLE"
HEAVY_MODULES = (
    "asyncio",
    "qasync",
    "httpx",
    # httpcore imports anyio's asyncio backend on the first request (~100 ms on the
    # event loop, inside the first call's timings): import it here instead.
    "anyio._backends._asyncio",
    "anyio.streams.tls",
    "keyring",
    "trigger_desk.core.engine",
    "trigger_desk.store.secrets",
    "trigger_desk.store.profiles",
    "trigger_desk.store.history",
    "trigger_desk.services.build",
    "trigger_desk.ui.shell.profile_dialog",
)

# What the window imports before it shows (imported beside QApplication's set-up).
WINDOW_MODULES = (
    "trigger_desk.store.paths",
    "trigger_desk.ui.shell.gc_guard",
    "trigger_desk.ui.shell.app_icon",
    "trigger_desk.ui.shell.theme",
    "trigger_desk.ui.shell.main_window",
)

# Qt messages that arrive before logging is set up, kept in order for the log (and
# printed on stderr should Qt give up before then: see app_start).
_early_qt_messages = EarlyQtMessages()
# Objects that must live as long as the application (the signal wake-up socket pair).
_keep_alive: list[Any] = []


def settings_path() -> Path:
    """The ini file with window geometry, splitter positions and last choices."""
    from trigger_desk.store.paths import state_dir

    return state_dir() / "window.ini"


def open_settings() -> QSettings:
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


# --- errors before and after logging is up ---------------------------------------------


def _early_qt_message(mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    _early_qt_messages.add(mode.name, message)


def _qt_message(mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    from trigger_desk.ui.shell.error_log import log_qt_message

    log_qt_message(mode.name, message)
    if mode.name == "QtFatalMsg":  # Qt aborts next: say it where it can be seen too
        sys.stderr.write(f"trigger-desk: Qt gave up: {message}\n")
        sys.stderr.flush()


def _early_excepthook(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """An error before the first paint: set up the log and the dialog, then report."""
    start_error_log()
    from trigger_desk.ui.shell.error_log import handle_exception

    handle_exception(kind, error, tb)


def start_error_log() -> None:
    """Log file, excepthooks, Qt messages: the real error handling (idempotent)."""
    from trigger_desk.ui.shell import error_log

    if sys.excepthook is error_log.handle_exception:
        return
    error_log.install(_early_qt_messages.take())
    qInstallMessageHandler(_qt_message)


# --- signals (Ctrl+C in the terminal closes the window cleanly) ------------------------


def _watch_signals(app: QApplication, window: MainWindow) -> None:
    """Python runs signal handlers only when it gets control; a wake-up socket
    watched by Qt gives it control as soon as a signal arrives."""
    import contextlib
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)

    notifier.activated.connect(drain)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_args: window.close())
    _keep_alive.extend((reader, writer, notifier))


# --- boot -----------------------------------------------------------------------------


def preload_modules() -> None:
    """Import everything heavy the window needs after its first paint (blocking)."""
    for name in HEAVY_MODULES:
        importlib.import_module(name)


class _Preloader(QObject):
    """Imports the heavy modules in a worker thread; `done` arrives on the GUI thread."""

    done = Signal(str)  # '' when all imported, else the error text

    def start(self) -> None:
        threading.Thread(target=self._run, name="trigger-desk-preload", daemon=True).start()

    def _run(self) -> None:
        try:
            preload_modules()
        except Exception as error:  # reported on the GUI thread, with the dialog
            self._emit(f"{type(error).__name__}: {error}")
            return
        self._emit("")

    def _emit(self, error: str) -> None:
        # A signal closed the window while this thread imported: Qt has deleted this
        # object, and there is nobody left to tell.
        with contextlib.suppress(RuntimeError):
            self.done.emit(error)


def build_services() -> Services:
    """The real back end (see `trigger_desk.services.build`), its log masking secrets."""
    from trigger_desk.services.build import build_services as build
    from trigger_desk.ui.shell.error_log import LOG_REDACTOR

    return build(LOG_REDACTOR)


async def boot(window: MainWindow) -> Services:
    """Build the back end off the event loop and attach it to the window."""
    import asyncio

    services = await asyncio.to_thread(build_services)
    await window.attach(services)
    return services


class _Starter(QObject):
    """Runs the steps after the first paint, once, in order."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        exit_when: str,
        collector: MainThreadCollector,
    ) -> None:
        super().__init__(app)
        self._app = app
        self._collector = collector
        self._window = window
        self._exit_when = exit_when
        self._started = False
        self._preloader = _Preloader()
        # Emitted from the worker thread, so queued to this (the GUI) thread.
        self._preloader.done.connect(self._imported)
        self.loop: Any = None
        self.task: Any = None

    def after_paint(self) -> None:
        if self._started:
            return
        self._started = True
        if self._exit_when == "1":
            QTimer.singleShot(0, lambda: self._app.exit(0))
            return
        # Imports in a worker thread while the GUI thread fills in the tabs.
        self._preloader.start()
        start_error_log()
        from trigger_desk.ui.shell.theme import apply_style

        apply_style(self._app)
        _watch_signals(self._app, self._window)
        self._window.build()

    def _imported(self, error: str) -> None:
        if error:
            from trigger_desk.ui.shell.error_log import report_problem

            report_problem("Trigger Desk could not load a part it needs.", error)
            return
        import asyncio

        import qasync

        from trigger_desk.ui.shell.error_log import loop_exception

        self.loop = qasync.QEventLoop(self._app, already_running=True)
        self.loop.set_exception_handler(loop_exception)
        asyncio.set_event_loop(self.loop)
        self.task = self.loop.create_task(boot(self._window))
        self.task.add_done_callback(self._booted)

    def _booted(self, task: Any) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            sys.excepthook(type(error), error, error.__traceback__)
            return
        import logging

        logging.getLogger("trigger_desk").info("started: the back end is attached")
        # Start-up is over: what lives now lives for good (see gc_guard). Deferred so
        # the window paints its booted state first.
        QTimer.singleShot(0, self._collector.freeze_survivors)
        if self._exit_when.startswith("booted"):
            if self._exit_when == "booted-report":
                import time

                # For the outside benchmark: when Fire became usable, on the system clock.
                print(f"booted-at {time.monotonic()}", flush=True)
            self._window.close()


def _import_window_modules() -> None:
    for name in WINDOW_MODULES:
        importlib.import_module(name)


def run(argv: list[str] | None = None) -> int:
    """Open the window and run until it is closed; returns the exit status."""
    argv = list(sys.argv if argv is None else argv)
    problem = no_display_problem(os.environ)
    if problem is not None:  # known before Qt tries (and aborts)
        sys.stderr.write(problem + "\n")
        return EXIT_NO_WINDOW
    qInstallMessageHandler(_early_qt_message)
    sys.excepthook = _early_excepthook
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_NAME)
    QApplication.setOrganizationName("trigger-desk")
    QApplication.setDesktopFileName(DESKTOP_ID)
    # While Qt connects to the display (C++, the GIL released), a thread imports what
    # the window needs before it shows: platformdirs alone is ~15 ms.
    early = threading.Thread(target=_import_window_modules, name="trigger-desk-early")
    early.start()
    app = QApplication(argv)
    early.join()
    app.setQuitOnLastWindowClosed(False)  # quit after the async shutdown instead
    from trigger_desk.ui.shell.gc_guard import MainThreadCollector

    collector = MainThreadCollector(app)  # cyclic GC on this thread only (see gc_guard)

    from trigger_desk.ui.shell.app_icon import app_icon
    from trigger_desk.ui.shell.main_window import MainWindow
    from trigger_desk.ui.shell.theme import apply_forced_scheme

    apply_forced_scheme(app)  # the rest of the styling waits for the first paint
    app.setWindowIcon(app_icon())
    window = MainWindow(open_settings(), lazy=True)
    # From now on Ctrl+C / SIGTERM close the window (the wake-up socket that makes them
    # prompt comes after the first paint); until now, they end the process (__main__).
    # Through the event loop: a quit asked before app.exec() runs would be ignored.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_args: QTimer.singleShot(0, window.close))
    exit_when = os.environ.get(EXIT_WHEN_IDLE_ENV, "").strip()
    starter = _Starter(app, window, exit_when, collector)
    window.firstPainted.connect(lambda: QTimer.singleShot(0, starter.after_paint))
    # Should the window never be painted (minimised at start), carry on anyway.
    QTimer.singleShot(1500, starter.after_paint)
    window.shutdownFinished.connect(app.quit)
    window.show()
    status = app.exec()
    collector.stop()
    if window.forced_quit:
        # Something would not stop (a task, a keyring prompt in a worker thread): the
        # interpreter would wait for it at exit. Say so in the log, then leave.
        import logging

        logging.getLogger("trigger_desk").info("closed with status %s (forced)", status)
        logging.shutdown()
        os._exit(int(status))
    if starter.loop is not None:
        starter.loop.stop()
        starter.loop.close()
    if sys.excepthook is not _early_excepthook:
        import logging

        logging.getLogger("trigger_desk").info("closed with status %s", status)
    return int(status)


__all__ = [
    "EXIT_WHEN_IDLE_ENV",
    "boot",
    "build_services",
    "open_settings",
    "preload_modules",
    "run",
    "settings_path",
    "start_error_log",
]
