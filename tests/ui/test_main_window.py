"""The main window against a real loopback server: fill, fire, see; refuse; cancel."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton

from tests.support.scripted_server import Answer, ScriptedServer
from tests.ui.conftest import WEBHOOK_SECRET, WIX_KEY, Until, add_webhook_profile, add_wix_profile
from trigger_desk.core.model import Platform
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord
from trigger_desk.ui.history.record_view import RecordView
from trigger_desk.ui.shell.main_window import MainWindow
from trigger_desk.ui.tab.platform_tab import PlatformTab

BITRIX_OK = {"result": True, "time": {"start": 1.0, "finish": 1.01, "duration": 0.01}}


def named(tab: PlatformTab, name: str) -> Any:
    """The visible input whose accessible name is `name` (what a screen reader sees)."""
    form = tab.current_form()
    assert form is not None
    found = [
        widget
        for widget in form.findChildren(QLineEdit)
        if widget.accessibleName() == name and widget.isVisibleTo(form)
    ]
    assert len(found) == 1, f"expected one input named {name!r}, found {len(found)}"
    return found[0]


def record_view(window: MainWindow) -> RecordView:
    assert window.workbench is not None
    return window.workbench.history.record_view


def shown_outcome(window: MainWindow) -> str:
    """The outcome word the record view shows (or its note, e.g. "Cancelled: …")."""
    details = record_view(window).details
    return details.outcome_text() if details.record is not None else details.note_text()


async def bitrix_tab(window: MainWindow, server: ScriptedServer) -> PlatformTab:
    assert window.services is not None
    await add_webhook_profile(window.services, server.base_url)
    tab = window.show_platform(Platform.BITRIX24)
    await tab.reload_profiles()
    assert tab.select_call("bitrix24.trigger")
    return tab


async def test_window_title_tabs_and_fire_button(window: MainWindow) -> None:
    assert window.windowTitle() == "Trigger Desk"
    assert not window.windowIcon().isNull()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Bitrix24", "Wix"]
    fire = [b for b in window.findChildren(QPushButton) if b.accessibleName() == "Fire"]
    assert len(fire) == 2  # one per platform tab


async def test_fill_form_fire_and_see_result(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    server.script(Answer(200, BITRIX_OK))
    tab = await bitrix_tab(window, server)
    finished: list[CallRecord] = []
    window.callFinished.connect(finished.append)

    QTest.keyClicks(named(tab, "target"), "DEAL_57")  # split into type + id as typed
    QTest.keyClicks(named(tab, "code"), "c5u4m")
    await until(lambda: "DEAL_57" in tab.preview.text(), what="the preview")
    assert WEBHOOK_SECRET not in tab.preview.text()
    assert "/rest/1/****/crm.automation.trigger.json" in tab.preview.text()
    tab.fire_button.click()

    await until(lambda: finished, what="the call to finish")
    assert len(server.received) == 1
    sent = server.received[0]
    assert sent.path == f"/rest/1/{WEBHOOK_SECRET}/crm.automation.trigger.json"
    assert sent.json() == {"target": "DEAL_57", "code": "c5u4m"}
    record = finished[0]
    assert record.outcome is Outcome.OK and record.status == 200
    assert record.history_id is not None
    # The record view beside the form shows the call, which history lists and selects.
    view = record_view(window)
    assert view.details.outcome_text() == "OK"
    assert "HTTP 200" in view.details.title_text()
    assert view.details.waterfall.timings()["total"] > 0
    assert '"result": true' in view.details.response_text.toPlainText()
    assert window.record_tabs.currentWidget() is view and view.isVisible()
    assert window.workbench is not None
    assert window.workbench.history.selected_ids() == [record.history_id]
    history = window.workbench.history.model
    assert history.data(history.index(0, history.COL_ITEM)) == "DEAL_57"
    assert not tab.inflight.keys()


async def test_invalid_field_shows_message_and_sends_nothing(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    tab = await bitrix_tab(window, server)
    QTest.keyClicks(named(tab, "code"), "no spaces!")
    form = tab.current_form()
    assert form is not None
    assert "may hold only letters" in form.messages()["code"]  # checked as typed

    assert tab.fire() is None  # refused: target is required, code is malformed
    messages = form.messages()
    assert "is required" in messages["target"]
    assert "code" in messages
    assert tab.inflight.isHidden()
    await until(lambda: "Fire would refuse" in tab.preview.problems.text(), what="preview")
    assert server.received == []


async def test_ctrl_enter_fires(window: MainWindow, server: ScriptedServer, until: Until) -> None:
    server.script(Answer(200, BITRIX_OK))
    tab = await bitrix_tab(window, server)
    window.activateWindow()
    target = named(tab, "target")
    target.setFocus()
    QTest.keyClicks(target, "LEAD_25")
    QTest.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: len(server.received) == 1, what="Ctrl+Enter to send the call")
    assert server.received[0].json() == {"target": "LEAD_25"}
    await until(lambda: shown_outcome(window) == "OK", what=f"the result {shown_outcome(window)!r}")


async def test_ctrl_enter_from_the_payload_editor(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    server.script(Answer(200, {}))
    assert window.services is not None
    await add_wix_profile(window.services, server.base_url)
    tab = window.show_platform(Platform.WIX)
    await tab.reload_profiles()
    assert tab.select_call("wix.run-trigger")
    window.activateWindow()
    named(tab, "triggerId").setText("a0f95461-4fea-4971-b2d8-86128ae3e6e9")
    form = tab.current_form()
    assert form is not None and form.payload_editor is not None
    editor = form.payload_editor.editor
    editor.setFocus()
    QTest.keyClicks(editor, '{"firstName": "Amy"}')
    QTest.keyClick(editor, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: len(server.received) == 1, what="Ctrl+Enter in the payload editor")
    sent = server.received[0]
    assert sent.headers["Authorization"] == WIX_KEY
    assert sent.json() == {
        "triggerId": "a0f95461-4fea-4971-b2d8-86128ae3e6e9",
        "payload": {"firstName": "Amy"},
    }
    assert editor.toPlainText() == '{"firstName": "Amy"}'  # no newline was typed
    await until(lambda: shown_outcome(window) == "OK", what=f"the result {shown_outcome(window)!r}")


async def test_cancel_stops_a_slow_call(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    server.script(Answer(200, BITRIX_OK, delay=8))
    tab = await bitrix_tab(window, server)
    named(tab, "target").setText("DEAL_1")
    task = tab.fire()
    assert task is not None
    await until(lambda: len(server.received) == 1, what="the request to arrive")
    (key,) = tab.inflight.keys()
    assert tab.inflight.isVisibleTo(tab)
    QTest.keyClicks(named(tab, "code"), "still-usable")  # the form stays usable meanwhile
    tab.inflight.cancel_button(key).click()
    # `until` gives up after 5 s, before the 8 s answer: the call stopped without it.
    await until(task.done, what="the call to stop")
    assert task.cancelled()
    assert shown_outcome(window).startswith("Cancelled")
    assert not tab.inflight.keys()


async def test_several_calls_in_flight(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    server.script(Answer(200, BITRIX_OK, delay=0.5), Answer(200, BITRIX_OK, delay=0.5))
    tab = await bitrix_tab(window, server)
    finished: list[CallRecord] = []
    window.callFinished.connect(finished.append)
    named(tab, "target").setText("DEAL_1")
    first = tab.fire()
    named(tab, "target").setText("DEAL_2")
    second = tab.fire()
    assert first is not None and second is not None
    assert len(tab.inflight.keys()) == 2
    await until(lambda: len(finished) == 2, what="both calls")
    assert sorted(r.json()["target"] for r in server.received) == ["DEAL_1", "DEAL_2"]


async def test_engine_refusal_lands_at_the_field(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    """A Wix payload that breaks the ReportEvent rules never leaves the window."""
    assert window.services is not None
    await add_wix_profile(window.services, server.base_url)
    tab = window.show_platform(Platform.WIX)
    await tab.reload_profiles()
    assert tab.select_call("wix.report-event")
    named(tab, "triggerKey").setText("form_submitted")
    form = tab.current_form()
    assert form is not None and form.payload_editor is not None
    form.payload_editor.set_text(json.dumps({"_private": {"nested": 1}}))
    assert tab.fire() is None
    problems = "\n".join(form.payload_editor.problems)
    assert "payload._private" in problems and "underscore" in problems
    assert server.received == []


async def test_auth_mismatch_is_shown_before_firing(
    window: MainWindow, server: ScriptedServer
) -> None:
    tab = await bitrix_tab(window, server)
    assert tab.select_call("bitrix24.trigger.list")  # needs oauth; the profile is a webhook
    assert "needs oauth" in tab.form_problem.text()
    assert tab.fire() is None
    assert server.received == []


async def test_at_1280x800_nothing_moves_on_fire_and_the_record_is_tall(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    from PySide6.QtCore import QPoint

    server.script(Answer(200, BITRIX_OK))
    window.show_sidebar(True)
    window.resize(1280, 800)
    tab = await bitrix_tab(window, server)
    named(tab, "target").setText("DEAL_57")
    await asyncio.sleep(0.05)  # not processEvents(): it would re-enter the loop
    watched = (tab.fire_button, named(tab, "target"), tab.call_picker, tab.profile_picker)

    def places() -> list[tuple[QPoint, int, int]]:
        return [(w.mapTo(window, QPoint(0, 0)), w.width(), w.height()) for w in watched]

    before, splitter = places(), window.main_splitter.sizes()
    assert tab.fire() is not None
    await until(lambda: shown_outcome(window) == "OK", what="the result")
    await asyncio.sleep(0.05)  # not processEvents(): it would re-enter the loop
    assert places() == before and window.main_splitter.sizes() == splitter
    # The request and the response each show at least 15 lines without any dragging.
    details = record_view(window).details
    for pane in (details.request_text, details.response_text):
        details.tabs.setCurrentWidget(pane)
        await asyncio.sleep(0.05)  # not processEvents(): it would re-enter the loop
        assert pane.viewport().height() // pane.fontMetrics().lineSpacing() >= 15
    # The form is never narrower than its fields.
    form = tab.current_form()
    assert form is not None
    fields = form.fields_scroll.widget()
    assert fields is not None and fields.width() >= fields.minimumSizeHint().width()


async def test_sidebar_form_and_record_fit_1024_px(window: MainWindow) -> None:
    window.show_sidebar(True)
    window.resize(1024, 700)
    window.show_platform(Platform.WIX).select_call("wix.run-trigger")  # the widest form
    await asyncio.sleep(0.05)  # not processEvents(): it would re-enter the loop
    assert window.minimumSizeHint().width() <= 1024
    assert window.width() <= 1024 and window.sidebar.isVisible()
