"""Labels for stored calls as the history list, filters and details show them.

Widget-free on purpose (tests read them without a widget; QLocale and translate need
none). A record's request and response
text comes from core.record_text, shared with the command line.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QLocale

from trigger_desk.core.calls import find_call
from trigger_desk.core.model import Platform
from trigger_desk.ui.widgets.core_text import tr_core


def platform_label(value: str) -> str:
    """'Bitrix24' for 'bitrix24'; unknown values as stored."""
    try:
        return Platform(value).label
    except ValueError:
        return value


def call_label(call_id: str) -> str:
    """The call's title ('Report event'), or its id when this version does not know it."""
    call = find_call(call_id)
    return tr_core(call.title) if call else call_id


def _local_date(moment: datetime) -> str:
    """ISO 'YYYY-MM-DD' in English (and with no locale), else the locale's short date."""
    locale = QLocale()
    if locale.language() in (QLocale.Language.C, QLocale.Language.English):
        return moment.strftime("%Y-%m-%d")
    day = QDate(moment.year, moment.month, moment.day)
    return locale.toString(day, QLocale.FormatType.ShortFormat)


def local_time(started_at: str) -> str:
    """An ISO UTC time as local 'YYYY-MM-DD HH:MM:SS' (the text as stored if unreadable)."""
    try:
        moment = datetime.fromisoformat(started_at).astimezone()
    except ValueError:
        return started_at
    return f"{_local_date(moment)} {moment.strftime('%H:%M:%S')}"


def short_time(started_at: str, today: date | None = None) -> str:
    """'HH:MM:SS' for today's calls, 'YYYY-MM-DD HH:MM' for older ones: the table is narrow."""
    try:
        moment = datetime.fromisoformat(started_at).astimezone()
    except ValueError:
        return started_at
    if moment.date() == (today or datetime.now().astimezone().date()):
        return moment.strftime("%H:%M:%S")
    return f"{_local_date(moment)} {moment.strftime('%H:%M')}"


def milliseconds(value: float | None) -> str:
    """'12.3' under 100 ms, '1,234' above; '' when unknown."""
    if value is None:
        return ""
    return _number(value, 1 if value < 100 else 0)


def _number(value: float, decimals: int) -> str:
    """By the locale's rules ('1,234.5' in English, '1 234,5' in Russian)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:  # no locale set: read as English
        locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale.toString(float(value), "f", decimals)
