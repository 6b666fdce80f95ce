"""The event loop stays responsive with 200 calls in flight, one answering 5 MB.

Run with: TRIGGER_DESK_BENCH=1 uv run pytest tests/bench/test_bench_loop_stall.py -s
The window's loop (qasync on a QApplication) fires through the real engine, with
history, as the app runs it: on its own thread (`services/engine_thread.py`), against a
loopback server in another process; a heartbeat on the window's loop measures the
longest stall (target < 16 ms).
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.scripted_server import server_process
from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.services.engine_thread import EngineThread
from trigger_desk.store.history import HistoryStore

IN_FLIGHT = 200
BIG = 5 * 1024 * 1024
BIG_PATH = "/rest/1/bigsecret/crm.automation.trigger.json"


@pytest.fixture
def base_url() -> Iterator[str]:
    # The server runs in its own process: its threads must not hold this process's GIL.
    with server_process(0.05, BIG_PATH, BIG) as url:
        yield url


def test_longest_loop_stall_with_200_calls_and_a_5mb_answer(tmp_path: Path, base_url: str) -> None:
    import qasync
    from PySide6.QtWidgets import QApplication

    from trigger_desk.ui.shell.gc_guard import MainThreadCollector

    app = QApplication.instance() or QApplication([])
    collector = MainThreadCollector(app)  # as the app runs: GC on the GUI thread only
    call = find_call("bitrix24.trigger")
    assert call is not None
    profile = Profile("bench", Platform.BITRIX24, AuthKind.WEBHOOK, {})
    small = {"webhook_url": f"{base_url}/rest/1/stallsecret/"}
    large = {"webhook_url": f"{base_url}/rest/1/bigsecret/"}
    history = HistoryStore(tmp_path / "history.sqlite3")
    gaps: list[float] = []

    async def heartbeat(stop: asyncio.Event) -> None:
        while not stop.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.001)
            gaps.append((time.perf_counter() - started - 0.001) * 1000)

    clients: list[httpx.AsyncClient] = []

    def make_engine() -> Engine:
        clients.append(httpx.AsyncClient(limits=httpx.Limits(max_connections=IN_FLIGHT)))
        return Engine(clients[0], history=history)

    async def main() -> list[bool]:
        engine = EngineThread(make_engine, closers=[lambda: clients[0].aclose()]).start()
        request = CallRequest(call, profile, small, {"target": "DEAL_1"})
        await engine.fire(request)  # warm up: imports, first connection
        collector.freeze_survivors()  # as the app does once booted
        big = CallRequest(call, profile, large, {"target": "DEAL_1"})
        requests = [request] * (IN_FLIGHT - 1) + [big]
        stop = asyncio.Event()
        beat = asyncio.ensure_future(heartbeat(stop))
        await asyncio.sleep(0.05)
        records = await asyncio.gather(*(engine.fire(r) for r in requests))
        stop.set()
        await beat
        await engine.aclose()
        return [record.ok for record in records]

    loop = qasync.QEventLoop(app)
    try:
        oks = loop.run_until_complete(main())
    finally:
        loop.close()
        collector.stop()
        gc.unfreeze()
        history.close()
    assert all(oks)
    sizes = sorted(gaps)
    print(
        f"\n{IN_FLIGHT} calls in flight, one answer of {BIG / 1e6:.0f} MB: longest loop stall "
        f"{sizes[-1]:.1f} ms, 99th percentile {sizes[int(len(sizes) * 0.99)]:.1f} ms, "
        f"{len(gaps)} heartbeats (target: longest < 16 ms)"
    )
