"""Marks for the texts the window translates, without importing Qt into core.

Declarations stay the single source of their texts: each user-visible text is written
where it is declared inside `QT_TRANSLATE_NOOP("core", ...)`, which pyside6-lupdate
extracts into `trigger_desk/i18n/*.ts` and which returns the English text unchanged (the
CLI prints English). Texts built from values are a `Msg`: still the English `str` for
everyone who reads it as one, plus the marked template and the values, so the window can
translate the template and then fill it in.
"""

from __future__ import annotations

from collections.abc import Mapping

# The translation context of every text marked in core (the window translates with it).
CONTEXT = "core"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate knows
    """Mark `text` for translation in `context`; returns it unchanged."""
    return text


class Msg(str):
    """An English text made from a marked `str.format` template and named values."""

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, /, **values: object) -> Msg:
        made = super().__new__(cls, template.format(**values))
        made.template = template
        made.values = values
        return made

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from template and values (the English text alone may hold braces).
        return (_rebuild, (self.template, dict(self.values)))


def _rebuild(template: str, values: dict[str, object]) -> Msg:
    return Msg(template, **values)
