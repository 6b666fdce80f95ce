"""Readable text for people: one call's outcome, a request, a record in full."""

from __future__ import annotations

from collections.abc import Iterable

from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import (
    CHAIN_SEPARATOR,
    TIMING_PHASES,
    CallRecord,
    RequestRecord,
    pretty_json,
)
from trigger_desk.core.timing import phase_reading

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
    return "\n".join(prefix + line if line else line for line in text.splitlines())


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
    outcome = record.outcome
    word = outcome.label if outcome else "No outcome recorded"
    code = f" ({outcome.value})" if outcome else ""
    status = f"HTTP {record.status}" if record.status is not None else "no answer"
    return f"{word}{code} · {status} · {record.call_id} with profile {record.profile!r}"


def request_lines(request: RequestRecord) -> list[str]:
    lines = [f"{request.method} {request.url}"]
    lines += [f"{name}: {value}" for name, value in request.headers.items()]
    lines.append("")
    lines.append(pretty_body(request.body) if request.body else "(no body)")
    return lines


def describe_call(record: CallRecord, *, body_hint: str) -> list[str]:
    """The default `fire` output: outcome, status, error, hint, timings, body, ids."""
    lines = [headline(record)]
    diagnosis = record.diagnosis
    if diagnosis is not None:
        if diagnosis.outcome is not Outcome.OK:
            lines += error_lines(record)
        if diagnosis.cause:
            lines.append(f"Cause: {diagnosis.cause}")
        if diagnosis.next_step:
            lines.append(f"Next step: {diagnosis.next_step}")
    lines.append(f"Timings: {timings_line(record)}")
    if record.response is not None:
        lines.append("Response body:")
        lines.append(indent(truncate(pretty_body(record.response.body), more=body_hint)))
    for note in record.notes:
        lines.append(f"Note: {note}")
    if record.attempts > 1:
        lines.append(f"Attempts: {record.attempts}")
    if record.history_id is not None:
        lines.append(f"History id: {record.history_id}")
    if record.platform_request_id:
        lines.append(f"Platform request id: {record.platform_request_id}")
    if record.request_id:
        lines.append(f"X-Request-ID: {record.request_id}")
    return lines


def record_details(record: CallRecord, state_note: str = "") -> list[str]:
    """`history show`: everything kept about one call (`state_note`: why it has no outcome)."""
    lines = [headline(record), f"Started: {record.started_at}"]
    if record.history_id is not None:
        lines.insert(1, f"History id: {record.history_id}")
    diagnosis = record.diagnosis
    if diagnosis is None:
        lines.append(state_note or "No answer was recorded.")
    else:
        lines += error_lines(record)
        if diagnosis.cause:
            lines.append(f"Cause: {diagnosis.cause}")
        if diagnosis.next_step:
            lines.append(f"Next step: {diagnosis.next_step}")
    lines.append(f"Timings: {timings_line(record)}")
    if record.platform_request_id:
        lines.append(f"Platform request id: {record.platform_request_id}")
    if record.request_id:
        lines.append(f"X-Request-ID: {record.request_id}")
    for note in record.notes:
        lines.append(f"Note: {note}")
    lines.append("")
    lines.append("Request:")
    lines.append(indent("\n".join(request_lines(record.request))))
    if record.response is not None:
        lines.append("")
        lines.append(f"Response: HTTP {record.response.status} ({record.response.size:,} bytes)")
        lines += [f"  {name}: {value}" for name, value in record.response.headers.items()]
        lines.append("")
        lines.append(indent(pretty_body(record.response.body)))
    return lines


def table(headers: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    """A plain left-aligned text table."""
    head = [str(h) for h in headers]
    body = [[("" if cell is None else str(cell)) for cell in row] for row in rows]
    widths = [len(h) for h in head]
    for row in body:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(cells)).rstrip()

    return [line(head), line(["-" * w for w in widths]), *(line(row) for row in body)]
