"""Adding, editing and removing profiles from the window; secrets go to the secret store."""

from __future__ import annotations

import asyncio
from pathlib import Path

import keyring.backends.fail
import shiboken6
from PySide6.QtWidgets import QLineEdit, QMessageBox

from tests.support.scripted_server import ScriptedServer
from tests.ui.conftest import WEBHOOK_SECRET, Until, add_webhook_profile
from trigger_desk.core.model import AuthKind, Platform
from trigger_desk.services.facade import Services
from trigger_desk.store.profiles import ProfileStore
from trigger_desk.store.secrets import KeyringSecretStore
from trigger_desk.ui.shell.main_window import MainWindow
from trigger_desk.ui.shell.profile_dialog import ProfileDialog


def line(dialog: ProfileDialog, name: str) -> QLineEdit:
    found = [w for w in dialog.findChildren(QLineEdit) if w.accessibleName() == name]
    assert len(found) == 1, name
    return found[0]


async def test_pasting_a_trigger_url_fills_the_profile_and_the_form(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    tab = window.show_platform(Platform.BITRIX24)
    tab.empty.add_button.click()
    dialog = tab.profile_dialog
    line(dialog, "Profile name").setText("portal")
    url = (
        f"{server.base_url}/rest/7/{WEBHOOK_SECRET}/crm.automation.trigger/?target=DEAL_9&code=abc"
    )
    secret = line(dialog, "webhook_url")
    assert secret.echoMode() is QLineEdit.EchoMode.Password
    secret.setText(url)
    assert line(dialog, "portal").text() == server.base_url
    assert line(dialog, "user_id").text() == "7"
    info = dialog.webhook_info.text()
    assert "target DEAL_9" in info and "code abc" in info
    assert WEBHOOK_SECRET not in info
    assert dialog.fill_form.isVisibleTo(dialog)

    dialog.buttons.accepted.emit()
    await until(lambda: tab.profile_picker.current_name() == "portal", what="the saved profile")
    assert window.services is not None
    stored = window.services.secret_store.get("portal", "webhook_url")
    assert stored == f"{server.base_url}/rest/7/{WEBHOOK_SECRET}/"  # normalised
    profiles_file = window.services.profiles.path.read_text()
    assert WEBHOOK_SECRET not in profiles_file
    await until(
        lambda: tab.current_call() is not None and tab.current_call().id == "bitrix24.trigger"
    )
    form = tab.current_form()
    assert form is not None
    assert form.values() == {"target": "DEAL_9", "code": "abc"}


async def test_a_bad_webhook_url_is_explained_at_the_field(window: MainWindow) -> None:
    tab = window.show_platform(Platform.BITRIX24)
    tab.add_profile()
    dialog = tab.profile_dialog
    line(dialog, "Profile name").setText("portal")
    line(dialog, "webhook_url").setText("https://portal.example/rest/abc/")
    assert "user id" in dialog.error_text()
    dialog.buttons.accepted.emit()
    assert dialog.isVisible()  # refused on the spot
    assert window.services is not None
    assert await window.services.list_profiles() == []
    dialog.reject()


async def test_keyring_unavailable_saves_nothing(
    tmp_path: Path, qtbot: object, until: Until, services: Services
) -> None:
    """A real keyring backend that refuses (keyring's own 'fail' backend)."""
    services.secret_store = KeyringSecretStore(keyring.backends.fail.Keyring())
    services.profiles = ProfileStore(tmp_path / "other-profiles.json")
    shown = MainWindow()
    shown.show()
    await shown.attach(services)
    tab = shown.show_platform(Platform.WIX)
    tab.add_profile()
    dialog = tab.profile_dialog
    dialog.auth.setCurrentIndex(dialog.auth.findData(AuthKind.API_KEY.value))
    line(dialog, "Profile name").setText("shop")
    line(dialog, "site_id").setText("5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c")
    line(dialog, "api_key").setText("IST.some-key-that-stays-secret")
    dialog.buttons.accepted.emit()
    await until(lambda: "Nothing was saved" in dialog.error_text(), what="the keyring error")
    assert "Cannot use the OS keyring" in dialog.error_text()
    assert "IST.some-key-that-stays-secret" not in dialog.error_text()
    assert dialog.isVisible()
    assert not services.profiles.path.exists()
    dialog.reject()
    await shown.shutdown()
    shown.deleteLater()
    await asyncio.sleep(0)


async def test_edit_loads_secrets_off_the_loop_and_replaces(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    assert window.services is not None
    await add_webhook_profile(window.services, server.base_url)
    tab = window.show_platform(Platform.BITRIX24)
    await tab.reload_profiles()
    tab.edit_profile()
    dialog = tab.profile_dialog
    assert dialog.name.isReadOnly()
    secret = line(dialog, "webhook_url")
    await until(lambda: secret.text() != "", what="the stored secret")
    assert secret.echoMode() is QLineEdit.EchoMode.Password
    secret.setText(f"{server.base_url}/rest/2/newsecret99/")
    dialog.buttons.accepted.emit()
    await until(lambda: not shiboken6.isValid(dialog), what="the dialog to close and go")
    stored = window.services.secret_store.get("portal", "webhook_url")
    assert stored == f"{server.base_url}/rest/2/newsecret99/"
    # The save goes on after the dialog is gone: the tab reloads its profiles, then
    # reads the new secret for the preview. A test that returned here left that chain
    # half done, and qasync ran its next step after the loop had stopped ("no running
    # event loop" from asyncio.to_thread, about 1 run in 3). Wait for it, and for what
    # it shows: the request preview uses the new webhook.
    await tab.settled()
    tab.set_values({"target": "DEAL_57"})
    tab.update_preview()  # from the secrets read after the save: no keyring read now
    assert "/rest/2/****/crm.automation.trigger" in tab.preview.text()
    assert "newsecret99" not in tab.preview.text()


async def test_remove_asks_then_forgets_profile_and_secrets(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    assert window.services is not None
    await add_webhook_profile(window.services, server.base_url)
    tab = window.show_platform(Platform.BITRIX24)
    await tab.reload_profiles()
    tab.profile_picker.remove_button.click()
    (box,) = [b for b in tab.findChildren(QMessageBox) if b.isVisible()]
    box.button(QMessageBox.StandardButton.Yes).click()
    await until(lambda: tab.pages.currentWidget() is tab.empty, what="the empty state")
    assert window.services.secret_store.get("portal", "webhook_url") is None
    assert await window.services.list_profiles() == []
