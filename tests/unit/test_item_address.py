"""Bitrix24 item addresses copied from the browser, as the fields of a call."""

from __future__ import annotations

import pytest

from trigger_desk.core.calls import find_call
from trigger_desk.core.item_address import ItemAddressError, parse_item_address
from trigger_desk.core.validation import validate_values


@pytest.mark.parametrize(
    ("text", "target", "owner_type_id"),
    [
        ("https://acme.bitrix24.com/crm/deal/details/57/", "DEAL_57", 2),
        ("https://acme.bitrix24.com/crm/lead/details/25/?IFRAME=Y", "LEAD_25", 1),
        ("  https://acme.bitrix24.com/crm/quote/details/7  ", "QUOTE_7", 7),
        ("https://acme.bitrix24.com/crm/type/31/details/5/", "SMART_INVOICE_5", 31),
        ("https://acme.bitrix24.com/crm/type/128/details/5/#tab", "DYNAMIC_128_5", 128),
        ("/crm/deal/details/9/", "DEAL_9", 2),
    ],
)
def test_addresses_become_targets(text: str, target: str, owner_type_id: int) -> None:
    address = parse_item_address(text)
    assert address is not None
    assert address.target == target and address.owner_type_id == owner_type_id
    trigger, execute = find_call("bitrix24.trigger"), find_call("bitrix24.trigger.execute")
    assert trigger is not None and execute is not None
    # The result passes the calls' own rules.
    assert validate_values(trigger, {**address.fields(trigger.field_names), "code": "abc"})
    fields = address.fields(execute.field_names)
    assert fields == {"OWNER_TYPE_ID": str(owner_type_id), "OWNER_ID": target.rsplit("_", 1)[1]}


@pytest.mark.parametrize("kind", ["contact", "company"])
def test_contacts_and_companies_are_refused_with_the_reason(kind: str) -> None:
    with pytest.raises(ItemAddressError, match="no automation triggers"):
        parse_item_address(f"https://acme.bitrix24.com/crm/{kind}/details/3/")


@pytest.mark.parametrize(
    "text", ["DEAL_57", "https://acme.bitrix24.com/crm/deal/list/", "57", "https://example.com/"]
)
def test_other_text_is_not_an_address(text: str) -> None:
    assert parse_item_address(text) is None
