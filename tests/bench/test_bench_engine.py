"""Per-call overhead of the engine against a bare httpx call, same server, same run.

Run with: TRIGGER_DESK_BENCH=1 uv run pytest tests/bench -s
Prints the median per-call time of each and their ratio (target <= 1.15).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import httpx

from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.store.history import HistoryStore

CALLS = 200


async def test_engine_overhead_against_bare_httpx(tmp_path: Path) -> None:
    server = ScriptedServer(
        default=Answer(200, {"result": True, "time": {"duration": 0.01}})
    ).start()
    call = find_call("bitrix24.trigger")
    assert call is not None
    profile = Profile("bench", Platform.BITRIX24, AuthKind.WEBHOOK, {})
    secrets = {"webhook_url": f"{server.base_url}/rest/1/benchsecret/"}
    url = f"{server.base_url}/rest/1/benchsecret/crm.automation.trigger.json"
    history = HistoryStore(tmp_path / "history.sqlite3")
    try:
        async with httpx.AsyncClient() as client:
            engine = Engine(client, history=history)
            request = CallRequest(call, profile, secrets, {"target": "DEAL_1", "code": "abc"})
            bare: list[float] = []
            ours: list[float] = []
            for _ in range(20):  # warm up both paths (connection pool, imports, SQLite)
                await client.post(url, json={"target": "DEAL_1"})
                await engine.fire(request)
            for _ in range(CALLS):  # interleaved so drift affects both alike
                start = time.perf_counter()
                response = await client.post(
                    url,
                    json={"target": "DEAL_1", "code": "abc"},
                    headers={"Accept": "application/json"},
                )
                response.json()
                bare.append(time.perf_counter() - start)
                start = time.perf_counter()
                record = await engine.fire(request)
                ours.append(time.perf_counter() - start)
                assert record.ok
            await engine.aclose()
            assert history.count() == CALLS + 20  # every call reached history
    finally:
        history.close()
        server.stop()
    ratio = statistics.median(ours) / statistics.median(bare)
    print(
        f"\nengine per-call median {statistics.median(ours) * 1000:.3f} ms, bare httpx "
        f"{statistics.median(bare) * 1000:.3f} ms, ratio {ratio:.3f} (target <= 1.15)"
    )
