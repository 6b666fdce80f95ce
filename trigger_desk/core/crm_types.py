"""Bitrix24 CRM types the look-ups take, and where each keeps its funnels and stages.

A type is `LEAD`, `DEAL`, `QUOTE`, `SMART_INVOICE` or a smart process `DYNAMIC_<id>`
(FACTS.md: the types that have automation triggers). Leads and estimates have no
funnels: their stages are the `STATUS` and `QUOTE_STATUS` lists. The others have funnels
(`crm.category.list`), each with its stage list: `DEAL_STAGE` (the general deal funnel,
id 0), `DEAL_STAGE_<id>`, `SMART_INVOICE_STAGE_<id>`, `DYNAMIC_<type>_STAGE_<id>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trigger_desk.core.validation import FieldError, InvalidInput

_DYNAMIC = re.compile(r"^DYNAMIC_([0-9]+)$")
_FIXED: dict[str, tuple[int, str]] = {
    # name -> (entityTypeId, stage list of a type without funnels, or "")
    "LEAD": (1, "STATUS"),
    "DEAL": (2, ""),
    "QUOTE": (7, "QUOTE_STATUS"),
    "SMART_INVOICE": (31, ""),
}
TYPE_NAMES = "LEAD, DEAL, QUOTE, SMART_INVOICE or DYNAMIC_<id> (a smart process, e.g. DYNAMIC_128)"
_NO_TRIGGERS = {"CONTACT", "COMPANY"}


@dataclass(frozen=True)
class CrmType:
    """One CRM type as the look-up methods address it."""

    name: str  # the `target` prefix: DEAL, DYNAMIC_128...
    entity_type_id: int
    status_entity: str = ""  # the one stage list of a type without funnels

    @property
    def has_funnels(self) -> bool:
        return not self.status_entity

    def stage_entity(self, category_id: int) -> str:
        """The `crm.status.list` ENTITY_ID of one funnel's stages."""
        if self.name == "DEAL":
            return "DEAL_STAGE" if category_id == 0 else f"DEAL_STAGE_{category_id}"
        return f"{self.name}_STAGE_{category_id}"

    def target(self, item_id: int) -> str:
        """The item as `crm.automation.trigger` takes it: `DEAL_57`, `DYNAMIC_128_5`."""
        return f"{self.name}_{item_id}"


def parse_crm_type(text: str, option: str = "--type") -> CrmType:
    """`deal` -> CrmType("DEAL", 2); InvalidInput naming `option` for anything else."""
    name = text.strip().upper()
    if name in _FIXED:
        entity_type_id, status_entity = _FIXED[name]
        return CrmType(name, entity_type_id, status_entity)
    match = _DYNAMIC.match(name)
    if match and name.isascii() and int(match.group(1)) >= 128:
        return CrmType(name, int(match.group(1)))
    if name in _NO_TRIGGERS:
        why = f"{name} has no automation triggers (only leads, deals, estimates, invoices and smart processes do)"
    else:
        why = f"{text!r} is not a CRM type with triggers"
    raise InvalidInput([FieldError(option, f"{why}; use {TYPE_NAMES}")])
