"""Filling a call per CSV row: templates, columns named like fields, preset variables."""

from __future__ import annotations

from typing import Any

import pytest

from trigger_desk.core.calls import find_call
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.validation import InvalidInput
from trigger_desk.store.bulk_fill import RowFiller

HOOK = Profile("hook", Platform.BITRIX24, AuthKind.WEBHOOK)
WIX = Profile("app", Platform.WIX, AuthKind.APP_OAUTH, {"app_id": "a", "instance_id": "i"})
GUID = "16ef8c9c-413e-4d5f-b77d-8c67c3c8ae0c"


def filler(
    call_id: str,
    columns: tuple[str, ...],
    *,
    templates: dict[str, Any] | None = None,
    sets: tuple[str, ...] = (),
    payload: Any = None,
    defaults: dict[str, str] | None = None,
    profile: Profile = HOOK,
) -> RowFiller:
    call = find_call(call_id)
    assert call is not None
    return RowFiller(
        call,
        profile,
        columns=columns,
        templates=templates or {},
        set_fields=sets,
        payload=payload,
        defaults=defaults or {},
        run_id="R1",
    )


def test_set_templates_are_filled_from_the_row() -> None:
    rows = filler(
        "bitrix24.trigger",
        ("ID", "TITLE"),
        templates={"target": "DEAL_{{ID}}", "code": "c5u4m"},
        sets=("target", "code"),
    )
    item = rows.fill(3, {"ID": "57", "TITLE": "x"})
    assert item.row == 3 and item.values == {"target": "DEAL_57", "code": "c5u4m"}


def test_a_column_named_like_a_field_fills_it_unless_set_names_it() -> None:
    rows = filler(
        "bitrix24.trigger", ("target", "code"), templates={"code": "fixed"}, sets=("code",)
    )
    assert rows.field_columns == ("target",)
    item = rows.fill(1, {"target": "LEAD_5", "code": "from-csv"})
    assert item.values == {"target": "LEAD_5", "code": "fixed"}  # the command line wins


def test_other_columns_are_ignored() -> None:
    rows = filler("bitrix24.trigger", ("target", "code", "TITLE", "Сумма"))
    item = rows.fill(1, {"target": "DEAL_1", "code": "abc", "TITLE": "t", "Сумма": "5"})
    assert item.values == {"target": "DEAL_1", "code": "abc"}


def test_preset_variables_from_columns_with_var_as_the_default() -> None:
    rows = filler(
        "bitrix24.trigger",
        ("deal",),
        templates={"target": "DEAL_{{deal}}", "code": "{{code}}"},
        defaults={"code": "c5u4m", "deal": "1"},
    )
    assert rows.problems() == []
    assert rows.fill(1, {"deal": "9"}).values == {"target": "DEAL_9", "code": "c5u4m"}
    assert rows.fill(2, {"deal": ""}).values == {"target": "DEAL_1", "code": "c5u4m"}


def test_a_placeholder_nothing_can_fill_is_found_before_any_row() -> None:
    rows = filler(
        "bitrix24.trigger", ("ID",), templates={"target": "DEAL_{{DEAL_ID}}", "code": "x"}
    )
    (problem,) = rows.problems()
    assert problem.field == "{{DEAL_ID}}" and "no column 'DEAL_ID'" in problem.message
    assert "ID" in problem.message  # the columns there are


def test_a_bad_row_names_row_and_column() -> None:
    rows = filler("bitrix24.trigger", ("ID",), templates={"target": "DEAL_{{ID}}", "code": "x"})
    with pytest.raises(InvalidInput) as caught:
        rows.fill(17, {"ID": "fifty"})
    (error,) = caught.value.errors
    assert error.field == "row 17, column ID"
    assert error.message.startswith("target:")


def test_a_bad_field_column_is_named() -> None:
    rows = filler("bitrix24.trigger", ("target", "code"))
    with pytest.raises(InvalidInput) as caught:
        rows.fill(2, {"target": "DEAL_1", "code": "no spaces allowed"})
    assert caught.value.errors[0].field == "row 2, column code"


def test_payload_templates_and_report_event_idempotency_keys() -> None:
    rows = filler(
        "wix.report-event",
        ("order", "entity"),
        templates={"triggerKey": "order_paid", "externalEntityId": "{{entity}}"},
        sets=("triggerKey", "externalEntityId"),
        payload={"order": "{{order}}"},
        profile=WIX,
    )
    item = rows.fill(4, {"order": "1001", "entity": GUID})
    assert item.payload == {"order": "1001"}
    assert item.values["idempotency.key"] == "R1-4"  # run id + row


def test_a_row_may_give_its_own_idempotency_key() -> None:
    rows = filler(
        "wix.report-event",
        ("idempotency.key",),
        templates={"triggerKey": "order_paid"},
        payload={"a": "b"},
        profile=WIX,
    )
    assert rows.fill(1, {"idempotency.key": "order-77"}).values["idempotency.key"] == "order-77"


def test_item_addresses_in_target_become_targets() -> None:
    rows = filler("bitrix24.trigger", ("link",), templates={"target": "{{link}}", "code": "x"})
    item = rows.fill(1, {"link": "https://acme.bitrix24.com/crm/type/128/details/5/"})
    assert item.values["target"] == "DYNAMIC_128_5"
    with pytest.raises(InvalidInput) as caught:
        rows.fill(2, {"link": "https://acme.bitrix24.com/crm/contact/details/3/"})
    (error,) = caught.value.errors
    assert error.field == "row 2, column link" and "no automation triggers" in error.message
