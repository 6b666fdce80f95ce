"""The window refuses a call it cannot record, and its result view says why."""

from __future__ import annotations

import sqlite3

from PySide6.QtTest import QTest

from tests.support.scripted_server import Answer, ScriptedServer
from tests.ui.conftest import Until
from tests.ui.test_main_window import BITRIX_OK, bitrix_tab, named
from trigger_desk.core.record import CallRecord
from trigger_desk.ui.shell.main_window import MainWindow


async def test_history_locked_by_another_program_refuses_the_call_and_says_why(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    assert window.services is not None
    window.services.engine.settings.history_wait = 0.5
    path = window.services.history.path
    tab = await bitrix_tab(window, server)
    finished: list[CallRecord] = []
    window.callFinished.connect(finished.append)
    QTest.keyClicks(named(tab, "target"), "DEAL_57")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program's open write transaction
    try:
        task = tab.fire()
        assert task is not None
        await until(lambda: finished, what="the call to be refused")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert server.received == []  # nothing was sent
    assert window.workbench is not None
    view = window.workbench.history.record_view  # the record view beside the form
    assert view.details.outcome_text() == "Invalid input"
    rows = view.details.diagnosis_text()
    hint = f"{rows['cause']} {rows['next']}"
    assert str(path) in hint and "locked" in hint and "nothing was sent" in hint
    assert view.details.error_heading() == "Not sent:"
    assert rows["error"].startswith("history_busy")
    assert window.record_tabs.currentWidget() is view

    server.script(Answer(200, BITRIX_OK))  # free again: sent and recorded
    assert tab.fire() is not None
    await until(lambda: len(finished) == 2, what="the second call")
    assert finished[1].ok and finished[1].history_id is not None and len(server.received) == 1
