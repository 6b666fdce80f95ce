"""Plain text of a stored call, as the details panel and the diff view show it.

Qt-free on purpose: the same lines feed the details panes and the diff, and tests can
read them without a widget. Everything in a CallRecord is already masked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime

from trigger_desk.core.calls import find_call
from trigger_desk.core.model import Platform
from trigger_desk.core.record import CallRecord, RequestRecord, ResponseRecord, pretty_json


def platform_label(value: str) -> str:
    """'Bitrix24' for 'bitrix24'; unknown values as stored."""
    try:
        return Platform(value).label
    except ValueError:
        return value


def call_label(call_id: str) -> str:
    """The call's title ('Report event'), or its id when this version does not know it."""
    call = find_call(call_id)
    return call.title if call else call_id


def local_time(started_at: str) -> str:
    """An ISO UTC time as local 'YYYY-MM-DD HH:MM:SS' (the text as stored if unreadable)."""
    try:
        return datetime.fromisoformat(started_at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return started_at


def short_time(started_at: str, today: date | None = None) -> str:
    """'HH:MM:SS' for today's calls, 'YYYY-MM-DD HH:MM' for older ones: the table is narrow."""
    try:
        moment = datetime.fromisoformat(started_at).astimezone()
    except ValueError:
        return started_at
    if moment.date() == (today or datetime.now().astimezone().date()):
        return moment.strftime("%H:%M:%S")
    return moment.strftime("%Y-%m-%d %H:%M")


def milliseconds(value: float | None) -> str:
    """'12.3' under 100 ms, '1,234' above; '' when unknown."""
    if value is None:
        return ""
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


# Headers that differ on every sending; left out of diffs so real changes stand out.
VOLATILE_HEADERS = frozenset({"x-request-id", "date", "x-wix-request-id"})


def body_size(text: str) -> int:
    return len(text.encode("utf-8"))


def format_size(size: int) -> str:
    """'238 bytes', '12.4 KB', '1.2 MB'."""
    if size < 1024:
        return f"{size:,} byte" + ("" if size == 1 else "s")
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def header_lines(headers: Mapping[str, str], *, skip: frozenset[str] = frozenset()) -> list[str]:
    return [f"{name}: {value}" for name, value in headers.items() if name.lower() not in skip]


def request_lines(request: RequestRecord, *, for_diff: bool = False) -> list[str]:
    """'POST url', the headers, a blank line, the pretty body."""
    skip = VOLATILE_HEADERS if for_diff else frozenset()
    lines = [f"{request.method} {request.url}", *header_lines(request.headers, skip=skip)]
    body = pretty_json(request.body)
    if body:
        lines += ["", *body.splitlines()]
    return lines


def response_status_line(response: ResponseRecord) -> str:
    return f"HTTP {response.status} · {format_size(response.size or body_size(response.body))}"


def response_lines(response: ResponseRecord | None, *, for_diff: bool = False) -> list[str]:
    """'HTTP 400 · 238 bytes', the headers, a blank line, the pretty body."""
    if response is None:
        return ["No response was received."]
    skip = VOLATILE_HEADERS if for_diff else frozenset()
    lines = [response_status_line(response), *header_lines(response.headers, skip=skip)]
    body = pretty_json(response.body)
    if body:
        lines += ["", *body.splitlines()]
    return lines


def cancel_event_values(record: CallRecord) -> dict[str, str] | None:
    """triggerKey and externalEntityId of a Wix ReportEvent, or None when it has no
    externalEntityId (an event without one cannot be cancelled)."""
    if record.call_id != "wix.report-event":
        return None
    try:
        body = json.loads(record.request.body or "{}")
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    trigger_key, external_id = body.get("triggerKey"), body.get("externalEntityId")
    if not isinstance(trigger_key, str) or not isinstance(external_id, str) or not external_id:
        return None
    return {"triggerKey": trigger_key, "externalEntityId": external_id}
