"""The preset file format (version 1): the `Preset` value, its checks, parsing a file.

File format, pretty-printed with a fixed key order so files diff cleanly::

    {
      "version": 1,
      "name": "Move deal to Won",
      "description": "...",
      "call": "bitrix24.trigger",
      "profile": "my-portal",            # optional
      "values": {"target": "DEAL_{{deal}}", "code": "won"},
      "payload": null
    }

Never a secret (a Bitrix24 webhook URL with its secret is refused), never an absolute
path. Text is parsed by the strict loader: no NaN, no numbers past 64 bits, at most
`MAX_JSON_DEPTH` levels deep.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from trigger_desk.core.calls import CALLS, CallSpec, find_call
from trigger_desk.core.control_chars import control_problem
from trigger_desk.core.redact import Redactor
from trigger_desk.core.strict_json import JsonRefused, loads_strict
from trigger_desk.core.validation import FieldError, check_field, check_payload, typed_value
from trigger_desk.store.preset_names import check_name
from trigger_desk.store.preset_variables import has_variables

PRESET_VERSION = 1
PRESET_SUFFIX = ".json"
_TOP_KEYS = ("version", "name", "description", "call", "profile", "values", "payload")


class PresetError(Exception):
    """A preset cannot be found, read, saved or imported. The message is safe to show.

    `errors` lists every problem found, each naming the field as it appears in the file.
    """

    def __init__(
        self,
        message: str,
        *,
        errors: Iterable[FieldError] = (),
        source: str | None = None,
    ) -> None:
        self.errors = list(errors)
        self.source = source
        details = "; ".join(str(error) for error in self.errors)
        super().__init__(f"{message} {details}".strip() if details else message)


class PresetNotFound(PresetError):
    """No preset has this name."""


class PresetExists(PresetError):
    """A preset with this name (or its file name) exists and replacing was not asked for."""


@dataclass(frozen=True)
class Preset:
    """A named call with its values, payload and optional profile."""

    name: str
    call: str
    values: Mapping[str, Any] = field(default_factory=dict)
    payload: Any = None
    profile: str | None = None
    description: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        """The file's content, keys in their stable order (values in the call's field order)."""
        spec = find_call(self.call)
        order = list(spec.field_names) if spec else []
        ordered = {name: self.values[name] for name in order if name in self.values}
        ordered.update({k: v for k, v in self.values.items() if k not in ordered})
        return {
            "version": PRESET_VERSION,
            "name": self.name,
            "description": self.description,
            "call": self.call,
            "profile": self.profile,
            "values": ordered,
            "payload": self.payload,
        }

    def to_text(self) -> str:
        """The exact text of the preset's file (pretty JSON, trailing newline)."""
        return json.dumps(self.to_json_dict(), indent=2, ensure_ascii=False) + "\n"


def check_preset(preset: Preset) -> list[FieldError]:
    """Everything that can be checked before variables are filled.

    Unknown call ids and fields are always refused; a value holding `{{...}}` skips its
    rule check (it is checked after filling, before sending); values without variables
    are checked by their field's rule, and the payload by the call's payload rules.
    """
    errors: list[FieldError] = []
    problem = check_name(preset.name)
    if problem:
        errors.append(FieldError("name", problem))
    if preset.profile is not None:
        problem = control_problem(preset.profile)
        if problem:
            errors.append(FieldError("profile", problem))
    problem = control_problem(preset.description, allow="\n\t")
    if problem:
        errors.append(FieldError("description", problem))
    call = find_call(preset.call)
    if call is None:
        shown = preset.call if control_problem(preset.call) is None else repr(preset.call)
        errors.append(
            FieldError("call", f"unknown call id {shown!r}. Known calls: {', '.join(CALLS)}.")
        )
        return errors
    errors.extend(_check_values(call, preset.values))
    if preset.payload is not None and call.payload is None:
        errors.append(FieldError("payload", f"{call.id} takes no payload; leave it null."))
    else:
        errors.extend(check_payload(call, preset.payload))
    # Secrets never go in a preset: catch the one that is easy to paste by mistake.
    text = preset.to_text()
    if Redactor().mask(text) != text:
        errors.append(
            FieldError(
                "values",
                "holds a Bitrix24 webhook URL with its secret; presets never hold secrets "
                "(the profile keeps it in the keyring)",
            )
        )
    return errors


