"""Fixtures for window tests: real widgets offscreen, a qasync loop, a real back end.

The async pattern (after qasync's own tests): every `async def` test in tests/ui runs
on a qasync `QEventLoop`, so Qt events and asyncio tasks share one loop exactly as in
the app. A test acts on widgets (click, type, key press), then awaits the effect with
`until(...)`, which polls with `asyncio.sleep` under a timeout. Never call
`qtbot.wait*` or `QApplication.processEvents()` from an async test: a nested Qt loop
inside a running task can wedge the loop (seen: a later teardown never returns).

End every test with nothing on the wire (await the result, or cancel): after a test
coroutine returns, qasync's `run_until_complete` processes Qt events once more with
no running loop, and a network read resumed there fails inside anyio.
"""

from __future__ import annotations

import asyncio
import gc
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import httpx
import pytest
from PySide6.QtWidgets import QApplication

from trigger_desk.core.engine import Engine, EngineSettings
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.services.facade import Services
from trigger_desk.store.history import HistoryStore
from trigger_desk.store.profiles import ProfileStore
from trigger_desk.store.secret_sink import KeyringTokenSink
from trigger_desk.store.secrets import MemorySecretStore
from trigger_desk.ui.shell.main_window import MainWindow

WEBHOOK_SECRET = "s3cr3tw3bh00k"
WIX_KEY = "IST.wix-api-key-for-tests-0123456789"

Until = Callable[..., Awaitable[None]]


@pytest.fixture(autouse=True, scope="session")
def _collect_on_the_main_thread() -> Iterator[None]:
    """As in the app (ui/shell/gc_guard.py): no cyclic collection from worker threads, where a
    Qt object in a cycle would be freed on the wrong thread and crash a later test."""
    gc.collect()  # garbage of earlier tests first: what is frozen is never collected
    gc.disable()
    # What exists now (modules, Qt's wrappers) lives for the session: out of every
    # collection, so the collection after each test scans only what tests made.
    gc.freeze()
    yield
    gc.unfreeze()
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    yield
    gc.collect()  # on the main thread, between tests


@pytest.fixture(autouse=True)
def _release_modifier_keys() -> Iterator[None]:
    """A test's Ctrl+Enter leaves Ctrl held as far as Qt knows (offscreen, the last key
    event's modifiers stay the application's state), and a later test's selection then
    toggles instead of selecting: release it between tests."""
    yield
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    if QApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        releaser = QWidget()
        releaser.show()
        QTest.keyRelease(releaser, Qt.Key.Key_Control)
        releaser.close()
        releaser.deleteLater()


def _qasync_loop() -> asyncio.AbstractEventLoop:
    import qasync

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    # Closing a test's last window must not quit the loop the test runs on.
    app.setQuitOnLastWindowClosed(False)
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app)
    return loop


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    """Async tests under tests/ui run on qasync's loop (pytest-asyncio >= 1.3 hook)."""
    return {"qasync": _qasync_loop}


@pytest.fixture(autouse=True)
def _native_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIGGER_DESK_COLOR_SCHEME", raising=False)


@pytest.fixture
def until() -> Until:
    """`await until(predicate, timeout=5, what="...")`: poll while the loop runs."""

    async def wait(predicate: Callable[[], Any], timeout: float = 5.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
            await asyncio.sleep(0.01)

    return wait


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    """The real back end over temporary files; secrets in memory (the real keyring is
    tested in tests/integration)."""
    secret_store = MemorySecretStore()
    history = HistoryStore(tmp_path / "history.sqlite3")
    client = httpx.AsyncClient()
    engine = Engine(
        client,
        history=history,
        secret_sink=KeyringTokenSink(secret_store),
        settings=EngineSettings(timeout=20, connect_timeout=5),
    )
    built = Services(
        engine=engine,
        profiles=ProfileStore(tmp_path / "profiles.json"),
        secret_store=secret_store,
        history=history,
        sandbox_port=0,  # tests run side by side: never the fixed port 8765
    )
    built.closers += [client.aclose, lambda: asyncio.to_thread(history.close)]
    yield built
    await built.aclose()


async def add_webhook_profile(services: Services, base_url: str, name: str = "portal") -> Profile:
    profile = Profile(name, Platform.BITRIX24, AuthKind.WEBHOOK, {})
    return await services.save_profile(
        profile, {"webhook_url": f"{base_url}/rest/1/{WEBHOOK_SECRET}/"}
    )


async def add_wix_profile(services: Services, base_url: str, name: str = "shop") -> Profile:
    profile = Profile(
        name,
        Platform.WIX,
        AuthKind.API_KEY,
        {"site_id": "5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c", "api_base": base_url},
    )
    return await services.save_profile(profile, {"api_key": WIX_KEY})


@pytest.fixture
async def window(qtbot: Any, services: Services) -> AsyncIterator[MainWindow]:
    """The main window, shown offscreen and attached to the back end."""
    shown = MainWindow()
    shown.show()
    await shown.attach(services)
    yield shown
    # Closed here, on the running loop (qtbot.addWidget would close it after the loop).
    await shown.shutdown()
    shown.deleteLater()
    await asyncio.sleep(0)  # deleted on this loop, not in a later test's event processing
