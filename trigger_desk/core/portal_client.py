"""Read-only calls to a Bitrix24 portal for the look-ups: one method, or a `batch` of them.

Requests are built exactly as a fired call's (`build_request`: the webhook URL, or `auth`
in the body for OAuth) and every failure becomes a `LookupFailed` carrying the same kind
of diagnosis as a fired call. Before each request the client awaits `acquire()`, the
rate limiter shared with bulk runs (injected; none by default), and after a refusal for
the rate `on_rate_limited()`. An OAuth token that
answers 401 `expired_token` is refreshed once (and the new pair saved); a 503
`QUERY_LIMIT_EXCEEDED` is waited out and sent again, a few times at most. Look-ups read
nothing twice and change nothing, so re-sending them is always safe.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from trigger_desk.core.auth import BitrixTokenKeeper, SaveSecrets, TokenError
from trigger_desk.core.bitrix24_batch import (
    BatchAnswerError,
    BatchItemResult,
    batch_body,
    batch_command,
    parse_batch_answer,
)
from trigger_desk.core.calls import CallSpec
from trigger_desk.core.calls.bitrix24_lookups import BATCH
from trigger_desk.core.diagnosis import diagnose, parse_json_object
from trigger_desk.core.model import AuthKind, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import Diagnosis
from trigger_desk.core.redact import Redactor
from trigger_desk.core.request import build_request

Acquire = Callable[[], Awaitable[None]]
# Waits after a 503 QUERY_LIMIT_EXCEEDED: the standard bucket drains 2 requests a second.
_RATE_LIMIT_WAITS = (1.0, 2.0, 4.0)


async def _no_pacing() -> None:
    return None


class LookupFailed(Exception):
    """A look-up got no usable answer. `answered` is False when nothing came back."""

    def __init__(self, call: CallSpec, diagnosis: Diagnosis, *, answered: bool) -> None:
        super().__init__(diagnosis.hint)
        self.call = call
        self.diagnosis = diagnosis
        self.answered = answered


def _transport_diagnosis(error: httpx.HTTPError, timeout: float, redactor: Redactor) -> Diagnosis:
    detail = redactor.mask(f"{type(error).__name__}: {error}")[:300]
    if isinstance(error, httpx.TimeoutException):
        return Diagnosis(
            Outcome.TIMEOUT,
            f"The portal did not answer within {timeout:g} s.",
            "Retry; if it repeats, check the portal in a browser.",
            error_message=detail,
        )
    return Diagnosis(
        Outcome.NETWORK,
        "Could not reach the portal (connection failed).",
        "Check the profile's portal address and the network, then run the command again.",
        error_message=detail,
    )


class PortalClient:
    """Sends look-up calls for one Bitrix24 profile and counts the HTTP requests made."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        profile: Profile,
        secrets: Mapping[str, str],
        *,
        acquire: Acquire | None = None,
        on_rate_limited: Acquire | None = None,
        save_secrets: SaveSecrets | None = None,
        redactor: Redactor | None = None,
        timeout: float = 60.0,
        rate_limit_waits: tuple[float, ...] = _RATE_LIMIT_WAITS,
    ) -> None:
        self.profile = profile
        self.secrets = secrets
        self.requests = 0  # HTTP requests to the portal, retries included
        self._client = client
        self._acquire = acquire or _no_pacing
        # Told when the portal refused a request as over its limit (the shared limiter
        # marks the bucket full, so other runs slow down too).
        self._on_rate_limited = on_rate_limited or _no_pacing
        self._tokens = BitrixTokenKeeper(client, save_secrets)
        self._redactor = redactor or Redactor()
        self._timeout = timeout
        self._waits = rate_limit_waits

    async def call(self, call: CallSpec, params: Mapping[str, Any]) -> dict[str, Any]:
        """The decoded answer of one method (`result`, `total`, `next`, `time`)."""
        return await self._send(call, dict(params))

    async def batch(
        self, commands: Mapping[str, tuple[CallSpec, Mapping[str, Any]]]
    ) -> dict[str, Any]:
        """Run up to 50 commands in one request; each key's result, in `commands` order.

        Any command's error fails the whole look-up (with that command's diagnosis).
        """
        cmd = {key: batch_command(call.method, params) for key, (call, params) in commands.items()}
        body = await self._send(BATCH, batch_body(cmd, halt=True))
        try:
            parsed = parse_batch_answer(body, list(cmd))
        except BatchAnswerError:
            raise LookupFailed(BATCH, _odd_answer(), answered=True) from None
        results: dict[str, Any] = {}
        for key, item in parsed.items():
            call = commands[key][0]
            if not item.ok:
                raise LookupFailed(call, self._command_diagnosis(call, item), answered=True)
            results[key] = item.result
        return results

    def _command_diagnosis(self, call: CallSpec, item: BatchItemResult) -> Diagnosis:
        if not item.ran:
            return Diagnosis(
                Outcome.SERVER_ERROR,
                "The portal skipped a command of the batch without saying why.",
                "Run the command again.",
            )
        error = {"error": item.error or "", "error_description": item.error_description or ""}
        return diagnose(call, 400, "application/json", "", body=error)

    async def _send(self, call: CallSpec, params: dict[str, Any]) -> dict[str, Any]:
        token = self._token()
        refreshed = False
        waits = iter(self._waits)
        while True:
            outgoing = build_request(call, self.profile, self.secrets, params, token=token)
            await self._acquire()
            self.requests += 1
            try:
                response = await self._client.post(
                    outgoing.url,
                    content=outgoing.body_bytes(),
                    headers=outgoing.headers,
                    timeout=self._timeout,
                )
            except httpx.HTTPError as error:
                diagnosis = _transport_diagnosis(error, self._timeout, self._redactor)
                raise LookupFailed(call, diagnosis, answered=False) from None
            body = parse_json_object(response.text)
            if 200 <= response.status_code < 300 and body is not None and "error" not in body:
                return body
            code = str((body or {}).get("error") or "")
            if token and response.status_code == 401 and code == "expired_token" and not refreshed:
                token, refreshed = await self._refresh(call, token), True
                continue
            wait = next(waits, None) if code == "QUERY_LIMIT_EXCEEDED" else None
            if wait is not None:
                await self._on_rate_limited()
                await asyncio.sleep(wait)
                continue
            diagnosis = diagnose(
                call,
                response.status_code,
                response.headers.get("content-type", ""),
                self._redactor.mask(response.text[:2000]),
                body=body,
            )
            raise LookupFailed(call, diagnosis, answered=True)

    def _token(self) -> str | None:
        if self.profile.auth is not AuthKind.OAUTH:
            return None
        tokens = self._tokens.current(self.profile, self.secrets)
        self._redactor.add("access_token", tokens.access_token)
        self._redactor.add("refresh_token", tokens.refresh_token)
        return tokens.access_token

    async def _refresh(self, call: CallSpec, expired: str) -> str:
        try:
            tokens, _ = await self._tokens.refresh(
                self.profile, self.secrets, expired, self._timeout
            )
        except TokenError as error:
            outcome = Outcome.AUTH if error.refused else Outcome.NETWORK
            diagnosis = Diagnosis(outcome, str(error), error.next_step)
            raise LookupFailed(call, diagnosis, answered=error.refused) from None
        self._redactor.add("access_token", tokens.access_token)
        self._redactor.add("refresh_token", tokens.refresh_token)
        return tokens.access_token


def _odd_answer() -> Diagnosis:
    return Diagnosis(
        Outcome.SERVER_ERROR,
        "The portal answered the batch without a batch result.",
        "Retry; if it repeats, check the portal address.",
    )
