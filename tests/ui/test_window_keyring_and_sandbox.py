"""No usable keyring: the window says so once, the sandbox still works for the session,
and closing always ends (a real refusing keyring backend, a real sandbox)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import keyring.backends.fail
import pytest
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import Until
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord
from trigger_desk.sandbox import Sandbox, sandbox_profiles
from trigger_desk.services.build import keyring_refusal
from trigger_desk.services.facade import SESSION_SUFFIX, Services
from trigger_desk.store.secrets import KeyringSecretStore
from trigger_desk.ui.shell import main_window as main_window_module
from trigger_desk.ui.shell.main_window import MainWindow


@pytest.fixture
async def keyless(services: Services) -> Services:
    """The back end as `app.build_services` makes it when no keyring is usable."""
    store = KeyringSecretStore(keyring.backends.fail.Keyring())
    services.secret_store = store
    services.keyring_problem = keyring_refusal(store)
    services.sandbox_port = 0  # tests run side by side: never the fixed port
    return services


@pytest.fixture
async def keyless_window(qtbot: Any, keyless: Services) -> AsyncIterator[MainWindow]:
    shown = MainWindow()
    shown.show()
    await shown.attach(keyless)
    yield shown
    await shown.shutdown()
    shown.deleteLater()
    await asyncio.sleep(0)


def dialogs(window: MainWindow) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


async def test_the_window_says_at_once_that_secrets_cannot_be_stored(
    keyless_window: MainWindow,
) -> None:
    banner = keyless_window.keyring_banner.text()
    assert banner.startswith("Secrets cannot be stored")
    assert "no system keyring was found" in banner
    assert "The sandbox still works" in banner
    assert dialogs(keyless_window) == []  # a banner, not a modal


async def test_the_sandbox_works_for_the_session_without_saving(
    keyless_window: MainWindow, keyless: Services, until: Until
) -> None:
    finished: list[CallRecord] = []
    keyless_window.callFinished.connect(finished.append)
    bitrix = keyless_window.show_platform(Platform.BITRIX24)
    bitrix.empty.sandbox_button.click()
    await until(
        lambda: "this session only" in keyless_window.statusBar().currentMessage(),
        timeout=10,
        what="the sandbox",
    )
    assert dialogs(keyless_window) == []
    assert bitrix.profile_picker.current_name() == f"sandbox-webhook{SESSION_SUFFIX}"
    wix = keyless_window.platform_tab(Platform.WIX)
    assert all(name.endswith(SESSION_SUFFIX) for name in wix.profile_picker.names())
    assert not keyless.profiles.path.exists()  # nothing saved: profiles.json never written

    bitrix.select_call("bitrix24.trigger")
    bitrix.examples_button.click()
    bitrix.fire_button.click()
    await until(lambda: len(finished) == 1, timeout=10, what="the call")
    assert finished[0].outcome is Outcome.OK, finished[0].diagnosis
    assert keyless.sandbox is not None
    assert [firing.call_id for firing in keyless.sandbox.fired] == ["bitrix24.trigger"]

    # Again: the same session profiles, not a second set.
    again = keyless_window.try_sandbox()
    assert again is not None
    await again
    names = [p.name for p in await keyless.list_profiles(Platform.BITRIX24)]
    assert sorted(names) == sorted(set(names)) and len(names) == 2


async def test_a_keyring_that_fails_on_first_use_falls_back_to_the_session(
    window: MainWindow, until: Until
) -> None:
    services = window.services
    assert services is not None
    services.sandbox_port = 0
    # Looked usable at start, refuses when written to (locked, or gone since).
    services.secret_store = KeyringSecretStore(keyring.backends.fail.Keyring())
    task = window.try_sandbox()
    assert task is not None
    await task
    assert services.keyring_problem is not None
    assert "Secrets cannot be stored" in window.keyring_banner.text()
    assert f"sandbox-oauth{SESSION_SUFFIX}" in services.session
    assert dialogs(window) == []


async def test_an_other_sandbox_on_the_port_is_used_as_it_is(
    window: MainWindow, until: Until
) -> None:
    services = window.services
    assert services is not None
    with Sandbox() as other:  # as if `trigger-desk sandbox` ran in a terminal
        services.sandbox_port = other.port
        task = window.try_sandbox()
        assert task is not None
        await task
        assert services.sandbox is None  # not ours: not stopped when the window closes
        assert services.sandbox_url == other.base_url
        assert "already running" in window.statusBar().currentMessage()
        profiles = {p.name: p for p in await services.list_profiles()}
        assert profiles["sandbox-wix-key"].settings["api_base"] == f"{other.base_url}/wix"


async def test_a_port_taken_by_something_else_gets_a_free_one_and_says_so(
    window: MainWindow,
) -> None:
    services = window.services
    assert services is not None
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        services.sandbox_port = port
        task = window.try_sandbox()
        assert task is not None
        await task
    assert services.sandbox is not None and services.sandbox.port != port
    message = window.statusBar().currentMessage()
    assert f"Port {port} is taken" in message and services.sandbox.base_url in message


async def test_closing_ends_even_when_the_back_end_will_not_close(
    qtbot: Any, services: Services, monkeypatch: pytest.MonkeyPatch, until: Until
) -> None:
    monkeypatch.setattr(main_window_module, "SHUTDOWN_LIMIT_MS", 300)
    stuck = asyncio.Event()
    services.closers.insert(0, stuck.wait)  # never set: closing hangs here
    shown = MainWindow()
    shown.show()
    await shown.attach(services)
    finished: list[bool] = []
    shown.shutdownFinished.connect(lambda: finished.append(True))
    shown.close()
    await until(lambda: finished, timeout=5, what="closing to end anyway")
    assert shown.forced_quit
    stuck.set()  # let the abandoned shutdown run out before the test ends
    await until(lambda: shown._closing is not None and shown._closing.done(), what="cleanup")
    shown.deleteLater()
    await asyncio.sleep(0)


async def test_asking_twice_quits_at_once(qtbot: Any, services: Services, until: Until) -> None:
    stuck = asyncio.Event()
    services.closers.insert(0, stuck.wait)
    shown = MainWindow()
    shown.show()
    await shown.attach(services)
    finished: list[bool] = []
    shown.shutdownFinished.connect(lambda: finished.append(True))
    shown.close()
    await asyncio.sleep(0.05)
    assert not finished
    shown.close()  # Ctrl+Q again, or a second SIGTERM
    assert finished == [True] and shown.forced_quit
    stuck.set()
    await until(lambda: shown._closing is not None and shown._closing.done(), what="cleanup")
    shown.deleteLater()
    await asyncio.sleep(0)


def test_tests_here_never_use_the_fixed_port(tmp_path: Path) -> None:
    # The real default stays what the CLI's sandbox uses.
    from trigger_desk.cli._parser import DEFAULT_SANDBOX_PORT

    assert Services.__dataclass_fields__["sandbox_port"].default == DEFAULT_SANDBOX_PORT == 8765


async def test_a_refused_sandbox_call_offers_to_start_it_where_the_profiles_point(
    window: MainWindow, until: Until
) -> None:
    # Profiles made by an earlier run point at a port where nothing listens now.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    services = window.services
    assert services is not None  # its sandbox_port is 0: the profile's port must win
    [hook] = [p for p in sandbox_profiles(f"http://127.0.0.1:{port}") if p["auth"] == "webhook"]
    profile = Profile(hook["name"], Platform.BITRIX24, AuthKind.WEBHOOK, hook["settings"])
    await services.save_profile(profile, hook["secrets"])
    finished: list[CallRecord] = []
    window.callFinished.connect(finished.append)
    tab = window.show_platform(Platform.BITRIX24)
    await tab.reload_profiles(select="sandbox-webhook")
    tab.select_call("bitrix24.trigger")
    tab.examples_button.click()
    tab.fire_button.click()
    await until(lambda: len(finished) == 1, timeout=10, what="the refused call")
    assert finished[0].outcome is Outcome.NETWORK
    assert window.workbench is not None
    view = window.workbench.history.record_view  # the record view beside the form
    assert view.start_sandbox.isVisibleTo(view)
    assert view.details.error_heading() == "No answer:"

    view.start_sandbox.click()
    await until(
        lambda: (
            f"Sandbox running at http://127.0.0.1:{port}" in window.statusBar().currentMessage()
        ),
        timeout=10,
        what="the sandbox on the profiles' port",
    )
    await tab.settled()
    tab.fire_button.click()
    await until(lambda: len(finished) == 2, timeout=10, what="the second call")
    assert finished[1].outcome is Outcome.OK, finished[1].diagnosis
    assert not view.start_sandbox.isVisibleTo(view)
