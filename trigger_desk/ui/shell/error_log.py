"""Where errors go: a log file with secrets masked, and a dialog for unexpected ones.

Not a widget. Imported after the window's first paint (logging costs start-up time),
or at once by the first error. Nothing here ever writes to the terminal: the root
logger has only the file handler, and Qt's own messages are routed into it.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
import threading
import traceback
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from trigger_desk.core.redact import Redactor
from trigger_desk.store.paths import state_dir

log = logging.getLogger("trigger_desk")
# Learns every secret the window loads (Services adds them), so no log line shows one.
LOG_REDACTOR = Redactor()
_LEVELS = {
    "QtDebugMsg": logging.DEBUG,
    "QtInfoMsg": logging.INFO,
    "QtWarningMsg": logging.WARNING,
    "QtCriticalMsg": logging.ERROR,
    "QtFatalMsg": logging.CRITICAL,
}


def log_path() -> Path:
    return state_dir() / "trigger-desk.log"


class _MaskingFilter(logging.Filter):
    """Masks known secrets (and any webhook URL secret) in every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = LOG_REDACTOR.mask(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = LOG_REDACTOR.mask(
                "".join(traceback.format_exception(*record.exc_info))
            )
            record.exc_info = None
        return True


class _LazyFileHandler(logging.handlers.RotatingFileHandler):
    """Creates the log folder on the first record, not at start-up."""

    def _open(self) -> Any:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


def setup_logging() -> None:
    """Everything to the log file (rotated at 1 MB); nothing to the terminal."""
    handler = _LazyFileHandler(
        log_path(), maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_MaskingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)


def log_qt_message(kind: str, message: str) -> None:
    """One message from Qt (`kind` is the QtMsgType name, e.g. "QtWarningMsg")."""
    logging.getLogger("qt").log(_LEVELS.get(kind, logging.WARNING), "%s", message)


class ErrorReporter(QObject):
    """Carries an error to the GUI thread (signals queue across threads) and shows it."""

    report = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self._showing = False
        self._dialog: QWidget | None = None  # a parentless dialog must be kept alive
        self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def _show(self, message: str, details: str) -> None:
        if self._showing:  # an error while showing an error: the log has it
            return
        self._showing = True
        try:
            from trigger_desk.ui.shell.error_dialog import ErrorDialog

            dialog = ErrorDialog(message, details, str(log_path()), QApplication.activeWindow())
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(self._done)
            self._dialog = dialog
            dialog.open()
        except Exception:
            self._showing = False
            log.exception("could not show the error dialog")

    def _done(self, _result: int) -> None:
        self._showing = False
        self._dialog = None


_reporter: ErrorReporter | None = None


def handle_exception(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """`sys.excepthook`: log (masked) and show a dialog; never print a traceback."""
    if issubclass(kind, KeyboardInterrupt):
        app = QApplication.instance()
        if app is not None:
            app.quit()
        return
    details = LOG_REDACTOR.mask("".join(traceback.format_exception(kind, error, tb)))
    message = LOG_REDACTOR.mask(f"{kind.__name__}: {error}")
    log.error("unexpected error\n%s", details)
    _report(message, details)


def _report(message: str, details: str) -> None:
    if _reporter is None:
        return
    # Qt may have deleted the reporter (the app is closing): then it is logged only.
    with contextlib.suppress(RuntimeError):
        _reporter.report.emit(message, details)


def report_problem(message: str, details: str) -> None:
    """Show a problem that is not an exception (e.g. a part that failed to load)."""
    log.error("%s\n%s", message, details)
    _report(LOG_REDACTOR.mask(message), LOG_REDACTOR.mask(details))


def _thread_exception(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        handle_exception(args.exc_type, args.exc_value, args.exc_traceback)


def install_excepthook() -> None:
    """Route uncaught exceptions (main and worker threads) to the log and the dialog."""
    global _reporter
    if _reporter is None:
        _reporter = ErrorReporter()
    sys.excepthook = handle_exception
    threading.excepthook = _thread_exception


def install(early_qt_messages: Iterable[tuple[str, str]] = ()) -> None:
    """Logging, the excepthooks, and Qt messages that arrived before (in order)."""
    setup_logging()
    install_excepthook()
    for kind, message in early_qt_messages:
        log_qt_message(kind, message)


def loop_exception(_loop: Any, context: dict[str, Any]) -> None:
    """The asyncio loop's exception handler: the same route as any other error."""
    error = context.get("exception")
    if isinstance(error, BaseException):
        handle_exception(type(error), error, error.__traceback__)
    else:
        log.error("event loop: %s", LOG_REDACTOR.mask(str(context.get("message", context))))
