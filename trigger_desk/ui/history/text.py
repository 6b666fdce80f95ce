"""Labels for stored calls as the history list, filters and details show them.

Qt-free on purpose (tests read them without a widget). A record's request and response
text comes from core.record_text, shared with the command line.
"""

from __future__ import annotations

from datetime import date, datetime

from trigger_desk.core.calls import find_call
from trigger_desk.core.model import Platform


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
