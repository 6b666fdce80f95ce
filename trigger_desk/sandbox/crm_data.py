# ruff: noqa: RUF001  (Cyrillic titles and stage names on purpose)
"""The sandbox portal's CRM: funnels, stages and items, as the look-up methods list them.

Deals have three funnels: "General" (id 0), "Repairs" (7) and "Ремонт квартир" (9);
"In Progress" is a stage name in both General and Repairs (an ambiguous name on
purpose). Leads and estimates have no funnels (stages under `STATUS` and
`QUOTE_STATUS`); smart invoices have one funnel, smart process 128 two. Every type
holds items 1..1000 (a few named in Latin and Cyrillic, the rest "Deal #N" and so on in
the default funnel's first stage); `CrmWorld.seed` adds many more for paging tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ITEMS_PER_TYPE = 1000


@dataclass(frozen=True)
class Stage:
    status_id: str
    name: str
    semantics: str = "process"  # process | success | failure (EXTRA.SEMANTICS)


@dataclass(frozen=True)
class Funnel:
    id: int
    name: str
    stages: tuple[Stage, ...]
    is_default: bool = False


def _stages(prefix: str, *named: tuple[str, str, str]) -> tuple[Stage, ...]:
    return tuple(Stage(f"{prefix}{sid}", name, sem) for sid, name, sem in named)


_P, _S, _F = "process", "success", "failure"


@dataclass
class CrmType:
    """One CRM type of the portal: its funnels (empty: none) or its single stage list."""

    entity_type_id: int
    type_name: str  # LEAD, DEAL, ..., DYNAMIC_128 (the `target` prefix)
    label: str  # as crm.category.list names it in ENTITY_TYPE_NOT_SUPPORTED
    funnels: tuple[Funnel, ...] = ()
    status_entity: str = ""  # for types without funnels: STATUS, QUOTE_STATUS
    plain_stages: tuple[Stage, ...] = ()
    placeholder: str = "Item"
    items: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Matching items per (filter, order), so the 50 pages of one batch filter once.
    listings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def stage_entity(self, funnel: Funnel) -> str:
        """The `crm.status.list` ENTITY_ID holding a funnel's stages."""
        if self.type_name == "DEAL":
            return "DEAL_STAGE" if funnel.id == 0 else f"DEAL_STAGE_{funnel.id}"
        return f"{self.type_name}_STAGE_{funnel.id}"

    def stage_lists(self) -> dict[str, tuple[int | None, tuple[Stage, ...]]]:
        """ENTITY_ID -> (funnel id or None, stages)."""
        if not self.funnels:
            return {self.status_entity: (None, self.plain_stages)}
        return {self.stage_entity(f): (f.id, f.stages) for f in self.funnels}

    def default_place(self) -> tuple[int | None, str]:
        if not self.funnels:
            return None, self.plain_stages[0].status_id
        funnel = next(f for f in self.funnels if f.is_default)
        return funnel.id, funnel.stages[0].status_id

    def add(self, item_id: int, title: str, category: int | None, stage: str) -> None:
        item: dict[str, Any] = {"id": item_id, "title": title, "stageId": stage}
        if self.funnels:
            item["categoryId"] = category
        item["entityTypeId"] = self.entity_type_id
        self.items[item_id] = item
        self.listings.clear()


def _deal() -> CrmType:
    general = Funnel(
        0,
        "General",
        _stages(
            "",
            ("NEW", "New", _P),
            ("PREPARATION", "Document preparation", _P),
            ("EXECUTING", "In Progress", _P),
            ("WON", "Deal won", _S),
            ("LOSE", "Deal lost", _F),
        ),
        is_default=True,
    )
    repairs = Funnel(
        7,
        "Repairs",
        _stages(
            "C7:",
            ("NEW", "New", _P),
            ("EXECUTING", "In Progress", _P),
            ("WON", "Done", _S),
            ("LOSE", "Cancelled", _F),
        ),
    )
    flats = Funnel(
        9,
        "Ремонт квартир",
        _stages(
            "C9:",
            ("NEW", "Новая", _P),
            ("EXECUTING", "В работе", _P),
            ("WON", "Сделка успешна", _S),
            ("LOSE", "Сделка провалена", _F),
        ),
    )
    deal = CrmType(2, "DEAL", "Deal", (general, repairs, flats), placeholder="Deal")
    for item_id, title, category, stage in (
        (1, "Acme: boiler repair", 7, "C7:EXECUTING"),
        (2, "Acme: annual service", 0, "EXECUTING"),
        (3, "Ремонт котла — ООО Ромашка", 9, "C9:EXECUTING"),
        (4, "Замена труб на кухне", 9, "C9:NEW"),
        (5, "Globex roof repair", 7, "C7:NEW"),
        (6, "Initech printers", 0, "WON"),
        (7, "ACME spare parts", 0, "NEW"),
        (8, "Ромашка: обслуживание котла", 0, "PREPARATION"),
    ):
        deal.add(item_id, title, category, stage)
    return deal


