"""The async engine: validate, send, time, retry within bounds, diagnose, record.

Qt-free and I/O-injected: it is handed an `httpx.AsyncClient` (tests give it one that
talks to a real loopback server), a history sink and a secret sink. Nothing blocks its
event loop: keyring writes and large-body parsing run in worker threads; history rows
are written on the loop only when that cannot wait, else by a worker (see
`history_writer`). At most `max_on_wire` calls are on the wire at once.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import anyio.lowlevel
import httpx

from trigger_desk.core.auth import BitrixTokenKeeper, TokenError, WixTokenKeeper
from trigger_desk.core.calls import CallSpec
from trigger_desk.core.diagnosis import diagnose, diagnose_by_status, parse_json_object
from trigger_desk.core.history_writer import HistorySink, HistoryWriter
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord, ResponseRecord
from trigger_desk.core.redact import Redactor
from trigger_desk.core.request import OutgoingRequest, build_request
from trigger_desk.core.retry import retry_delay
from trigger_desk.core.stored_body import MAX_STORED_BODY, body_for_history
from trigger_desk.core.timing import PhaseClock
from trigger_desk.core.transport_errors import MAY_HAVE_RUN, diagnose_transport_error
from trigger_desk.core.validation import validate_call

log = logging.getLogger(__name__)

# Answers bigger than this are decoded, diagnosed and masked in a worker thread.
_LARGE_BODY = 256 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)


class SecretSink(Protocol):
    """Persists refreshed tokens (the keyring). Blocking; called in a worker thread."""

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


@dataclass
class CallRequest:
    """Everything needed to fire one call. `secrets` come from the keyring."""

    call: CallSpec
    profile: Profile
    secrets: Mapping[str, str]
    values: Mapping[str, Any]
    payload: Any = None
    use_alternate_path: bool = False  # Wix RunTrigger at the SDK's path


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
        self._bitrix_tokens = BitrixTokenKeeper(client, self._save_secrets if secret_sink else None)
        self._wix_tokens = WixTokenKeeper(client)
        self._turns = asyncio.Semaphore(self.settings.max_on_wire)
        self._http_stack_loaded = False

    # --- public API -------------------------------------------------------------------

    def preview(self, request: CallRequest) -> Preview:
        """The exact request Fire would send, masked; raises InvalidInput on bad input."""
        typed = validate_call(request.call, request.profile, request.values, request.payload)
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
            request=_NOT_YET_MASKED,
            notes=_warnings(request),
        )
        call_log = _CallLog(record, redactor, self._history)
        call_log.sending(first)
        try:
            async with self._turns:
                call_log.waiting = False
                async with asyncio.timeout(self.settings.timeout):
                    await self._exchange(request, typed, first, call_log)
        except TimeoutError:
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
                else "Cancelled by the user before an answer was recorded. The platform may "
                "still have received the call."
            )
            await asyncio.shield(call_log.complete())
            raise
        await call_log.complete()
        return record

    async def flush(self) -> None:
        """Wait for history writes still queued (call before the process exits)."""
        if self._history is not None:
            await self._history.flush()

    async def aclose(self) -> None:
        """Flush history and stop its writer thread."""
        if self._history is not None:
            await self._history.flush()
            self._history.close()

    # --- the exchange -----------------------------------------------------------------

    async def _exchange(
        self,
        request: CallRequest,
        typed: dict[str, Any],
        outgoing: OutgoingRequest,
        call_log: _CallLog,
    ) -> None:
        call, profile = request.call, request.profile
        record, redactor = call_log.record, call_log.redactor
        token: str | None = None
        token_renewed = False
        try:
            token = await self._initial_token(request, redactor)
        except TokenError as error:
            record.diagnosis = _token_diagnosis(error)
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
            attempt = await self._send(outgoing, call_log.on_wire)
            call_log.settle()
            record.timings_ms = attempt.clock.phases_ms()
            if attempt.response is None:
                assert attempt.error is not None
                record.diagnosis = diagnose_transport_error(attempt.error, self.settings, redactor)
                return
            await self._read_answer(call, attempt.response, record, redactor)
            diagnosis = record.diagnosis
            assert diagnosis is not None and record.response is not None
            status = record.response.status
            if not token_renewed and attempt_no < self.settings.max_attempts:
                try:
                    renewed = await self._renew_token(request, diagnosis, status, token, redactor)
                except TokenError as error:
                    record.diagnosis = _token_diagnosis(error)
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

    async def _send(self, outgoing: OutgoingRequest, on_sent: Callable[[], None]) -> _Attempt:
        if not self._http_stack_loaded:
            # httpcore loads anyio's asyncio backend on its first request: ~60 ms of
            # imports that would count as the first call's own time. Load it first.
            await anyio.lowlevel.checkpoint()
            self._http_stack_loaded = True
        clock = PhaseClock(on_sent)
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

    async def _read_answer(
        self, call: CallSpec, response: httpx.Response, record: CallRecord, redactor: Redactor
    ) -> None:
        if len(response.content) > _LARGE_BODY:
            await asyncio.to_thread(_describe_answer, call, response, record, redactor)
        else:
            _describe_answer(call, response, record, redactor)

    # --- tokens -----------------------------------------------------------------------

    async def _initial_token(self, request: CallRequest, redactor: Redactor) -> str | None:
        profile = request.profile
        if profile.auth is AuthKind.OAUTH:
            # The keeper may hold tokens newer than the caller's copy of the secrets.
            tokens = self._bitrix_tokens.current(profile, request.secrets)
            redactor.add("access_token", tokens.access_token)
            redactor.add("refresh_token", tokens.refresh_token)
            return tokens.access_token
        if profile.auth is AuthKind.APP_OAUTH:
            token, _ = await self._wix_tokens.token(
                profile, request.secrets, self.settings.connect_timeout + 20
            )
            redactor.add("wix_app_token", token)
            return token
        return None

    async def _renew_token(
        self,
        request: CallRequest,
        diagnosis: Diagnosis,
        status: int,
        token: str | None,
        redactor: Redactor,
    ) -> tuple[str, str] | None:
        """A new token and a note, when this answer calls for exactly one renewal."""
        profile = request.profile
        if token is None or status != 401:
            return None
        if (
            profile.auth is AuthKind.OAUTH
            and (diagnosis.error_code or "").lower() == "expired_token"
        ):
            tokens, refreshed = await self._bitrix_tokens.refresh(
                profile, request.secrets, token, self.settings.connect_timeout + 20
            )
            redactor.add("access_token", tokens.access_token)
            redactor.add("refresh_token", tokens.refresh_token)
            note = (
                "The access token had expired: refreshed it and stored the new tokens in the "
                "keyring, then retried once."
                if refreshed
                else "The access token had expired; another call had just refreshed it: retried once."
            )
            return tokens.access_token, note
        if profile.auth is AuthKind.APP_OAUTH:
            fresh, _ = await self._wix_tokens.token(
                profile, request.secrets, self.settings.connect_timeout + 20, refused=token
            )
            redactor.add("wix_app_token", fresh)
            return fresh, "Wix refused the app token (401): fetched a new one and retried once."
        return None

    async def _save_secrets(self, profile: str, secrets: Mapping[str, str]) -> None:
        assert self._secret_sink is not None
        await asyncio.to_thread(self._secret_sink.save, profile, secrets)


# The record's request until the first attempt is masked (see _CallLog).
_NOT_YET_MASKED = RequestRecord("", "", {}, "")


class _CallLog:
    """What the engine writes down about one call, and when.

    Masking the request and beginning its history row wait until the request is on
    the wire: done then, they overlap the wait for the answer instead of delaying the
    call. A call never sent (no connection) is masked afterwards and added whole.
    """

    def __init__(self, record: CallRecord, redactor: Redactor, history: HistoryWriter | None):
        self.record = record
        self.redactor = redactor
        self._history = history
        self.waiting = True  # for a turn on the wire (Engine.settings.max_on_wire)
        self._outgoing: OutgoingRequest | None = None  # the attempt being made
        self._masked = False  # is record.request the current attempt's?
        self._begun: Future[int] | None = None

    def sending(self, outgoing: OutgoingRequest) -> None:
        self._outgoing, self._masked = outgoing, False
        self.record.request_id = outgoing.headers["X-Request-ID"]

    def settle(self) -> None:
        """Make sure the record shows the current attempt's request (body cut for history)."""
        if not self._masked and self._outgoing is not None:
            self.record.request, note = self._outgoing.recorded(self.redactor)
            if note and note not in self.record.notes:
                self.record.notes.append(note)
            self._masked = True

    def on_wire(self) -> None:
        # Runs inside httpx's request (a trace event): it must never raise.
        try:
            self.settle()
            if self._history is not None and self._begun is None:
                self._begun = self._history.begin(self.record)
        except Exception as error:
            self._begun = Future()
            self._begun.set_exception(error)

    async def complete(self) -> None:
        self.settle()
        history, record = self._history, self.record
        if history is None:
            return
        begun = self._begun if self._begun is not None else history.add(record)
        try:
            record.history_id = await history.history_id(begun)
        except Exception as error:  # the call happened: report it, don't lose the record
            log.error("could not save call to history: %s", type(error).__name__)
            record.notes.append(f"Could not be saved to history: {type(error).__name__}.")
            return
        if self._begun is not None:
            history.complete(record)


