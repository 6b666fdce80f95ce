"""Export history as HAR 1.2 (browser devtools, HTTP tools) or as the CLI's JSON.

Records are already masked, so exports hold no secret. HAR has no place for what
Trigger Desk knows about a call (outcome, hint, profile, ids), so that travels in an
`_triggerDesk` object on each entry (HAR allows custom fields that start with `_`).

Timings map httpx's phases onto HAR's: connect → connect (HAR's connect includes the
TLS time, so our connect + tls), tls → ssl, send, wait and receive as they are; dns
and blocked are not measured (-1). `time` is the sum of the phases, as HAR defines it
(or the call's total when no phase was measured); the whole call's time, retries and
backoff included, is `_triggerDesk.totalMs`.

A call with no answer (network error, timeout, interrupted) is still a valid entry:
status 0, no headers, empty content; `_triggerDesk` says why.
"""

from __future__ import annotations

import http
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from trigger_desk import __version__
from trigger_desk.core.record import CallRecord, RequestRecord, ResponseRecord

# httpx speaks HTTP/1.1 unless the optional h2 package is installed, which we do not use.
_HTTP_VERSION = "HTTP/1.1"
_UNKNOWN = -1


def to_har(records: Iterable[CallRecord]) -> dict[str, Any]:
    """A HAR 1.2 document (a dict ready for `json.dump`) with one entry per record."""
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "Trigger Desk", "version": __version__},
            "entries": [_entry(record) for record in records],
        }
    }


def to_json_export(records: Iterable[CallRecord]) -> list[dict[str, Any]]:
    """The records as the CLI's `--json` objects, one per call."""
    return [record.to_json_dict() for record in records]


def _entry(record: CallRecord) -> dict[str, Any]:
    timings = _timings(record.timings_ms)
    # ssl is already inside connect; unknown phases (-1) do not count.
    phases = sum(value for name, value in timings.items() if name != "ssl" and value >= 0)
    total = record.timings_ms.get("total") or 0.0
    return {
        "startedDateTime": _har_datetime(record.started_at),
        # With no phase measured (a refused connection, a timeout before the first
        # byte), the call's total time is the only honest figure.
        "time": round(phases if phases > 0 else max(total, 0.0), 3),
        "request": _request(record.request),
        "response": _response(record.response),
        "cache": {},
        "timings": timings,
        "_triggerDesk": _custom_fields(record),
    }


def _request(request: RequestRecord) -> dict[str, Any]:
    body_size = len(request.body.encode("utf-8"))
    har: dict[str, Any] = {
        "method": request.method,
        "url": request.url,
        "httpVersion": _HTTP_VERSION,
        "cookies": [],
        "headers": _headers(request.headers),
        "queryString": [
            {"name": name, "value": value}
            for name, value in parse_qsl(urlsplit(request.url).query, keep_blank_values=True)
        ],
        "headersSize": _UNKNOWN,
        "bodySize": body_size,
    }
    if request.body:
        har["postData"] = {
            "mimeType": _header(request.headers, "content-type") or "application/json",
            "text": request.body,
        }
    return har


def _response(response: ResponseRecord | None) -> dict[str, Any]:
    if response is None:
        return {
            "status": 0,
            "statusText": "",
            "httpVersion": "",
            "cookies": [],
            "headers": [],
            "content": {"size": 0, "mimeType": ""},
            "redirectURL": "",
            "headersSize": _UNKNOWN,
            "bodySize": _UNKNOWN,
        }
    size = len(response.body.encode("utf-8"))
    content: dict[str, Any] = {
        "size": size,
        "mimeType": _header(response.headers, "content-type") or "",
        "text": response.body,
    }
    on_wire = response.size if response.size > 0 or size == 0 else _UNKNOWN
    if 0 < on_wire < size:
        content["compression"] = size - on_wire
    return {
        "status": response.status,
        "statusText": _reason(response.status),
        "httpVersion": _HTTP_VERSION,
        "cookies": [],
        "headers": _headers(response.headers),
        "content": content,
        # A renamed Bitrix24 portal answers 301/302; where it points is the news.
        "redirectURL": _header(response.headers, "location") or "",
        "headersSize": _UNKNOWN,
        "bodySize": on_wire,
    }


def _timings(timings_ms: Mapping[str, float]) -> dict[str, float]:
    def known(name: str) -> float:
        value = timings_ms.get(name)
        return round(value, 3) if value is not None and value >= 0 else _UNKNOWN

    connect, tls = known("connect"), known("tls")
    if connect >= 0 and tls >= 0:
        connect = round(connect + tls, 3)  # HAR: connect includes ssl
    return {
        "blocked": _UNKNOWN,
        "dns": _UNKNOWN,
        "connect": connect,
        "ssl": tls,
        # send, wait and receive may not be -1 in HAR: unknown counts as 0.
        "send": max(known("send"), 0),
        "wait": max(known("wait"), 0),
        "receive": max(known("receive"), 0),
    }


def _custom_fields(record: CallRecord) -> dict[str, Any]:
    diagnosis = record.diagnosis
    return {
        "historyId": record.history_id,
        "call": record.call_id,
        "platform": record.platform,
        "profile": record.profile,
        "outcome": diagnosis.outcome.value if diagnosis else None,
        "hint": diagnosis.hint if diagnosis else "",
        "errorCode": diagnosis.error_code if diagnosis else None,
        "errorMessage": diagnosis.error_message if diagnosis else None,
        "platformRequestId": record.platform_request_id,
        "requestId": record.request_id,
        "attempts": record.attempts,
        "totalMs": record.timings_ms.get("total"),
        "timingsState": dict(record.timings_state),  # phases not reached count 0 above
        "notes": list(record.notes),
    }


def _headers(headers: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in headers.items()]


def _header(headers: Mapping[str, str], wanted: str) -> str | None:
    for name, value in headers.items():
        if name.lower() == wanted:
            return value
    return None


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _har_datetime(started_at: str) -> str:
    """ISO 8601 with a zone offset, as HAR requires; our records are UTC."""
    try:
        moment = datetime.fromisoformat(started_at)
    except ValueError:
        return started_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="milliseconds")
