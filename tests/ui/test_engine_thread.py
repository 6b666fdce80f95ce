"""The app's engine runs on its own thread: results and cancellation cross over."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import httpx
import pytest

from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.validation import InvalidInput
from trigger_desk.services.engine_thread import EngineThread
from trigger_desk.store.history import HistoryStore


def _request(server: ScriptedServer, values: dict[str, str]) -> CallRequest:
    call = find_call("bitrix24.trigger")
    assert call is not None
    profile = Profile("hook", Platform.BITRIX24, AuthKind.WEBHOOK, {})
    return CallRequest(
        call, profile, {"webhook_url": f"{server.base_url}/rest/1/thr3adsecret/"}, values
    )


async def test_calls_run_on_the_engine_thread_and_history_is_flushed_on_close(
    server: ScriptedServer, tmp_path: Path
) -> None:
    history = HistoryStore(tmp_path / "history.sqlite3")
    threads: list[str] = []
    clients: list[httpx.AsyncClient] = []

    def make_engine() -> Engine:
        threads.append(threading.current_thread().name)
        clients.append(httpx.AsyncClient())
        return Engine(clients[0], history=history)

    engine = EngineThread(make_engine, closers=[lambda: clients[0].aclose()]).start()
    try:
        server.script(Answer(200, {"result": True}))
        record = await engine.fire(_request(server, {"target": "DEAL_5"}))
        assert record.outcome is Outcome.OK
        assert threads == ["trigger-desk-engine"]
        with pytest.raises(InvalidInput):  # bad input still raises, across the thread
            await engine.fire(_request(server, {"target": "nope"}))
        server.script(Answer(200, {"result": True}, delay=2.0))
        task = asyncio.ensure_future(engine.fire(_request(server, {"target": "DEAL_6"})))
        while len(server.received) < 2:  # noqa: ASYNC110 - another thread's list
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    finally:
        await engine.aclose()
    assert record.history_id is not None
    assert history.get(record.history_id).outcome is Outcome.OK
    [cancelled] = [row for row in history.page(None, 0, 10) if row.id != record.history_id]
    assert any("Cancelled" in note for note in history.get(cancelled.id).notes)
    assert clients[0].is_closed
    history.close()
