"""Reading an answer: its response record, diagnosis and platform request id.

What the engine keeps of an HTTP answer, masked by the call's redactor. Large answers
are described in a worker thread (`read_answer`), so a megabyte body never stalls the
event loop.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from trigger_desk.core.calls import CallSpec
from trigger_desk.core.diagnosis import diagnose, diagnose_by_status, parse_json_object
from trigger_desk.core.model import Platform
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, ResponseRecord
from trigger_desk.core.redact import Redactor

# Answers bigger than this are decoded, diagnosed and masked in a worker thread.
_LARGE_BODY = 256 * 1024
# History keeps at most this much of a response body (the rest is noted, not stored).
MAX_STORED_BODY = 256 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)


async def read_answer(
    call: CallSpec, response: httpx.Response, record: CallRecord, redactor: Redactor
) -> None:
    """Fill the record from an answer; off the loop when the body is large."""
    if len(response.content) > _LARGE_BODY:
        await asyncio.to_thread(describe_answer, call, response, record, redactor)
    else:
        describe_answer(call, response, record, redactor)


def describe_answer(
    call: CallSpec, response: httpx.Response, record: CallRecord, redactor: Redactor
) -> None:
    """Fill the record's response, diagnosis and platform request id from an answer."""
    text = _response_text(response)
    status = response.status_code
    stored = text
    if len(text) > MAX_STORED_BODY:
        stored = text[:MAX_STORED_BODY]
        record.notes.append(
            f"The answer was {len(response.content):,} bytes; history keeps the first "
            f"{MAX_STORED_BODY:,} characters."
        )
    headers = redactor.mask_headers(_joined_headers(response.headers))
    record.response = ResponseRecord(
        status=status, headers=headers, body=redactor.mask(stored), size=len(response.content)
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
