"""The window stays fluid during a bulk run: 3,000 items through the dialog.

Run with: TRIGGER_DESK_BENCH=1 uv run pytest tests/bench/test_bench_bulk_dialog_stall.py -s
The dialog runs as in the app: the engine on its own thread (`EngineThread`), history
and journal in real SQLite files, the portal in another process (`rate_limit=none`, so
the run is as dense as it gets); a heartbeat on the window's loop measures the longest
stall (target < 16 ms) and the progress updates the window received (at most ~10/s).
"""

from __future__ import annotations

import asyncio
import gc
import time
from pathlib import Path

import httpx

from tests.support.batch_server import WEBHOOK_PATH, portal_process
from trigger_desk.core.calls import CALLS
from trigger_desk.core.engine import Engine
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.services.engine_thread import EngineThread
from trigger_desk.services.facade import Services
from trigger_desk.store.history import HistoryStore
from trigger_desk.store.profiles import ProfileStore
from trigger_desk.store.secrets import MemorySecretStore

ITEMS = 3000


def test_longest_loop_stall_during_a_3000_item_run(tmp_path: Path) -> None:
    import qasync  # type: ignore[import-untyped]
    from PySide6.QtWidgets import QApplication

    from trigger_desk.ui.bulk.dialog import BulkDialog
    from trigger_desk.ui.shell.gc_guard import MainThreadCollector

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # closing the dialog must not stop the loop
    collector = MainThreadCollector(app)
    history = HistoryStore(tmp_path / "history.sqlite3")
    gaps: list[float] = []
    clients: list[httpx.AsyncClient] = []

    def make_engine() -> Engine:
        clients.append(httpx.AsyncClient())
        return Engine(clients[0], history=history)

    async def heartbeat(stop: asyncio.Event) -> None:
        while not stop.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.001)
            gaps.append((time.perf_counter() - started - 0.001) * 1000)

    async def main(base_url: str) -> tuple[str, int, float]:
        engine = EngineThread(make_engine, closers=[lambda: clients[0].aclose()]).start()
        services = Services(
            engine=engine,
            profiles=ProfileStore(tmp_path / "profiles.json"),
            secret_store=MemorySecretStore(),
            history=history,
        )
        profile = Profile("bench", Platform.BITRIX24, AuthKind.WEBHOOK, {"rate_limit": "none"})
        profile = await services.save_profile(profile, {"webhook_url": base_url + WEBHOOK_PATH})
        dialog = BulkDialog(services, CALLS["bitrix24.trigger"], profile, {"code": "c5u4m"})
        dialog.show()
        page = dialog.source_page
        page.sources.setCurrentIndex(1)
        page.pasted.setPlainText("\n".join(f"DEAL_{i}" for i in range(1, ITEMS + 1)))
        page.check_button.click()
        assert dialog.task is not None
        await dialog.task
        collector.freeze_survivors()
        stop = asyncio.Event()
        beat = asyncio.ensure_future(heartbeat(stop))
        started = time.perf_counter()
        page.fire_button.click()
        page.confirm_button.click()
        assert dialog.task is not None
        await dialog.task  # the run, then its results shown
        elapsed = time.perf_counter() - started
        stop.set()
        await beat
        summary = dialog.results_page.summary.text()
        updates = dialog.progress_updates
        dialog.close()
        await engine.aclose()
        return summary, updates, elapsed

    loop = qasync.QEventLoop(app)
    try:
        with portal_process() as base_url:
            summary, updates, elapsed = loop.run_until_complete(main(base_url))
    finally:
        loop.close()
        collector.stop()
        gc.unfreeze()
        history.close()
    assert f"{ITEMS:,} ok" in summary, summary
    sizes = sorted(gaps)
    print(
        f"\n{ITEMS} items through the dialog in {elapsed:.2f} s: longest loop stall "
        f"{sizes[-1]:.1f} ms, 99th percentile {sizes[int(len(sizes) * 0.99)]:.1f} ms, "
        f"{len(gaps)} heartbeats, {updates} progress updates (target: longest < 16 ms)"
    )
