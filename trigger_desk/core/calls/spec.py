"""The vocabulary calls are declared in.

A call is data: one `CallSpec` per platform method says everything the rest of the
program needs (form, CLI flags, validation, request shape, sandbox checks, diagnosis).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from trigger_desk.core.model import AuthKind, Platform
from trigger_desk.core.outcome import Outcome


class FieldType(StrEnum):
    """The JSON type a field is sent as."""

    STRING = "string"
    INTEGER = "integer"


@dataclass(frozen=True)
class Choice:
    """One offered value, e.g. OWNER_TYPE_ID 2 "Deal"."""

    value: str
    label: str


# A rule returns None when the (already typed) value is fine, else what is wrong with it.
RuleCheck = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Rule:
    """A documented constraint on a field's value."""

    description: str  # "TYPENAME_ID, e.g. DEAL_57"
    check: RuleCheck


@dataclass(frozen=True)
class FieldSpec:
    """One request parameter, named exactly as the platform names it.

    Nested parameters use a dotted path (`idempotency.key`); the request builder
    turns that into a nested JSON object.
    """

    name: str
    label: str
    help: str
    example: str
    type: FieldType = FieldType.STRING
    required: bool = False
    rule: Rule | None = None
    choices: tuple[Choice, ...] = ()
    # True when values outside `choices` may still be valid (smart-process ids >= 128).
    open_choices: bool = False
    # How the form should draw it: "target" is TYPENAME + ID, "guid" gets a generator.
    widget: str = "text"


class PayloadRules(StrEnum):
    """Which documented rules apply to a call's free-form payload object."""

    ANY_OBJECT = "object"  # RunTrigger: any JSON object
    WIX_EVENT = "wix-event"  # ReportEvent: key and value rules from the reference page


@dataclass(frozen=True)
class PayloadSpec:
    key: str  # where it goes in the body ("payload")
    rules: PayloadRules
    help: str
    example: Mapping[str, Any]
    required: bool = False


@dataclass(frozen=True)
class ErrorSpec:
    """A documented error and what the user should do about it.

    Matching: `code` compares case-insensitively with the platform's error code
    (None matches any, "" matches only an empty code); `text` is a regular
    expression searched in the description; `status` narrows to one HTTP status.
    """

    outcome: Outcome
    cause: str
    next_step: str
    code: str | None = None
    text: str | None = None
    status: int | None = None

    def matches(self, status: int, code: str, description: str) -> bool:
        if self.status is not None and self.status != status:
            return False
        if self.code is not None and self.code.lower() != code.lower():
            return False
        return self.text is None or re.search(self.text, description, re.IGNORECASE) is not None

    @property
    def specificity(self) -> int:
        """More specific entries win: code and text beat code alone beat status alone."""
        return (
            (4 if self.text is not None else 0)
            + (2 if self.code else 0)
            + (1 if self.status is not None else 0)
        )


@dataclass(frozen=True)
class CallSpec:
    """Everything about one platform call, declared once."""

    id: str
    platform: Platform
    title: str
    summary: str
    help: str
    http_method: str
    # Bitrix24: the REST method name ("crm.automation.trigger"); Wix: the URL path.
    method: str
    auth_kinds: frozenset[AuthKind]
    fields: tuple[FieldSpec, ...] = ()
    payload: PayloadSpec | None = None
    errors: tuple[ErrorSpec, ...] = ()
    doc_url: str = ""
    # Auth kinds the docs leave unconfirmed: allowed, with this warning shown.
    auth_caveats: Mapping[AuthKind, str] = field(default_factory=lambda: MappingProxyType({}))
    # Why the other auth kinds cannot make this call (shown when refused).
    auth_reason: str = ""
    # A second documented address to offer when the first answers 404 (Wix SDK path).
    alternate_method: str = ""
    # What a successful answer does and does not mean.
    success_note: str = ""

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)
