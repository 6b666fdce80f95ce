"""The record of one call: what was sent, what came back, how long it took, what it means.

A `CallRecord` is what the engine returns, what history stores and what the CLI prints
with `--json`. Everything in it is already masked: no secret ever reaches a record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP
from trigger_desk.core.outcome import Outcome

TIMING_PHASES = ("connect", "tls", "send", "wait", "receive", "total")
# Joins the links of an exception chain in a no-answer `Diagnosis.error_message`
# (outermost first, each distinct cause once).
CHAIN_SEPARATOR = " | "


@dataclass
class RequestRecord:
    method: str
    url: str  # masked
    headers: dict[str, str]  # masked
    body: str  # masked JSON text ('' when none)


@dataclass
class ResponseRecord:
    status: int
    headers: dict[str, str]
    body: str  # as received (decoded text), masked
    size: int = 0  # bytes on the wire


@dataclass
class Diagnosis:
    """A plain explanation of an answer and what to do next."""

    outcome: Outcome
    cause: str
    next_step: str
    error_code: str | None = None  # the platform's own code ('' when it sent an empty one)
    error_message: str | None = None  # the platform's own text

    @property
    def hint(self) -> str:
        return " ".join(part for part in (self.cause, self.next_step) if part)


@dataclass
class CallRecord:
    call_id: str
    platform: str
    profile: str
    started_at: str  # ISO 8601, UTC
    request: RequestRecord
    diagnosis: Diagnosis | None = None  # None while the call is in flight
    response: ResponseRecord | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    # How far each phase got (core.timing.PhaseState); empty in records from before it.
    timings_state: dict[str, str] = field(default_factory=dict)
    request_id: str = ""  # our X-Request-ID
    platform_request_id: str = ""  # x-wix-request-id (see diagnosis.platform_request_id)
    attempts: int = 1
    notes: list[str] = field(default_factory=list)  # retries, token refresh, redirects, caveats
    history_id: int | None = None

    def support_request_id(self) -> tuple[str, str]:
        """What to give the platform's support to find this call: (label, id).

        Wix's own id when it sent one; for Bitrix24, which sends none, the X-Request-ID
        we sent (the official SDK sends one too, for logs on both sides to match).
        """
        if self.platform == "wix":
            return "x-wix-request-id", self.platform_request_id
        if self.platform_request_id:
            return QT_TRANSLATE_NOOP("core", "Server request id"), self.platform_request_id
        return QT_TRANSLATE_NOOP("core", "X-Request-ID (sent)"), self.request_id

    @property
    def outcome(self) -> Outcome | None:
        return self.diagnosis.outcome if self.diagnosis else None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK

    @property
    def status(self) -> int | None:
        return self.response.status if self.response else None

    def to_json_dict(self) -> dict[str, Any]:
        """The CLI's `--json` object (keys are a public contract, see DESIGN.md)."""
        diagnosis = self.diagnosis
        error: dict[str, Any] | None = None
        if diagnosis and diagnosis.outcome is not Outcome.OK:
            error = {"code": diagnosis.error_code, "message": diagnosis.error_message}
        response: dict[str, Any] | None = None
        if self.response is not None:
            response = {"headers": self.response.headers, "body": _json_or_text(self.response.body)}
        return {
            "ok": self.ok,
            "call": self.call_id,
            "status": self.status,
            "outcome": diagnosis.outcome.value if diagnosis else None,
            "error": error,
            "hint": diagnosis.hint if diagnosis else "",
            "timings_ms": {
                phase: round(self.timings_ms.get(phase, 0.0), 3) for phase in TIMING_PHASES
            },
            # An addition to the contract: which of those figures were reached at all.
            "timings_state": self._timings_state(),
            "request": {
                "method": self.request.method,
                "url": self.request.url,
                "headers": self.request.headers,
                "body": _json_or_text(self.request.body),
            },
            "response": response,
            "history_id": self.history_id,
            "profile": self.profile,
            "request_id": self.request_id,
            "platform_request_id": self.platform_request_id,
            "attempts": self.attempts,
            "notes": self.notes,
        }

    def _timings_state(self) -> dict[str, str]:
        if self.timings_state or self.timings_ms or self.diagnosis is None:
            return dict(self.timings_state)  # known; or unknown (old or unfinished rows)
        # Ended before any request to the platform (a token refused, cancelled waiting).
        return dict.fromkeys(TIMING_PHASES[:-1], "not_reached")

    def to_storage(self) -> dict[str, Any]:
        """A plain dict for persistence (inverse of `from_storage`).

        Written out by hand: `dataclasses.asdict` deep-copies and costs more than the
        SQLite write it feeds, on every call.
        """
        request, response, diagnosis = self.request, self.response, self.diagnosis
        return {
            "call_id": self.call_id,
            "platform": self.platform,
            "profile": self.profile,
            "started_at": self.started_at,
            "request": {
                "method": request.method,
                "url": request.url,
                "headers": dict(request.headers),
                "body": request.body,
            },
            "diagnosis": None
            if diagnosis is None
            else {
                "outcome": diagnosis.outcome.value,
                "cause": diagnosis.cause,
                "next_step": diagnosis.next_step,
                "error_code": diagnosis.error_code,
                "error_message": diagnosis.error_message,
            },
            "response": None
            if response is None
            else {
                "status": response.status,
                "headers": dict(response.headers),
                "body": response.body,
                "size": response.size,
            },
            "timings_ms": dict(self.timings_ms),
            "timings_state": dict(self.timings_state),
            "request_id": self.request_id,
            "platform_request_id": self.platform_request_id,
            "attempts": self.attempts,
            "notes": list(self.notes),
            "history_id": self.history_id,
        }

    @classmethod
    def from_storage(cls, data: dict[str, Any]) -> CallRecord:
        diagnosis = data.get("diagnosis")
        response = data.get("response")
        return cls(
            call_id=data["call_id"],
            platform=data["platform"],
            profile=data["profile"],
            started_at=data["started_at"],
            request=RequestRecord(**data["request"]),
            diagnosis=(
                Diagnosis(**{**diagnosis, "outcome": Outcome(diagnosis["outcome"])})
                if diagnosis
                else None
            ),
            response=ResponseRecord(**response) if response else None,
            timings_ms=dict(data.get("timings_ms") or {}),
            timings_state=dict(data.get("timings_state") or {}),
            request_id=data.get("request_id", ""),
            platform_request_id=_request_id_kept(data),
            attempts=data.get("attempts", 1),
            notes=list(data.get("notes") or []),
            history_id=data.get("history_id"),
        )


