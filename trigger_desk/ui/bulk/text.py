"""Sentences the bulk dialog shows: the plan, the time left, the counts (translatable)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP
from trigger_desk.services.bulk_check import BulkCheck

_CONTEXT = "BulkDialog"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def duration(seconds: float) -> str:
    """ "about 5 s", "about 3 min", "about 2 h 5 min" (rounded up, never "0 s")."""
    whole = max(1, round(seconds))
    if whole < 90:
        return QCoreApplication.translate("BulkDialog", "{n} s").format(n=whole)
    minutes = round(whole / 60)
    if minutes < 90:
        return QCoreApplication.translate("BulkDialog", "{n} min").format(n=minutes)
    return QCoreApplication.translate("BulkDialog", "{h} h {m} min").format(
        h=minutes // 60, m=minutes % 60
    )


def plan_sentence(check: BulkCheck) -> str:
    """ "3,000 items, 60 requests, about 5 s at your plan's limit"."""
    items = (
        QCoreApplication.translate("BulkDialog", "{n:,} items")
        if check.good != 1
        else QCoreApplication.translate("BulkDialog", "{n:,} item")
    )
    requests = (
        QCoreApplication.translate("BulkDialog", "{n:,} requests")
        if check.requests != 1
        else QCoreApplication.translate("BulkDialog", "{n:,} request")
    )
    when = (
        QCoreApplication.translate("BulkDialog", "about {time} at your plan's limit").format(
            time=duration(check.estimated_s)
        )
        if check.estimated_s >= 0.5
        else QCoreApplication.translate("BulkDialog", "at once (within your plan's limit)")
    )
    return f"{items.format(n=check.good)}, {requests.format(n=check.requests)}, {when}"


def counts_sentence(counts: Mapping[str, int]) -> str:
    """ "2,990 ok, 10 failed, 0 unknown, 0 pending"."""
    parts = [
        QCoreApplication.translate("BulkDialog", "{n:,} ok").format(n=counts.get("ok", 0)),
        QCoreApplication.translate("BulkDialog", "{n:,} failed").format(n=counts.get("failed", 0)),
        QCoreApplication.translate("BulkDialog", "{n:,} without answer").format(
            n=counts.get("unknown", 0)
        ),
        QCoreApplication.translate("BulkDialog", "{n:,} not sent").format(
            n=counts.get("pending", 0)
        ),
    ]
    return ", ".join(parts)


STATE_WORDS = {
    "ok": QT_TRANSLATE_NOOP("BulkDialog", "OK"),
    "failed": QT_TRANSLATE_NOOP("BulkDialog", "Failed"),
    "unknown": QT_TRANSLATE_NOOP("BulkDialog", "No answer (unknown)"),
    "pending": QT_TRANSLATE_NOOP("BulkDialog", "Not sent"),
    "sent": QT_TRANSLATE_NOOP("BulkDialog", "On the wire"),
}


def state_word(state: str) -> str:
    return tr(STATE_WORDS.get(state, state))
