"""Readable text of a call record, one formatter for both fronts.

The CLI prints these lines (`fire`, `history show`); the window's details panes and its
diff view show them. Everything in a CallRecord is already masked.
"""

from __future__ import annotations

from collections.abc import Mapping

from trigger_desk.core.model import Platform
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import (
    TIMING_PHASES,
    CallRecord,
    Diagnosis,
    RequestRecord,
    ResponseRecord,
    pretty_json,
)

# Headers that differ on every sending; left out of diffs so real changes stand out.
VOLATILE_HEADERS = frozenset({"x-request-id", "date", "x-wix-request-id"})

# A terminal's worth of body; the rest is one `--json` or `history show` away.
MAX_BODY_LINES = 60
MAX_BODY_CHARS = 4000


def pretty_body(text: str) -> str:
    """JSON bodies indented, anything else as received ('(empty)' for nothing)."""
    return pretty_json(text) if text else "(empty)"


def truncate(text: str, *, more: str) -> str:
    """At most MAX_BODY_LINES lines / MAX_BODY_CHARS characters, saying what was left out."""
    lines = text.splitlines()
    cut = "\n".join(lines[:MAX_BODY_LINES])
    if len(cut) > MAX_BODY_CHARS:
        cut = cut[:MAX_BODY_CHARS]
    if len(cut) >= len(text.rstrip("\n")):
        return text
    left = len(text) - len(cut)
    return f"{cut}\n… ({left:,} more characters; {more})"


def indent(text: str, prefix: str = "  ") -> str:
    """Each non-empty line of `text` with `prefix` in front."""
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def body_size(text: str) -> int:
    """Bytes of `text` as UTF-8 (what went over the wire)."""
    return len(text.encode("utf-8"))


def format_size(size: int) -> str:
    """'238 bytes', '12.4 KB', '1.2 MB'."""
    if size < 1024:
        return f"{size:,} byte" + ("" if size == 1 else "s")
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def timings_line(timings: Mapping[str, float]) -> str:
    """'dns 0.1 ms, connect 2.0 ms, ...' in the fixed phase order."""
    return ", ".join(f"{phase} {timings.get(phase, 0.0):.1f} ms" for phase in TIMING_PHASES)


def headline(record: CallRecord) -> str:
    """'Rejected (rejected) · HTTP 400 · bitrix24.automation-trigger with profile 'x''."""
    outcome = record.outcome
    word = outcome.label if outcome else "No outcome recorded"
    code = f" ({outcome.value})" if outcome else ""
    status = f"HTTP {record.status}" if record.status is not None else "no answer"
    return f"{word}{code} · {status} · {record.call_id} with profile {record.profile!r}"


def platform_request_id_label(record: CallRecord) -> str:
    """What the platform calls the id its support asks for."""
    if record.platform == Platform.WIX.value:
        return "x-wix-request-id"
    if record.platform == Platform.BITRIX24.value:
        return "Bitrix24 time block"
    return "Platform request id"


def header_lines(headers: Mapping[str, str], *, skip: frozenset[str] = frozenset()) -> list[str]:
    """'Name: value' for each header whose lower-case name is not in `skip`."""
    return [f"{name}: {value}" for name, value in headers.items() if name.lower() not in skip]


def request_lines(
    request: RequestRecord, *, for_diff: bool = False, no_body: str = ""
) -> list[str]:
    """'POST url', the headers, a blank line, the pretty body (or `no_body` when empty).

    `for_diff` leaves out the headers that change on every sending."""
    skip = VOLATILE_HEADERS if for_diff else frozenset()
    lines = [f"{request.method} {request.url}", *header_lines(request.headers, skip=skip)]
    body = pretty_json(request.body)
    if body:
        lines += ["", *body.splitlines()]
    elif no_body:
        lines += ["", no_body]
    return lines


def response_status_line(response: ResponseRecord) -> str:
    """'HTTP 400 · 238 bytes'."""
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


def diagnosis_lines(diagnosis: Diagnosis, *, server_error_on_ok: bool = True) -> list[str]:
    """'Server error: CODE: message', 'Cause: ...', 'Next step: ...' (those that apply)."""
    lines = []
    shows_error = server_error_on_ok or diagnosis.outcome is not Outcome.OK
    if shows_error and (diagnosis.error_code or diagnosis.error_message):
        code = diagnosis.error_code if diagnosis.error_code else "(no code)"
        message = diagnosis.error_message or ""
        lines.append(f"Server error: {code}{': ' + message if message else ''}")
    if diagnosis.cause:
        lines.append(f"Cause: {diagnosis.cause}")
    if diagnosis.next_step:
        lines.append(f"Next step: {diagnosis.next_step}")
    return lines


def id_lines(record: CallRecord) -> list[str]:
    """The platform's request id and ours, for asking support."""
    lines = []
    if record.platform_request_id:
        lines.append(f"{platform_request_id_label(record)}: {record.platform_request_id}")
    if record.request_id:
        lines.append(f"X-Request-ID: {record.request_id}")
    return lines


def describe_call(record: CallRecord, *, body_hint: str) -> list[str]:
    """The default `fire` output: outcome, status, error, hint, timings, body, ids."""
    lines = [headline(record)]
    if record.diagnosis is not None:
        lines += diagnosis_lines(record.diagnosis, server_error_on_ok=False)
    lines.append(f"Timings: {timings_line(record.timings_ms)}")
    if record.response is not None:
        lines.append("Response body:")
        lines.append(indent(truncate(pretty_body(record.response.body), more=body_hint)))
    lines += [f"Note: {note}" for note in record.notes]
    if record.attempts > 1:
        lines.append(f"Attempts: {record.attempts}")
    if record.history_id is not None:
        lines.append(f"History id: {record.history_id}")
    return lines + id_lines(record)


def record_details(record: CallRecord, state_note: str = "") -> list[str]:
    """`history show`: everything kept about one call (`state_note`: why it has no outcome)."""
    lines = [headline(record), f"Started: {record.started_at}"]
    if record.history_id is not None:
        lines.insert(1, f"History id: {record.history_id}")
    if record.diagnosis is None:
        lines.append(state_note or "No answer was recorded.")
    else:
        lines += diagnosis_lines(record.diagnosis)
    lines.append(f"Timings: {timings_line(record.timings_ms)}")
    lines += id_lines(record)
    lines += [f"Note: {note}" for note in record.notes]
    lines += ["", "Request:", indent("\n".join(request_lines(record.request, no_body="(no body)")))]
    if record.response is not None:
        lines += ["", f"Response: {response_status_line(record.response)}"]
        lines += [f"  {line}" for line in header_lines(record.response.headers)]
        lines += ["", indent(pretty_body(record.response.body))]
    return lines
