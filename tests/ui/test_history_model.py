"""The history table model with no widget at all (as vorta tests its archive model):
real calls fired at a loopback server, recorded in a real SQLite history."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication

from tests.support.scripted_server import ScriptedServer
from tests.ui.history_fixtures import FiredHistory, make_history
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord
from trigger_desk.store.history import HistoryFilter, HistoryStore, RowState
from trigger_desk.ui.history.model import HistoryTableModel

M = HistoryTableModel
DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def fired(tmp_path: Path, server: ScriptedServer) -> Iterator[FiredHistory]:
    # A plain asyncio loop of its own: these tests are synchronous, and a qasync loop
    # left behind by an async fixture would get Qt timer events after it is gone.
    history = asyncio.run(make_history(tmp_path / "history.sqlite3", server))
    yield history
    history.store.close()


def cell(model: HistoryTableModel, row: int, column: int, role: int = DISPLAY) -> object:
    return model.data(model.index(row, column), role)


def copy_of(record: CallRecord) -> CallRecord:
    twin = CallRecord.from_storage(record.to_storage())
    twin.history_id = None
    return twin


def test_columns_show_each_call_newest_first(qapp: QApplication, fired: FiredHistory) -> None:
    model = M(fired.store)
    model.set_filter(HistoryFilter())
    assert model.rowCount() == 7 and model.columnCount() == 8
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)] == [
        "Time",
        "Outcome",
        "Call",
        "Item",
        "Profile",
        "Platform",
        "Status",
        "Total ms",
    ]
    ids = [cell(model, r, 0, M.IdRole) for r in range(7)]
    assert ids == sorted((i for i in ids if isinstance(i, int)), reverse=True)

    refused = model.row_of_id(fired.id("hook_refused"))
    assert refused is not None
    assert cell(model, refused, M.COL_PLATFORM) == "Bitrix24"
    assert cell(model, refused, M.COL_CALL) == "Fire webhook trigger"
    assert cell(model, refused, M.COL_ITEM) == "DEAL_58"  # what the call acted on
    assert cell(model, refused, M.COL_PROFILE) == "portal-hook"
    assert cell(model, refused, M.COL_STATUS) == "400"
    assert cell(model, refused, M.COL_OUTCOME) == "Rejected"
    assert float(str(cell(model, refused, M.COL_TOTAL)).replace(",", "")) > 0
    time_text = str(cell(model, refused, M.COL_TIME))
    # Fired just now: today's calls show the local time only (the full date is in the tooltip).
    assert len(time_text) == 8 and time_text[2] == ":" and time_text[5] == ":"
    assert "T" in str(cell(model, refused, M.COL_TIME, Qt.ItemDataRole.ToolTipRole))
    # Outcome is a word and an icon, with a readable (palette-dependent) colour.
    icon = cell(model, refused, M.COL_OUTCOME, Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    assert isinstance(cell(model, refused, M.COL_OUTCOME, Qt.ItemDataRole.ForegroundRole), QColor)
    assert "target" in str(cell(model, refused, M.COL_OUTCOME, Qt.ItemDataRole.ToolTipRole))
    assert cell(model, refused, M.COL_STATUS, Qt.ItemDataRole.TextAlignmentRole) is not None

    wix = model.row_of_id(fired.id("wix_event"))
    assert wix is not None and cell(model, wix, M.COL_PLATFORM) == "Wix"
    assert (
        cell(model, wix, M.COL_CALL) == "Report event" and cell(model, wix, M.COL_OUTCOME) == "OK"
    )
    assert cell(model, wix, M.COL_ITEM) == "form_submitted"
    not_found = model.row_of_id(fired.id("wix_404"))
    assert not_found is not None
    assert cell(model, not_found, M.COL_ITEM) == "a0f95461-4fea-4971-b2d8-86128ae3e6e9"

    dropped = model.row_of_id(fired.id("dropped"))
    assert dropped is not None
    assert cell(model, dropped, M.COL_STATUS) == "—"
    assert cell(model, dropped, M.COL_OUTCOME) == "Network error"


def test_interrupted_row_says_no_answer_recorded(qapp: QApplication, fired: FiredHistory) -> None:
    model = M(fired.store)
    model.set_filter(HistoryFilter())
    row = model.row_of_id(fired.id("interrupted"))
    assert row is not None
    assert cell(model, row, M.COL_OUTCOME) == "No answer recorded"
    assert cell(model, row, M.COL_STATUS) == "—" and cell(model, row, M.COL_TOTAL) == "—"
    line = cell(model, row, 0, M.RowRole)
    assert line is not None and line.state is RowState.INTERRUPTED  # type: ignore[attr-defined]
    assert "No answer was recorded" in str(
        cell(model, row, M.COL_OUTCOME, Qt.ItemDataRole.ToolTipRole)
    )


def test_pages_with_fetch_more_never_loading_everything(
    qapp: QApplication, fired: FiredHistory
) -> None:
    store = fired.store
    with store.batch():
        for _ in range(13):
            store.add(copy_of(fired.records["hook_ok"]))
    total = store.count()
    assert total == 20
    model = M(store, page_size=6)
    model.set_filter(HistoryFilter())
    assert model.rowCount() == 6 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 12
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 20
    model.fetchMore(QModelIndex())  # a short page told it there is no more
    assert not model.canFetchMore(QModelIndex()) and model.rowCount() == 20
    ids = model.ids()
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 20


def test_filter_resets_to_matching_rows(qapp: QApplication, fired: FiredHistory) -> None:
    model = M(fired.store)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_filter(HistoryFilter(platform="wix"))
    assert resets and model.rowCount() == 2
    assert {cell(model, r, M.COL_PLATFORM) for r in range(2)} == {"Wix"}
    model.set_filter(HistoryFilter(outcome=Outcome.REJECTED))
    assert sorted(model.ids()) == sorted([fired.id("wix_404"), fired.id("hook_refused")])
    model.set_filter(HistoryFilter(profile="portal-hook", outcome=Outcome.OK))
    assert model.ids() == [fired.id("hook_ok")]
    # Full-text search reaches into response bodies.
    model.set_filter(HistoryFilter(text="Bad Gateway"))
    assert model.ids() == [fired.id("html_502")]
    model.set_filter(HistoryFilter(text="activationIds"))
    assert model.ids() == [fired.id("wix_event")]


async def test_live_prepend_inserts_new_call_at_top(
    qapp: QApplication, tmp_path: Path, server: ScriptedServer
) -> None:
    history = await make_history(tmp_path / "h.sqlite3", server)
    model = M(history.store)
    model.set_filter(HistoryFilter())
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))

    new = copy_of(history.records["wix_event"])
    history.store.add(new)  # as the engine would have (begin + complete)
    assert model.prepend_record(new) is True
    assert inserted == [(0, 0)] and model.ids()[0] == new.history_id
    assert cell(model, 0, M.COL_OUTCOME) == "OK"
    # The same record again (e.g. refresh after prepend) does not duplicate it.
    model.refresh()
    assert model.ids().count(new.history_id) == 1 and model.rowCount() == 8

    # A call that does not match the filter is not shown.
    model.set_filter(HistoryFilter(platform="bitrix24"))
    other = copy_of(history.records["wix_404"])
    history.store.add(other)
    assert model.prepend_record(other) is True
    assert other.history_id not in model.ids()

    # With a text search only the store can tell: prepend declines, refresh decides.
    model.set_filter(HistoryFilter(text="DEAL_57"))
    again = copy_of(history.records["hook_ok"])
    history.store.add(again)
    assert model.prepend_record(again) is False
    model.refresh()
    assert model.ids()[0] == again.history_id
    history.store.close()


async def test_refresh_picks_up_rows_written_elsewhere_and_in_flight_updates(
    qapp: QApplication, tmp_path: Path, server: ScriptedServer
) -> None:
    history = await make_history(tmp_path / "h.sqlite3", server)
    model = M(history.store)
    model.set_filter(HistoryFilter())
    # Another program (the CLI) begins a call on the same file: it is in flight.
    other = HistoryStore(tmp_path / "h.sqlite3")
    pending = copy_of(history.records["hook_ok"])
    pending.diagnosis, pending.response = None, None
    other.begin(pending)
    model.refresh()
    assert model.ids()[0] == pending.history_id
    assert cell(model, 0, M.COL_OUTCOME) == "In flight"
    # ...and completes it: the next refresh updates the row in place.
    finished = copy_of(history.records["hook_ok"])
    finished.history_id = pending.history_id
    other.complete(finished)
    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last, _roles: changed.append(first.row()))
    model.refresh()
    assert changed == [0] and cell(model, 0, M.COL_OUTCOME) == "OK"
    assert model.rowCount() == 8
    other.close()
    history.store.close()


def test_more_new_rows_than_a_page_replaces_the_table(
    qapp: QApplication, fired: FiredHistory
) -> None:
    model = M(fired.store, page_size=5)
    model.set_filter(HistoryFilter())
    with fired.store.batch():
        new_ids = [fired.store.add(copy_of(fired.records["hook_ok"])) for _ in range(12)]
    model.refresh()
    # No gap: the top page is the newest rows, and paging continues below them.
    assert model.ids() == sorted(new_ids, reverse=True)[:5]
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 19


def test_remove_ids_and_empty_store(qapp: QApplication, fired: FiredHistory) -> None:
    model = M(fired.store)
    model.set_filter(HistoryFilter())
    gone = [fired.id("dropped"), fired.id("html_502")]
    assert fired.store.delete(gone) == 2
    model.remove_ids(gone)
    assert model.rowCount() == 5 and not set(gone) & set(model.ids())
    bare = M(None)
    assert bare.rowCount() == 0 and not bare.canFetchMore(QModelIndex())
    assert bare.data(bare.index(0, 0)) is None


def test_unknown_call_and_platform_show_as_stored(qapp: QApplication, fired: FiredHistory) -> None:
    record = copy_of(fired.records["hook_ok"])
    record.call_id, record.platform = "future.call", "future"
    fired.store.add(record)
    model = M(fired.store)
    model.set_filter(HistoryFilter())
    assert (
        cell(model, 0, M.COL_CALL) == "future.call" and cell(model, 0, M.COL_PLATFORM) == "future"
    )
