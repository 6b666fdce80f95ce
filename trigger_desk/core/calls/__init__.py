"""The registry of every call Trigger Desk can fire.

Adding a call is one declaration in a platform module plus its entry in `CALLS`.
"""

from __future__ import annotations

from trigger_desk.core.calls import bitrix24, wix
from trigger_desk.core.calls.spec import (
    CallSpec,
    Choice,
    ErrorSpec,
    FieldSpec,
    FieldType,
    PayloadRules,
    PayloadSpec,
    Rule,
)
from trigger_desk.core.model import Platform

__all__ = [
    "CALLS",
    "CallSpec",
    "Choice",
    "ErrorSpec",
    "FieldSpec",
    "FieldType",
    "PayloadRules",
    "PayloadSpec",
    "Rule",
    "calls_for",
    "find_call",
    "platform_errors",
]

CALLS: dict[str, CallSpec] = {call.id: call for call in (*bitrix24.CALLS, *wix.CALLS)}

_PLATFORM_ERRORS: dict[Platform, tuple[ErrorSpec, ...]] = {
    Platform.BITRIX24: bitrix24.PLATFORM_ERRORS,
    Platform.WIX: wix.PLATFORM_ERRORS,
}


def find_call(call_id: str) -> CallSpec | None:
    return CALLS.get(call_id)


def calls_for(platform: Platform) -> list[CallSpec]:
    return [call for call in CALLS.values() if call.platform is platform]


def platform_errors(platform: Platform) -> tuple[ErrorSpec, ...]:
    return _PLATFORM_ERRORS[platform]
