"""The "Fire for many…" dialog with real parts: a loopback Bitrix24 portal, the real
journal and history in tmp SQLite files, real widgets driven by keys and clicks."""

from __future__ import annotations

import csv
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.support.batch_server import BatchPortal
from tests.ui.conftest import Until
from tests.ui.test_window_accessibility import tree, unnamed_controls
from trigger_desk.core.calls import CALLS
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.services.facade import Services
from trigger_desk.store.bulk_journal import BulkJournal
from trigger_desk.ui.bulk.dialog import BulkDialog

CALL = CALLS["bitrix24.trigger"]


async def add_hook(services: Services, portal: BatchPortal, rate_limit: str = "none") -> Profile:
    profile = Profile("portal", Platform.BITRIX24, AuthKind.WEBHOOK, {"rate_limit": rate_limit})
    return await services.save_profile(profile, {"webhook_url": portal.webhook_url})


@pytest.fixture
async def make_dialog(qtbot: Any, services: Services) -> AsyncIterator[Any]:
    made: list[BulkDialog] = []

    def make(profile: Profile, **kwargs: Any) -> BulkDialog:
        dialog = BulkDialog(services, CALL, profile, {"code": "c5u4m"}, **kwargs)
        dialog.show()
        made.append(dialog)
        return dialog

    yield make
    for dialog in made:
        if dialog.task is not None and not dialog.task.done():
            dialog.session.cancel()
            await dialog.task
        dialog.session.close()
        dialog.deleteLater()


def paste(dialog: BulkDialog, text: str) -> None:
    page = dialog.source_page
    page.sources.setCurrentIndex(1)
    page.pasted.setPlainText(text)


async def check(dialog: BulkDialog, until: Until) -> None:
    dialog.source_page.check_button.click()
    await until(lambda: dialog.task is not None and dialog.task.done(), what="the check")
    dialog.task.result()  # type: ignore[union-attr]


async def fire(dialog: BulkDialog, until: Until, timeout: float = 30) -> None:
    page = dialog.source_page
    assert page.fire_button.isEnabled()
    page.fire_button.click()
    assert page.confirm_button.isVisible()
    page.confirm_button.click()
    await until(lambda: dialog.task is not None and dialog.task.done(), timeout, "the run")
    dialog.task.result()  # type: ignore[union-attr]


def deals(count: int, start: int = 1) -> str:
    return "\n".join(f"DEAL_{i}" for i in range(start, start + count))


async def test_preview_marks_a_bad_row_at_its_cell_and_refuses_to_fire(
    services: Services, portal: BatchPortal, make_dialog: Any, until: Until
) -> None:
    dialog = make_dialog(await add_hook(services, portal))
    paste(
        dialog,
        "https://portal.bitrix24.com/crm/deal/details/57/\n"
        "https://portal.bitrix24.com/crm/contact/details/5/\n"
        "DEAL_9\n",
    )
    await check(dialog, until)
    model = dialog.source_page.model
    assert model.rowCount() == 3
    # The address became its target; the contact is refused at its cell, with the reason.
    assert model.data(model.index(0, 3)) == "https://portal.bitrix24.com/crm/deal/details/57/"
    bad = model.data(model.index(1, 3))
    assert "⚠" in bad and "contacts have no automation triggers" in bad
    assert "contacts have no automation triggers" in model.data(
        model.index(1, 3), Qt.ItemDataRole.ToolTipRole
    )
    assert model.data(model.index(0, 1)) == "OK"
    assert model.data(model.index(1, 1)) == "⚠ Bad: see the marked cell"
    assert model.data(model.index(0, 2)) == "target=DEAL_57, code=c5u4m"  # what is sent
    assert model.data(model.index(1, 2)) == ""
    assert dialog.source_page.preview.currentIndex() == model.index(1, 3)
    assert not dialog.source_page.fire_button.isEnabled()
    assert "1 of 3 items are bad" in dialog.source_page.problems.text()
    assert sum(portal.state.fired.values()) == 0 and portal.state.requests == 0