def sandbox_port_to_start(record: CallRecord) -> int | None:
    """For a connection refused by this machine (a sandbox not running, most likely):
    the port to start the sandbox on, so the window can offer it; else None.

    A sandbox profile's own port (its profiles point there), else 0 for the default.
    The CLI's hint names `trigger-desk sandbox` instead.
    """
    from urllib.parse import urlsplit

    diagnosis = record.diagnosis
    if diagnosis is None or diagnosis.outcome is not Outcome.NETWORK:
        return None
    if "refused" not in diagnosis.cause:
        return None
    address = urlsplit(record.request.url)
    if address.hostname not in ("127.0.0.1", "localhost", "::1"):
        return None
    return (address.port or 0) if record.profile.startswith("sandbox-") else 0


def _request_id_kept(data: dict[str, Any]) -> str:
    # Rows from earlier versions kept Bitrix24's `time` block here: timing, not an id.
    kept = str(data.get("platform_request_id") or "")
    return "" if kept.startswith("{") else kept


def _json_or_text(text: str) -> Any:
    """Bodies are shown as JSON when they are JSON, else as the raw text."""
    if not text:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # stored server text may be nested absurdly deep
        return text


# Indenting megabytes of JSON for display would freeze whoever asked; such text is
# shown as it came.
PRETTY_LIMIT = 256 * 1024


def pretty_json(text: str) -> str:
    """JSON text indented by two spaces for reading; any other text as it is."""
    if not text or len(text) > PRETTY_LIMIT:
        return text
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except (ValueError, RecursionError):
        return text
