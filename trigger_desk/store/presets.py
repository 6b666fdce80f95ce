"""Presets: named, reusable calls kept as one git-friendly JSON file each.

A preset is a call id, field values, an optional payload, an optional profile name and a
description. Any string value (fields and payload, nested) may hold `{{variable}}`
placeholders that are filled when the preset is fired.

File format (version 1), pretty-printed with a fixed key order so files diff cleanly::

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
path. The folder is `store.paths.presets_dir()` by default and may be a shared git
checkout: `PresetStore.fingerprint()` lets a window notice files changed on disk.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from trigger_desk.core.calls import CALLS, CallSpec, find_call
from trigger_desk.core.redact import Redactor
from trigger_desk.core.validation import (
    FieldError,
    InvalidInput,
    check_field,
    check_payload,
    typed_value,
)

PRESET_VERSION = 1
PRESET_SUFFIX = ".json"
MAX_NAME_LENGTH = 100

# {{name}}: letters, digits, '_', '-', '.'; spaces inside the braces are tolerated.
VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*\}\}")
_TOP_KEYS = ("version", "name", "description", "call", "profile", "values", "payload")
# Names Windows refuses as file names, whatever the extension.
_RESERVED_STEMS = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


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


# --- variables --------------------------------------------------------------------------


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


def _variable_uses(preset: Preset) -> dict[str, list[str]]:
    """variable -> where it is used ("target", "payload.name"), for messages."""
    uses: dict[str, list[str]] = {}
    for field_name, value in preset.values.items():
        for name in variables_in(value):
            uses.setdefault(name, []).append(field_name)
    if preset.payload is not None:
        for name in variables_in(preset.payload):
            uses.setdefault(name, []).append("payload")
    return uses


def fill(preset: Preset, variables: Mapping[str, str]) -> tuple[dict[str, Any], Any]:
    """The preset's (values, payload) with every `{{variable}}` filled in.

    Raises InvalidInput naming each variable left unfilled (nothing is sent then).
    Filled values are text; the call's rules check and type them afterwards.
    """
    missing = [
        FieldError(
            name,
            f"variable is not filled (used in {', '.join(dict.fromkeys(where))}). "
            f"Give it with --var {name}=VALUE",
        )
        for name, where in _variable_uses(preset).items()
        if name not in variables
    ]
    if missing:
        raise InvalidInput(missing)
    values = {name: _substitute(value, variables) for name, value in preset.values.items()}
    payload = _substitute(preset.payload, variables) if preset.payload is not None else None
    return values, payload


# --- checks -------------------------------------------------------------------------------


def check_name(name: str) -> str | None:
    """Why `name` cannot name a preset (None when it can)."""
    if not name.strip():
        return "a preset name must not be empty"
    if name != name.strip():
        return "a preset name may not start or end with spaces"
    if len(name) > MAX_NAME_LENGTH:
        return f"a preset name may be at most {MAX_NAME_LENGTH} characters"
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return "a preset name may not hold control characters"
    if not file_stem(name).strip("-"):
        return "a preset name needs at least one letter or digit"
    return None


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
    call = find_call(preset.call)
    if call is None:
        errors.append(
            FieldError("call", f"unknown call id {preset.call!r}. Known calls: {', '.join(CALLS)}.")
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
            continue  # checked after --var fills it
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


def parse_preset(text: str, source: str) -> Preset:
    """A preset from a file's text, or PresetError naming `source` and each bad field."""

    def refuse(message: str, errors: Iterable[FieldError] = ()) -> PresetError:
        return PresetError(f"{source}: refused: {message}", errors=errors, source=source)

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise refuse(
            f"not JSON ({error.msg} at line {error.lineno}, column {error.colno})."
        ) from None
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


# --- file names --------------------------------------------------------------------------


def file_stem(name: str) -> str:
    """A safe, case-folded file name stem for a preset name ("Move deal → Won" -> "move-deal-won").

    Letters (any script) and digits are kept, everything else becomes '-'; case-folded so
    names that differ only in case cannot collide on macOS or Windows file systems.
    """
    folded = unicodedata.normalize("NFC", name).casefold()
    stem = re.sub(r"[^\w]+|_", "-", folded).strip("-")
    stem = re.sub(r"-{2,}", "-", stem)[:80].strip("-")
    if stem in _RESERVED_STEMS:
        stem += "-preset"
    return stem


# --- the store ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrokenPreset:
    """A file in the presets folder that could not be read as a preset."""

    path: Path
    error: PresetError


