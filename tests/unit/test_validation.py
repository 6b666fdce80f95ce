"""Bad input is refused before sending, with the field named as typed, the rule and an example."""

from __future__ import annotations

from typing import Any

import pytest

from trigger_desk.core.calls import CALLS, find_call
from trigger_desk.core.calls.rules import DYNAMIC_PREFIX, TargetParts, join_target, parse_target
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.validation import (
    InvalidInput,
    check_field,
    parse_assignments,
    parse_payload,
    require_call,
    validate_call,
)

WEBHOOK = Profile("portal", Platform.BITRIX24, AuthKind.WEBHOOK, {})
OAUTH = Profile("app", Platform.BITRIX24, AuthKind.OAUTH, {"portal": "https://x.bitrix24.com"})
WIX_KEY = Profile("site", Platform.WIX, AuthKind.API_KEY, {"site_id": "s"})


def errors_of(
    call_id: str, profile: Profile | None, values: dict[str, Any], payload: object = None
) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        validate_call(find_call(call_id), profile, values, payload)  # type: ignore[arg-type]
    return {error.field: error.message for error in caught.value.errors}


@pytest.mark.parametrize(
    "target",
    ["DEAL57", "deal_57", "DEAL_", "_57", "DEAL_0", "FOO_1", "DYNAMIC_12_5", "DEAL_5x"],
)
def test_bad_targets_are_refused_with_rule_and_example(target: str) -> None:
    errors = errors_of("bitrix24.trigger", WEBHOOK, {"target": target})
    assert "TYPENAME_ID" in errors["target"]
    assert "target=DEAL_57" in errors["target"]


@pytest.mark.parametrize(
    "target", ["DEAL_57", "LEAD_25", "QUOTE_1", "DYNAMIC_128_5", "SMART_INVOICE_3"]
)
def test_good_targets_pass(target: str) -> None:
    assert validate_call(find_call("bitrix24.trigger"), WEBHOOK, {"target": target}, None) == {  # type: ignore[arg-type]
        "target": target
    }


def test_trigger_code_mask_is_checked_for_both_spellings() -> None:
    assert (
        "mask"
        in errors_of("bitrix24.trigger", WEBHOOK, {"target": "DEAL_1", "code": "a b"})["code"]
    )
    errors = errors_of(
        "bitrix24.trigger.execute", OAUTH, {"CODE": "x!", "OWNER_TYPE_ID": "2", "OWNER_ID": "1"}
    )
    assert set(errors) == {"CODE"}


def test_owner_type_accepts_table_ids_and_smart_processes_only() -> None:
    call = find_call("bitrix24.trigger.execute")
    assert call is not None
    for good in ("1", "2", "7", "31", "128", "1040"):
        typed = validate_call(
            call, OAUTH, {"CODE": "c", "OWNER_TYPE_ID": good, "OWNER_ID": "6"}, None
        )
        assert typed["OWNER_TYPE_ID"] == int(good)  # sent as a JSON number
    for bad in ("6", "0", "127", "-2", "deal"):
        errors = errors_of(
            "bitrix24.trigger.execute", OAUTH, {"CODE": "c", "OWNER_TYPE_ID": bad, "OWNER_ID": "6"}
        )
        assert "OWNER_TYPE_ID" in errors


@pytest.mark.parametrize("owner_id", ["0", "-1", "1.5", "six", ""])
def test_owner_id_must_be_positive_integer(owner_id: str) -> None:
    errors = errors_of(
        "bitrix24.trigger.execute", OAUTH, {"CODE": "c", "OWNER_TYPE_ID": "2", "OWNER_ID": owner_id}
    )
    assert "OWNER_ID=6" in errors["OWNER_ID"]


def test_guid_and_trigger_key_rules() -> None:
    errors = errors_of("wix.run-trigger", WIX_KEY, {"triggerId": "not-a-guid"})
    assert "GUID" in errors["triggerId"]
    errors = errors_of("wix.report-event", WIX_KEY, {"triggerKey": "k" * 101})
    assert "1 to 100" in errors["triggerKey"]
    errors = errors_of("wix.cancel-event", WIX_KEY, {"triggerKey": "k"})
    assert "required" in errors["externalEntityId"]