def _types() -> list[CrmType]:
    lead = CrmType(
        1,
        "LEAD",
        "Lead",
        status_entity="STATUS",
        plain_stages=_stages(
            "",
            ("NEW", "Unprocessed", _P),
            ("IN_PROCESS", "In Progress", _P),
            ("PROCESSED", "Processed", _P),
            ("CONVERTED", "Good lead", _S),
            ("JUNK", "Junk lead", _F),
        ),
        placeholder="Lead",
    )
    lead.add(1, "Website form: Acme", None, "NEW")
    lead.add(2, "Звонок: ООО Ромашка", None, "IN_PROCESS")
    quote = CrmType(
        7,
        "QUOTE",
        "Quote",
        status_entity="QUOTE_STATUS",
        plain_stages=_stages(
            "",
            ("DRAFT", "New", _P),
            ("SENT", "Sent to client", _P),
            ("APPROVED", "Approved", _S),
            ("DECLAINED", "Declined", _F),
        ),
        placeholder="Estimate",
    )
    quote.add(1, "Estimate for Acme", None, "SENT")
    invoices = Funnel(
        3,
        "Invoices",
        _stages(
            "DT31_3:",
            ("N", "New", _P),
            ("S", "Sent", _P),
            ("P", "Paid", _S),
            ("D", "Not paid", _F),
        ),
        is_default=True,
    )
    invoice = CrmType(31, "SMART_INVOICE", "SmartInvoice", (invoices,), placeholder="Invoice")
    invoice.add(1, "Invoice for Acme", 3, "DT31_3:S")
    deliveries = Funnel(
        5,
        "Deliveries",
        _stages(
            "DT128_5:",
            ("NEW", "New", _P),
            ("PREPARATION", "Packing", _P),
            ("SUCCESS", "Delivered", _S),
            ("FAIL", "Failed", _F),
        ),
        is_default=True,
    )
    returns = Funnel(
        6,
        "Returns",
        _stages(
            "DT128_6:",
            ("NEW", "New", _P),
            ("CLIENT", "At client", _P),
            ("SUCCESS", "Refunded", _S),
            ("FAIL", "Refused", _F),
        ),
    )
    dynamic = CrmType(128, "DYNAMIC_128", "Dynamic", (deliveries, returns), placeholder="Delivery")
    dynamic.add(1, "Доставка: Москва", 5, "DT128_5:PREPARATION")
    dynamic.add(2, "Return from Acme", 6, "DT128_6:CLIENT")
    return [lead, _deal(), quote, invoice, dynamic]


class CrmWorld:
    """Every CRM type's funnels, stages and items. The sandbox's lock guards it."""

    def __init__(self) -> None:
        self.types: dict[int, CrmType] = {t.entity_type_id: t for t in _types()}
        for crm_type in self.types.values():
            category, stage = crm_type.default_place()
            for item_id in range(1, ITEMS_PER_TYPE + 1):
                if item_id not in crm_type.items:
                    crm_type.add(item_id, f"{crm_type.placeholder} #{item_id}", category, stage)

    def by_name(self, type_name: str) -> CrmType | None:
        return next((t for t in self.types.values() if t.type_name == type_name), None)

    def exists(self, type_name: str, item_id: int) -> bool:
        crm_type = self.by_name(type_name)
        if crm_type is None:  # old invoices: not listed, ids 1..1000 as before
            return type_name == "INVOICE" and 0 < item_id <= ITEMS_PER_TYPE
        return item_id in crm_type.items

    def seed(self, type_name: str, count: int, *, stage: str, title: str) -> list[int]:
        """Add `count` items at `stage` (in its funnel), titled `title #ID`; their ids."""
        crm_type = self.by_name(type_name)
        if crm_type is None:
            raise ValueError(f"the sandbox has no CRM type {type_name!r}")
        funnel_of = {
            s.status_id: funnel
            for funnel, stages in crm_type.stage_lists().values()
            for s in stages
        }
        if stage not in funnel_of:
            raise ValueError(f"{type_name} has no stage {stage!r}; known: {sorted(funnel_of)}")
        start = max(crm_type.items, default=0) + 1
        ids = list(range(start, start + count))
        for item_id in ids:
            crm_type.add(item_id, f"{title} #{item_id}", funnel_of[stage], stage)
        return ids
