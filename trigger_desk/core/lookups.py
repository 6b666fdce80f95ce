"""Portal look-ups: a type's funnels and stages, and its items by title, funnel or stage.

Budgets (requests to the portal): stages take at most 2 (`crm.category.list`, then one
`batch` of `crm.status.list` for every funnel; 1 for a type without funnels). Items take
1 request for the first page (which tells the total), then one `batch` for every 50 of
the remaining pages: 5,600 items (112 pages) take 4. Items are yielded page by page,
never gathered: a 100,000-item list is never in memory at once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from trigger_desk.core.bitrix24_batch import MAX_COMMANDS
from trigger_desk.core.calls.bitrix24_lookups import CATEGORY_LIST, ITEM_LIST, STATUS_LIST
from trigger_desk.core.crm_types import CrmType
from trigger_desk.core.portal_client import PortalClient
from trigger_desk.core.validation import FieldError, InvalidInput

PAGE = 50  # crm.item.list always answers 50 a page
_SEMANTICS = {"S": "success", "F": "failure"}
_SELECT = ("id", "title", "stageId", "categoryId")


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    semantics: str  # process | success | failure (| apology, as the portal says)


@dataclass(frozen=True)
class Category:
    """A funnel (`id` None for a type without funnels) and its stages in portal order."""

    id: int | None
    name: str
    stages: tuple[Stage, ...] = ()


@dataclass(frozen=True)
class Item:
    id: int
    title: str
    stage_id: str
    category_id: int | None
    target: str


def _stage(entry: Mapping[str, Any]) -> Stage:
    extra = entry.get("EXTRA")
    semantics = extra.get("SEMANTICS") if isinstance(extra, Mapping) else None
    if not semantics:
        semantics = _SEMANTICS.get(str(entry.get("SEMANTICS") or ""), "process")
    return Stage(str(entry.get("STATUS_ID", "")), str(entry.get("NAME", "")), str(semantics))


def _stages(result: Any) -> tuple[Stage, ...]:
    entries = result if isinstance(result, list) else []
    ordered = sorted(
        (e for e in entries if isinstance(e, Mapping)), key=lambda e: int(e.get("SORT") or 0)
    )
    return tuple(_stage(entry) for entry in ordered)


async def list_categories(portal: PortalClient, crm_type: CrmType) -> list[Category]:
    """The type's funnels without their stages (1 request; none for a type without funnels)."""
    if not crm_type.has_funnels:
        return [Category(None, crm_type.name)]
    answer = await portal.call(CATEGORY_LIST, {"entityTypeId": crm_type.entity_type_id})
    result = answer.get("result")
    raw = result.get("categories") if isinstance(result, Mapping) else None
    funnels = [c for c in raw if isinstance(c, Mapping)] if isinstance(raw, list) else []
    funnels.sort(key=lambda c: (int(c.get("sort") or 0), int(c.get("id") or 0)))
    return [Category(int(c.get("id") or 0), str(c.get("name", ""))) for c in funnels]


async def list_stages(portal: PortalClient, crm_type: CrmType) -> list[Category]:
    """The type's funnels and their stages (at most 2 requests)."""
    if not crm_type.has_funnels:
        answer = await portal.call(STATUS_LIST, {"filter": {"ENTITY_ID": crm_type.status_entity}})
        return [Category(None, crm_type.name, _stages(answer.get("result")))]
    categories = await list_categories(portal, crm_type)
    filled: list[Category] = []
    for start in range(0, len(categories), MAX_COMMANDS):  # one batch unless 50+ funnels
        chunk = categories[start : start + MAX_COMMANDS]
        commands = {
            str(c.id): (STATUS_LIST, {"filter": {"ENTITY_ID": crm_type.stage_entity(c.id or 0)}})
            for c in chunk
        }
        results = await portal.batch(commands)
        filled += [Category(c.id, c.name, _stages(results.get(str(c.id)))) for c in chunk]
    return filled


def _names(categories: list[Category]) -> str:
    return ", ".join(f"{c.name} ({c.id})" for c in categories) or "none"


def pick_category(categories: list[Category], wanted: str, crm_type: CrmType) -> Category:
    """The funnel `wanted` names by id or (any case) by name; InvalidInput naming --category."""
    if not crm_type.has_funnels:
        raise InvalidInput(
            [FieldError("--category", f"{crm_type.name} has no funnels; leave --category out")]
        )
    text = wanted.strip()
    found = [c for c in categories if str(c.id) == text] or [
        c for c in categories if c.name.casefold() == text.casefold()
    ]
    if len(found) != 1:
        why = "matches several funnels" if found else "is not a funnel of this type"
        raise InvalidInput(
            [FieldError("--category", f"{wanted!r} {why}; funnels: {_names(categories)}")]
        )
    return found[0]


