"""Closing the window while refreshed Bitrix24 tokens are only in memory (the keyring
refused them): a question says they would be lost; Retry stores them once the keyring
takes them, "Quit anyway" closes with a warning on stderr and in the log. A real refusing
keyring backend, a real loopback server, the real window."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import keyring.backends.fail
import pytest
from PySide6.QtWidgets import QMessageBox

from tests.support.scripted_server import Answer, ScriptedServer
from tests.ui.conftest import Until
from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine, EngineSettings
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.services.facade import Services
from trigger_desk.store.secret_sink import KeyringTokenSink
from trigger_desk.store.secrets import KeyringSecretStore, MemorySecretStore
from trigger_desk.ui.shell.main_window import MainWindow

OLD = {"client_secret": "cs-Kp7Lm2Qw", "access_token": "old-At7Qz", "refresh_token": "old-Rt7Qz"}
NEW = {"access_token": "new-At8Xv3Ww9", "refresh_token": "new-Rt8Xv3Ww9"}
EXPIRED = {"error": "expired_token", "error_description": "The access token provided has expired."}


@pytest.fixture
async def locked(
    services: Services, server: ScriptedServer, tmp_path: Any
) -> AsyncIterator[tuple[Services, KeyringTokenSink]]:
    """Services whose engine's keyring refuses writes (as a locked one does), after a
    call whose token was refreshed: the new pair is only in memory."""
    sink = KeyringTokenSink(KeyringSecretStore(keyring.backends.fail.Keyring()), tmp_path)
    client = httpx.AsyncClient()
    services.engine = Engine(client, secret_sink=sink, settings=EngineSettings(timeout=10))
    services.closers.append(client.aclose)
    server.script(Answer(401, EXPIRED), Answer(200, NEW), Answer(200, {"result": True}))
    settings = {"portal": server.base_url, "client_id": "local.1", "oauth_server": server.base_url}
    profile = Profile("app", Platform.BITRIX24, AuthKind.OAUTH, settings)
    call = find_call("bitrix24.trigger")
    assert call is not None
    values = {"target": "DEAL_5", "code": "c5u4m"}
    record = await services.engine.fire(CallRequest(call, profile, dict(OLD), values))
    assert record.outcome is Outcome.OK
    assert services.has_unsaved_tokens()
    yield services, sink


async def open_window(qtbot: Any, services: Services) -> MainWindow:
    shown = MainWindow()
    qtbot.addWidget(shown)
    shown.show()
    await shown.attach(services)
    return shown


def question(window: MainWindow) -> QMessageBox | None:
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    return boxes[0] if boxes else None


def click(box: QMessageBox, label: str) -> None:
    [button] = [b for b in box.buttons() if b.text() == label]
    button.click()


async def test_closing_asks_then_retry_stores_the_tokens_once_unlocked(
    qtbot: Any, locked: tuple[Services, KeyringTokenSink], until: Until
) -> None:
    services, sink = locked
    window = await open_window(qtbot, services)
    finished: list[bool] = []
    window.shutdownFinished.connect(lambda: finished.append(True))
    window.close()
    await until(lambda: question(window) is not None, what="the question")
    box = question(window)
    assert box is not None
    assert "'app'" in box.text() and "lost" in box.text() and "Unlock the keyring" in box.text()
    assert NEW["access_token"] not in box.text()
    click(box, "Retry")  # still locked: asked again
    await until(lambda: question(window) not in (None, box), what="the question again")
    unlocked = MemorySecretStore()
    sink._store = unlocked  # the user unlocked the keyring
    again = question(window)
    assert again is not None
    click(again, "Retry")
    await until(lambda: bool(finished), timeout=10, what="the window to close")
    assert unlocked.get("app", "access_token") == NEW["access_token"]
    assert unlocked.get("app", "refresh_token") == NEW["refresh_token"]
    assert not window.forced_quit


async def test_quit_anyway_warns_on_stderr_and_in_the_log(
    qtbot: Any,
    locked: tuple[Services, KeyringTokenSink],
    until: Until,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    services, _ = locked
    window = await open_window(qtbot, services)
    finished: list[bool] = []
    window.shutdownFinished.connect(lambda: finished.append(True))
    window.close()
    await until(lambda: question(window) is not None, what="the question")
    box = question(window)
    assert box is not None
    with caplog.at_level(logging.WARNING, logger="trigger_desk"):
        click(box, "Quit anyway")
        await until(lambda: bool(finished), timeout=10, what="the window to close")
        await asyncio.sleep(0)
    err = capfd.readouterr().err
    assert "warning:" in err and "'app'" in err and "still not in the keyring" in err
    assert NEW["refresh_token"] not in err
    assert any("still not in the keyring" in r.getMessage() for r in caplog.records)


async def test_closing_twice_while_asked_quits_anyway(
    qtbot: Any, locked: tuple[Services, KeyringTokenSink], until: Until
) -> None:
    services, _ = locked
    window = await open_window(qtbot, services)
    finished: list[bool] = []
    window.shutdownFinished.connect(lambda: finished.append(True))
    window.close()
    await until(lambda: question(window) is not None, what="the question")
    window.close()  # Ctrl+Q again, or a second SIGTERM
    await until(lambda: bool(finished), timeout=10, what="the window to close")
    assert question(window) is None