def _warnings(request: CallRequest) -> list[str]:
    caveat = request.call.auth_caveats.get(request.profile.auth)
    return [caveat] if caveat else []


def _token_diagnosis(error: TokenError) -> Diagnosis:
    outcome = Outcome.AUTH if error.refused else Outcome.NETWORK
    return Diagnosis(outcome, str(error), error.next_step)


def _describe_answer(
    call: CallSpec, response: httpx.Response, record: CallRecord, redactor: Redactor
) -> None:
    """Fill the record's response, diagnosis and platform request id from an answer."""
    text = _response_text(response)
    status = response.status_code
    stored, note = body_for_history(text, redactor.mask, what="answer", size=len(response.content))
    if note:
        record.notes.append(note)
    headers = redactor.mask_headers(_joined_headers(response.headers))
    record.response = ResponseRecord(
        status=status, headers=headers, body=stored, size=len(response.content)
    )
    if status in _REDIRECTS:
        record.diagnosis = _redirect_diagnosis(call, response, redactor)
        return
    body: dict[str, Any] | None = None
    if len(text) > MAX_STORED_BODY:
        # Parsing megabytes holds the GIL for tens of milliseconds and would stall the
        # window's thread too; trigger answers are small, so such a body is an anomaly.
        diagnosis = diagnose_by_status(call, status, len(response.content))
    else:
        body = parse_json_object(text)  # once, for the diagnosis and the request id
        diagnosis = diagnose(call, status, response.headers.get("content-type", ""), text, body)
    diagnosis.error_message = (
        redactor.mask(diagnosis.error_message or "") or diagnosis.error_message
    )
    if status == 404 and call.alternate_method and record.request.url.endswith(call.method):
        diagnosis.next_step += (
            f" If the trigger id is right, this site may serve {call.title} only at the Wix "
            f"SDK's path ({call.alternate_method}): fire again with the SDK path "
            "(CLI: --sdk-path)."
        )
    record.diagnosis = diagnosis
    record.platform_request_id = _platform_request_id(call, response, body)


