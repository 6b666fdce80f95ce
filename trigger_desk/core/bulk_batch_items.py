"""One Bitrix24 `batch` request for many items, and each item's record as if fired alone.

The batch goes where a single call would (the webhook URL, or `{portal}/rest/` with
`auth` in the body), its commands built from exactly the body a single call would send.
Each command's result, error and time block is then diagnosed with the call's own
error catalogue (`core.diagnosis`), so an item's history row reads like a single call's.
A batch answers 200 for the request as a whole; an item's status is the one the portal
gives the method alone for that error (400 for a method error), and its record says so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from trigger_desk.core.bitrix24_batch import BatchItemResult, batch_body, batch_command
from trigger_desk.core.calls import CallSpec
from trigger_desk.core.diagnosis import diagnose
from trigger_desk.core.model import AuthKind, Profile
from trigger_desk.core.record import Diagnosis, RequestRecord, ResponseRecord
from trigger_desk.core.redact import Redactor
from trigger_desk.core.request import (
    TOKEN_PLACEHOLDER,
    USER_AGENT,
    OutgoingRequest,
    build_request,
    nest_fields,
    new_request_id,
    webhook_base,
)

# json.dumps(..., ensure_ascii=False) without building an encoder per call (thousands
# of items, several texts each: the building cost more than the encoding).
_TO_JSON = json.JSONEncoder(ensure_ascii=False).encode

# The HTTP status the portal gives each error when the method is called alone.
_STATUS_OF = {
    "query_limit_exceeded": 503,
    "overload_limit": 503,
    "operation_time_limit": 429,
    "no_auth_found": 401,
    "expired_token": 401,
    "invalid_token": 401,
    "insufficient_scope": 403,
    "invalid_credentials": 403,
    "access_denied": 403,
    "user_access_error": 403,
    "error_method_not_found": 404,
    "internal_server_error": 500,
    "error_unexpected_answer": 500,
}


def command_params(
    call: CallSpec,
    profile: Profile,
    secrets: Mapping[str, str],
    values: Mapping[str, Any],
    payload: Any,
) -> dict[str, Any]:
    """The parameters a single call would send (without `auth`, which the batch carries):
    the body `build_request` makes, minus its per-request parts (headers, URL)."""
    del profile, secrets  # the address and auth are the batch's (checked by batch_request)
    body = nest_fields(values)
    if call.payload is not None and payload is not None:
        body[call.payload.key] = payload
    return body


def batch_commands(
    call: CallSpec,
    profile: Profile,
    secrets: Mapping[str, str],
    items: Sequence[tuple[Mapping[str, Any], Any]],
) -> dict[str, str]:
    """The `cmd` map for items given as (values, payload), keyed 0..n-1 in their order
    (PHP then answers with lists: `parse_batch_answer` reads both)."""
    return {
        str(index): batch_command(
            call.method, command_params(call, profile, secrets, values, payload)
        )
        for index, (values, payload) in enumerate(items)
    }


def batch_request(
    profile: Profile,
    secrets: Mapping[str, str],
    call: CallSpec,
    commands: Mapping[str, str],
    token: str | None,
) -> OutgoingRequest:
    """The `batch` request (halt off), authenticated as a single call would be."""
    body: dict[str, Any] = batch_body(commands)
    if profile.auth is AuthKind.WEBHOOK:
        url = f"{webhook_base(secrets)}batch"
    else:
        # The portal address check lives in build_request: borrow its URL.
        single = build_request(call, profile, secrets, {}, None, token=token or TOKEN_PLACEHOLDER)
        url = single.url.rsplit("/", 1)[0] + "/batch"
        body["auth"] = token or TOKEN_PLACEHOLDER
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
        "X-Request-ID": new_request_id(),
    }
    return OutgoingRequest("POST", url, headers, body)


def item_requests(
    outgoing: OutgoingRequest, keys: Sequence[str], redactor: Redactor
) -> dict[str, RequestRecord]:
    """Each item's request as history keeps it: the batch request with its own command
    only. Address, headers and the rest of the body are masked once for all of them."""
    marker = "\x1fcmd\x1f"
    rest = {k: v for k, v in outgoing.body.items() if k != "cmd"}
    head, _, tail = redactor.mask(_TO_JSON({**rest, "cmd": marker})).partition(json.dumps(marker))
    url = redactor.mask(outgoing.url)
    headers = redactor.mask_headers(outgoing.headers)
    commands = outgoing.body["cmd"]
    return {
        key: RequestRecord(
            outgoing.method,
            url,
            headers,
            head + _TO_JSON({key: commands[key]}) + tail,
        )
        for key in keys
    }


def command_answer(
    call: CallSpec, item: BatchItemResult, redactor: Redactor
) -> tuple[ResponseRecord, Diagnosis]:
    """The item's response and diagnosis from its part of the batch answer."""
    answer: dict[str, Any]
    if item.error is not None:
        answer = {"error": item.error, "error_description": item.error_description or ""}
        status = _STATUS_OF.get(item.error.lower(), 400)
    else:
        answer = {"result": item.result}
        status = 200
    if item.time is not None:
        answer["time"] = dict(item.time)
    text = _TO_JSON(answer)
    diagnosis = diagnose(call, status, "application/json", text, answer)
    if diagnosis.error_message:
        diagnosis.error_message = redactor.mask_cap(diagnosis.error_message)
    response = ResponseRecord(
        status=status,
        headers={"content-type": "application/json"},
        body=redactor.mask(text),
        size=len(text.encode("utf-8")),
    )
    return response, diagnosis


def batch_note(run_id: str, row: int, key: str, size: int, request_id: str) -> str:
    return (
        f"Bulk run {run_id}, row {row}: sent as command {key!r} of a batch of {size} "
        f"(X-Request-ID {request_id}). The HTTP status shown is the one the portal gives "
        "this answer for the method called alone; the batch itself answered 200."
    )


def reset_in(items: Sequence[BatchItemResult], answer: Mapping[str, Any], now: float) -> float:
    """Seconds until `operating_reset_at` for commands refused by their time budget."""
    stamps: list[float] = []
    for item in items:
        if item.time is not None and isinstance(item.time.get("operating_reset_at"), int | float):
            stamps.append(float(item.time["operating_reset_at"]))  # type: ignore[arg-type]
    timing = answer.get("time")
    if isinstance(timing, Mapping) and isinstance(timing.get("operating_reset_at"), int | float):
        stamps.append(float(timing["operating_reset_at"]))
    return max(1.0, max(stamps) - now) if stamps else 10.0


__all__ = [
    "batch_command",
    "batch_commands",
    "batch_note",
    "batch_request",
    "command_answer",
    "command_params",
    "item_requests",
    "reset_in",
]
