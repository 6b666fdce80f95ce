"""The engine on a thread of its own, so the window's event loop does no HTTP work.

With every call's HTTP work on the GUI thread's loop, 200 answers arriving together are
processed in one loop iteration and the window freezes for their sum. Here the engine,
its httpx client and its history writer live on a dedicated thread with its own asyncio
loop; the window awaits each call's result through `run_coroutine_threadsafe`, and
cancelling the awaiting task cancels the call on the engine's loop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from trigger_desk.core.engine import CallRequest, Engine, Preview
from trigger_desk.core.record import CallRecord

log = logging.getLogger(__name__)
T = TypeVar("T")


class EngineThread:
    """Runs the `Engine` made by `make_engine` (called on the thread) on its own loop."""

    def __init__(self, make_engine: Callable[[], Engine], closers: list[Any] | None = None) -> None:
        self._make_engine = make_engine
        self._closers = closers or []  # coroutine functions run on the engine loop at close
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._engine: Engine | None = None
        self._thread = threading.Thread(target=self._run, name="trigger-desk-engine", daemon=True)

    def start(self) -> EngineThread:
        self._thread.start()
        self._ready.wait()
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.set_exception_handler(
            lambda _loop, context: log.error("engine loop: %s", context.get("message", ""))
        )
        self._engine = self._make_engine()
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()

    @property
    def engine(self) -> Engine:
        assert self._engine is not None
        return self._engine

    async def _on_engine_loop(self, coroutine: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return await asyncio.wrap_future(future)  # cancelling this cancels the call there

    # --- the Engine's API, for the window ------------------------------------------------

    def preview(self, request: CallRequest) -> Preview:
        return self.engine.preview(request)  # pure: no I/O, safe from any thread

    async def fire(self, request: CallRequest) -> CallRecord:
        record: CallRecord = await self._on_engine_loop(self.engine.fire(request))
        return record

    async def save_unsaved_tokens(self) -> list[str]:
        profiles: list[str] = await self._on_engine_loop(self.engine.save_unsaved_tokens())
        return profiles

    @property
    def closing_notes(self) -> list[str]:
        return self.engine.closing_notes  # set by aclose, read after it

    async def flush(self) -> None:
        await self._on_engine_loop(self.engine.flush())

    async def aclose(self) -> None:
        """Flush history, close the client, stop the thread. Safe to call twice."""
        if not self._thread.is_alive():
            return

        async def close_all() -> None:
            # Calls cancelled from the window finish on this loop (closing their history
            # rows) before the history writer is flushed and stopped. A cancelled call's
            # future is done at once; its task on this loop is not, so wait for the tasks.
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.engine.aclose()
            for close in self._closers:
                await close()

        try:
            await self._on_engine_loop(close_all())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            await asyncio.to_thread(self._thread.join, 10)
