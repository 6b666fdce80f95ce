"""Bitrix24 item addresses (`https://PORTAL/crm/deal/details/57/`) as the fields they name.

Admins copy an item's address from the browser. Pasted into a `target` field, or as
one line of a pasted list of items, it becomes the call's own fields: `target=DEAL_57`
for a webhook trigger, `OWNER_TYPE_ID=2` + `OWNER_ID=57` for an application trigger.
Smart invoices and smart processes live at `/crm/type/<entityTypeId>/details/<id>/`.
Contacts and companies have no automation triggers: such an address is refused with
that reason rather than filled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trigger_desk.core.calls.rules import FIRST_SMART_PROCESS_ID, OWNER_TYPES

_BY_PATH = {"lead": 1, "deal": 2, "contact": 3, "company": 4, "invoice": 5, "quote": 7}
_NAME_OF = {type_id: name for type_id, name, _ in OWNER_TYPES}
_NO_TRIGGERS = {3: "contacts", 4: "companies"}
_ADDRESS = re.compile(
    r"^(?:https?://[^/\s]+)?/crm/"
    r"(?:(?P<kind>lead|deal|contact|company|invoice|quote)/(?:details|show)"
    r"|type/(?P<type_id>\d+)/details)"
    r"/(?P<id>\d+)/?(?:[?#].*)?$",
    re.IGNORECASE,
)


class ItemAddressError(ValueError):
    """An item address that cannot be fired at. The message says why."""


@dataclass(frozen=True)
class ItemAddress:
    owner_type_id: int
    item_id: int

    @property
    def typename(self) -> str:
        if self.owner_type_id >= FIRST_SMART_PROCESS_ID:
            return f"DYNAMIC_{self.owner_type_id}"
        return _NAME_OF.get(self.owner_type_id, str(self.owner_type_id))

    @property
    def target(self) -> str:
        """The webhook trigger's `target`: `DEAL_57`, `DYNAMIC_128_5`."""
        return f"{self.typename}_{self.item_id}"

    def fields(self, field_names: tuple[str, ...]) -> dict[str, str]:
        """The values this item gives a call with these fields (empty if none apply)."""
        if "target" in field_names:
            return {"target": self.target}
        if "OWNER_TYPE_ID" in field_names and "OWNER_ID" in field_names:
            return {"OWNER_TYPE_ID": str(self.owner_type_id), "OWNER_ID": str(self.item_id)}
        return {}


def parse_item_address(text: str) -> ItemAddress | None:
    """The item an address names; None if `text` is not an item address at all.

    Raises ItemAddressError for an item type with no automation triggers.
    """
    match = _ADDRESS.match(text.strip())
    if match is None:
        return None
    kind = match.group("kind")
    owner_type_id = _BY_PATH[kind.lower()] if kind else int(match.group("type_id"))
    if owner_type_id in _NO_TRIGGERS:
        what = _NO_TRIGGERS[owner_type_id]
        raise ItemAddressError(
            f"{what} have no automation triggers in Bitrix24 (leads, deals, estimates, "
            "invoices and smart processes do): fire at the deal or lead instead"
        )
    return ItemAddress(owner_type_id, int(match.group("id")))
