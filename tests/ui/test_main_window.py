"""The main window against a real loopback server: fill, fire, see; refuse; cancel."""

from __future__ import annotations

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
    assert tab.result.outcome_text == "OK"
    assert tab.result.status.text() == "HTTP 200"
    assert tab.result.timings["total"].text() != "—"
    assert '"result": true' in tab.result.body.toPlainText()
    assert tab.details.currentWidget() is tab.result
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
    await until(lambda: tab.result.outcome_text == "OK", what="the result")


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
    await until(lambda: tab.result.outcome_text == "OK", what="the result")


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
    assert tab.result.outcome_text == "Cancelled"
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
