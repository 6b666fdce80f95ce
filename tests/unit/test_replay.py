"""A past call's request reads back into the same field values."""

from __future__ import annotations

from typing import Any

from trigger_desk.core.calls import find_call
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.redact import Redactor
from trigger_desk.core.replay import acted_on, values_from_request
from trigger_desk.core.request import build_request
from trigger_desk.core.validation import validate_call


def round_trip(
    call_id: str,
    profile: Profile,
    secrets: dict[str, str],
    values: dict[str, Any],
    payload: object = None,
):
    call = find_call(call_id)
    assert call is not None
    typed = validate_call(call, profile, values, payload)
    recorded = build_request(call, profile, secrets, typed, payload).masked(Redactor(secrets))
    again, again_payload = values_from_request(call, recorded)
    assert validate_call(call, profile, again, again_payload) == typed
    return again, again_payload


def test_oauth_execute_drops_auth_and_keeps_numbers_as_text() -> None:
    profile = Profile("p", Platform.BITRIX24, AuthKind.OAUTH, {"portal": "https://x.bitrix24.com"})
    values, payload = round_trip(
        "bitrix24.trigger.execute",
        profile,
        {"access_token": "tok-123456"},
        {"CODE": "c5u4m", "OWNER_TYPE_ID": "2", "OWNER_ID": "6"},
    )
    assert values == {"CODE": "c5u4m", "OWNER_TYPE_ID": "2", "OWNER_ID": "6"}
    assert payload is None


def test_wix_nested_fields_and_payload_come_back() -> None:
    profile = Profile("p", Platform.WIX, AuthKind.API_KEY, {"site_id": "s"})
    values, payload = round_trip(
        "wix.report-event",
        profile,
        {"api_key": "IST.key-abcdef"},
        {
            "triggerKey": "form_submitted",
            "idempotency.key": "k1",
            "idempotency.ttlInMilliseconds": "600",
        },
        {"name": "John", "items": [{"sku": "a", "qty": 2}]},
    )
    assert values["idempotency.key"] == "k1" and values["idempotency.ttlInMilliseconds"] == "600"
    assert payload == {"name": "John", "items": [{"sku": "a", "qty": 2}]}


def test_acted_on_names_the_item_a_recorded_call_acted_on() -> None:
    assert acted_on("bitrix24.trigger", '{"target": "DEAL_57", "code": "c5u4m"}') == "DEAL_57"
    owner = '{"CODE": "c5u4m", "OWNER_TYPE_ID": 2, "OWNER_ID": 6, "auth": "****"}'
    assert acted_on("bitrix24.trigger.execute", owner) == "OWNER_ID 6"
    assert acted_on("wix.report-event", '{"triggerKey": "paid", "payload": {}}') == "paid"
    # Nothing to name: a call without an item field, no body, a body that is not JSON,
    # a call this version does not know.
    assert acted_on("bitrix24.trigger.list", '{"auth": "****"}') == ""
    assert acted_on("bitrix24.trigger", "") == ""
    assert acted_on("bitrix24.trigger", "not json") == ""
    assert acted_on("bitrix24.gone", '{"target": "DEAL_1"}') == ""
