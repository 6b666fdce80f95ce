"""Bitrix24 request parameters: where they come from and how the portal refuses them.

The checks read the call declarations (`CallSpec.fields`: required, type, rule); this
module adds only how the portal words each refusal (texts from the reference pages).
Values are cast the way PHP casts them, so `OWNER_ID=abc` is 0 and `CODE=0` is empty,
as on a real portal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from trigger_desk.core.calls import CallSpec, FieldType, rules
from trigger_desk.sandbox.messages import ReceivedRequest
from trigger_desk.sandbox.php_query import parse_php_query

_PHP_INT = re.compile(r"^\s*[+-]?\d+")


def request_params(request: ReceivedRequest) -> dict[str, Any]:
    """Query parameters, then the JSON or form body on top (as PHP's request merges them).

    Query and form names nest the PHP way (`filter[stageId]=...`, `cmd[a]=...`).
    """
    params: dict[str, Any] = parse_php_query(request.raw_query)
    content_type = request.headers.get("content-type", "")
    if "json" in content_type:
        body = request.json
        if isinstance(body, dict):
            params.update(body)
    elif "x-www-form-urlencoded" in content_type:
        params.update(parse_php_query(request.text))
    return params


def php_empty(value: Any) -> bool:
    if isinstance(value, str):
        return value in ("", "0")
    return value is None or value is False or value == 0 or value == [] or value == {}


def php_int(value: Any) -> int:
    if isinstance(value, bool | int | float):
        return int(value)
    match = _PHP_INT.match(value) if isinstance(value, str) else None
    return int(match.group()) if match else 0


def php_str(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else ""
    return value if isinstance(value, str) else str(value) if isinstance(value, int | float) else ""


@dataclass(frozen=True)
class Wording:
    """How the portal words a refusal of one parameter (texts from the reference pages)."""

    missing: str
    invalid: str
    malformed: str = ""  # the value's shape is wrong (target is not TYPENAME_ID)
    shape: Callable[[str], object] | None = None


CODE = Wording("Empty trigger code!", "Wrong trigger code!")
OWNER_TYPE = Wording("Incorrect parameter OWNER_TYPE_ID.", "Incorrect parameter OWNER_TYPE_ID.")
OWNER_ID = Wording("Incorrect parameter OWNER_ID.", "Incorrect parameter OWNER_ID.")
_WORDING: dict[str, dict[str, Wording]] = {
    "bitrix24.trigger": {
        "target": Wording(
            "Target is not set.",
            "Target is not found.",
            "Incorrect target format.",
            rules.split_target,
        ),
    },
    "bitrix24.trigger.execute": {
        "CODE": CODE,
        "OWNER_TYPE_ID": OWNER_TYPE,
        "OWNER_ID": OWNER_ID,
    },
    "bitrix24.trigger.add": {
        "CODE": CODE,
        "NAME": Wording("Empty trigger name!", "Empty trigger name!"),
    },
    "bitrix24.trigger.delete": {"CODE": CODE},
}

# A check of what the portal holds, run after a field passes its rule: (value, values so far).
Extra = Callable[[Any, Mapping[str, Any]], "str | None"]


def check_fields(
    call: CallSpec, params: Mapping[str, Any], extras: Mapping[str, Extra]
) -> tuple[dict[str, Any], str | None]:
    """Typed values of the fields the portal checks, and the first refusal text (or None)."""
    values: dict[str, Any] = {}
    wording = _WORDING.get(call.id, {})
    for spec in call.fields:
        words = wording.get(spec.name)
        if words is None:
            continue  # the portal does not check this one (e.g. `code` of crm.automation.trigger)
        raw = params.get(spec.name)
        if php_empty(raw):
            if spec.required:
                return values, words.missing
            continue
        value: Any = php_int(raw) if spec.type is FieldType.INTEGER else php_str(raw)
        if words.shape is not None and words.shape(value) is None:
            return values, words.malformed
        if spec.rule is not None and spec.rule.check(value) is not None:
            return values, words.invalid
        values[spec.name] = value
        extra = extras.get(spec.name)
        problem = extra(value, values) if extra else None
        if problem:
            return values, problem
    return values, None
