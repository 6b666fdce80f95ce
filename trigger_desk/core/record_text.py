"""Readable text of a call record, one formatter for both fronts.

The CLI prints these lines (`fire`, `history show`); the window's details panes and its
diff view show them. Everything in a CallRecord is already masked.
"""

from __future__ import annotations

from collections.abc import Mapping

from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import (
    CHAIN_SEPARATOR,
    TIMING_PHASES,
    CallRecord,
    RequestRecord,
    ResponseRecord,
    pretty_json,
)
from trigger_desk.core.timing import phase_reading

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


def timings_line(record: CallRecord) -> str:
    """'connect 1.2 ms, …, wait 1,000.0 ms, did not complete; receive not reached; total …'."""
    if not record.timings_ms:
        return "none recorded"
    parts = [
        f"{phase} "
        + phase_reading(
            f"{record.timings_ms.get(phase, 0.0):,.1f} ms", record.timings_state.get(phase)
        )
        for phase in TIMING_PHASES
    ]
    return "; ".join(parts) if record.timings_state else ", ".join(parts)


def error_lines(record: CallRecord) -> list[str]:
    """The error as the other side (or the network) reported it, headed by what happened:
    "Refused by Bitrix24: …", "Server error: …", "No answer: …" (one line per cause)."""
    diagnosis = record.diagnosis
    if diagnosis is None or not (diagnosis.error_code or diagnosis.error_message):
        return []
    heading = diagnosis.outcome.error_heading(record.platform)
    message = diagnosis.error_message or ""
    if not diagnosis.outcome.answered:
        first, *causes = message.split(CHAIN_SEPARATOR)
        return [f"{heading}: {first}", *(f"  caused by {cause}" for cause in causes)]
    code = f"{diagnosis.error_code}: " if diagnosis.error_code else ""
    return [f"{heading}: {code}{message}".rstrip(": ")]


def headline(record: CallRecord) -> str:
    """'Rejected (rejected) · HTTP 400 · bitrix24.automation-trigger with profile 'x''."""
    outcome = record.outcome
    word = outcome.label if outcome else "No outcome recorded"
    code = f" ({outcome.value})" if outcome else ""
    status = f"HTTP {record.status}" if record.status is not None else "no answer"
    return f"{word}{code} · {status} · {record.call_id} with profile {record.profile!r}"


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


def diagnosis_lines(record: CallRecord, *, errors_on_ok: bool = True) -> list[str]:
    """The error lines, 'Cause: ...', 'Next step: ...' (those that apply)."""
    diagnosis = record.diagnosis
    if diagnosis is None:
        return []
    lines = []
    if errors_on_ok or diagnosis.outcome is not Outcome.OK:
        lines += error_lines(record)
    if diagnosis.cause:
        lines.append(f"Cause: {diagnosis.cause}")
    if diagnosis.next_step:
        lines.append(f"Next step: {diagnosis.next_step}")
    return lines


def id_lines(record: CallRecord) -> list[str]:
    """The platform's request id, named as its support names it (as the window does), and
    ours."""
    lines = []
    if record.platform_request_id:
        label, _id = record.support_request_id()
        lines.append(f"{label}: {record.platform_request_id}")
    if record.request_id:
        lines.append(f"X-Request-ID: {record.request_id}")
    return lines


def describe_call(record: CallRecord, *, body_hint: str) -> list[str]:
    """The default `fire` output: outcome, status, error, hint, timings, body, ids."""
    lines = [headline(record)]
    lines += diagnosis_lines(record, errors_on_ok=False)
    lines.append(f"Timings: {timings_line(record)}")
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
        lines += diagnosis_lines(record)
    lines.append(f"Timings: {timings_line(record)}")
    lines += id_lines(record)
    lines += [f"Note: {note}" for note in record.notes]
    lines += ["", "Request:", indent("\n".join(request_lines(record.request, no_body="(no body)")))]
    if record.response is not None:
        lines += ["", f"Response: {response_status_line(record.response)}"]
        lines += [f"  {line}" for line in header_lines(record.response.headers)]
        lines += ["", indent(pretty_body(record.response.body))]
    return lines
