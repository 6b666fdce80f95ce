# ruff: noqa: RUF001  (Cyrillic titles on purpose)
""" "Find…" against the real sandbox: titles in Latin and Cyrillic, keyboard-only picking,
one look-up for quick typing, cancelling, and an error explained."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from tests.ui.conftest import Until
from tests.ui.lookup_fixtures import method_count, sandbox_profile
from trigger_desk.services.facade import Services
from trigger_desk.services.portal_lookups import PortalLookups
from trigger_desk.ui.lookup.find_dialog import FindItemDialog


def _titles(dialog: FindItemDialog) -> list[str]:
    tree = dialog.results
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]  # type: ignore[union-attr]


async def _dialog(qtbot, services: Services) -> FindItemDialog:  # type: ignore[no-untyped-def]
    profile = await sandbox_profile(services)
    dialog = FindItemDialog(PortalLookups(services), profile, "DEAL")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


async def test_finds_latin_titles_with_stage_and_funnel(
    qtbot, services: Services, until: Until
) -> None:
    dialog = await _dialog(qtbot, services)
    QTest.keyClicks(dialog.search, "acme")
    await until(lambda: dialog.results.topLevelItemCount() > 0, what="results")
    assert _titles(dialog) == ["Acme: boiler repair", "Acme: annual service", "ACME spare parts"]
    first = dialog.results.topLevelItem(0)
    assert first is not None
    assert [first.text(c) for c in range(4)] == [
        "Acme: boiler repair",
        "DEAL_1",
        "In Progress",
        "Repairs",
    ]
    assert "Items found: 3." in dialog.status.text()


async def test_finds_cyrillic_titles_in_any_case(qtbot, services: Services, until: Until) -> None:
    dialog = await _dialog(qtbot, services)
    for char in "ромашка":  # QTest.keyClicks takes Latin-1 only: type through the editor
        dialog.search.insert(char)
    await until(lambda: dialog.results.topLevelItemCount() > 0, what="results")
    assert _titles(dialog) == ["Ремонт котла — ООО Ромашка", "Ромашка: обслуживание котла"]
    first = dialog.results.topLevelItem(0)
    assert first is not None and first.text(3) == "Ремонт квартир"


async def test_keyboard_only_pick(qtbot, services: Services, until: Until) -> None:
    dialog = await _dialog(qtbot, services)
    picked: list[object] = []
    dialog.picked.connect(picked.append)
    QTest.keyClicks(dialog.search, "acme")
    await until(lambda: dialog.results.topLevelItemCount() == 3, what="results")
    QTest.keyClick(dialog.search, Qt.Key.Key_Down)
    QTest.keyClick(dialog.search, Qt.Key.Key_Down)
    QTest.keyClick(dialog.search, Qt.Key.Key_Up)
    QTest.keyClick(dialog.search, Qt.Key.Key_Return)
    await until(lambda: bool(picked), what="a pick")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen is not None and dialog.chosen.target == "DEAL_2"


async def test_quick_typing_sends_one_look_up(qtbot, services: Services, until: Until) -> None:
    dialog = await _dialog(qtbot, services)
    lookups = dialog._lookups
    QTest.keyClicks(dialog.search, "boiler")  # 6 characters, well within 300 ms apart
    await until(lambda: dialog.results.topLevelItemCount() > 0, what="results")
    await dialog.runner.settled()
    assert lookups.sent == 2  # the deal stages once (then kept), the items once
    assert method_count(services.sandbox, "crm.item.list") == 1
    # The same text again is answered from the cache: nothing more is sent.
    dialog.search.clear()
    await until(lambda: dialog.results.topLevelItemCount() == 0, what="results cleared")
    QTest.keyClicks(dialog.search, "boiler")
    await until(lambda: dialog.results.topLevelItemCount() > 0, what="cached results")
    assert method_count(services.sandbox, "crm.item.list") == 1
    # Refresh (F5) looks up again.
    QTest.keyClick(dialog, Qt.Key.Key_F5)
    await until(lambda: method_count(services.sandbox, "crm.item.list") == 2, what="refresh")
    await dialog.runner.settled()


async def test_esc_cancels_the_look_up_then_closes(qtbot, services: Services, until: Until) -> None:
    dialog = await _dialog(qtbot, services)
    QTest.keyClicks(dialog.search, "acme")
    await until(lambda: dialog.runner.busy, what="a look-up in flight")
    QTest.keyClick(dialog.search, Qt.Key.Key_Escape)
    assert not dialog.runner.busy
    assert dialog.isVisible()
    assert dialog.status.text() == "Look-up stopped."
    assert dialog.results.topLevelItemCount() == 0
    QTest.keyClick(dialog.search, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()


async def test_an_unknown_smart_process_is_explained(
    qtbot, services: Services, until: Until
) -> None:
    dialog = await _dialog(qtbot, services)
    dialog.type_combo.setCurrentText("DYNAMIC_999")
    QTest.keyClicks(dialog.search, "acme")
    await until(lambda: "failed" in dialog.status.text(), what="the explanation")
    text = dialog.status.text()
    assert "no smart process" in text and "DYNAMIC_<that id>" in text
