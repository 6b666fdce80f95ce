"""Sentences the bulk dialog shows: the plan, the time left, the counts (translatable)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from trigger_desk.services.bulk_check import BulkCheck

_CONTEXT = "BulkDialog"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def duration(seconds: float) -> str:
    """ "about 5 s", "about 3 min", "about 2 h 5 min" (rounded up, never "0 s")."""
    whole = max(1, round(seconds))
    if whole < 90:
        return tr("{n} s").format(n=whole)
    minutes = round(whole / 60)
    if minutes < 90:
        return tr("{n} min").format(n=minutes)
    return tr("{h} h {m} min").format(h=minutes // 60, m=minutes % 60)


def plan_sentence(check: BulkCheck) -> str:
    """ "3,000 items, 60 requests, about 5 s at your plan's limit"."""
    items = tr("{n:,} items") if check.good != 1 else tr("{n:,} item")
    requests = tr("{n:,} requests") if check.requests != 1 else tr("{n:,} request")
    when = (
        tr("about {time} at your plan's limit").format(time=duration(check.estimated_s))
        if check.estimated_s >= 0.5
        else tr("at once (within your plan's limit)")
    )
    return f"{items.format(n=check.good)}, {requests.format(n=check.requests)}, {when}"


def counts_sentence(counts: Mapping[str, int]) -> str:
    """ "2,990 ok, 10 failed, 0 unknown, 0 pending"."""
    parts = [
        tr("{n:,} ok").format(n=counts.get("ok", 0)),
        tr("{n:,} failed").format(n=counts.get("failed", 0)),
        tr("{n:,} without answer").format(n=counts.get("unknown", 0)),
        tr("{n:,} not sent").format(n=counts.get("pending", 0)),
    ]
    return ", ".join(parts)


STATE_WORDS = {
    "ok": "OK",
    "failed": "Failed",
    "unknown": "No answer (unknown)",
    "pending": "Not sent",
    "sent": "On the wire",
}


def state_word(state: str) -> str:
    return tr(STATE_WORDS.get(state, state))