def pick_stage(categories: list[Category], wanted: str) -> tuple[Category, Stage]:
    """The stage `wanted` names: an exact stage id, else a name (any case) in one funnel."""
    by_id = [(c, s) for c in categories for s in c.stages if s.id == wanted.strip()]
    if by_id:
        return by_id[0]
    by_name = [
        (c, s)
        for c in categories
        for s in c.stages
        if s.name.casefold() == wanted.strip().casefold()
    ]
    funnels = {c.id for c, _ in by_name}
    if len(funnels) > 1:
        where = ", ".join(f"{c.name} ({c.id}): {s.id}" for c, s in by_name)
        raise InvalidInput(
            [
                FieldError(
                    "--stage",
                    f"{wanted!r} is a stage in several funnels: {where}. "
                    "Name the funnel with --category ID|NAME, or give the stage id.",
                )
            ]
        )
    if not by_name:
        known = "; ".join(f"{c.name}: " + ", ".join(s.name for s in c.stages) for c in categories)
        raise InvalidInput(
            [FieldError("--stage", f"no stage {wanted!r} (by id or name); stages: {known}")]
        )
    return by_name[0]


@dataclass
class ItemQuery:
    """What to list: filters as the portal takes them, and how many at most."""

    crm_type: CrmType
    title: str | None = None
    category_id: int | None = None
    stage_id: str | None = None
    limit: int | None = None

    def params(self, start: int) -> dict[str, Any]:
        filters: dict[str, Any] = {}
        if self.title:
            filters["%title"] = self.title  # LIKE in any position, any case
        if self.category_id is not None:
            filters["categoryId"] = self.category_id
        if self.stage_id is not None:
            filters["stageId"] = self.stage_id
        params: dict[str, Any] = {"entityTypeId": self.crm_type.entity_type_id}
        params["select"] = list(_SELECT if self.crm_type.has_funnels else _SELECT[:3])
        if filters:
            params["filter"] = filters
        params["order"] = {"id": "ASC"}
        params["start"] = start
        return params


@dataclass
class ItemListing:
    """Items as they arrive; `total` is known once the first page is in."""

    query: ItemQuery
    total: int | None = None
    yielded: int = 0

    def _items(self, result: Any) -> list[Item]:
        raw = result.get("items") if isinstance(result, Mapping) else None
        items: list[Item] = []
        for entry in raw if isinstance(raw, list) else []:
            if not isinstance(entry, Mapping) or entry.get("id") is None:
                continue
            item_id = int(entry["id"])
            category = entry.get("categoryId")
            items.append(
                Item(
                    item_id,
                    str(entry.get("title") or ""),
                    str(entry.get("stageId") or ""),
                    None if category is None else int(category),
                    self.query.crm_type.target(item_id),
                )
            )
        return items

    async def items(self, portal: PortalClient) -> AsyncIterator[Item]:
        """Every matching item in id order, up to the query's limit."""
        first = await portal.call(ITEM_LIST, self.query.params(0))
        self.total = int(first.get("total") or 0)
        wanted = self.total if self.query.limit is None else min(self.total, self.query.limit)
        for item in self._items(first.get("result")):
            if self.yielded >= wanted:
                return
            self.yielded += 1
            yield item
        starts = list(range(PAGE, wanted, PAGE)) if first.get("next") is not None else []
        for index in range(0, len(starts), MAX_COMMANDS):
            chunk = starts[index : index + MAX_COMMANDS]
            results = await portal.batch(
                {f"p{start}": (ITEM_LIST, self.query.params(start)) for start in chunk}
            )
            for start in chunk:
                for item in self._items(results.get(f"p{start}")):
                    if self.yielded >= wanted:
                        return
                    self.yielded += 1
                    yield item


async def resolve_query(
    portal: PortalClient,
    crm_type: CrmType,
    *,
    title: str | None = None,
    category: str | None = None,
    stage: str | None = None,
    limit: int | None = None,
) -> ItemQuery:
    """The item query for funnel and stage given by id or name (at most 2 look-ups).

    A funnel given by id needs no look-up; a stage always does (an id matches exactly,
    else a name). InvalidInput names `--category` / `--stage` when they do not resolve.
    """
    if category is not None and not crm_type.has_funnels:
        raise InvalidInput(
            [FieldError("--category", f"{crm_type.name} has no funnels; leave --category out")]
        )
    query = ItemQuery(crm_type, title=title or None, limit=limit)
    if stage is not None:
        categories = await list_stages(portal, crm_type)
        if category is not None:
            chosen = pick_category(categories, category, crm_type)
            categories = [chosen]
            query.category_id = chosen.id
        query.stage_id = pick_stage(categories, stage)[1].id
    elif category is not None:
        text = category.strip()
        if text.isascii() and text.isdigit():
            query.category_id = int(text)
        else:
            categories = await list_categories(portal, crm_type)
            query.category_id = pick_category(categories, text, crm_type).id
    return query