def test_unknown_field_is_named_as_typed_with_suggestion() -> None:
    errors = errors_of(
        "bitrix24.trigger.execute", OAUTH, {"code": "c", "OWNER_TYPE_ID": "2", "OWNER_ID": "6"}
    )
    assert "'code'" in errors["code"] and "'CODE'" in errors["code"]


def test_unknown_call_id_lists_known_ids() -> None:
    with pytest.raises(InvalidInput) as caught:
        require_call("bitrix24.triger")
    message = str(caught.value)
    assert "bitrix24.triger" in message and "bitrix24.trigger" in message
    assert all(call_id in message for call_id in CALLS)


def test_webhook_profile_cannot_execute_app_trigger() -> None:
    errors = errors_of(
        "bitrix24.trigger.execute", WEBHOOK, {"CODE": "c", "OWNER_TYPE_ID": "2", "OWNER_ID": "6"}
    )
    assert "oauth" in errors["portal"] and "application" in errors["portal"]


def test_profile_of_other_platform_is_refused() -> None:
    errors = errors_of(
        "wix.run-trigger", WEBHOOK, {"triggerId": "a0f95461-4fea-4971-b2d8-86128ae3e6e9"}
    )
    assert "Wix" in errors["portal"]


def test_wix_payload_rules() -> None:
    payload = {
        "ok_key": [{"a": 1, "b": "x"}],
        "_hidden": 1,
        "bad-key": "v",
        "nested": {"a": 1},
        "n": None,
    }
    errors = errors_of("wix.report-event", WIX_KEY, {"triggerKey": "k"}, payload)
    assert set(errors) == {"payload._hidden", "payload.bad-key", "payload.nested", "payload.n"}


def test_payload_must_be_an_object() -> None:
    errors = errors_of(
        "wix.run-trigger", WIX_KEY, {"triggerId": "a0f95461-4fea-4971-b2d8-86128ae3e6e9"}, [1, 2]
    )
    assert "JSON object" in errors["payload"]
    errors = errors_of("bitrix24.trigger", WEBHOOK, {"target": "DEAL_1"}, {"a": 1})
    assert "takes no payload" in errors["payload"]


def test_payload_json_error_has_line_and_column() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_payload('{\n  "a": 1,\n  "b": }')
    assert "line 3, column 8" in str(caught.value)


def test_payload_from_file(tmp_path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"name": "John"}', encoding="utf-8")
    assert parse_payload(f"@{path}") == {"name": "John"}
    with pytest.raises(InvalidInput, match="cannot read"):
        parse_payload(f"@{tmp_path / 'missing.json'}")


def test_assignments() -> None:
    assert parse_assignments(["a=b=c", "x="]) == {"a": "b=c", "x": ""}
    with pytest.raises(InvalidInput, match="FIELD=VALUE"):
        parse_assignments(["novalue"])


def test_live_check_for_forms() -> None:
    spec = find_call("bitrix24.trigger").field("target")
    assert spec is not None
    assert check_field(spec, "DEAL_57") is None
    assert "required" in (check_field(spec, "") or "")


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("DEAL_57", TargetParts("DEAL", 57)),
        (" LEAD_25 ", TargetParts("LEAD", 25)),
        ("DYNAMIC_128_5", TargetParts(DYNAMIC_PREFIX, 5, 128)),
        ("SMART_INVOICE_3", TargetParts("SMART_INVOICE", 3)),
        ("deal_57", None),
        ("DEAL57", None),
        ("57", None),
    ],
)
def test_targets_split_as_the_form_edits_them_and_join_back(
    text: str, parts: TargetParts | None
) -> None:
    assert parse_target(text) == parts
    if parts is not None:
        assert parts.join() == text.strip()
    assert join_target("", "57") == "57"  # no type picked: the rule says what is missing
