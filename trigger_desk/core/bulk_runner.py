"""Sending a journalled bulk run: Bitrix24 through `batch` (`bulk_batch_send`), Wix one
call at a time through the engine.

The runner reads pending items from the journal, asks the shared limiter for a slot,
marks the items `sent` (committed) and only then puts the request on the wire; each
answer becomes every item's own outcome, history row and journal state. Refusals:

- 503 QUERY_LIMIT_EXCEEDED (the whole hit, or single commands): nothing ran; the bucket
  is marked full (so every process slows to the drain rate) and the hit is sent again.
- 401 expired_token (OAuth): refreshed through `BitrixTokenKeeper`, sent again once.
- 503 OVERLOAD_LIMIT: REST blocked by hand; the run stops with its hint, items pending.
- OPERATION_TIME_LIMIT per command: those commands did not run; sent again once the
  `operating_reset_at` time has come.

Journal, limiter and history are injected (`store` provides them), so the runner is
Qt-free and store-free, and tests hand in real ones over real files.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

from trigger_desk.core.bulk_batch_send import RunnerCore
from trigger_desk.core.bulk_types import (
    BulkHistory,
    BulkJob,
    BulkProgress,
    Journal,
    Limiter,
    RunStopped,
    item_state,
)
from trigger_desk.core.call_log import BeforeSend
from trigger_desk.core.engine import CallRequest, Engine, EngineSettings
from trigger_desk.core.model import Platform
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord
from trigger_desk.core.token_refresh import SharedBitrixTokens

__all__ = ["BulkJob", "BulkProgress", "BulkRunner", "RunStopped"]


class BulkRunner(RunnerCore):
    """Sends a run's pending items; safe to run once per run at a time (the run lock)."""

    def __init__(
        self,
        job: BulkJob,
        client: httpx.AsyncClient,
        journal: Journal,
        limiter: Limiter,
        history: BulkHistory | None,
        *,
        engine: Engine | None = None,
        tokens: SharedBitrixTokens | None = None,
        settings: EngineSettings | None = None,
        on_progress: Callable[[BulkProgress], None] | None = None,
    ) -> None:
        super().__init__(
            job,
            client,
            journal,
            limiter,
            history,
            tokens=tokens,
            settings=settings,
            on_progress=on_progress,
        )
        self._engine = engine

    async def run(self) -> BulkProgress:
        """Send everything pending; returns the progress (requests made, states reached)."""
        worker = (
            self._batch_worker if self.job.call.platform is Platform.BITRIX24 else self._wix_worker
        )
        tasks = [asyncio.create_task(worker()) for _ in range(max(1, self.job.workers))]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()

        if self._stop is not None:
            raise RunStopped(self._stop)
        return self.progress

    # --- Wix: one call per item, paced --------------------------------------------------

    async def _wix_worker(self) -> None:
        assert self._engine is not None, "Wix runs fire through the engine"
        job = self.job
        while await self._go_on() and (items := self._take(1)):
            item = items[0]
            await self._slot()
            sent: list[int | None] = []  # the item's history id, once journalled `sent`
            request = CallRequest(
                job.call,
                job.profile,
                job.secrets,
                item.values,
                item.payload,
                before_send=self._journal_sent(item.row, sent),
            )
            record = await self._engine.fire(request)
            if not sent and record.diagnosis is not None:
                code = record.diagnosis.error_code
                if code in ("history_busy", "history_unavailable"):
                    # Refused before the wire, its row unwritable: never sent, so the
                    # item stays pending, and so does the rest of the run.
                    self._stop = record.diagnosis.cause
                    return
            if sent:
                self.progress.requests += max(1, record.attempts)
            if record.outcome is Outcome.RATE_LIMITED:
                self._limiter.saturate(job.limiter_key, job.limit)
            record.notes.append(f"Bulk run {job.run_id}, row {item.row}.")
            if self._history is not None and record.history_id is not None:
                await self._engine.flush()
                self._history.complete(record)
            state = item_state(record.outcome)
            outcome = record.outcome.value if record.outcome else None
            self._journal.mark_done(job.run_id, [(item.row, state, outcome, record.history_id)])
            self._finished([state])

    def _journal_sent(self, row: int, sent: list[int | None]) -> BeforeSend:
        """The engine's step once the item's history row is committed, just before its
        request leaves: the item becomes `sent` in the journal, linked to that row."""

        async def step(record: CallRecord) -> None:
            self._journal.mark_sent(self.job.run_id, [row], [record.history_id])
            sent.append(record.history_id)

        return step
