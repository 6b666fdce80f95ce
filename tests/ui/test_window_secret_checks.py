"""The window keeps the same secret rules as the CLI (they live in core and store):
missing keyring items refuse the call, secret-bearing settings are refused in the profile
dialog, and an echoing server's answer shows masked in the result view."""

from __future__ import annotations

import json

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from tests.support.scripted_server import Answer, Received, ScriptedServer
from tests.ui.conftest import WIX_KEY, Until, add_wix_profile
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.ui.shell.main_window import MainWindow
from trigger_desk.ui.shell.profile_dialog import ProfileDialog
from trigger_desk.ui.tab.platform_tab import PlatformTab

TRIGGER_ID = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"
HOOK_SECRET = "Hs7Kk2Ww9Qq4"


def field(widget: PlatformTab | ProfileDialog, name: str) -> QLineEdit:
    found = [w for w in widget.findChildren(QLineEdit) if w.accessibleName() == name]
    visible = [w for w in found if w.isVisibleTo(widget)] or found
    assert visible, name
    return visible[0]


async def wix_tab(window: MainWindow, server: ScriptedServer) -> PlatformTab:
    assert window.services is not None
    await add_wix_profile(window.services, server.base_url)
    tab = window.show_platform(Platform.WIX)
    await tab.reload_profiles()
    assert tab.select_call("wix.run-trigger")
    field(tab, "triggerId").setText(TRIGGER_ID)
    return tab


async def test_a_wix_key_missing_from_the_keyring_is_refused_before_sending(
    window: MainWindow, server: ScriptedServer
) -> None:
    tab = await wix_tab(window, server)
    assert window.services is not None
    window.services.secret_store.delete("shop", "api_key")
    task = tab.fire()
    assert task is not None
    assert await task is None  # refused: nothing sent, no record
    assert "has no api_key in the keyring" in tab.form_problem.text()
    assert server.received == []


async def test_an_oauth_token_missing_from_the_keyring_is_refused_before_sending(
    window: MainWindow, server: ScriptedServer
) -> None:
    assert window.services is not None
    settings = {"portal": server.base_url, "client_id": "local.1", "oauth_server": server.base_url}
    secrets = {"client_secret": "cs-123456", "access_token": "at-123456", "refresh_token": "r-1234"}
    await window.services.save_profile(
        Profile("app", Platform.BITRIX24, AuthKind.OAUTH, settings), secrets
    )
    window.services.secret_store.delete("app", "access_token")
    tab = window.show_platform(Platform.BITRIX24)
    await tab.reload_profiles()
    assert tab.select_call("bitrix24.trigger")
    QTest.keyClicks(field(tab, "target"), "DEAL_57")  # split into type + id as typed
    field(tab, "code").setText("c5u4m")
    task = tab.fire()
    assert task is not None and await task is None
    assert "has no access_token in the keyring" in tab.form_problem.text()
    assert server.received == []


async def test_the_profile_dialog_refuses_a_webhook_url_as_the_oauth_portal(
    window: MainWindow,
) -> None:
    tab = window.show_platform(Platform.BITRIX24)
    tab.add_profile()
    dialog = tab.profile_dialog
    dialog.auth.setCurrentIndex(dialog.auth.findData(AuthKind.OAUTH.value))
    field(dialog, "Profile name").setText("app")
    field(dialog, "portal").setText(f"https://acme.bitrix24.com/rest/1/{HOOK_SECRET}/")
    field(dialog, "client_id").setText("local.1")
    for key in ("client_secret", "access_token", "refresh_token"):
        field(dialog, key).setText(f"{key}-123456")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible()  # refused on the spot
    assert "webhook URL" in dialog.error_text()
    assert HOOK_SECRET not in dialog.error_text()
    assert window.services is not None
    assert await window.services.list_profiles() == []
    dialog.reject()


async def test_the_result_view_masks_an_echoed_key(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    def echo(got: Received) -> Answer:
        said = json.dumps({"message": f"bad key {got.headers.get('Authorization')}"})
        return Answer(401, said.encode(), headers={"Content-Type": "application/json"})

    server.script(Answer(respond=echo))
    tab = await wix_tab(window, server)
    task = tab.fire()
    assert task is not None and await task is not None
    assert window.workbench is not None
    details = window.workbench.history.details  # the record view's
    await until(lambda: "HTTP 401" in details.title_text(), what="the result")
    shown = "\n".join((details.response_text.toPlainText(), *details.diagnosis_text().values()))
    assert "bad key ****" in shown
    assert WIX_KEY not in shown


async def test_a_hand_edited_secret_setting_is_masked_and_refused_in_the_window(
    window: MainWindow, server: ScriptedServer
) -> None:
    assert window.services is not None
    path = window.services.profiles.path
    entry = {
        "name": "app",
        "platform": "bitrix24",
        "auth": "oauth",
        "settings": {"portal": f"{server.base_url}/rest/1/{HOOK_SECRET}/", "client_id": "l.1"},
    }
    path.write_text(json.dumps({"version": 1, "profiles": [entry]}))
    for key in ("client_secret", "access_token", "refresh_token"):
        window.services.secret_store.set("app", key, f"{key}-123456")
    tab = window.show_platform(Platform.BITRIX24)
    await tab.reload_profiles()
    [profile] = await window.services.list_profiles()
    assert HOOK_SECRET not in json.dumps(dict(profile.settings))
    assert tab.select_call("bitrix24.trigger")
    QTest.keyClicks(field(tab, "target"), "DEAL_57")
    field(tab, "code").setText("c5u4m")
    task = tab.fire()
    assert task is not None and await task is None
    assert "portal: in profile 'app' holds a Bitrix24 inbound webhook URL" in (
        tab.form_problem.text()
    )
    assert HOOK_SECRET not in tab.form_problem.text()
    assert server.received == []


async def test_a_wix_key_with_a_non_ascii_letter_is_refused_before_sending(
    window: MainWindow, server: ScriptedServer
) -> None:
    """Pasted with an accented letter: said at the secret, not a UnicodeEncodeError."""
    tab = await wix_tab(window, server)
    assert window.services is not None
    window.services.secret_store.set("shop", "api_key", "IST.kéy-Zq7Wp2")
    task = tab.fire()
    assert task is not None
    assert await task is None  # refused: nothing sent, no record
    shown = tab.form_problem.text()
    assert "api_key" in shown and "not plain ASCII" in shown
    assert "kéy" not in shown and "Zq7Wp2" not in shown
    assert server.received == []


async def test_the_profile_dialog_refuses_a_key_with_a_look_alike_letter(
    window: MainWindow,
) -> None:
    tab = window.show_platform(Platform.WIX)
    tab.add_profile()
    dialog = tab.profile_dialog
    dialog.auth.setCurrentIndex(dialog.auth.findData(AuthKind.API_KEY.value))
    field(dialog, "Profile name").setText("shop")
    field(dialog, "site_id").setText("5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c")
    field(dialog, "api_key").setText("IST.\u043a3y-Zq7Wp2")  # a Cyrillic "k"
    dialog.buttons.accepted.emit()
    assert dialog.isVisible()  # refused on the spot
    assert "api_key" in dialog.error_text() and "not plain ASCII" in dialog.error_text()
    assert "Zq7Wp2" not in dialog.error_text()
    assert window.services is not None
    assert await window.services.list_profiles() == []
    dialog.reject()