async def test_plan_names_items_requests_and_time_at_the_plans_limit(
    services: Services, portal: BatchPortal, make_dialog: Any, until: Until
) -> None:
    dialog = make_dialog(await add_hook(services, portal, "standard"))
    paste(dialog, deals(3000))
    await check(
        dialog,
        until,
    )
    plan = dialog.source_page.plan.text()
    assert re.fullmatch(r"3,000 items, 60 requests, about [5-7] s at your plan's limit", plan), plan
    assert dialog.source_page.fire_button.text() == "&Fire 3,000 items…"
    dialog.source_page.fire_button.click()
    assert "Send 3,000 items now?" in dialog.source_page.confirm_label.text()
    dialog.source_page.back_button.click()  # nothing sent
    assert portal.state.requests == 0


async def test_a_csv_run_to_completion_retry_failed_and_export(
    services: Services, portal: BatchPortal, make_dialog: Any, until: Until, tmp_path: Path
) -> None:
    items = tmp_path / "deals.csv"
    items.write_text("ID;target\n" + "".join(f"{i};DEAL_{i}\n" for i in range(1, 121)))
    portal.state.bad_targets = {"DEAL_7", "DEAL_70"}
    dialog = make_dialog(await add_hook(services, portal))
    dialog.source_page.file_path.setText(str(items))
    await check(dialog, until)
    assert "120 items from deals.csv (UTF-8, semicolon-separated)" in (
        dialog.source_page.source_note.text()
    )
    await fire(dialog, until)
    assert dialog.pages.currentWidget() is dialog.results_page
    page = dialog.results_page
    assert "118 ok, 2 failed" in page.summary.text()
    assert page.model.rowCount() == 120
    page.filter.setCurrentIndex(page.filter.findData("failed"))
    assert [page.model.data(page.model.index(r, 0)) for r in range(2)] == ["7", "70"]
    assert page.model.data(page.model.index(0, 2)) == "Failed"
    assert page.model.data(page.model.index(0, 1)) == "target=DEAL_7, code=c5u4m"
    # Each item is in history, like a single call.
    assert services.history.count() == 120

    exported = tmp_path / "failed.csv"
    assert await dialog.export_to(exported) == 2
    with exported.open(newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert [(r["row"], r["state"], r["target"]) for r in lines] == [
        ("7", "failed", "DEAL_7"),
        ("70", "failed", "DEAL_70"),
    ]

    portal.state.bad_targets = set()
    assert page.retry_button.isEnabled()
    page.retry_button.click()
    await until(lambda: dialog.task is not None and dialog.task.done(), 30, "the retry")
    assert "120 ok, 0 failed" in page.summary.text()
    assert portal.state.fired["DEAL_7"] == 1 and portal.state.fired["DEAL_1"] == 1
    assert not page.retry_button.isEnabled()
    assert dialog.progress_updates <= 2 + 3 * 2  # throttled, not one per batch flood


async def test_cancel_mid_run_loses_nothing(
    services: Services, portal: BatchPortal, make_dialog: Any, until: Until
) -> None:
    portal.state.delay = 0.15  # each batch stays on the wire a while
    dialog = make_dialog(await add_hook(services, portal))
    paste(dialog, deals(1000))  # 20 batches
    await check(dialog, until)
    dialog.source_page.fire_button.click()
    dialog.source_page.confirm_button.click()
    await until(lambda: dialog.progress_page.bar.value() >= 100, 30, "some progress")
    assert "About" in dialog.progress_page.eta.text() or dialog.progress_page.eta.text() == ""
    dialog.progress_page.cancel_button.click()
    await until(lambda: dialog.task is not None and dialog.task.done(), 30, "the cancel")
    journal = BulkJournal(services.history.path)
    try:
        rows = list(journal.rows(dialog.session.run_id))
    finally:
        journal.close()
    states = {state for _, state, _, _ in rows}
    ok = {row for row, state, _, _ in rows if state == "ok"}
    assert len(rows) == 1000 and states <= {"ok", "pending"}  # what was on the wire finished
    assert 100 <= len(ok) < 1000
    assert {f"DEAL_{row}" for row in ok} == set(portal.state.fired)
    assert "not sent" in dialog.results_page.summary.text()
    assert dialog.results_page.resume_button.isVisible()
    # "Send the rest" sends only what was never sent.
    dialog.results_page.resume_button.click()
    await until(lambda: dialog.task is not None and dialog.task.done(), 30, "the rest")
    assert "1,000 ok" in dialog.results_page.summary.text()
    assert max(portal.state.fired.values()) == 1 and len(portal.state.fired) == 1000


async def test_pause_stops_sending_until_resumed(
    services: Services, portal: BatchPortal, make_dialog: Any, until: Until
) -> None:
    portal.state.delay = 0.1
    dialog = make_dialog(await add_hook(services, portal))
    paste(dialog, deals(600))
    await check(dialog, until)
    dialog.source_page.fire_button.click()
    dialog.source_page.confirm_button.click()
    await until(lambda: dialog.progress_page.bar.value() >= 100, 30, "some progress")
    dialog.progress_page.pause_button.click()
    assert dialog.progress_page.pause_button.text() == "&Resume"
    await until(lambda: portal.state.requests == portal.state.requests, 1)
    seen = portal.state.requests
    import asyncio

    await asyncio.sleep(0.6)  # anything on the wire lands; nothing new leaves
    landed = portal.state.requests
    assert landed <= seen + 2
    await asyncio.sleep(0.5)
    assert portal.state.requests == landed
    dialog.progress_page.pause_button.click()
    await until(lambda: dialog.task is not None and dialog.task.done(), 30, "the run")
    assert "600 ok" in dialog.results_page.summary.text()


async def test_every_control_has_an_accessible_name_and_keys_alone_run_it(
    services: Services, portal: BatchPortal, make_dialog: Any, until: Until, qtbot: Any
) -> None:
    dialog = make_dialog(await add_hook(services, portal))
    # What AT-SPI sees on each page (the walk of the window accessibility tests).
    for page in (dialog.progress_page, dialog.results_page, dialog.source_page):
        dialog.pages.setCurrentWidget(page)
        page.setFocus()
        assert tree(dialog), page
        assert unnamed_controls(tree(dialog)) == [], type(page).__name__
    dialog.source_page.sources.setCurrentIndex(1)
    assert unnamed_controls(tree(dialog)) == []
    dialog.source_page.sources.setCurrentIndex(0)
    # Keyboard only: Tab to the source tabs, Right for pasted text, Tab in, type, then
    # the mnemonics: Alt+C checks, Alt+F asks, Space on the focused "Send" sends.
    dialog.activateWindow()
    await until(dialog.isActiveWindow, what="the dialog active")
    page = dialog.source_page
    tab_bar = page.sources.tabBar()
    tab_bar.setFocus()
    QTest.keyClick(tab_bar, Qt.Key.Key_Right)
    assert page.sources.currentIndex() == 1
    QTest.keyClick(tab_bar, Qt.Key.Key_Tab)
    assert page.pasted.hasFocus()
    QTest.keyClicks(page.pasted, "DEAL_1")
    QTest.keyClick(page.pasted, Qt.Key.Key_Return)
    QTest.keyClicks(page.pasted, "DEAL_2")
    QTest.keyClick(page.pasted, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    await until(lambda: dialog.task is not None and dialog.task.done(), what="the check")
    assert page.fire_button.isEnabled()
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    await until(page.confirm_button.isVisible, what="the confirmation")  # animateClick
    assert page.confirm_button.hasFocus()
    QTest.keyClick(page.confirm_button, Qt.Key.Key_Space)
    await until(lambda: dialog.pages.currentWidget() is dialog.results_page, 30, "results")
    assert "2 ok" in dialog.results_page.summary.text()
    assert dialog.results_page.table.hasFocus()


async def test_the_run_goes_on_the_engine_thread_and_progress_arrives_on_the_gui_thread(
    qtbot: Any, portal: BatchPortal, until: Until, tmp_path: Path
) -> None:
    import threading

    import httpx

    from trigger_desk.core.engine import Engine
    from trigger_desk.services.engine_thread import EngineThread
    from trigger_desk.store.history import HistoryStore
    from trigger_desk.store.profiles import ProfileStore
    from trigger_desk.store.secrets import MemorySecretStore

    history = HistoryStore(tmp_path / "history.sqlite3")
    clients: list[httpx.AsyncClient] = []

    def make_engine() -> Engine:
        clients.append(httpx.AsyncClient())
        return Engine(clients[0], history=history)

    async def close_client() -> None:
        await clients[0].aclose()

    engine = EngineThread(make_engine, closers=[close_client]).start()
    services = Services(
        engine=engine,
        profiles=ProfileStore(tmp_path / "profiles.json"),
        secret_store=MemorySecretStore(),
        history=history,
    )
    dialog = BulkDialog(services, CALL, await add_hook(services, portal), {"code": "c5u4m"})
    dialog.show()
    try:
        sent_from: set[str] = set()
        shown_on: set[str] = set()
        send = dialog.bridge.send

        def spy(progress: Any) -> None:
            sent_from.add(threading.current_thread().name)
            send(progress)

        dialog.bridge.send = spy  # type: ignore[method-assign]
        dialog.bridge.progressed.connect(lambda _p: shown_on.add(threading.current_thread().name))
        paste(dialog, deals(200))
        await check(dialog, until)
        await fire(dialog, until)
        assert "200 ok" in dialog.results_page.summary.text()
        assert sent_from == {"trigger-desk-engine"}
        assert shown_on == {threading.main_thread().name}
    finally:
        dialog.session.close()
        dialog.deleteLater()
        await engine.aclose()
        history.close()


async def test_a_bad_csv_row_is_marked_at_its_column_and_a_bad_file_is_named(
    services: Services, portal: BatchPortal, make_dialog: Any, until: Until, tmp_path: Path
) -> None:
    items = tmp_path / "deals.csv"
    items.write_text("ID,target,TITLE\n1,DEAL_1,One\n2,DEAL 2,Two\n")
    dialog = make_dialog(await add_hook(services, portal))
    dialog.source_page.file_path.setText(str(items))
    await check(dialog, until)
    model = dialog.source_page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Row", "Check", "Will send", "ID", "target", "TITLE"]
    assert model.data(model.index(1, 4)).startswith("DEAL 2\n⚠ target: must be TYPENAME_ID")
    assert model.data(model.index(1, 3)) == "2"  # the other cells are not marked
    assert model.data(model.index(1, 3), Qt.ItemDataRole.ToolTipRole) is None

    dialog.source_page.file_path.setText(str(tmp_path / "missing.csv"))
    await check(dialog, until)
    assert "cannot read" in dialog.source_page.problems.text()
    assert model.rowCount() == 0 and not dialog.source_page.fire_button.isEnabled()
    assert portal.state.requests == 0


async def test_items_from_the_portal_flow_into_the_preview(
    services: Services, make_dialog: Any, until: Until
) -> None:
    from tests.ui.lookup_fixtures import sandbox_profile

    dialog = make_dialog(await sandbox_profile(services))
    page = dialog.source_page
    panel = page.portal
    assert panel is not None and page.sources.count() == 3
    page.sources.setCurrentIndex(2)  # the portal is asked once its tab opens
    await until(lambda: panel.funnel_combo.count() == 3, what="the deal funnels")
    await until(lambda: not panel.busy, what="counts and items")
    panel.funnel_combo.setCurrentIndex(1)  # Repairs
    await until(lambda: not panel.busy and panel._counts is not None, what="Repairs counts")
    panel.stage_combo.setCurrentIndex(1)  # In Progress
    await until(lambda: not panel.busy and panel.use_button.isEnabled(), what="the items")
    panel.use_button.click()
    assert page.sources.currentIndex() == 1
    assert page.pasted.toPlainText() == "DEAL_1"
    await check(dialog, until)
    model = page.model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 1)) == "OK"
    assert model.data(model.index(0, 2)) == "target=DEAL_1, code=c5u4m"
    assert page.fire_button.isEnabled()


def test_no_portal_tab_without_a_portal_panel(qtbot: Any) -> None:
    from trigger_desk.ui.bulk.source_page import SourcePage

    page = SourcePage("target")
    qtbot.addWidget(page)
    assert page.portal is None and page.sources.count() == 2
