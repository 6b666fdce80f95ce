"""Sending a journalled bulk run: Bitrix24 through `batch`, Wix one call at a time.

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
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx

from trigger_desk.core.auth import BitrixTokenKeeper, TokenError
from trigger_desk.core.bitrix24_batch import BatchAnswerError, parse_batch_answer
from trigger_desk.core.bulk_batch_items import (
    batch_commands,
    batch_note,
    batch_request,
    command_answer,
    item_requests,
    reset_in,
)
from trigger_desk.core.calls import CallSpec
from trigger_desk.core.diagnosis import diagnose, parse_json_object
from trigger_desk.core.engine import CallRequest, Engine, EngineSettings
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.rate_limit import RateLimit, parse_rate_limit
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord, ResponseRecord
from trigger_desk.core.redact import Redactor
from trigger_desk.core.transport_errors import diagnose_transport_error

READ_AHEAD = 500  # pending items read from the journal at once
MAX_ATTEMPTS = 6  # per hit: refusals that ran nothing are sent again, this often
NO_ANSWER = (Outcome.NETWORK, Outcome.TIMEOUT)


class PendingItem(Protocol):
    @property
    def row(self) -> int: ...
    @property
    def values(self) -> dict[str, Any]: ...
    @property
    def payload(self) -> Any: ...


class Journal(Protocol):
    def pending(self, run_id: str, limit: int, after_row: int = 0) -> Sequence[PendingItem]: ...
    def mark_sent(
        self, run_id: str, rows: Sequence[int], history_ids: Sequence[int | None]
    ) -> None: ...
    def mark_done(
        self, run_id: str, results: Sequence[tuple[int, str, str | None, int | None]]
    ) -> None: ...
    def mark_pending(self, run_id: str, rows: Sequence[int]) -> None: ...


class Limiter(Protocol):
    def reserve(self, key: str, limit: RateLimit) -> float: ...
    def saturate(self, key: str, limit: RateLimit) -> None: ...


class BulkHistory(Protocol):
    """The history the runner writes to (`store.history.HistoryStore` is one)."""

    def add_many(self, records: list[CallRecord], *, wait: bool = True) -> list[int]: ...
    def complete(self, record: CallRecord, *, wait: bool = True) -> None: ...


class RunStopped(Exception):
    """The platform said stop (OVERLOAD_LIMIT, a token that cannot be refreshed)."""


@dataclass
class BulkProgress:
    total: int
    done: int = 0
    requests: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)


@dataclass
class BulkJob:
    """One run to send: its call, profile, secrets and plan."""

    run_id: str
    call: CallSpec
    profile: Profile
    secrets: Mapping[str, str]
    limit: RateLimit
    limiter_key: str
    total: int
    workers: int = 2  # measured: 2 beats 1 and 4 (more only queue for the GIL and the database)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def item_state(outcome: Outcome | None) -> str:
    if outcome is Outcome.OK:
        return "ok"
    if outcome is None or outcome in NO_ANSWER:
        return "unknown"
    return "failed"


class BulkRunner:
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
        tokens: BitrixTokenKeeper | None = None,
        settings: EngineSettings | None = None,
        on_progress: Callable[[BulkProgress], None] | None = None,
    ) -> None:
        self.job = job
        self._client = client
        self._journal = journal
        self._limiter = limiter
        self._history = history
        self._engine = engine
        self._tokens = tokens or BitrixTokenKeeper(client, None)
        self.settings = settings or EngineSettings()
        self.progress = BulkProgress(job.total)
        self._on_progress = on_progress
        self._cursor = 0
        self._stop: str | None = None
        self._queue: list[PendingItem] = []  # read ahead from the journal

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

    # --- shared steps ----------------------------------------------------------------

    def _take(self, size: int) -> Sequence[PendingItem]:
        # Synchronous between read and cursor move: two workers never take one item.
        if self._stop is not None:
            return []
        if len(self._queue) < size:
            more = self._journal.pending(self.job.run_id, READ_AHEAD, self._cursor)
            if more:
                self._cursor = more[-1].row
                self._queue.extend(more)
        items, self._queue = self._queue[:size], self._queue[size:]
        return items

    async def _slot(self) -> None:
        wait = self._limiter.reserve(self.job.limiter_key, self.job.limit)
        if wait > 0:
            await asyncio.sleep(wait)

    def _finished(self, states: Sequence[str]) -> None:
        progress = self.progress
        for state in states:
            progress.done += 1
            progress.counts[state] = progress.counts.get(state, 0) + 1
        if self._on_progress is not None:
            self._on_progress(progress)

    # --- Wix: one call per item, paced --------------------------------------------------

    async def _wix_worker(self) -> None:
        assert self._engine is not None, "Wix runs fire through the engine"
        job = self.job
        while items := self._take(1):
            item = items[0]
            await self._slot()
            self._journal.mark_sent(job.run_id, [item.row], [None])
            request = CallRequest(job.call, job.profile, job.secrets, item.values, item.payload)
            self.progress.requests += 1
            record = await self._engine.fire(request)
            self.progress.requests += max(0, record.attempts - 1)
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

    # --- Bitrix24: 50 items per batch ---------------------------------------------------

    async def _batch_worker(self) -> None:
        while (items := self._take(50)) and self._stop is None:
            await self._send_batch(list(items))

    def _records(self, items: Sequence[PendingItem]) -> list[CallRecord]:
        job = self.job
        placeholder = RequestRecord("POST", "", {}, "")
        return [
            CallRecord(
                job.call.id, job.call.platform.value, job.profile.name, _now_iso(), placeholder
            )
            for _ in items
        ]

    async def _token(self, redactor: Redactor) -> str | None:
        if self.job.profile.auth is not AuthKind.OAUTH:
            return None
        tokens = self._tokens.current(self.job.profile, self.job.secrets)
        redactor.add("access_token", tokens.access_token)
        redactor.add("refresh_token", tokens.refresh_token)
        return tokens.access_token

    async def _send_batch(self, items: list[PendingItem]) -> None:
        job, call = self.job, self.job.call
        redactor = Redactor(job.secrets)
        token = await self._token(redactor)
        commands = batch_commands(
            call, job.profile, job.secrets, [(item.values, item.payload) for item in items]
        )
        records = dict(zip(commands, self._records(items), strict=True))
        rows = {str(index): item.row for index, item in enumerate(items)}
        waiting = list(commands)  # keys still to be answered
        refreshed = False
        attempt = 0
        while waiting:
            attempt += 1
            outgoing = batch_request(
                job.profile, job.secrets, call, {k: commands[k] for k in waiting}, token
            )
            masked = item_requests(outgoing, waiting, redactor)
            for key in waiting:
                record = records[key]
                record.request = masked[key]
                record.request_id = outgoing.headers["X-Request-ID"]
                record.attempts = attempt
            await self._slot()
            self._mark_sent([records[k] for k in waiting], [rows[k] for k in waiting], attempt == 1)
            self.progress.requests += 1
            started = time.perf_counter()
            try:
                response = await self._client.post(
                    outgoing.url,
                    content=outgoing.body_bytes(),
                    headers=outgoing.headers,
                    timeout=httpx.Timeout(
                        self.settings.timeout, connect=self.settings.connect_timeout
                    ),
                )
            except httpx.HTTPError as error:
                diagnosis = diagnose_transport_error(error, self.settings, redactor)
                self._complete(records, rows, waiting, diagnosis=diagnosis, started=started)
                return
            body = parse_json_object(response.text) or {}
            try:
                parsed = parse_batch_answer(body, waiting)
            except BatchAnswerError:
                parsed = None
            if parsed is None:
                diagnosis = diagnose(
                    call,
                    response.status_code,
                    response.headers.get("content-type", ""),
                    response.text,
                    body or None,
                )
                code = (diagnosis.error_code or "").upper()
                if code == "QUERY_LIMIT_EXCEEDED" and attempt < MAX_ATTEMPTS:
                    self._slow_down()
                    self._note(
                        records,
                        waiting,
                        f"Attempt {attempt}: the portal refused the whole batch as over its rate limit (503 QUERY_LIMIT_EXCEEDED; nothing ran): sent again at the drain rate.",
                    )
                    continue
                if code == "EXPIRED_TOKEN" and token is not None and not refreshed:
                    try:
                        tokens, _ = await self._tokens.refresh(
                            job.profile, job.secrets, token, self.settings.connect_timeout + 20
                        )
                    except TokenError as error:
                        diagnosis = Diagnosis(
                            Outcome.AUTH, str(error), error.next_step, "expired_token"
                        )
                        self._stop = str(error)
                        self._complete(
                            records,
                            rows,
                            waiting,
                            diagnosis=diagnosis,
                            started=started,
                            response=response,
                            state="pending",
                        )
                        return
                    token, refreshed = tokens.access_token, True
                    redactor.add("access_token", token)
                    redactor.add("refresh_token", tokens.refresh_token)
                    self._note(
                        records,
                        waiting,
                        "The access token had expired (401 expired_token; nothing ran): refreshed it and sent the batch again.",
                    )
                    continue
                if code in ("OVERLOAD_LIMIT", "QUERY_LIMIT_EXCEEDED"):
                    self._stop = diagnosis.hint
                    self._complete(
                        records,
                        rows,
                        waiting,
                        diagnosis=diagnosis,
                        started=started,
                        response=response,
                        state="pending",
                    )
                    return
                self._complete(
                    records, rows, waiting, diagnosis=diagnosis, started=started, response=response
                )
                return
            again = [key for key in waiting if parsed[key].not_run]
            answered = [key for key in waiting if key not in again]
            for key in answered:
                record = records[key]
                record.response, record.diagnosis = command_answer(call, parsed[key], redactor)
                record.platform_request_id = str((parsed[key].time or {}).get("date_start", ""))
                record.notes.append(
                    batch_note(job.run_id, rows[key], key, len(waiting), record.request_id)
                )
            self._complete(records, rows, answered, started=started, response=response)
            if not again:
                return
            if attempt >= MAX_ATTEMPTS:
                self._note(
                    records,
                    again,
                    f"Not run after {attempt} attempts (rate or time limit): left pending for resume.",
                )
                self._complete(
                    records, rows, again, started=started, response=response, state="pending"
                )
                return
            limited = [parsed[k] for k in again]
            if any((item.error or "").upper() == "QUERY_LIMIT_EXCEEDED" for item in limited):
                self._slow_down()
                delay = 0.0
            else:
                delay = reset_in(limited, body, time.time())
            self._note(
                records,
                again,
                f"Attempt {attempt}: the portal did not run this command ({limited[0].error or 'skipped'}); sent again after {delay:.1f} s.",
            )
            waiting = again
            if delay > 0:
                await asyncio.sleep(delay)

    def _slow_down(self) -> None:
        """Over the portal's limit: the bucket is full, go at its drain rate. A plan of
        `none` was wrong for this portal: fall back to the standard plan's pace."""
        job = self.job
        if job.limit.unlimited:
            job.limit = parse_rate_limit(job.call.platform, None)
        self._limiter.saturate(job.limiter_key, job.limit)

    def _note(self, records: Mapping[str, CallRecord], keys: Sequence[str], note: str) -> None:
        for key in keys:
            records[key].notes.append(note)

    def _mark_sent(self, records: Sequence[CallRecord], rows: Sequence[int], first: bool) -> None:
        """The journal's `sent`, committed before the wire. Each item's history row is
        written once, with its answer: one row per item, not a begin and a completion
        (which would triple the history's full-text indexing); an item whose answer never
        comes is `unknown` in the journal, which keeps exactly what was sent."""
        del records, first
        self._journal.mark_sent(self.job.run_id, rows, [None] * len(rows))

    def _complete(
        self,
        records: Mapping[str, CallRecord],
        rows: Mapping[str, int],
        keys: Sequence[str],
        *,
        started: float,
        diagnosis: Diagnosis | None = None,
        response: httpx.Response | None = None,
        state: str | None = None,
    ) -> None:
        if not keys:
            return
        elapsed = (time.perf_counter() - started) * 1000
        results: list[tuple[int, str, str | None, int | None]] = []
        for key in keys:
            record = records[key]
            if diagnosis is not None:
                record.diagnosis = Diagnosis(
                    diagnosis.outcome,
                    diagnosis.cause,
                    diagnosis.next_step,
                    diagnosis.error_code,
                    diagnosis.error_message,
                )
                if response is not None and record.response is None:
                    redactor = Redactor(self.job.secrets)
                    record.response = ResponseRecord(
                        response.status_code,
                        {},
                        redactor.mask(response.text[:4096]),
                        len(response.content),
                    )
            record.timings_ms = {"total": elapsed}
            item_outcome = record.outcome
            results.append(
                (
                    rows[key],
                    state or item_state(item_outcome),
                    item_outcome.value if item_outcome else None,
                    record.history_id,
                )
            )
        ordered = [records[key] for key in keys]
        if state == "pending":
            pending = [rows[key] for key in keys]
            self._write(self._record_results, ordered, results, pending)
        else:
            self._write(self._record_results, ordered, results, [])
            self._finished([result[1] for result in results])

    def _write(self, write: Callable[..., None], *args: Any) -> None:
        # On the loop, between sends: a writer thread measured slower (its transactions
        # and the loop's `sent` marks queue for the same database lock).
        write(*args)

    def _record_results(
        self,
        records: Sequence[CallRecord],
        results: Sequence[tuple[int, str, str | None, int | None]],
        pending: Sequence[int],
    ) -> None:
        history = self._history
        if history is not None:
            history.add_many(list(records))
            results = [
                (row, state, outcome, record.history_id)
                for (row, state, outcome, _), record in zip(results, records, strict=True)
            ]
        if pending:
            self._journal.mark_pending(self.job.run_id, pending)
            results = [(row, "pending", out, hid) for row, _, out, hid in results]
        self._journal.mark_done(self.job.run_id, results)
