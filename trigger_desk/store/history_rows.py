"""How a call becomes a history row, and how rows come back as table lines and records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord
from trigger_desk.core.replay import acted_on
from trigger_desk.store.history_session import Session


class RowState(StrEnum):
    """Where a call stands, as far as the history knows."""

    DONE = "done"  # an outcome was recorded
    IN_FLIGHT = "in_flight"  # sent, its answer not recorded yet
    INTERRUPTED = "interrupted"  # the program stopped before the call finished
    NO_ANSWER = "no_answer"  # the call was stopped (cancelled) before an answer came

    @property
    def label(self) -> str:
        """A short word for the table's outcome column when there is no outcome."""
        return {
            "done": "Done",
            "in_flight": "In flight",
            "interrupted": "Interrupted",
            "no_answer": "No answer",
        }[self.value]

    @property
    def description(self) -> str:
        """A sentence for the details pane and the CLI; '' for DONE."""
        return {
            "done": "",
            "in_flight": "Sent; waiting for the answer.",
            "interrupted": (
                "No answer was recorded (the program stopped before the call finished). "
                "The platform may still have received the call."
            ),
            "no_answer": (
                "No answer was recorded: the call was stopped before it finished. "
                "The platform may still have received it."
            ),
        }[self.value]


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One line of the history table: light, without request or response bodies."""

    id: int
    started_at: str
    platform: str
    call_id: str
    profile: str
    status: int | None
    outcome: Outcome | None
    total_ms: float | None
    hint: str
    state: RowState
    item: str = ""  # what the call acted on ('target=DEAL_57'), see core.replay.acted_on


# json.dumps(..., ensure_ascii=False, separators=(",", ":")) with its encoder built once:
# a bulk run writes thousands of rows, and building one per row cost more than encoding.
_RECORD_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

# The columns that tell a call in flight from an interrupted one, after the others.
_STATE_COLUMNS = "outcome, finished_at, session, session_pid, session_host, started_at"
# Last: the request body, for the item the call acted on (read in Python, not SQL).
ROW_COLUMNS = (
    f"id, platform, call_id, profile, status, total_ms, hint, {_STATE_COLUMNS}, "
    "json_extract(record, '$.request.body')"
)
RECORD_COLUMNS = f"id, record, {_STATE_COLUMNS}"


def row_values(record: CallRecord, *, finished: bool) -> dict[str, Any]:
    """A record's indexed columns and JSON, as named SQL parameters. A row not
    `finished` is in flight: no outcome, no finish time."""
    diagnosis = record.diagnosis if finished else None
    return {
        "started_at": record.started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="milliseconds") if finished else None,
        "platform": record.platform,
        "call_id": record.call_id,
        "profile": record.profile,
        "status": record.status,
        "outcome": diagnosis.outcome.value if diagnosis else None,
        "total_ms": record.timings_ms.get("total"),
        "error_code": diagnosis.error_code if diagnosis else None,
        "hint": diagnosis.hint if diagnosis else "",
        "platform_request_id": record.platform_request_id,
        "request_id": record.request_id,
        "record": _RECORD_JSON(record.to_storage()),
    }


def row_state(state_columns: tuple[Any, ...], session: Session) -> RowState:
    """The state of a row from its _STATE_COLUMNS, as seen by `session`."""
    outcome, finished_at, token, pid, host, started_at = state_columns
    if outcome is not None:
        return RowState.DONE
    if finished_at is not None:
        return RowState.NO_ANSWER
    if session.still_running(token, pid, host, started_at):
        return RowState.IN_FLIGHT
    return RowState.INTERRUPTED


def history_row(row: tuple[Any, ...], session: Session) -> HistoryRow:
    """A HistoryRow from a SELECT of ROW_COLUMNS."""
    history_id, platform, call_id, profile, status, total_ms, hint = row[:7]
    state_columns, body = row[7:13], row[13]
    outcome, started_at = state_columns[0], state_columns[-1]
    return HistoryRow(
        id=history_id,
        started_at=started_at,
        platform=platform,
        call_id=call_id,
        profile=profile,
        status=status,
        outcome=Outcome(outcome) if outcome is not None else None,
        total_ms=total_ms,
        hint=hint,
        state=row_state(state_columns, session),
        item=acted_on(call_id, body) if isinstance(body, str) else "",
    )


def record_from_row(row: tuple[Any, ...], session: Session) -> CallRecord:
    """A CallRecord from a SELECT of RECORD_COLUMNS. An interrupted call gets a note
    saying no answer was recorded (its diagnosis stays None)."""
    history_id, record_json = row[:2]
    record = CallRecord.from_storage(json.loads(record_json))
    record.history_id = history_id
    if row_state(row[2:], session) is RowState.INTERRUPTED:
        record.notes.append(RowState.INTERRUPTED.description)
    return record
