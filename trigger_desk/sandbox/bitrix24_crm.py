"""The sandbox portal's CRM look-ups: `crm.item.list`, `crm.category.list`, `crm.status.list`.

Answers and errors follow bitrix24/b24restdocs: items 50 a page with `total` and `next`,
`filter` keys with the documented prefixes (`%` LIKE in any case, `@` IN, `=`, `!=`,
`>`, `>=`, `<`, `<=`...), `NOT_FOUND` for an unknown smart process,
`ENTITY_TYPE_NOT_SUPPORTED` for funnels of a type without them, `INVALID_ARG_VALUE` for a
filter or order the portal does not take.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from trigger_desk.core.calls import CallSpec
from trigger_desk.core.calls.bitrix24_lookups import CATEGORY_LIST, ITEM_LIST, STATUS_LIST
from trigger_desk.sandbox.bitrix24_params import php_int
from trigger_desk.sandbox.bitrix24_reply import Paged, error
from trigger_desk.sandbox.crm_data import CrmType
from trigger_desk.sandbox.messages import Reply
from trigger_desk.sandbox.state import SandboxState

if TYPE_CHECKING:
    from trigger_desk.sandbox.bitrix24 import Caller

PAGE = 50
CRM_DENIED = (400, "", "Access denied.")
SMART_PROCESS_NOT_FOUND = (400, "NOT_FOUND", "Smart process not found")
# Longest first, so `!=%` is not read as `!=` and `>=` not as `>`.
_PREFIXES = ("!=%", "!%=", "=%", "%=", "!@", "!%", ">=", "<=", "!=", "@", "%", "=", ">", "<", "!")
_COLORS = {"process": "#39A8EF", "success": "#7BD500", "failure": "#FF5752"}
_LETTER = {"success": "S", "failure": "F"}

Check = Callable[[Mapping[str, Any]], bool]
_COMPARE: dict[str, Callable[[int, int], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


def _values(value: Any) -> list[str]:
    items = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
    )
    return [str(item) for item in items]


def _like(pattern: str) -> re.Pattern[str]:
    """A SQL LIKE pattern (`%` any run, `_` one character), any case."""
    parts = (".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _check(op: str, field: str, value: Any) -> Check:
    def text(item: Mapping[str, Any]) -> str:
        found = item.get(field)
        return "" if found is None else str(found)

    if op in ("%", "!%"):
        needle = str(value).casefold()
        return lambda item: (needle in text(item).casefold()) == (op == "%")
    if op in ("=%", "%=", "!=%", "!%="):
        pattern = _like(str(value))
        return lambda item: bool(pattern.fullmatch(text(item))) == (not op.startswith("!"))
    if op in ("@", "!@") or (op == "" and isinstance(value, list | dict)):
        allowed = set(_values(value))
        return lambda item: (text(item) in allowed) == (op != "!@")
    if op in (">", ">=", "<", "<="):
        bound = php_int(value)
        compare: Callable[[int, int], bool] = _COMPARE[op]
        return lambda item: compare(php_int(item.get(field) or 0), bound)
    wanted = str(value)
    return lambda item: (text(item) == wanted) == (op not in ("!=", "!"))


def _filter(crm_type: CrmType, raw: Any) -> list[Check] | Reply:
    if raw in (None, "", []):
        return []
    if not isinstance(raw, dict):
        return error(400, "INVALID_ARG_VALUE", "Invalid filter: it must be an object")
    fields = set(next(iter(crm_type.items.values()), {"id": 0, "title": "", "stageId": ""}))
    checks: list[Check] = []
    for key, value in raw.items():
        op = next((p for p in _PREFIXES if key.startswith(p)), "")
        field = key[len(op) :]
        if field not in fields:
            return error(
                400,
                "INVALID_ARG_VALUE",
                f"Invalid filter: field '{field}' is not allowed in filter",
            )
        checks.append(_check(op, field, value))
    return checks


def _order(crm_type: CrmType, raw: Any) -> list[tuple[str, bool]] | Reply:
    if raw in (None, "", []):
        return [("id", False)]
    if not isinstance(raw, dict):
        return error(400, "INVALID_ARG_VALUE", "Invalid order: it must be an object")
    fields = set(next(iter(crm_type.items.values()), {"id": 0}))
    order: list[tuple[str, bool]] = []
    for field, direction in raw.items():
        if field not in fields:
            return error(
                400, "INVALID_ARG_VALUE", f"Invalid order: field '{field}' is not allowed in order"
            )
        if str(direction).upper() not in ("ASC", "DESC"):
            return error(
                400,
                "INVALID_ARG_VALUE",
                "Invalid order: allowed sort directions are ASC, DESC. "
                f"But got '{direction}' for field '{field}'",
            )
        order.append((field, str(direction).upper() == "DESC"))
    return order


def _sort_key(field: str) -> Callable[[Mapping[str, Any]], Any]:
    if field in ("id", "categoryId", "entityTypeId"):
        return lambda item: php_int(item.get(field) or 0)
    return lambda item: str(item.get(field) or "")


def _crm_type(state: SandboxState, caller: Caller, params: Mapping[str, Any]) -> CrmType | Reply:
    if not caller.user.crm_access:
        return error(*CRM_DENIED)
    crm_type = state.crm.types.get(php_int(params.get("entityTypeId")))
    return crm_type if crm_type is not None else error(*SMART_PROCESS_NOT_FOUND)


def item_list(
    state: SandboxState, call: CallSpec, caller: Caller, params: Mapping[str, Any]
) -> Reply | Any:
    crm_type = _crm_type(state, caller, params)
    if isinstance(crm_type, Reply):
        return crm_type
    checks = _filter(crm_type, params.get("filter"))
    order = _order(crm_type, params.get("order"))
    if isinstance(checks, Reply):
        return checks
    if isinstance(order, Reply):
        return order
    key = json.dumps([params.get("filter"), order], sort_keys=True, default=str)
    matching = crm_type.listings.get(key)
    if matching is None:
        matching = [item for item in crm_type.items.values() if all(c(item) for c in checks)]
        for field, descending in reversed(order):  # stable sorts, last key first
            matching.sort(key=_sort_key(field), reverse=descending)
        if len(crm_type.listings) >= 8:
            crm_type.listings.clear()
        crm_type.listings[key] = matching
    start = php_int(params.get("start"))
    counted = start != -1  # start=-1: no count, no `next` (the fast way for big lists)
    start = max(start, 0)
    page = matching[start : start + PAGE]
    selected = _values(params.get("select")) if params.get("select") else ["*"]
    if "*" not in selected:
        page = [{k: v for k, v in item.items() if k in selected or k == "id"} for item in page]
    following = start + PAGE if counted and start + PAGE < len(matching) else None
    return Paged({"items": page}, len(matching) if counted else 0, following)


def category_list(
    state: SandboxState, call: CallSpec, caller: Caller, params: Mapping[str, Any]
) -> Reply | Any:
    crm_type = _crm_type(state, caller, params)
    if isinstance(crm_type, Reply):
        return crm_type
    if not crm_type.funnels:
        text = f"Entity type `{crm_type.label}` is not supported"
        return error(400, "ENTITY_TYPE_NOT_SUPPORTED", text)
    categories = [
        {
            "id": funnel.id,
            "name": funnel.name,
            "sort": (index + 1) * 100,
            "entityTypeId": crm_type.entity_type_id,
            "isDefault": "Y" if funnel.is_default else "N",
        }
        for index, funnel in enumerate(crm_type.funnels)
    ]
    return Paged({"categories": categories}, len(categories))


def status_list(
    state: SandboxState, call: CallSpec, caller: Caller, params: Mapping[str, Any]
) -> Reply | Any:
    if not caller.user.crm_access:
        return error(*CRM_DENIED)
    raw = params.get("filter")
    wanted = str(raw.get("ENTITY_ID")) if isinstance(raw, dict) and "ENTITY_ID" in raw else None
    entries: list[dict[str, Any]] = []
    for crm_type in state.crm.types.values():
        for entity, (funnel, stages) in crm_type.stage_lists().items():
            if wanted is not None and entity != wanted:
                continue
            for index, stage in enumerate(stages):
                entries.append(
                    {
                        "ID": str(len(entries) + 1),
                        "ENTITY_ID": entity,
                        "STATUS_ID": stage.status_id,
                        "NAME": stage.name,
                        "NAME_INIT": stage.name if index == 0 else "",
                        "SORT": str((index + 1) * 10),
                        "SYSTEM": "Y" if index == 0 or stage.semantics != "process" else "N",
                        "CATEGORY_ID": None if funnel is None else str(funnel),
                        "COLOR": _COLORS[stage.semantics],
                        "SEMANTICS": _LETTER.get(stage.semantics),
                        "EXTRA": {"SEMANTICS": stage.semantics, "COLOR": _COLORS[stage.semantics]},
                    }
                )
    return Paged(entries, len(entries))


CALLS: tuple[CallSpec, ...] = (ITEM_LIST, CATEGORY_LIST, STATUS_LIST)
METHODS = {ITEM_LIST.id: item_list, CATEGORY_LIST.id: category_list, STATUS_LIST.id: status_list}