def _check_values(call: CallSpec, values: Mapping[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    for name, value in values.items():
        spec = call.field(name)
        if spec is None:
            known = ", ".join(call.field_names) or "none"
            errors.append(
                FieldError(name, f"{call.id} has no field {name!r}. Its fields: {known}.")
            )
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            errors.append(
                FieldError(name, f"must be text or a number. Example: {name}={spec.example}")
            )
            continue
        if isinstance(value, str) and has_variables(value):
            problem = control_problem(value)  # the rest is checked after --var fills it
        else:
            problem = check_field(spec, value)
        if problem:
            errors.append(FieldError(name, problem))
    return errors


def normalise_values(call: CallSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as stored: typed by their field (OWNER_ID 6, not "6") unless they hold variables."""
    result: dict[str, Any] = {}
    for spec in call.fields:
        if spec.name not in values:
            continue
        value = values[spec.name]
        if isinstance(value, str) and (has_variables(value) or not value.strip()):
            result[spec.name] = value
            continue
        try:
            result[spec.name] = typed_value(spec, value)
        except ValueError:
            result[spec.name] = value
    return result


def call_of(text: str) -> str | None:
    """The "call" a preset file's text names, when it can be read at all (for sorting a
    broken file into its platform's panel)."""
    try:
        data = loads_strict(text, "preset")
    except JsonRefused:
        return None
    call = data.get("call") if isinstance(data, dict) else None
    return call if isinstance(call, str) else None


def parse_preset(text: str, source: str) -> Preset:
    """A preset from a file's text, or PresetError naming `source` and each bad field."""

    def refuse(message: str, errors: Iterable[FieldError] = ()) -> PresetError:
        return PresetError(f"{source}: refused: {message}", errors=errors, source=source)

    try:
        data = loads_strict(text, "preset")
    except JsonRefused as refused:
        where = "" if refused.where == "preset" else f" (at {refused.where})"
        raise refuse(f"{refused.reason}{where}.") from None
    if not isinstance(data, dict):
        raise refuse("a preset file must hold one JSON object.")
    version = data.get("version")
    if version != PRESET_VERSION or isinstance(version, bool):
        raise refuse(
            f"unknown preset version {version!r} (this Trigger Desk reads version "
            f"{PRESET_VERSION}); field 'version'."
        )
    errors: list[FieldError] = []
    unknown = [key for key in data if key not in _TOP_KEYS]
    for key in unknown:
        errors.append(FieldError(key, f"unknown key; a preset has {', '.join(_TOP_KEYS)}"))
    name = data.get("name")
    call = data.get("call")
    description = data.get("description", "")
    profile = data.get("profile")
    values = data.get("values", {})
    if not isinstance(name, str):
        errors.append(FieldError("name", "must be text, the preset's name"))
    if not isinstance(call, str):
        errors.append(FieldError("call", "must be a call id such as bitrix24.trigger"))
    if not isinstance(description, str):
        errors.append(FieldError("description", "must be text"))
    if profile is not None and (not isinstance(profile, str) or not profile.strip()):
        errors.append(FieldError("profile", "must be a profile name or null"))
    if values is None:
        values = {}
    if not isinstance(values, dict):
        errors.append(FieldError("values", "must be an object of field: value pairs"))
    if errors:
        raise refuse("", errors)
    assert isinstance(name, str) and isinstance(call, str) and isinstance(values, dict)
    preset = Preset(
        name=name,
        call=call,
        values=values,
        payload=data.get("payload"),
        profile=profile,
        description=description if isinstance(description, str) else "",
    )
    problems = check_preset(preset)
    if problems:
        raise refuse("", problems)
    return preset