def _response_text(response: httpx.Response) -> str:
    """The body as text. Without a charset it is UTF-8 (JSON's encoding), decoded here
    directly: httpx's `.text` parses the Content-Type through the email package first,
    which costs as much as the rest of reading a small answer."""
    if "charset" in response.headers.get("content-type", "").lower():
        return response.text
    return response.content.decode("utf-8", errors="replace")


def _joined_headers(headers: httpx.Headers) -> dict[str, str]:
    """Headers as a plain dict; repeated ones joined with ", " as HTTP allows."""
    joined: dict[str, str] = {}
    for name, value in headers.multi_items():
        joined[name] = f"{joined[name]}, {value}" if name in joined else value
    return joined


def _platform_request_id(
    call: CallSpec, response: httpx.Response, body: dict[str, Any] | None
) -> str:
    if call.platform is Platform.WIX:
        return str(response.headers.get("x-wix-request-id", ""))
    timing = body.get("time") if body else None
    return json.dumps(timing, separators=(",", ":")) if isinstance(timing, dict) else ""


def _redirect_diagnosis(call: CallSpec, response: httpx.Response, redactor: Redactor) -> Diagnosis:
    location = response.headers.get("location", "")
    new_base = location.split("/rest/")[0] if "/rest/" in location else location
    shown = redactor.mask(new_base) or "(no address given)"
    return Diagnosis(
        Outcome.REJECTED,
        f"The portal answered {response.status_code}: it has moved to {shown}. "
        "A POST is not re-sent to a new address automatically.",
        f"Update the profile's address to {shown} (for a webhook profile, paste the webhook "
        "URL with the new address) and fire again.",
        error_code=str(response.status_code),
        error_message=f"Moved to {shown}",
    )
