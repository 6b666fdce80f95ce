"""Documented value rules, shared by the call declarations (and so by form, CLI and sandbox)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from trigger_desk.core.calls.spec import Choice, Rule
from trigger_desk.core.control_chars import control_problem

# FACTS.md, "Bitrix24 CRM owner types": (id, TYPENAME, label).
OWNER_TYPES: tuple[tuple[int, str, str], ...] = (
    (1, "LEAD", "Lead"),
    (2, "DEAL", "Deal"),
    (3, "CONTACT", "Contact"),
    (4, "COMPANY", "Company"),
    (5, "INVOICE", "Invoice (old)"),
    (7, "QUOTE", "Estimate"),
    (8, "REQUISITE", "Requisite"),
    (14, "ORDER", "Order"),
    (31, "SMART_INVOICE", "Invoice"),
    (36, "SMART_DOCUMENT", "Document"),
    (39, "SMART_B2E_DOC", "B2E document"),
)
# Ids of smart processes start here; they differ per portal.
FIRST_SMART_PROCESS_ID = 128
TYPENAMES: frozenset[str] = frozenset(name for _, name, _ in OWNER_TYPES)
OWNER_TYPE_CHOICES: tuple[Choice, ...] = tuple(
    Choice(str(type_id), f"{label} ({name})") for type_id, name, label in OWNER_TYPES
)
TYPENAME_CHOICES: tuple[Choice, ...] = (
    *tuple(Choice(name, f"{label} ({name})") for _, name, label in OWNER_TYPES),
    Choice("DYNAMIC_", "Smart process (DYNAMIC_<id>)"),
)

# Always fullmatch (`$` also matches before a trailing newline) and ASCII classes only
# (`\d` takes any script's digits; IGNORECASE alone lets the Kelvin sign match "k").
_TARGET = re.compile(r"(?P<typename>[A-Z][A-Z0-9_]*?)_(?P<id>[0-9]{1,19})")
_DYNAMIC = re.compile(r"DYNAMIC_(?P<type_id>[0-9]{1,19})")
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TRIGGER_CODE = re.compile(r"[A-Za-z0-9.\-_]+")  # the server compares case-insensitively
_DIGITS = re.compile(r"[0-9]{1,19}")
INT64_MAX = 2**63 - 1


def split_target(value: str) -> tuple[str, int] | None:
    """`DEAL_57` -> ("DEAL", 57); `DYNAMIC_128_5` -> ("DYNAMIC_128", 5); None if malformed.

    The server splits on the last underscore, so this does too.
    """
    match = _TARGET.fullmatch(value)
    if not match:
        return None
    return match.group("typename"), int(match.group("id"))


# The type picker's entry for every smart process; its type id is chosen beside it.
DYNAMIC_PREFIX = "DYNAMIC_"


@dataclass(frozen=True)
class TargetParts:
    """A target split as a form edits it: `DYNAMIC_128_5` is ("DYNAMIC_", 5, 128)."""

    typename: str  # "DEAL", ..., or DYNAMIC_PREFIX for any smart process
    item_id: int
    smart_type_id: int | None = None  # the smart process's type id, for DYNAMIC_PREFIX

    def join(self) -> str:
        """Back to TYPENAME_ID text."""
        return join_target(self.typename, str(self.item_id), self.smart_type_id)


def parse_target(value: str) -> TargetParts | None:
    """A well-formed TYPENAME_ID (see `split_target`) in parts, or None."""
    parts = split_target(value.strip())
    if parts is None:
        return None
    typename, item_id = parts
    dynamic = _DYNAMIC.match(typename)
    if dynamic:
        return TargetParts(DYNAMIC_PREFIX, item_id, int(dynamic.group("type_id")))
    return TargetParts(typename, item_id)


def join_target(typename: str, item: str, smart_type_id: int | None = None) -> str:
    """TYPENAME_ID from a picked type and typed id text; the id alone when no type is
    picked (so the rule can say what is missing)."""
    if not typename:
        return item
    if typename == DYNAMIC_PREFIX:
        typename = f"{DYNAMIC_PREFIX}{smart_type_id}"
    return f"{typename}_{item}"


def _check_target(value: Any) -> str | None:
    text = str(value)
    parts = split_target(text)
    if parts is None:
        return "must be TYPENAME_ID: an upper-case type name, an underscore and a number"
    typename, item_id = parts
    dynamic = _DYNAMIC.fullmatch(typename)
    if dynamic:
        if int(dynamic.group("type_id")) < FIRST_SMART_PROCESS_ID:
            return f"smart-process type ids start at {FIRST_SMART_PROCESS_ID}"
    elif typename not in TYPENAMES:
        known = ", ".join(sorted(TYPENAMES))
        return f"unknown type name {typename!r} (known: {known}, or DYNAMIC_<id>)"
    if item_id <= 0:
        return "the item id after the underscore must be a positive number"
    if item_id > INT64_MAX:
        return "the item id after the underscore does not fit in 64 bits"
    return None


def _check_trigger_code(value: Any) -> str | None:
    if not _TRIGGER_CODE.fullmatch(str(value)):
        return "may hold only letters a-z, digits, '.', '-' and '_'"
    return None


def _check_owner_type(value: Any) -> str | None:
    type_id = int(value)
    if type_id in {t for t, _, _ in OWNER_TYPES} or type_id >= FIRST_SMART_PROCESS_ID:
        return None
    return (
        "must be a CRM owner type id (1 lead, 2 deal, 3 contact, 4 company, 5 invoice, "
        "7 estimate, 8 requisite, 14 order, 31 invoice, 36 document, 39 B2E document) "
        f"or a smart-process id of {FIRST_SMART_PROCESS_ID} or more"
    )


def _check_positive(value: Any) -> str | None:
    return None if int(value) > 0 else "must be a positive whole number"


def _check_guid(value: Any) -> str | None:
    if not _GUID.fullmatch(str(value)):
        return "must be a GUID: 8-4-4-4-12 hexadecimal digits"
    return None


def _check_trigger_key(value: Any) -> str | None:
    text = str(value)
    if not 1 <= len(text) <= 100:
        return f"must be 1 to 100 characters long (got {len(text)})"
    return control_problem(text)


def _check_millis(value: Any) -> str | None:
    text = str(value)
    if not _DIGITS.fullmatch(text) or not 0 < int(text) <= INT64_MAX:
        return "must be a positive whole number of milliseconds"
    return None


def _check_not_blank(value: Any) -> str | None:
    text = str(value)
    return control_problem(text) if text.strip() else "must not be empty"


TARGET = Rule("TYPENAME_ID, e.g. DEAL_57, LEAD_25 or DYNAMIC_128_5", _check_target)
TRIGGER_CODE = Rule("letters a-z, digits, '.', '-', '_' (mask [a-z0-9.\\-_])", _check_trigger_code)
OWNER_TYPE_ID = Rule(
    "an owner type id from the table, or a smart-process id >= 128", _check_owner_type
)
POSITIVE_ID = Rule("a positive whole number", _check_positive)
GUID = Rule("a GUID such as fc81a355-3429-50fc-a4c7-def486e828f3", _check_guid)
TRIGGER_KEY = Rule("1 to 100 characters", _check_trigger_key)
MILLISECONDS = Rule("a positive whole number of milliseconds", _check_millis)
NOT_BLANK = Rule("not empty", _check_not_blank)


# --- Wix ReportEvent payload rules (reference page, "payload") --------------------------

_PAYLOAD_KEY = re.compile(r"[A-Za-z0-9_]+")


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def wix_event_payload_problems(payload: Any) -> list[tuple[str, str]]:
    """Every breach of the ReportEvent payload rules, as (JSON path, what is wrong)."""
    if not isinstance(payload, dict):
        return [("payload", "must be a JSON object of key: value pairs")]
    problems: list[tuple[str, str]] = []
    for key, value in payload.items():
        path = f"payload.{key}"
        if not _PAYLOAD_KEY.fullmatch(key):
            problems.append((path, "key names may hold only A-Z, a-z, 0-9 and _"))
        elif key.startswith("_"):
            problems.append((path, "key names may not start with an underscore"))
        if _is_scalar(value):
            continue
        if isinstance(value, list):
            for index, item in enumerate(value):
                item_path = f"{path}[{index}]"
                if not isinstance(item, dict):
                    problems.append((item_path, "array items must be objects"))
                    continue
                for inner_key, inner in item.items():
                    if control_problem(str(inner_key)):
                        problems.append(
                            (
                                f"{item_path}.{inner_key!r}",
                                "key names may not hold control characters",
                            )
                        )
                    elif not _is_scalar(inner):
                        problems.append(
                            (
                                f"{item_path}.{inner_key}",
                                "properties of array items must be strings, numbers or booleans",
                            )
                        )
            continue
        kind = "null" if value is None else "an object"
        problems.append(
            (path, f"is {kind}; values must be strings, numbers, booleans or arrays of objects")
        )
    return problems
