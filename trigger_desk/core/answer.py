"""Reading an answer: its response record, diagnosis and platform request id.

What the engine keeps of an HTTP answer, masked by the call's redactor. Large answers
are described in a worker thread (`read_answer`), so a megabyte body never stalls the
event loop.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from trigger_desk.core.calls import CallSpec
from trigger_desk.core.diagnosis import (
    diagnose,
    diagnose_by_status,
    parse_json_object,
    platform_request_id,
)
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, ResponseRecord
from trigger_desk.core.redact import MAX_OUTSIDE_TEXT, Redactor
from trigger_desk.core.stored_body import MAX_STORED_BODY, body_for_history

# Answers bigger than this are decoded, diagnosed and masked in a worker thread.
_LARGE_BODY = 256 * 1024
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
    stored, note = body_for_history(text, redactor, what="answer", size=len(response.content))
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
        body = parse_json_object(text)  # once
        # The masked text: a snippet the diagnosis cuts from it is cut after masking.
        content_type = response.headers.get("content-type", "")
        diagnosis = diagnose(call, status, content_type, stored, body)
    diagnosis.error_message = (
        redactor.mask_cap(diagnosis.error_message or "") or diagnosis.error_message
    )
    if diagnosis.error_code and len(diagnosis.error_code) > MAX_OUTSIDE_TEXT:
        diagnosis.error_code = redactor.mask_cap(diagnosis.error_code)
    if status == 404 and call.alternate_method and record.request.url.endswith(call.method):
        diagnosis.next_step += (
            f" If the trigger id is right, this site may serve {call.title} only at the Wix "
            f"SDK's path ({call.alternate_method}): fire again with the SDK path "
            "(CLI: --sdk-path)."
        )
    record.diagnosis = diagnosis
    record.platform_request_id = platform_request_id(
        call.platform, response.headers, record.request_id
    )


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


def _redirect_diagnosis(call: CallSpec, response: httpx.Response, redactor: Redactor) -> Diagnosis:
    location = response.headers.get("location", "")
    new_base = location.split("/rest/")[0] if "/rest/" in location else location
    shown = redactor.mask(new_base) or "(no address given)"
    return Diagnosis(
        Outcome.REJECTED,
        # A renamed portal answers so, but so can a proxy sending to its login page.
        f"The server answered {response.status_code}, pointing to {shown}: a renamed "
        "portal answers so. A POST is not re-sent to a new address automatically.",
        f"Update the profile's address to {shown} if that is the portal's new address (for "
        "a webhook profile, paste the webhook URL with the new address) and fire again; if "
        "it is a login or proxy page, check the network instead.",
        error_code=str(response.status_code),
        error_message=f"Moved to {shown}",
    )
