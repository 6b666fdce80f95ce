"""When and how the engine writes history: never blocking the event loop, in order,
and visible to other programs soon after each call, with no flush needed."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine
from trigger_desk.core.history_writer import WriteWouldWait
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, RequestRecord
from trigger_desk.store.history import HistoryStore


@pytest.fixture
def server(server: ScriptedServer) -> ScriptedServer:
    """The shared scripted server, answering `{"result": true}` when nothing is scripted."""
    server.default = Answer(200, {"result": True})
    return server


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


@pytest.fixture
def history(path: Path) -> Iterator[HistoryStore]:
    store = HistoryStore(path)
    yield store
    store.close()


@pytest.fixture
async def engine(history: HistoryStore) -> AsyncIterator[Engine]:
    async with httpx.AsyncClient() as client:
        engine = Engine(client, history=history)
        yield engine
        await engine.aclose()


def trigger(server: ScriptedServer, target: str = "DEAL_1") -> CallRequest:
    call = find_call("bitrix24.trigger")
    assert call is not None
    profile = Profile("hook", Platform.BITRIX24, AuthKind.WEBHOOK, {})
    secrets = {"webhook_url": f"{server.base_url}/rest/1/hooksecret42/"}
    return CallRequest(call, profile, secrets, {"target": target})


def in_flight_record() -> CallRecord:
    return CallRecord(
        call_id="bitrix24.trigger",
        platform="bitrix24",
        profile="hook",
        started_at="2026-11-23T10:00:00.000+00:00",
        request=RequestRecord("POST", "https://example.bitrix24.com/rest/1/****/x.json", {}, ""),
    )


def test_write_that_would_wait_for_another_program_raises_and_writes_nothing(
    history: HistoryStore, path: Path
) -> None:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        with pytest.raises(WriteWouldWait):
            history.begin(in_flight_record(), wait=False)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert history.count() == 0
    history.begin(in_flight_record(), wait=False)  # free again: written at once
    assert history.count() == 1


def test_write_that_would_wait_for_another_thread_raises(history: HistoryStore) -> None:
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with history.batch():
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(10)
        with pytest.raises(WriteWouldWait):
            history.add(in_flight_record(), wait=False)
    finally:
        release.set()
        thread.join()
    assert history.count() == 0


async def test_call_while_another_program_writes_history_never_freezes_the_loop(
    server: ScriptedServer, engine: Engine, history: HistoryStore, path: Path
) -> None:
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    longest_gap = 0.0

    async def tick() -> None:
        nonlocal longest_gap
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.01)
            now = time.monotonic()
            longest_gap, last = max(longest_gap, now - last), now

    ticker = asyncio.ensure_future(tick())
    call = asyncio.ensure_future(engine.fire(trigger(server)))
    try:
        while not server.received:  # noqa: ASYNC110 - polling another thread's list
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)  # the row's write waits for the other program meanwhile
    finally:
        other.execute("COMMIT")
        other.close()
    # A write that waited on the loop would have frozen it for the busy timeout (5 s).
    assert longest_gap < 1.0, f"the event loop stood still for {longest_gap:.1f} s"
    record = await call
    ticker.cancel()
    assert record.ok and record.history_id is not None
    await engine.flush()
    stored = history.get(record.history_id)
    assert stored is not None and stored.outcome is Outcome.OK


async def test_finished_call_reaches_other_readers_without_a_flush(
    server: ScriptedServer, engine: Engine, path: Path
) -> None:
    record = await engine.fire(trigger(server))
    assert record.history_id is not None
    reader = HistoryStore(path)  # as the window would, next to the CLI
    try:
        for _ in range(200):  # the completion follows within milliseconds
            stored = reader.get(record.history_id)
            if stored is not None and stored.outcome is Outcome.OK:
                break
            await asyncio.sleep(0.01)
        assert stored is not None and stored.outcome is Outcome.OK
    finally:
        reader.close()


async def test_rows_keep_the_order_calls_were_sent_in(
    server: ScriptedServer, engine: Engine, history: HistoryStore
) -> None:
    targets = [f"DEAL_{n}" for n in range(1, 31)]
    records = [await engine.fire(trigger(server, target)) for target in targets]
    await engine.flush()
    ids = [record.history_id for record in records if record.history_id is not None]
    assert len(ids) == len(records)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    stored = [history.get(history_id) for history_id in ids]
    assert [row.outcome for row in stored if row] == [Outcome.OK] * len(targets)
    assert [json.loads(row.request.body)["target"] for row in stored if row] == targets


async def test_call_whose_history_cannot_be_written_still_returns_its_answer(
    server: ScriptedServer, path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = HistoryStore(path)
    broken.close()  # every write now fails, as on a vanished or damaged file
    async with httpx.AsyncClient() as client:
        engine = Engine(client, history=broken)
        record = await engine.fire(trigger(server))
        await engine.aclose()
    assert record.ok and record.response is not None  # the answer is not lost
    assert record.history_id is None
    assert any("Could not be saved to history" in note for note in record.notes)
    assert "could not save call to history" in caplog.text
