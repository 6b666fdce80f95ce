"""A Bitrix24 item address pasted into a field fills the fields it names.

`https://PORTAL/crm/deal/details/57/` pasted into `target` becomes `DEAL_57`; pasted into
`OWNER_ID` it becomes OWNER_TYPE_ID=2 + OWNER_ID=57 (`core.item_address` decides). A
contact's or company's address is kept as typed and the field says why it cannot be used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trigger_desk.core.item_address import ItemAddress, ItemAddressError, parse_item_address


def read_address(text: str) -> tuple[ItemAddress | None, str | None]:
    """(the item, None), (None, why it cannot be used), or (None, None): not an address."""
    if "/crm/" not in text:
        return None, None
    try:
        return parse_item_address(text), None
    except ItemAddressError as error:
        return None, str(error)


def wire_owner_address(rows: Mapping[str, Any]) -> None:
    """Connect `OWNER_ID`'s edits so that a pasted address fills OWNER_TYPE_ID too."""
    owner_id, owner_type = rows.get("OWNER_ID"), rows.get("OWNER_TYPE_ID")
    if owner_id is None or owner_type is None:
        return

    def filled() -> None:
        address, problem = read_address(owner_id.value())
        if problem is not None:
            owner_id.show_error(f"OWNER_ID: {problem}")
        elif address is not None:
            fields = address.fields(("OWNER_TYPE_ID", "OWNER_ID"))
            owner_type.set_value(fields["OWNER_TYPE_ID"])
            owner_id.set_value(fields["OWNER_ID"])

    owner_id.changed.connect(filled)
