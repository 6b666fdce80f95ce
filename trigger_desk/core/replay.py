"""Turning a recorded request back into field values, to re-run or edit a past call.

History keeps the masked request body. The call's declared fields (dotted paths for
nested ones) are read back out of it, the payload is split off, and Bitrix24's `auth`
(masked, and supplied afresh from the profile anyway) is dropped.
"""

from __future__ import annotations

import json
from typing import Any

from trigger_desk.core.calls import CallSpec, find_call
from trigger_desk.core.record import RequestRecord


def _lookup(body: dict[str, Any], dotted: str) -> Any:
    node: Any = body
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def cancel_event_values(call_id: str, request: RequestRecord) -> dict[str, str] | None:
    """triggerKey and externalEntityId of a recorded Wix ReportEvent, to prefill its
    CancelEvent; None for other calls and for events without an externalEntityId
    (an event without one cannot be cancelled)."""
    call = find_call(call_id)
    if call is None or call_id != "wix.report-event":
        return None
    values, _payload = values_from_request(call, request)
    trigger_key, external_id = values.get("triggerKey"), values.get("externalEntityId")
    if trigger_key is None or not external_id:
        return None
    return {"triggerKey": trigger_key, "externalEntityId": external_id}


def values_from_request(call: CallSpec, request: RequestRecord) -> tuple[dict[str, str], Any]:
    """(field values as form text, payload or None) as the recorded request sent them."""
    try:
        body = json.loads(request.body) if request.body else {}
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    values: dict[str, str] = {}
    for spec in call.fields:
        value = _lookup(body, spec.name)
        if value is not None and not isinstance(value, dict | list):
            values[spec.name] = str(value)
    payload = body.get(call.payload.key) if call.payload is not None else None
    return values, payload


# The fields that name what a call acted on, in the order a list shows them.
ITEM_FIELDS = ("target", "OWNER_ID", "triggerId", "triggerKey")


def acted_on(call_id: str, body: str) -> str:
    """What a recorded call acted on, from its masked request body: the value of its
    item field ('DEAL_57', a trigger key or id; 'OWNER_ID 6', a bare number saying
    little alone); '' when the call names no item or this version does not know it."""
    call = find_call(call_id)
    if call is None or not body:
        return ""
    present = [name for name in ITEM_FIELDS if name in call.field_names]
    if not present:
        return ""
    values, _payload = values_from_request(call, RequestRecord("", "", {}, body))
    shown = [
        f"{name} {values[name]}" if name == "OWNER_ID" else values[name]
        for name in present
        if values.get(name)
    ]
    return " · ".join(shown)
