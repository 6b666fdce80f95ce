"""The history pane on the app's qasync loop (tests/ui/conftest.py runs async tests on
it): filtering, search, loading a record, diff and delete run in worker threads and
only then reach the widgets, so the event loop never waits for SQLite."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox

from tests.support.scripted_server import ScriptedServer
from tests.ui.history_fixtures import FiredHistory, make_history
from trigger_desk.store.history import HistoryFilter, HistoryStore
from trigger_desk.ui.history.pane import HistoryPane


class ThreadNotingStore(HistoryStore):
    """A real store that also notes which threads read pages and records."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.threads: set[int] = set()

    def page(self, *args, **kwargs):
        self.threads.add(threading.get_ident())
        return super().page(*args, **kwargs)

    def get(self, history_id: int):
        self.threads.add(threading.get_ident())
        return super().get(history_id)


@pytest.fixture
async def fired(tmp_path: Path, server: ScriptedServer) -> AsyncIterator[FiredHistory]:
    history = await make_history(tmp_path / "history.sqlite3", server)
    history.store.close()
    history.store = ThreadNotingStore(tmp_path / "history.sqlite3")
    yield history
    await asyncio.to_thread(history.store.close)


@pytest.fixture
async def pane(fired: FiredHistory) -> AsyncIterator[HistoryPane]:
    widget = HistoryPane(fired.store, poll_ms=0)
    widget.resize(1280, 760)
    widget.show()
    await widget.wait_idle()
    yield widget
    await widget.wait_idle()
    widget.close()
    widget.deleteLater()
    await asyncio.sleep(0)  # delete it on this loop, not in a later test's event processing


async def test_first_page_and_filters_load_off_the_gui_thread(
    pane: HistoryPane, fired: FiredHistory
) -> None:
    store = fired.store
    assert isinstance(store, ThreadNotingStore)
    assert pane.model.rowCount() == 7
    assert store.threads and threading.get_ident() not in store.threads

    bar = pane.filter_bar
    bar.platform.setCurrentIndex(bar.platform.findData("wix"))
    assert pane.model.rowCount() == 7  # the query is running in a thread, nothing changed yet
    await pane.wait_idle()
    assert sorted(pane.model.ids()) == sorted([fired.id("wix_event"), fired.id("wix_404")])
    assert threading.get_ident() not in store.threads


async def test_debounced_search_runs_on_the_loop(
    pane: HistoryPane, fired: FiredHistory, until
) -> None:
    pane.filter_bar.search.setText("Target is not found")
    await until(lambda: pane.model.ids() == [fired.id("hook_refused")], what="search result")
    pane.filter_bar.search.clear()
    await until(lambda: pane.model.rowCount() == 7, what="all rows back")


async def test_stale_search_answers_are_dropped(pane: HistoryPane, fired: FiredHistory) -> None:
    bar = pane.filter_bar
    for text in ("Bad", "Bad Gateway", "activationIds"):  # three queries in flight
        bar.search.setText(text)
        bar.apply_search_now()
    await pane.wait_idle()
    assert pane.model.filter == HistoryFilter(text="activationIds")
    assert pane.model.ids() == [fired.id("wix_event")]


async def test_selection_diff_and_delete_through_threads(
    pane: HistoryPane, fired: FiredHistory, until
) -> None:
    store = fired.store
    assert isinstance(store, ThreadNotingStore)
    pane.select_id(fired.id("hook_refused"))
    assert pane.details.record is None  # being read in a thread
    await pane.wait_idle()
    assert pane.details.outcome_text() == "Rejected"

    pane.commands.diff.trigger()
    await pane.wait_idle()
    assert pane.diff_dialog is not None and pane.diff_dialog.isVisible()
    assert any(
        line.left and "DEAL_57" in line.left for line in pane.diff_dialog.view.changed_lines()
    )
    pane.diff_dialog.close()

    pane.commands.delete.trigger()
    box = pane.confirmation
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    await until(lambda: fired.id("hook_refused") not in pane.model.ids(), what="row removed")
    assert await asyncio.to_thread(store.get, fired.id("hook_refused")) is None
    assert pane.details.record is None
    assert threading.get_ident() not in store.threads


async def test_pane_closed_while_a_query_runs_does_not_touch_dead_widgets(
    fired: FiredHistory,
) -> None:
    widget = HistoryPane(fired.store, poll_ms=0)
    tasks = set(widget.runner.pending)
    assert tasks  # the first page and the choices are being read
    widget.deleteLater()
    await asyncio.sleep(0)  # let Qt delete it
    await asyncio.gather(*tasks, return_exceptions=True)
    assert all(task.exception() is None for task in tasks)
    assert not shiboken6.isValid(widget)


async def test_poll_picks_up_calls_recorded_by_another_program(
    fired: FiredHistory,
    tmp_path: Path,
    until,
) -> None:
    widget = HistoryPane(fired.store, poll_ms=50)
    widget.show()
    await widget.wait_idle()
    other = HistoryStore(tmp_path / "history.sqlite3")  # e.g. `trigger-desk fire` in a terminal
    record = fired.records["wix_404"]
    copy = type(record).from_storage(record.to_storage())
    copy.history_id = None
    new_id = await asyncio.to_thread(other.add, copy)
    await until(lambda: widget.model.ids()[:1] == [new_id], what="polled row")
    assert widget.count_text() == "8 calls"
    await asyncio.to_thread(other.close)
    widget.set_poll_interval(0)
    await widget.wait_idle()
    widget.deleteLater()
    await asyncio.sleep(0)
    assert not shiboken6.isValid(widget)
