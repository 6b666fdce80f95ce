"""Unexpected errors: a dialog and a masked log line, never a traceback on the terminal."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from trigger_desk.ui.shell import error_log as app_module
from trigger_desk.ui.shell.error_dialog import ErrorDialog

SECRET_URL = "https://portal.example/rest/1/leakysecret123/crm.automation.trigger.json"


@pytest.fixture
def hooked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    root = logging.getLogger()
    handlers = root.handlers[:]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    app_module.setup_logging()
    app_module.install_excepthook()
    yield
    for handler in root.handlers:
        handler.close()
    root.handlers[:] = handlers
    logging.captureWarnings(False)


def dialogs() -> list[ErrorDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()
    ]


def test_exception_shows_a_dialog_and_logs_masked(
    qtbot: Any, hooked: None, capsys: Any, isolated_dirs: dict[str, Path]
) -> None:
    try:
        raise RuntimeError(f"could not reach {SECRET_URL}")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    qtbot.waitUntil(lambda: bool(dialogs()))
    (dialog,) = dialogs()
    assert "leakysecret123" not in dialog.details.toPlainText()
    assert "RuntimeError" in dialog.details.toPlainText()
    assert dialog.details.isHidden()
    dialog.toggle.click()
    assert dialog.details.isVisibleTo(dialog)
    dialog.reject()
    log = app_module.log_path().read_text()
    assert "RuntimeError: could not reach https://portal.example/rest/1/****/" in log
    assert "leakysecret123" not in log
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_known_secrets_are_masked_too(qtbot: Any, hooked: None) -> None:
    app_module.LOG_REDACTOR.add("api_key", "IST.very-secret-key-42")
    logging.getLogger("trigger_desk.test").error("sent IST.very-secret-key-42 to Wix")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "IST.very-secret-key-42" not in app_module.log_path().read_text()


def test_thread_errors_reach_the_dialog(qtbot: Any, hooked: None) -> None:
    def boom() -> None:
        raise ValueError("from a worker thread")

    worker = threading.Thread(target=boom)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(dialogs()))
    (dialog,) = dialogs()
    assert "from a worker thread" in dialog.details.toPlainText()
    dialog.reject()
