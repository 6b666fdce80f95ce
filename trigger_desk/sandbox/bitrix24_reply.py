"""How a Bitrix24 portal words its answers: the error body and the `time` block."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from trigger_desk.sandbox.messages import Reply


def error(status: int, code: str, text: str, **extra: Any) -> Reply:
    """`{"error": CODE, "error_description": TEXT}` with the portal's HTTP status."""
    return Reply.json(status, {"error": code, "error_description": text, **extra})


def time_block(
    start: float, finish: float, *, operating: float = 0.0, reset_in: float = 600
) -> dict[str, Any]:
    """The `time` object every answer carries."""

    def iso(moment: float) -> str:
        return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")

    return {
        "start": start,
        "finish": finish,
        "duration": finish - start,
        "processing": finish - start,
        "date_start": iso(start),
        "date_finish": iso(finish),
        "operating": operating,
        "operating_reset_at": int(start + reset_in),
    }


@dataclass(frozen=True)
class Paged:
    """A list method's answer: `result` plus the top-level `total` and `next` (when more)."""

    result: Any
    total: int
    next: int | None = None
