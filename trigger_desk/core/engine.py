"""The async engine: validate, record, send, time, retry within bounds, diagnose.

Qt-free and I/O-injected: it is handed an `httpx.AsyncClient` (tests give it one that
talks to a real loopback server), a history sink and a secret sink. At most
`max_on_wire` calls are on the wire at once.

No call on the wire without its row. Before a call's first byte is sent, its history
row is committed (in flight, no answer yet), so a program killed at any moment after
that leaves the row behind, read back as "no answer recorded"; the answer completes
the row a few milliseconds after the call returns. If the row cannot be committed
within `EngineSettings.history_wait` (another program holds the database), the call is
refused unsent: its record's outcome is `invalid_input` (exit 2 in the CLI, "nothing
was sent") with error code `history_busy` and a message naming the file.

A caller that keeps its own journal (the bulk runner marks an item `sent` before its
request leaves) passes `CallRequest.before_send`: an async callable that gets the
call's record after its row is committed (`record.history_id` is set, the request is
masked) and just before the first attempt is sent. It runs once per call (retries of
a rate-limited call are the same call). If it raises, nothing is sent, the row is
closed as not sent, and its exception propagates out of `fire()`. Neither the history
wait nor `before_send` counts towards the call's `timeout`.

Nothing blocks the event loop: keyring writes and large-body parsing run in worker
threads; a small history row is committed on the loop when nothing stands in its way
(~0.1-0.5 ms), else awaited from a worker (see `history_writer`).

Beside it: `call_log` (one call's record and history row), `answer` (reading an
answer), `token_renewal` (which token a call is sent with, and its one renewal).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

import anyio.lowlevel
import httpx

from trigger_desk.core.answer import read_answer
from trigger_desk.core.auth import TokenError
from trigger_desk.core.call_log import NOT_YET_MASKED, BeforeSend, BeforeSendFailed, CallLog
from trigger_desk.core.calls import CallSpec
from trigger_desk.core.history_writer import HistorySink, HistoryWriter
from trigger_desk.core.model import Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord
from trigger_desk.core.redact import Redactor
from trigger_desk.core.request import OutgoingRequest, build_request
from trigger_desk.core.retry import retry_delay
from trigger_desk.core.stored_body import MAX_STORED_BODY
from trigger_desk.core.timing import PhaseClock
from trigger_desk.core.token_renewal import CallTokens, token_diagnosis
from trigger_desk.core.transport_errors import MAY_HAVE_RUN, diagnose_transport_error
from trigger_desk.core.validation import require_secrets, validate_call

__all__ = [
    "MAX_STORED_BODY",
    "BeforeSend",
    "CallRequest",
    "Engine",
    "EngineSettings",
    "Preview",
    "SecretSink",
]

_T = TypeVar("_T")


class SecretSink(Protocol):
    """Persists refreshed tokens (the keyring). Blocking; called in a worker thread.
    With a `load(profile, keys)` too, tokens another process rotated are found
    (`store/secret_sink.py` is the one the CLI and the window use)."""

    def save(self, profile: str, secrets: Mapping[str, str]) -> None: ...


@dataclass
class EngineSettings:
    timeout: float = 60.0  # total per call: the platforms' own cap
    connect_timeout: float = 10.0
    max_attempts: int = 5  # all attempts of one call, retries and token refresh included
    backoff_base: float = 1.0  # first rate-limit wait when the server names none
    max_backoff: float = 20.0  # never wait longer than this between attempts
    # Calls on the wire at once; more wait their turn, unsent and untimed. Bursts past
    # this hit the platforms' own limits anyway (Bitrix24's bucket holds 50), and the
    # HTTP pool's bookkeeping grows with the square of its open connections.
    max_on_wire: int = 16
    # How long a call waits to commit its history row while another program holds the
    # database, before it is refused unsent. Not counted in `timeout`.
    history_wait: float = 5.0


@dataclass
class CallRequest:
    """Everything needed to fire one call. `secrets` come from the keyring."""

    call: CallSpec
    profile: Profile
    secrets: Mapping[str, str]
    values: Mapping[str, Any]
    payload: Any = None
    use_alternate_path: bool = False  # Wix RunTrigger at the SDK's path
    # Awaited once, after the call's history row is committed (the record has its
    # history_id) and before its first byte is sent; if it raises, nothing is sent.
    before_send: BeforeSend | None = None


@dataclass
class Preview:
    request: RequestRecord
    curl: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Attempt:
    """One HTTP exchange (or its failure)."""

    clock: PhaseClock
    response: httpx.Response | None = None
    error: Exception | None = None


class Engine:
    """Fires calls. One per application; safe for many concurrent `fire` calls."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        history: HistorySink | None = None,
        secret_sink: SecretSink | None = None,
        settings: EngineSettings | None = None,
    ) -> None:
        self._client = client
        self._history = HistoryWriter(history) if history is not None else None
        self._secret_sink = secret_sink
        self.settings = settings or EngineSettings()
        self._tokens = CallTokens(client, secret_sink)
        # What closing found about refreshed tokens kept only in memory (see aclose).
        self.closing_notes: list[str] = []
        self._turns = asyncio.Semaphore(self.settings.max_on_wire)
        self._http_stack_loaded = False

    # --- public API -------------------------------------------------------------------

    def preview(self, request: CallRequest) -> Preview:
        """The exact request Fire would send, masked; raises InvalidInput on bad input."""
        typed = validate_call(request.call, request.profile, request.values, request.payload)
        require_secrets(request.profile, request.secrets)
        outgoing = build_request(
            request.call,
            request.profile,
            request.secrets,
            typed,
            request.payload,
            use_alternate_path=request.use_alternate_path,
        )
        redactor = Redactor(request.secrets)
        return Preview(outgoing.masked(redactor), outgoing.as_curl(redactor), _warnings(request))

    async def fire(self, request: CallRequest) -> CallRecord:
        """Send the call and return its record; raises InvalidInput before sending anything.

        Network failures, timeouts and refusals are outcomes in the record, not exceptions.
        Cancellation propagates after the history row is closed.
        """
        call, profile = request.call, request.profile
        typed = validate_call(call, profile, request.values, request.payload)
        require_secrets(profile, request.secrets)  # every front: never an empty credential
        redactor = Redactor(request.secrets)
        first = build_request(
            call,
            profile,
            request.secrets,
            typed,
            request.payload,
            use_alternate_path=request.use_alternate_path,
        )
        record = CallRecord(
            call_id=call.id,
            platform=call.platform.value,
            profile=profile.name,
            started_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            request=NOT_YET_MASKED,
            notes=_warnings(request),
        )
        call_log = CallLog(record, redactor, self._history)
        call_log.sending(first)
        try:
            async with self._turns:
                call_log.waiting = False
                async with asyncio.timeout(self.settings.timeout) as limit:
                    await self._exchange(request, typed, first, call_log, limit)
        except BeforeSendFailed as failed:
            await call_log.complete()
            raise failed.error from None
        except TimeoutError:
            call_log.clock_stopped()  # the phases reached, and the one cut off
            record.diagnosis = Diagnosis(
                Outcome.TIMEOUT,
                f"No complete answer within {self.settings.timeout:g} s (the total time limit).",
                MAY_HAVE_RUN,
            )
        except asyncio.CancelledError:
            record.notes.append(
                f"Cancelled by the user while waiting for its turn ({self.settings.max_on_wire} "
                "calls were already on the wire): it was never sent."
                if call_log.waiting
                else "Cancelled by the user before it was sent: it was never sent."
                if not call_log.sent
                else "Cancelled by the user before an answer was recorded. The platform may "
                "still have received the call."
            )
            await asyncio.shield(call_log.complete())
            raise
        await call_log.complete()
        return record

    @property
    def unsaved_token_profiles(self) -> list[str]:
        """Profiles whose refreshed tokens the keyring refused: kept in memory only."""
        return self._tokens.unsaved_profiles

    async def save_unsaved_tokens(self) -> list[str]:
        """Retry storing refreshed tokens the keyring refused; the profiles still unsaved."""
        await self._tokens.save_unsaved()
        return self._tokens.unsaved_profiles

    async def flush(self) -> None:
        """Wait for history writes still queued (call before the process exits)."""
        if self._history is not None:
            await self._history.flush()

    async def aclose(self) -> None:
        """Retry storing refreshed tokens the keyring refused (`closing_notes` says how
        that went), flush history and stop its writer thread."""
        self.closing_notes = await self._tokens.save_unsaved()
        if self._history is not None:
            await self._history.flush()
            self._history.close()

    # --- the exchange -----------------------------------------------------------------

    async def _exchange(
        self,
        request: CallRequest,
        typed: dict[str, Any],
        outgoing: OutgoingRequest,
        call_log: CallLog,
        limit: asyncio.Timeout,
    ) -> None:
        call, profile = request.call, request.profile
        record, redactor = call_log.record, call_log.redactor
        token: str | None = None
        token_renewed = False
        try:
            token = await self._tokens.initial(
                profile, request.secrets, redactor, self._token_timeout, record.notes
            )
        except TokenError as error:
            record.diagnosis = token_diagnosis(error, redactor)
            return
        attempt_no = 0
        while True:
            attempt_no += 1
            record.attempts = attempt_no
            if token is not None or attempt_no > 1:
                outgoing = build_request(
                    call,
                    profile,
                    request.secrets,
                    typed,
                    request.payload,
                    token=token,
                    use_alternate_path=request.use_alternate_path,
                )
                call_log.sending(outgoing)
            if not call_log.sent:
                # No call on the wire without its row (and the caller's own step).
                if self._history is not None or request.before_send is not None:
                    wait = self.settings.history_wait
                    recorded = call_log.before_wire(wait, request.before_send)
                    if not await _outside_time_limit(limit, recorded):
                        return
                call_log.sent = True
            attempt = await self._send(outgoing, call_log)
            call_log.settle()
            call_log.clock_stopped()
            if attempt.response is None:
                assert attempt.error is not None
                record.diagnosis = diagnose_transport_error(attempt.error, self.settings, redactor)
                return
            await read_answer(call, attempt.response, record, redactor)
            diagnosis = record.diagnosis
            assert diagnosis is not None and record.response is not None
            status = record.response.status
            if not token_renewed and attempt_no < self.settings.max_attempts:
                try:
                    renewed = await self._tokens.renew(
                        profile,
                        request.secrets,
                        diagnosis,
                        status,
                        token,
                        redactor,
                        self._token_timeout,
                    )
                except TokenError as error:
                    record.diagnosis = token_diagnosis(error, redactor)
                    return
                if renewed is not None:
                    token, note = renewed
                    token_renewed = True
                    record.notes.append(note)
                    continue
            delay = retry_delay(call, record.response, diagnosis, self.settings, attempt_no)
            if delay is None or attempt_no >= self.settings.max_attempts:
                if delay is not None:
                    record.notes.append(f"Gave up after {attempt_no} attempts (rate limited).")
                return
            record.notes.append(
                f"Attempt {attempt_no} was rate limited ({status}); waited {delay:.1f} s and retried."
            )
            await asyncio.sleep(delay)

    @property
    def _token_timeout(self) -> float:
        return self.settings.connect_timeout + 20

    async def _send(self, outgoing: OutgoingRequest, call_log: CallLog) -> _Attempt:
        if not self._http_stack_loaded:
            # httpcore loads anyio's asyncio backend on its first request: ~60 ms of
            # imports that would count as the first call's own time. Load it first.
            await anyio.lowlevel.checkpoint()
            self._http_stack_loaded = True
        clock = call_log.new_clock()
        timeout = httpx.Timeout(self.settings.timeout, connect=self.settings.connect_timeout)
        http_request = self._client.build_request(
            outgoing.method,
            outgoing.url,
            headers=outgoing.headers,
            content=outgoing.body_bytes(),
            extensions={"trace": clock.trace, "timeout": timeout.as_dict()},
        )
        try:
            response = await self._client.send(http_request, follow_redirects=False)
        except httpx.HTTPError as error:
            clock.finish()
            return _Attempt(clock, error=error)
        clock.finish()
        return _Attempt(clock, response=response)


def _warnings(request: CallRequest) -> list[str]:
    caveat = request.call.auth_caveats.get(request.profile.auth)
    return [caveat] if caveat else []


async def _outside_time_limit(limit: asyncio.Timeout, step: Awaitable[_T]) -> _T:
    """Await `step` with the call's time limit stopped: the wait to record a call is
    not the platform's time, and a call refused unsent must not read as timed out."""
    if limit.expired():  # its cancellation is already on its way
        return await step
    loop = asyncio.get_running_loop()
    when = limit.when()
    limit.reschedule(None)
    paused_at = loop.time()
    try:
        return await step
    finally:
        if when is not None:
            limit.reschedule(when + loop.time() - paused_at)
