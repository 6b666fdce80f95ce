"""The history pane with real widgets (pytest-qt, offscreen) over a real history of calls
fired by the real engine at a loopback server: details, actions, filter, delete."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.support.calls import call_request
from tests.support.scripted_server import Answer, ScriptedServer
from tests.ui.history_fixtures import (
    API_KEY,
    EXTERNAL_ID,
    HOOK_SECRET,
    WIX_REQUEST_ID,
    FiredHistory,
    make_history,
    webhook_profile,
)
from trigger_desk.core.engine import Engine
from trigger_desk.core.record import CallRecord
from trigger_desk.ui.history.diff_view import Change
from trigger_desk.ui.history.pane import HistoryPane
from trigger_desk.ui.shell.theme import fixed_font


@pytest.fixture
def fired(tmp_path: Path, server: ScriptedServer) -> Iterator[FiredHistory]:
    # A plain asyncio loop of its own: these tests are synchronous, and a qasync loop
    # left behind by an async fixture would get Qt timer events after it is gone.
    history = asyncio.run(make_history(tmp_path / "history.sqlite3", server))
    yield history
    history.store.close()


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture
def pane(qtbot: QtBot, fired: FiredHistory) -> HistoryPane:
    widget = HistoryPane(fired.store, poll_ms=0)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    return widget


def all_text(pane: HistoryPane) -> str:
    """Every piece of text the details show (labels, fields, text panes)."""
    parts = [
        label.text()
        for label in pane.findChildren(QWidget)
        if hasattr(label, "text") and isinstance(label.text(), str)
    ]
    parts += [edit.toPlainText() for edit in pane.findChildren(QPlainTextEdit)]
    return "\n".join(parts)


def test_details_show_request_response_timing_and_diagnosis(
    pane: HistoryPane, fired: FiredHistory
) -> None:
    assert pane.select_id(fired.id("hook_refused"))
    details = pane.details
    assert details.record is not None and details.record.history_id == fired.id("hook_refused")
    assert details.outcome_text() == "Rejected"
    diagnosis = details.diagnosis_text()
    assert "found nothing for 'target'" in diagnosis["cause"]
    assert "LEAD, DEAL" in diagnosis["next"]
    assert diagnosis["error"] == "Target is not found"

    request = details.request_text.toPlainText()
    assert request.startswith("POST http://127.0.0.1:")
    assert "/rest/7/****/crm.automation.trigger.json" in request
    assert '  "target": "DEAL_58",' in request  # pretty JSON
    response = details.response_text.toPlainText()
    assert response.startswith("HTTP 400 · 238 bytes")
    assert '"error_description": "Target is not found"' in response
    assert details.request_text.font().family() == fixed_font().family()

    timings = details.waterfall.timings()
    assert timings["total"] > 0 and timings["connect"] >= 0
    bars = details.waterfall.bars()
    assert [phase for phase, *_ in bars] == ["connect", "tls", "send", "wait", "receive"]
    starts = [start for _, start, _, _ in bars]
    assert starts == sorted(starts) and all(0 <= s <= 1 for s in starts)
    assert "; total " in details.waterfall.accessibleDescription()

    # Bitrix24 sends no request id of its own (its time block is timing, not an id):
    # support matches the X-Request-ID we sent; Copy puts it on the clipboard.
    record = details.record
    assert details._request_id_label.text() == "X-Request-ID (sent):"
    assert (
        details._request_id.text() == record.request_id
        and "duration" not in record.platform_request_id
    )
    details.copy_request_id.click()
    assert QGuiApplication.clipboard().text() == record.request_id
    assert HOOK_SECRET not in all_text(pane)


def test_wix_details_show_request_id_and_no_api_key(pane: HistoryPane, fired: FiredHistory) -> None:
    pane.select_id(fired.id("wix_event"))
    assert pane.details.outcome_text() == "OK"
    assert pane.details._request_id.text() == WIX_REQUEST_ID
    assert "Authorization: ****" in pane.details.request_text.toPlainText()
    assert API_KEY not in all_text(pane)


def test_interrupted_and_dropped_calls_explain_themselves(
    pane: HistoryPane, fired: FiredHistory
) -> None:
    pane.select_id(fired.id("interrupted"))
    assert pane.details.outcome_text() == "No answer recorded"
    assert "program stopped" in pane.details.diagnosis_text()["cause"]
    assert "No response was received." in pane.details.response_text.toPlainText()
    assert pane.details.waterfall.timings() == {}
    pane.select_id(fired.id("dropped"))
    assert pane.details.outcome_text() == "Network error"
    assert "dropped" in pane.details.diagnosis_text()["cause"]
    # The waterfall says where the call stopped instead of drawing zeros.
    said = pane.details.waterfall.accessibleDescription()
    assert "Wait " in said and "did not complete" in said and "Receive not reached" in said
    assert "Connect 0.00 ms" not in said


def test_copy_as_curl_uses_placeholders_never_secrets(
    pane: HistoryPane, fired: FiredHistory
) -> None:
    pane.select_id(fired.id("hook_refused"))
    pane.commands.curl.trigger()
    command = QGuiApplication.clipboard().text()
    assert command.startswith("curl -X POST")
    assert '/rest/7/"$TRIGGER_DESK_WEBHOOK_SECRET"/crm.automation.trigger.json' in command
    assert HOOK_SECRET not in command and "****" not in command
    assert "TRIGGER_DESK_WEBHOOK_SECRET" in pane.notice()

    pane.select_id(fired.id("wix_event"))
    pane.commands.curl.trigger()
    command = QGuiApplication.clipboard().text()
    assert "'Authorization: '\"$TRIGGER_DESK_API_KEY\"" in command
    assert API_KEY not in command and "wix-site-id: 9a3e1f52-site" in command


def test_diff_with_last_success_marks_the_changed_field(
    pane: HistoryPane, fired: FiredHistory
) -> None:
    pane.select_id(fired.id("hook_refused"))
    pane.commands.diff.trigger()
    dialog = pane.diff_dialog
    assert dialog is not None and dialog.isVisible()
    view = dialog.view
    changed = view.changed_lines()
    target = [line for line in changed if line.left and '"target"' in line.left]
    assert len(target) == 1 and target[0].change is Change.CHANGED
    assert '"DEAL_57"' in target[0].left and '"DEAL_58"' in str(target[0].right)  # type: ignore[operator]
    assert any(line.right and "HTTP 400" in line.right for line in changed)
    assert not any(line.left and "X-Request-ID" in line.left for line in view.lines())
    assert "1 line differs in the request" in view.summary()
    # Changed lines carry a visible marker, not only a colour.
    left_text = view.left.toPlainText().splitlines()
    assert any(line.startswith('~   "target": "DEAL_57"') for line in left_text)
    assert len(view.left.extraSelections()) == len(changed)
    assert len(left_text) == len(view.right.toPlainText().splitlines())  # aligned


def test_diff_without_an_earlier_success_says_so(pane: HistoryPane, fired: FiredHistory) -> None:
    pane.select_id(fired.id("hook_ok"))  # the first call: nothing older to compare with
    pane.commands.diff.trigger()
    assert pane.diff_dialog is None
    assert "no earlier successful Fire webhook trigger call" in pane.notice()


def test_signals_carry_the_selected_record(
    qtbot: QtBot, pane: HistoryPane, fired: FiredHistory
) -> None:
    pane.select_id(fired.id("wix_404"))
    for action, signal in (
        (pane.commands.rerun, pane.rerunRequested),
        (pane.commands.load, pane.loadRequested),
        (pane.commands.preset, pane.savePresetRequested),
    ):
        with qtbot.waitSignal(signal, timeout=1000) as blocker:
            action.trigger()
        [record] = blocker.args
        assert isinstance(record, CallRecord) and record.history_id == fired.id("wix_404")
    assert not pane.commands.cancel_event.isVisible()


def test_cancel_this_event_for_a_wix_report_with_external_id(
    qtbot: QtBot, pane: HistoryPane, fired: FiredHistory
) -> None:
    pane.select_id(fired.id("wix_event"))
    assert pane.commands.cancel_event.isVisible() and pane.commands.cancel_event.isEnabled()
    with qtbot.waitSignal(pane.cancelEventRequested, timeout=1000) as blocker:
        pane.commands.cancel_event.trigger()
    assert blocker.args == [
        "wix.cancel-event",
        {"triggerKey": "form_submitted", "externalEntityId": EXTERNAL_ID},
        "wix-site",
    ]


def test_actions_need_a_selection(pane: HistoryPane, fired: FiredHistory) -> None:
    assert not pane.commands.rerun.isEnabled() and not pane.commands.delete.isEnabled()
    pane.select_id(fired.id("hook_ok"))
    assert pane.commands.rerun.isEnabled() and pane.commands.delete.isEnabled()
    pane.table.clearSelection()
    assert pane.selected_record() is None and not pane.commands.curl.isEnabled()


def select_rows(pane: HistoryPane, ids: list[int]) -> None:
    selection = pane.table.selectionModel()
    selection.clearSelection()
    for history_id in ids:
        row = pane.model.row_of_id(history_id)
        assert row is not None
        selection.select(
            pane.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_delete_asks_then_removes_selected_rows(
    qtbot: QtBot, pane: HistoryPane, fired: FiredHistory
) -> None:
    doomed = [fired.id("dropped"), fired.id("html_502")]
    select_rows(pane, doomed)
    assert pane.selected_ids() == sorted(doomed, reverse=True)
    assert pane.selected_record() is None  # two rows: no single record, delete still on
    pane.commands.delete.trigger()
    box = pane.confirmation
    assert box is not None and "these 2 calls" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert fired.store.count() == 7 and pane.model.rowCount() == 7

    select_rows(pane, doomed)
    pane.commands.delete.trigger()
    box = pane.confirmation
    assert box is not None
    yes = box.button(QMessageBox.StandardButton.Yes)
    assert yes.text() == "Delete"
    yes.click()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 5, timeout=2000)
    assert fired.store.count() == 5
    assert not set(doomed) & set(pane.model.ids())
    assert fired.store.get(doomed[0]) is None
    assert pane.notice() == "Deleted 2 calls."


def test_filter_bar_offers_stored_values_and_filters(
    qtbot: QtBot, pane: HistoryPane, fired: FiredHistory
) -> None:
    bar = pane.filter_bar
    assert [bar.platform.itemText(i) for i in range(bar.platform.count())] == [
        "All platforms",
        "Bitrix24",
        "Wix",
    ]
    assert {bar.call.itemText(i) for i in range(1, bar.call.count())} == {
        "Fire webhook trigger",
        "Report event",
        "Run custom trigger",
    }
    assert [bar.profile.itemText(i) for i in range(1, bar.profile.count())] == [
        "portal-hook",
        "wix-site",
    ]

    bar.platform.setCurrentIndex(bar.platform.findData("wix"))
    assert sorted(pane.model.ids()) == sorted([fired.id("wix_event"), fired.id("wix_404")])
    assert pane.count_text() == "2 calls"
    bar.outcome.setCurrentIndex(bar.outcome.findData("rejected"))
    assert pane.model.ids() == [fired.id("wix_404")]
    bar.platform.setCurrentIndex(0)
    bar.outcome.setCurrentIndex(0)
    assert pane.model.rowCount() == 7

    # Search waits for a pause in typing, then searches bodies.
    qtbot.keyClicks(bar.search, "Bad Gateway")
    assert pane.model.rowCount() == 7  # not yet: debounced
    qtbot.waitUntil(lambda: pane.model.ids() == [fired.id("html_502")], timeout=2000)


def test_selection_survives_a_filter_that_keeps_the_row(
    pane: HistoryPane, fired: FiredHistory
) -> None:
    pane.select_id(fired.id("wix_404"))
    pane.filter_bar.platform.setCurrentIndex(pane.filter_bar.platform.findData("wix"))
    assert pane.selected_ids() == [fired.id("wix_404")]
    assert pane.details.record is not None
    pane.filter_bar.platform.setCurrentIndex(pane.filter_bar.platform.findData("bitrix24"))
    assert pane.selected_record() is None and pane.details.record is None


def test_retention_prunes_and_reloads(qtbot: QtBot, pane: HistoryPane, fired: FiredHistory) -> None:
    with qtbot.waitSignal(pane.retentionApplied, timeout=2000) as blocker:
        pane.apply_retention(3, None)
    assert blocker.args == [3, None]
    assert fired.store.count() == 3 and pane.model.rowCount() == 3
    assert "removed 4 older calls" in pane.notice()
    assert pane.retention.retention() == (3, None)


async def test_new_call_fired_by_the_engine_appears_live(
    qtbot: QtBot, pane: HistoryPane, fired: FiredHistory, server: ScriptedServer
) -> None:
    hook, secrets = webhook_profile(server)
    server.script(Answer(200, {"result": True}))
    async with httpx.AsyncClient() as client:
        engine = Engine(client, history=fired.store)
        record = await engine.fire(
            call_request("bitrix24.trigger", hook, secrets, {"target": "DEAL_99"})
        )
        pane.add_record(record)  # before the writer thread has completed the row
        assert pane.model.ids()[0] == record.history_id
        outcome = pane.model.index(0, pane.model.COL_OUTCOME)  # an icon in the sidebar
        assert pane.model.data(outcome, Qt.ItemDataRole.AccessibleTextRole) == "OK"
        assert str(pane.model.data(outcome, Qt.ItemDataRole.ToolTipRole)).startswith("OK")
        pane.select_id(record.history_id)
        assert pane.details.outcome_text() == "OK"
        assert "DEAL_99" in pane.details.request_text.toPlainText()
        await engine.aclose()
    assert pane.count_text() == "8 calls"


def test_every_control_has_an_accessible_name(pane: HistoryPane, fired: FiredHistory) -> None:
    pane.select_id(fired.id("wix_event"))
    controls = (
        QAbstractButton,
        QComboBox,
        QLineEdit,
        QAbstractItemView,
        QPlainTextEdit,
        QAbstractSpinBox,
        QTabWidget,
    )
    unnamed = [
        f"{type(widget).__name__} {widget.objectName()!r}"
        for widget in pane.findChildren(QWidget)
        if isinstance(widget, controls)
        and widget.isVisibleTo(pane)
        and not widget.objectName().startswith("qt_")  # Qt's own parts of a composite
        and not isinstance(widget.parent(), QComboBox | QAbstractSpinBox)
        and type(widget).__name__ != "QTableCornerButton"
        and not widget.accessibleName()
    ]
    assert unnamed == []
    assert pane.table.horizontalHeader().sectionResizeMode(0) is not None
    assert pane.table.selectionBehavior() is QAbstractItemView.SelectionBehavior.SelectRows
    assert pane.details.request_text.isReadOnly()
    assert Qt.ItemDataRole.DecorationRole  # outcome icons come from the model (see model tests)
