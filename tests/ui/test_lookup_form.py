""" "Find…" in a call's form and the CODE picker, in the real window against the sandbox."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from tests.ui.conftest import Until
from trigger_desk.core.model import Platform
from trigger_desk.sandbox.state import BITRIX_SEEDED_TRIGGERS
from trigger_desk.ui.lookup.find_dialog import FindItemDialog
from trigger_desk.ui.shell.main_window import MainWindow
from trigger_desk.ui.tab.platform_tab import PlatformTab


async def _sandbox_tab(window: MainWindow, until: Until, profile: str, call: str) -> PlatformTab:
    task = window.try_sandbox()
    assert task is not None
    await task
    tab = window.show_platform(Platform.BITRIX24)
    assert tab.select_profile(profile)
    assert tab.select_call(call)
    return tab


def _find_button(tab: PlatformTab, field: str) -> QPushButton:
    form = tab.current_form()
    assert form is not None
    button = form.findChild(QPushButton, f"find-{field}")
    assert button is not None and button.isVisibleTo(form)
    assert button.accessibleName() == f"Find {field} on the portal"
    return button


async def test_find_fills_target_by_keyboard(window: MainWindow, until: Until) -> None:
    tab = await _sandbox_tab(window, until, "sandbox-webhook", "bitrix24.trigger")
    button = _find_button(tab, "target")
    button.setFocus()
    QTest.keyClick(button, Qt.Key.Key_Space)
    await until(lambda: isinstance(getattr(tab, "find_dialog", None), FindItemDialog))
    dialog: FindItemDialog = tab.find_dialog  # type: ignore[attr-defined]
    QTest.keyClicks(dialog.search, "globex")
    await until(lambda: dialog.results.topLevelItemCount() == 1, what="Globex")
    QTest.keyClick(dialog.search, Qt.Key.Key_Return)
    form = tab.current_form()
    assert form is not None
    await until(lambda: form.values().get("target") == "DEAL_5", what="target filled")


async def test_find_fills_owner_type_and_id(window: MainWindow, until: Until) -> None:
    tab = await _sandbox_tab(window, until, "sandbox-oauth", "bitrix24.trigger.execute")
    form = tab.current_form()
    assert form is not None
    form.rows["OWNER_TYPE_ID"].set_value("2")
    _find_button(tab, "OWNER_ID").click()
    await until(lambda: isinstance(getattr(tab, "find_dialog", None), FindItemDialog))
    dialog: FindItemDialog = tab.find_dialog  # type: ignore[attr-defined]
    assert dialog.type_combo.currentText() == "DEAL"
    QTest.keyClicks(dialog.search, "initech")
    await until(lambda: dialog.results.topLevelItemCount() == 1, what="Initech")
    QTest.keyClick(dialog.search, Qt.Key.Key_Enter)
    await until(lambda: form.values().get("OWNER_ID") == "6", what="OWNER_ID filled")
    assert form.values()["OWNER_TYPE_ID"] == "2"


async def test_code_picker_lists_the_apps_triggers(window: MainWindow, until: Until) -> None:
    tab = await _sandbox_tab(window, until, "sandbox-oauth", "bitrix24.trigger.execute")
    form = tab.current_form()
    assert form is not None
    picker = form.code_picker  # type: ignore[attr-defined]
    assert picker.accessibleName() == "CODE"
    picker.showPopup()
    await until(lambda: picker.count() == len(BITRIX_SEEDED_TRIGGERS), what="the codes")
    assert picker.codes() == list(BITRIX_SEEDED_TRIGGERS)
    assert picker.itemText(0) == "Sandbox trigger (c5u4m)"
    picker.hidePopup()
    picker.activated.emit(1)
    assert form.values()["CODE"] == "call_done"
    form.rows["CODE"].set_value("typed_code")  # a code the list does not have still works
    assert form.values()["CODE"] == "typed_code"
    await picker.runner.settled()


async def test_code_picker_says_a_webhook_cannot_list(window: MainWindow, until: Until) -> None:
    tab = await _sandbox_tab(window, until, "sandbox-oauth", "bitrix24.trigger.execute")
    form = tab.current_form()
    assert form is not None
    assert tab.select_profile("sandbox-webhook")
    picker = form.code_picker  # type: ignore[attr-defined]
    picker.showPopup()
    picker.hidePopup()
    assert picker.count() == 0
    assert "needs an OAuth profile" in picker.toolTip()