class PresetStore:
    """The presets folder: one `<stem>.json` per preset.

    Blocking disk access: a window should call it off the event loop.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    # -- reading

    def _files(self) -> list[Path]:
        try:
            return sorted(
                entry
                for entry in self.directory.iterdir()
                if entry.suffix == PRESET_SUFFIX
                and entry.is_file()
                and not entry.name.startswith(".")
            )
        except FileNotFoundError:
            return []

    def scan(self) -> tuple[list[Preset], list[BrokenPreset]]:
        """Every readable preset (sorted by name) and every file that is not one."""
        presets: list[Preset] = []
        broken: list[BrokenPreset] = []
        for path in self._files():
            try:
                presets.append(parse_preset(path.read_text(encoding="utf-8"), path.name))
            except PresetError as error:
                broken.append(BrokenPreset(path, error))
            except (OSError, UnicodeDecodeError) as error:
                broken.append(
                    BrokenPreset(
                        path, PresetError(f"{path.name}: cannot read: {error}", source=path.name)
                    )
                )
        presets.sort(key=lambda preset: preset.name.casefold())
        return presets, broken

    def list(self) -> list[Preset]:
        """Every readable preset, sorted by name (broken files are left out; see `scan`)."""
        return self.scan()[0]

    def _find(self, name: str) -> tuple[Path, Preset] | None:
        # The usual case: the file is named after the preset.
        path = self.path_for(name)
        if path.is_file():
            try:
                preset = parse_preset(path.read_text(encoding="utf-8"), path.name)
            except (PresetError, OSError, UnicodeDecodeError):
                preset = None
            if preset is not None and preset.name == name:
                return path, preset
        # Files renamed by hand (or by git) are still found by the name inside them.
        for other in self._files():
            if other == path:
                continue
            try:
                preset = parse_preset(other.read_text(encoding="utf-8"), other.name)
            except (PresetError, OSError, UnicodeDecodeError):
                continue
            if preset.name == name:
                return other, preset
        return None

    def get(self, name: str) -> Preset:
        """The preset called `name`; PresetNotFound (listing the known names) otherwise."""
        found = self._find(name)
        if found is None:
            known = ", ".join(repr(p.name) for p in self.list()) or "none yet"
            raise PresetNotFound(f"no preset named {name!r}. Known presets: {known}.")
        return found[1]

    def exists(self, name: str) -> bool:
        return self._find(name) is not None

    def path_for(self, name: str) -> Path:
        """Where a preset of this name is (or would be) saved."""
        return self.directory / f"{file_stem(name)}{PRESET_SUFFIX}"

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """A cheap summary of the folder (file names, mtimes, sizes): compare to notice changes."""
        result: list[tuple[str, int, int]] = []
        try:
            with os.scandir(self.directory) as entries:
                for entry in entries:
                    if entry.name.endswith(PRESET_SUFFIX) and entry.is_file():
                        stat = entry.stat()
                        result.append((entry.name, stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            return ()
        return tuple(sorted(result))

    # -- writing

    def save(self, preset: Preset, *, replace: bool = False) -> Path:
        """Check and write the preset; PresetExists unless `replace` when the name is taken.

        Raises PresetError (with field errors) when the preset breaks a rule.
        """
        preset = self._checked(preset)
        existing = self._find(preset.name)
        target = self.path_for(preset.name)
        if existing is not None and not replace:
            raise PresetExists(
                f"a preset named {preset.name!r} exists ({existing[0].name}); "
                "replace it explicitly (--force) or choose another name."
            )
        if existing is None and target.exists():
            # Another preset's name folds to the same file name.
            try:
                other = parse_preset(target.read_text(encoding="utf-8"), target.name).name
                holder = f"preset {other!r}"
            except (PresetError, OSError, UnicodeDecodeError):
                holder = "a file that is not a valid preset"
            raise PresetExists(
                f"the file {target.name} for preset {preset.name!r} already holds {holder}; "
                "choose another name."
            )
        if existing is not None and existing[0] != target:
            existing[0].unlink(missing_ok=True)
        _write_atomic(target, preset.to_text())
        return target

    @staticmethod
    def _checked(preset: Preset) -> Preset:
        """The preset with values typed for storage; PresetError when it breaks a rule."""
        problems = check_preset(preset)
        if problems:
            raise PresetError(f"preset {preset.name!r} cannot be saved:", errors=problems)
        call = find_call(preset.call)
        assert call is not None  # check_preset refused unknown calls
        return replace(preset, values=normalise_values(call, preset.values))

    def remove(self, name: str) -> None:
        """Delete the preset's file; PresetNotFound when there is none."""
        found = self._find(name)
        if found is None:
            raise PresetNotFound(f"no preset named {name!r}.")
        found[0].unlink()

    def rename(self, old: str, new: str) -> Preset:
        """Give a preset a new name (and file); refuses a name already taken."""
        found = self._find(old)
        if found is None:
            raise PresetNotFound(f"no preset named {old!r}.")
        path, preset = found
        if old == new:
            return preset
        if self._find(new) is not None:
            raise PresetExists(f"a preset named {new!r} exists; choose another name.")
        renamed = self._checked(replace(preset, name=new))
        target = self.path_for(new)
        if target.exists() and target != path:
            raise PresetExists(
                f"the file {target.name} is taken by another preset; choose another name."
            )
        _write_atomic(target, renamed.to_text())
        if target != path:
            path.unlink(missing_ok=True)
        return renamed

    def duplicate(self, name: str, new: str) -> Preset:
        """A copy of preset `name` saved as `new`."""
        copy = replace(self.get(name), name=new)
        self.save(copy)
        return copy

    def export(self, name: str) -> str:
        """The preset's file text, ready to share."""
        return self.get(name).to_text()

    def import_text(self, text: str, source_name: str, *, force: bool = False) -> Preset:
        """Check and save a preset from a shared file's text.

        Refuses (PresetError naming `source_name` and the field) text that is not JSON,
        has an unknown version, names an unknown call or field or breaks a field rule;
        an existing preset of that name is replaced only with `force`.
        """
        preset = parse_preset(text, source_name)
        try:
            self.save(preset, replace=force)
        except PresetExists as error:
            raise PresetExists(f"{source_name}: refused: {error}", source=source_name) from None
        return preset

    @staticmethod
    def variables(preset: Preset) -> builtins.list[str]:
        """The `{{variable}}` names a preset needs, in order of first use."""
        return list(_variable_uses(preset))

    @staticmethod
    def fill(preset: Preset, variables: Mapping[str, str]) -> tuple[dict[str, Any], Any]:
        """See the module-level `fill`."""
        return fill(preset, variables)


def _write_atomic(path: Path, text: str) -> None:
    """A reader never sees half a preset: the store's one atomic write."""
    from trigger_desk.store.files import write_atomic

    write_atomic(path, text)
