"""`{{variable}}` placeholders in presets: the name rule, finding them, filling them in.

The one place for these rules: the CLI and the window's dialogs import them from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from trigger_desk.core.validation import FieldError, InvalidInput

if TYPE_CHECKING:
    from trigger_desk.store.preset_file import Preset

# A variable name: a letter or '_', then letters, digits, '_', '-', '.' (ASCII).
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
# {{name}}; spaces inside the braces are tolerated.
VARIABLE = re.compile(r"\{\{\s*(" + VARIABLE_NAME.pattern + r")\s*\}\}")


def variable_name_problem(name: str) -> str | None:
    """Why `name` cannot name a variable (None when it can)."""
    if VARIABLE_NAME.fullmatch(name):
        return None
    return (
        f"{name!r} cannot name a variable: start with a letter or _, then letters, digits, _ . or -"
    )


def default_variable(field_name: str) -> str:
    """A variable name for a field: the field's own name when it is a valid one."""
    name = re.sub(r"[^A-Za-z0-9_.\-]", "_", field_name)
    return name if VARIABLE_NAME.fullmatch(name) else f"_{name}"


def whole_variable(value: Any) -> str | None:
    """ "deal" when the value is exactly "{{deal}}" (a field made a variable)."""
    if not isinstance(value, str):
        return None
    match = VARIABLE.fullmatch(value.strip())
    return match.group(1) if match else None


def _strings(value: Any) -> Iterable[str]:
    """Every string inside a JSON value (object values, array items), depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def variables_in(value: Any) -> list[str]:
    """The `{{variable}}` names used in a value, in order of first use, without repeats."""
    seen: dict[str, None] = {}
    for text in _strings(value):
        for match in VARIABLE.finditer(text):
            seen.setdefault(match.group(1), None)
    return list(seen)


def has_variables(value: Any) -> bool:
    """Whether any string inside `value` holds a `{{variable}}`."""
    return any(VARIABLE.search(text) for text in _strings(value))


def _substitute(value: Any, variables: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        # One pass: a filled-in value that itself looks like {{x}} is not filled again.
        return VARIABLE.sub(lambda m: variables.get(m.group(1), m.group(0)), value)
    if isinstance(value, Mapping):
        return {key: _substitute(item, variables) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_substitute(item, variables) for item in value]
    return value


def variable_uses(preset: Preset) -> dict[str, list[tuple[str, str]]]:
    """variable -> [(where, raw text)] in order of first use, e.g. "deal" ->
    [("target", "DEAL_{{deal}}")]; the payload's raw text is left empty."""
    uses: dict[str, list[tuple[str, str]]] = {}
    for field_name, value in preset.values.items():
        for name in variables_in(value):
            uses.setdefault(name, []).append((field_name, str(value)))
    if preset.payload is not None:
        for name in variables_in(preset.payload):
            uses.setdefault(name, []).append(("payload", ""))
    return uses


def fill(preset: Preset, variables: Mapping[str, str]) -> tuple[dict[str, Any], Any]:
    """The preset's (values, payload) with every `{{variable}}` filled in.

    Raises InvalidInput naming each variable left unfilled (nothing is sent then).
    Filled values are text; the call's rules check and type them afterwards.
    """
    missing = [
        FieldError(
            name,
            f"variable is not filled (used in {', '.join(dict.fromkeys(w for w, _ in uses))}). "
            f"Give it with --var {name}=VALUE",
        )
        for name, uses in variable_uses(preset).items()
        if name not in variables
    ]
    if missing:
        raise InvalidInput(missing)
    values = {name: _substitute(value, variables) for name, value in preset.values.items()}
    payload = _substitute(preset.payload, variables) if preset.payload is not None else None
    return values, payload
