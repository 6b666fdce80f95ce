"""The steps every bulk run shares (take items, pace, count) and Bitrix24's `batch` path.

A hit is one `batch` request for up to 50 items. Its items are marked `sent` before it
leaves; its answer is split into each item's own record (history) and state (journal).
Refusals of the whole hit ran nothing, so it is sent again: 503 QUERY_LIMIT_EXCEEDED
after the bucket drains (marked full, for every process), 401 expired_token after one
refresh. 503 OVERLOAD_LIMIT stops the run, items left pending. Commands refused one by
one with OPERATION_TIME_LIMIT did not run either: sent again after `operating_reset_at`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from trigger_desk.core.auth import TokenError
from trigger_desk.core.bitrix24_batch import (
    BatchAnswerError,
    BatchItemResult,
    parse_batch_answer,
)
from trigger_desk.core.bulk_batch_items import (
    batch_commands,
    batch_note,
    batch_request,
    command_answer,
    item_requests,
    reset_in,
)
from trigger_desk.core.bulk_types import (
    BulkHistory,
    BulkJob,
    BulkProgress,
    Journal,
    Limiter,
    PendingItem,
    item_state,
)
from trigger_desk.core.diagnosis import diagnose, parse_json_object
from trigger_desk.core.engine import EngineSettings
from trigger_desk.core.model import AuthKind
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.rate_limit import parse_rate_limit
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord, ResponseRecord
from trigger_desk.core.redact import Redactor
from trigger_desk.core.request import OutgoingRequest
from trigger_desk.core.token_refresh import SharedBitrixTokens
from trigger_desk.core.transport_errors import diagnose_transport_error

READ_AHEAD = 500  # pending items read from the journal at once
MAX_ATTEMPTS = 6  # per hit: refusals that ran nothing are sent again, this often
_Result = tuple[int, str, str | None, int | None]  # row, state, outcome, history id


@dataclass
class _Hit:
    """One batch of items on its way: their records, rows, commands, what is left."""

    records: dict[str, CallRecord]
    rows: dict[str, int]
    commands: dict[str, str]
    redactor: Redactor
    token: str | None
    waiting: list[str] = field(default_factory=list)
    attempt: int = 0
    refreshed: bool = False
    started: float = 0.0

    def note(self, keys: Sequence[str], text: str) -> None:
        for key in keys:
            self.records[key].notes.append(text)


class RunnerCore:
    """The runner's state and steps; `BulkRunner` adds `run()` and the Wix path."""

    def __init__(
        self,
        job: BulkJob,
        client: httpx.AsyncClient,
        journal: Journal,
        limiter: Limiter,
        history: BulkHistory | None,
        *,
        tokens: SharedBitrixTokens | None = None,
        settings: EngineSettings | None = None,
        on_progress: Callable[[BulkProgress], None] | None = None,
    ) -> None:
        self.job = job
        self._client = client
        self._journal = journal
        self._limiter = limiter
        self._history = history
        # Shared with other processes (lock file, keyring re-read): see token_refresh.
        self._tokens = tokens or SharedBitrixTokens(client, None)
        self.settings = settings or EngineSettings()
        self.progress = BulkProgress(job.total)
        self._on_progress = on_progress
        self._cursor = 0
        self._stop: str | None = None
        self._queue: list[PendingItem] = []  # read ahead from the journal

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

    def _slow_down(self) -> None:
        """Over the portal's limit: the bucket is full, go at its drain rate. A plan of
        `none` was wrong for this portal: fall back to the standard plan's pace."""
        job = self.job
        if job.limit.unlimited:
            job.limit = parse_rate_limit(job.call.platform, None)
        self._limiter.saturate(job.limiter_key, job.limit)

    def _finished(self, states: Sequence[str]) -> None:
        progress = self.progress
        for state in states:
            progress.done += 1
            progress.counts[state] = progress.counts.get(state, 0) + 1
        if self._on_progress is not None:
            self._on_progress(progress)

    # --- Bitrix24: 50 items per batch ---------------------------------------------------

    async def _batch_worker(self) -> None:
        while (items := self._take(50)) and self._stop is None:
            await self._send_batch(list(items))

    async def _send_batch(self, items: list[PendingItem]) -> None:
        hit = self._new_hit(items)
        while hit.waiting:
            outgoing = self._prepare(hit)
            await self._slot()
            # Committed before the wire. Each item's history row is written once, with
            # its answer (a begin and a completion would triple the full-text indexing);
            # an item whose answer never comes is `unknown` in the journal.
            self._journal.mark_sent(
                self.job.run_id, [hit.rows[k] for k in hit.waiting], [None] * len(hit.waiting)
            )
            self.progress.requests += 1
            hit.started = time.perf_counter()
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
                failure = diagnose_transport_error(error, self.settings, hit.redactor)
                if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
                    # No connection, so nothing left: the items wait for resume, and the
                    # rest of the run would meet the same closed door.
                    self._stop = failure.hint
                    self._complete(hit, hit.waiting, diagnosis=failure, state="pending")
                else:
                    self._complete(hit, hit.waiting, diagnosis=failure)
                return
            body = parse_json_object(response.text) or {}
            try:
                parsed = parse_batch_answer(body, hit.waiting)
            except BatchAnswerError:
                if not await self._refused_whole(hit, response, body):
                    return
                continue
            if not await self._answered(hit, parsed, response, body):
                return

    def _new_hit(self, items: Sequence[PendingItem]) -> _Hit:
        job = self.job
        redactor = Redactor(job.secrets)
        token: str | None = None
        if job.profile.auth is AuthKind.OAUTH:
            tokens = self._tokens.current(job.profile, job.secrets)
            redactor.add("access_token", tokens.access_token)
            redactor.add("refresh_token", tokens.refresh_token)
            token = tokens.access_token
        commands = batch_commands(
            job.call, job.profile, job.secrets, [(item.values, item.payload) for item in items]
        )
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        placeholder = RequestRecord("POST", "", {}, "")
        records = {
            key: CallRecord(
                job.call.id, job.call.platform.value, job.profile.name, now, placeholder
            )
            for key in commands
        }
        rows = {str(index): item.row for index, item in enumerate(items)}
        return _Hit(records, rows, commands, redactor, token, waiting=list(commands))

    def _prepare(self, hit: _Hit) -> OutgoingRequest:
        job = self.job
        hit.attempt += 1
        outgoing = batch_request(
            job.profile, job.secrets, job.call, {k: hit.commands[k] for k in hit.waiting}, hit.token
        )
        masked = item_requests(outgoing, hit.waiting, hit.redactor)
        for key in hit.waiting:
            record = hit.records[key]
            record.request = masked[key]
            record.request_id = outgoing.headers["X-Request-ID"]
            record.attempts = hit.attempt
        return outgoing

    async def _refused_whole(
        self, hit: _Hit, response: httpx.Response, body: dict[str, object]
    ) -> bool:
        """The whole request was refused; True when it should be sent again."""
        job = self.job
        diagnosis = diagnose(
            job.call,
            response.status_code,
            response.headers.get("content-type", ""),
            response.text,
            body or None,
        )
        code = (diagnosis.error_code or "").upper()
        if code == "QUERY_LIMIT_EXCEEDED" and hit.attempt < MAX_ATTEMPTS:
            self._slow_down()
            hit.note(
                hit.waiting,
                f"Attempt {hit.attempt}: the portal refused the whole batch as over its rate "
                "limit (503 QUERY_LIMIT_EXCEEDED; nothing ran): sent again at the drain rate.",
            )
            return True
        if code == "EXPIRED_TOKEN" and hit.token is not None and not hit.refreshed:
            try:
                renewal = await self._tokens.renew(
                    job.profile,
                    job.secrets,
                    hit.token,
                    self.settings.connect_timeout + 20,
                    hit.redactor,
                )
            except TokenError as error:
                self._stop = hit.redactor.mask_cap(str(error))  # masked, at most ~2,000
                stopped = Diagnosis(Outcome.AUTH, self._stop, error.next_step, "expired_token")
                self._complete(
                    hit, hit.waiting, diagnosis=stopped, response=response, state="pending"
                )
                return False
            hit.token, hit.refreshed = renewal.tokens.access_token, True
            hit.note(hit.waiting, f"401 expired_token, nothing ran. {renewal.note}")
            return True
        if code in ("OVERLOAD_LIMIT", "QUERY_LIMIT_EXCEEDED"):
            self._stop = diagnosis.hint
            self._complete(
                hit, hit.waiting, diagnosis=diagnosis, response=response, state="pending"
            )
            return False
        self._complete(hit, hit.waiting, diagnosis=diagnosis, response=response)
        return False

    async def _answered(
        self,
        hit: _Hit,
        parsed: Mapping[str, BatchItemResult],
        response: httpx.Response,
        body: dict[str, object],
    ) -> bool:
        """Record the commands that ran; True when some did not and go again."""
        call, run_id = self.job.call, self.job.run_id
        again = [key for key in hit.waiting if parsed[key].not_run]
        answered = [key for key in hit.waiting if key not in again]
        for key in answered:
            record = hit.records[key]
            record.response, record.diagnosis = command_answer(call, parsed[key], hit.redactor)
            record.platform_request_id = str((parsed[key].time or {}).get("date_start", ""))
            record.notes.append(
                batch_note(run_id, hit.rows[key], key, len(hit.waiting), record.request_id)
            )
        self._complete(hit, answered, response=response)
        if not again:
            return False
        if hit.attempt >= MAX_ATTEMPTS:
            hit.note(
                again,
                f"Not run after {hit.attempt} attempts (rate or time limit): left pending "
                "for resume.",
            )
            self._complete(hit, again, response=response, state="pending")
            return False
        limited = [parsed[k] for k in again]
        delay = 0.0
        if any((item.error or "").upper() == "QUERY_LIMIT_EXCEEDED" for item in limited):
            self._slow_down()
        else:
            delay = reset_in(limited, body, time.time())
        hit.note(
            again,
            f"Attempt {hit.attempt}: the portal did not run this command "
            f"({limited[0].error or 'skipped'}); sent again after {delay:.1f} s.",
        )
        hit.waiting = again
        if delay > 0:
            await asyncio.sleep(delay)
        return True

    def _complete(
        self,
        hit: _Hit,
        keys: Sequence[str],
        *,
        diagnosis: Diagnosis | None = None,
        response: httpx.Response | None = None,
        state: str | None = None,
    ) -> None:
        """Write the items' history rows and journal states (`state="pending"`: they did
        not run and wait for resume)."""
        if not keys:
            return
        elapsed = (time.perf_counter() - hit.started) * 1000
        records = [hit.records[key] for key in keys]
        for record in records:
            if diagnosis is not None:
                record.diagnosis = Diagnosis(
                    diagnosis.outcome,
                    diagnosis.cause,
                    diagnosis.next_step,
                    diagnosis.error_code,
                    diagnosis.error_message,
                )
                if response is not None and record.response is None:
                    record.response = ResponseRecord(
                        response.status_code,
                        {},
                        hit.redactor.mask(response.text[:4096]),
                        len(response.content),
                    )
            record.timings_ms = {"total": elapsed}
        if self._history is not None:
            self._history.add_many(records)
        results: list[_Result] = [
            (
                hit.rows[key],
                state or item_state(record.outcome),
                record.outcome.value if record.outcome else None,
                record.history_id,
            )
            for key, record in zip(keys, records, strict=True)
        ]
        if state == "pending":
            self._journal.mark_pending(self.job.run_id, [hit.rows[key] for key in keys])
        self._journal.mark_done(self.job.run_id, results)
        if state != "pending":
            self._finished([result[1] for result in results])
