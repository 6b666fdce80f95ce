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
from trigger_desk.core.engine import CallRequest, Engine, EngineSettings
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


class LoopWatch:
    """The longest the event loop stood still while it ran (ticks every 10 ms)."""

    def __init__(self) -> None:
        self.longest_gap = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.01)
            now = time.monotonic()
            self.longest_gap, last = max(self.longest_gap, now - last), now

    def __enter__(self) -> LoopWatch:
        self._task = asyncio.ensure_future(self._tick())
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._task is not None
        self._task.cancel()


def lock_history(path: Path) -> sqlite3.Connection:
    """Another program's open write transaction on the history."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


async def test_call_waits_unsent_while_another_program_writes_history(
    server: ScriptedServer, engine: Engine, history: HistoryStore, path: Path
) -> None:
    other = lock_history(path)
    with LoopWatch() as watch:
        call = asyncio.ensure_future(engine.fire(trigger(server)))
        try:
            await asyncio.sleep(0.5)  # the row's write waits for the other program meanwhile
            assert not call.done()
            assert server.received == []  # not sent before its row is committed
        finally:
            other.execute("COMMIT")
            other.close()
        record = await call
    # A write that waited on the loop would have frozen it for the wait (5 s).
    assert watch.longest_gap < 1.0, f"the event loop stood still for {watch.longest_gap:.1f} s"
    assert record.ok and record.history_id is not None and len(server.received) == 1
    await engine.flush()
    stored = history.get(record.history_id)
    assert stored is not None and stored.outcome is Outcome.OK


async def test_call_is_refused_unsent_when_history_stays_locked(
    server: ScriptedServer, history: HistoryStore, path: Path
) -> None:
    other = lock_history(path)
    try:
        async with httpx.AsyncClient() as client:
            engine = Engine(client, history=history, settings=EngineSettings(history_wait=0.4))
            with LoopWatch() as watch:
                records = await asyncio.gather(*(engine.fire(trigger(server)) for _ in range(3)))
            await engine.aclose()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert server.received == []  # never both send and forget
    assert watch.longest_gap < 0.3, f"the event loop stood still for {watch.longest_gap:.1f} s"
    for record in records:
        assert record.outcome is Outcome.INVALID_INPUT and record.outcome.exit_code == 2
        assert record.history_id is None and record.response is None
        diagnosis = record.diagnosis
        assert diagnosis is not None and diagnosis.error_code == "history_busy"
        assert str(path) in diagnosis.cause and "nothing was sent" in diagnosis.cause
        assert "other program" in diagnosis.next_step
    assert history.count() == 0
    record = await fire_once(server, history)  # free again: sent and recorded
    assert record.ok and record.history_id is not None


async def fire_once(server: ScriptedServer, history: HistoryStore) -> CallRecord:
    async with httpx.AsyncClient() as client:
        engine = Engine(client, history=history)
        try:
            return await engine.fire(trigger(server))
        finally:
            await engine.aclose()


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


async def test_call_whose_history_cannot_be_written_is_not_sent(
    server: ScriptedServer, path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = HistoryStore(path)
    broken.close()  # every write now fails, as on a vanished or damaged file
    async with httpx.AsyncClient() as client:
        engine = Engine(client, history=broken)
        record = await engine.fire(trigger(server))
        await engine.aclose()
    assert server.received == []  # a call that cannot be recorded is not sent
    assert record.outcome is Outcome.INVALID_INPUT and record.history_id is None
    assert record.diagnosis is not None
    assert record.diagnosis.error_code == "history_unavailable"
    assert "the history store is closed" in record.diagnosis.cause
    assert "its history row could not be written" in caplog.text


async def test_before_send_runs_once_after_the_row_is_committed_and_before_the_wire(
    server: ScriptedServer, history: HistoryStore, path: Path
) -> None:
    server.script(
        Answer(503, {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}),
        Answer(200, {"result": True}),
    )
    seen: list[tuple[int | None, int, str | None]] = []
    reader = HistoryStore(path)  # another program's view, as a bulk journal reader

    async def journal(record: CallRecord) -> None:
        assert record.history_id is not None
        row = reader.row(record.history_id)  # committed: visible to another connection
        seen.append((record.history_id, len(server.received), row.state.value if row else None))
        assert "hooksecret42" not in record.request.url  # masked before it is journalled

    request = trigger(server)
    request.before_send = journal
    settings = EngineSettings(backoff_base=0.01, max_backoff=0.05)
    try:
        async with httpx.AsyncClient() as client:
            engine = Engine(client, history=history, settings=settings)
            record = await engine.fire(request)
            await engine.aclose()
    finally:
        reader.close()
    assert record.ok and record.attempts == 2 and len(server.received) == 2
    assert seen == [(record.history_id, 0, "in_flight")]  # once, before anything was sent


async def test_before_send_that_fails_sends_nothing_and_its_error_propagates(
    server: ScriptedServer, history: HistoryStore
) -> None:
    class JournalLocked(Exception):
        pass

    async def journal(record: CallRecord) -> None:
        raise JournalLocked("the run's journal could not be written")

    request = trigger(server)
    request.before_send = journal
    async with httpx.AsyncClient() as client:
        engine = Engine(client, history=history)
        with pytest.raises(JournalLocked):
            await engine.fire(request)
        await engine.aclose()
    assert server.received == []
    (row,) = history.page()
    stored = history.get(row.id)
    assert stored is not None and stored.outcome is Outcome.INVALID_INPUT  # kept as not sent
    assert stored.diagnosis is not None and "Not sent" in stored.diagnosis.cause


async def test_call_cancelled_while_its_row_waits_is_never_sent_and_says_so(
    server: ScriptedServer, engine: Engine, history: HistoryStore, path: Path
) -> None:
    other = lock_history(path)
    call = asyncio.ensure_future(engine.fire(trigger(server)))
    try:
        await asyncio.sleep(0.3)  # its row is waiting for the other program
        call.cancel()
        await asyncio.sleep(0.1)
    finally:
        other.execute("COMMIT")
        other.close()
    with pytest.raises(asyncio.CancelledError):
        await call
    await engine.flush()
    assert server.received == []
    (row,) = history.page()
    stored = history.get(row.id)
    assert stored is not None and stored.outcome is None
    assert "Cancelled by the user before it was sent: it was never sent." in stored.notes
