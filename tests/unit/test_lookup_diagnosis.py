"""The look-up calls' documented errors come back with a cause and a next step."""

from __future__ import annotations

import pytest

from trigger_desk.core.calls.bitrix24_lookups import CATEGORY_LIST, ITEM_LIST, STATUS_LIST
from trigger_desk.core.calls.spec import CallSpec
from trigger_desk.core.crm_types import parse_crm_type
from trigger_desk.core.diagnosis import diagnose
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.validation import InvalidInput


@pytest.mark.parametrize(
    ("call", "status", "code", "text", "outcome", "words"),
    [
        (ITEM_LIST, 400, "NOT_FOUND", "Smart process not found", Outcome.REJECTED, "/crm/type/ID/"),
        (
            CATEGORY_LIST,
            400,
            "ENTITY_TYPE_NOT_SUPPORTED",
            "Entity type `Lead` is not supported",
            Outcome.REJECTED,
            "no funnels",
        ),
        (
            ITEM_LIST,
            400,
            "INVALID_ARG_VALUE",
            "Invalid filter: field 'x' is not allowed in filter",
            Outcome.REJECTED,
            "crm.item.fields",
        ),
        (STATUS_LIST, 403, "insufficient_scope", "", Outcome.AUTH, "CRM (crm) scope"),
        (ITEM_LIST, 403, "ACCESS_DENIED", "Access denied", Outcome.AUTH, "read permission"),
        (ITEM_LIST, 403, "allowed_only_intranet_user", "", Outcome.AUTH, "employee"),
        (CATEGORY_LIST, 400, "", "Access denied.", Outcome.AUTH, "access to CRM"),
    ],
)
def test_each_documented_error_is_explained(
    call: CallSpec, status: int, code: str, text: str, outcome: Outcome, words: str
) -> None:
    body = {"error": code, "error_description": text}
    diagnosis = diagnose(call, status, "application/json", "", body=body)
    assert diagnosis.outcome is outcome
    assert words in diagnosis.hint
    assert diagnosis.error_code == code


def test_types_and_their_stage_lists() -> None:
    deal, lead = parse_crm_type("deal"), parse_crm_type(" LEAD ")
    assert (deal.entity_type_id, deal.has_funnels, deal.stage_entity(0)) == (2, True, "DEAL_STAGE")
    assert deal.stage_entity(7) == "DEAL_STAGE_7" and deal.target(57) == "DEAL_57"
    assert (lead.has_funnels, lead.status_entity) == (False, "STATUS")
    assert parse_crm_type("QUOTE").status_entity == "QUOTE_STATUS"
    smart = parse_crm_type("dynamic_128")
    assert (smart.entity_type_id, smart.stage_entity(3), smart.target(5)) == (
        128,
        "DYNAMIC_128_STAGE_3",
        "DYNAMIC_128_5",
    )
    assert parse_crm_type("SMART_INVOICE").stage_entity(3) == "SMART_INVOICE_STAGE_3"


@pytest.mark.parametrize("text", ["CONTACT", "company", "DYNAMIC_12", "DYNAMIC_١٢٨", "deals", ""])
def test_other_types_are_bad_input_naming_type(text: str) -> None:
    with pytest.raises(InvalidInput) as invalid:
        parse_crm_type(text)
    [error] = invalid.value.errors
    assert error.field == "--type" and "DYNAMIC_<id>" in error.message
