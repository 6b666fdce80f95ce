"""First run: no profiles, "Try the sandbox", and a first trigger fired in a few clicks."""

from __future__ import annotations

from tests.ui.conftest import Until
from tests.ui.test_main_window import shown_outcome
from trigger_desk.core.model import Platform
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord
from trigger_desk.ui.shell.main_window import MainWindow


async def test_empty_state_offers_a_profile_and_the_sandbox(window: MainWindow) -> None:
    for platform in Platform:
        tab = window.show_platform(platform)
        assert tab.pages.currentWidget() is tab.empty
        assert tab.empty.add_button.isVisibleTo(window)
        assert tab.empty.sandbox_button.isVisibleTo(window)
    window.show_platform(Platform.WIX).empty.add_button.click()
    dialog = window.platform_tab(Platform.WIX).profile_dialog
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Add Wix profile"
    dialog.reject()


async def test_try_the_sandbox_then_fire_both_platforms(window: MainWindow, until: Until) -> None:
    finished: list[CallRecord] = []
    window.callFinished.connect(finished.append)
    bitrix = window.show_platform(Platform.BITRIX24)
    bitrix.empty.sandbox_button.click()
    await until(
        lambda: "Sandbox running at http://127.0.0.1:" in window.statusBar().currentMessage(),
        timeout=10,
        what="the sandbox",
    )
    assert window.services is not None and window.services.sandbox is not None
    assert bitrix.pages.currentIndex() == 2
    assert bitrix.profile_picker.current_name() == "sandbox-webhook"
    wix = window.platform_tab(Platform.WIX)
    assert wix.pages.currentIndex() == 2
    assert set(wix.profile_picker.names()) == {"sandbox-wix-key", "sandbox-wix-app"}

    # The documented examples are what the sandbox knows: fill, fire.
    bitrix.select_call("bitrix24.trigger")
    bitrix.examples_button.click()
    bitrix.fire_button.click()
    await until(lambda: len(finished) == 1, timeout=10, what="the Bitrix24 call")
    assert finished[0].outcome is Outcome.OK, finished[0].diagnosis

    window.show_platform(Platform.WIX)
    wix.select_profile("sandbox-wix-key")
    wix.select_call("wix.run-trigger")
    wix.examples_button.click()
    wix.fire_button.click()
    await until(lambda: len(finished) == 2, timeout=10, what="the Wix call")
    assert finished[1].outcome is Outcome.OK, finished[1].diagnosis
    assert shown_outcome(window) == "OK"
    sandbox = window.services.sandbox
    assert [firing.call_id for firing in sandbox.fired] == ["bitrix24.trigger", "wix.run-trigger"]


async def test_sandbox_twice_replaces_its_profiles(window: MainWindow) -> None:
    first = window.try_sandbox()
    assert first is not None
    await first
    assert window.services is not None
    profiles = await window.services.list_profiles()
    again = window.try_sandbox()
    assert again is not None
    await again
    assert await window.services.list_profiles() == profiles
