"""Reading and writing profiles.json, where one hand-edited mistake spoils one profile.

Each entry is checked on its own: a wrong type, an odd name, a port of 0 or 70000, a
control character or bytes that are not UTF-8 make that profile a `BrokenProfile` (with
a sentence naming the profile and the setting) while the others stay usable. Broken
entries are written back exactly as read, so saving another profile never loses them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trigger_desk.core.control_chars import control_problem
from trigger_desk.core.input_files import MAX_PROFILES_FILE_BYTES, InputFileRefused, read_bytes_file
from trigger_desk.core.model import AuthKind, Platform, Profile, auth_scheme
from trigger_desk.core.setting_secrets import mask_setting, settings_with_secrets
from trigger_desk.core.strict_json import JsonRefused, check_value, keep_refused, loads_strict
from trigger_desk.store.files import write_atomic
from trigger_desk.store.profile_rules import (
    URL_SETTINGS,
    ProfileError,
    check_base_url,
    check_name,
    check_settings_text,
    words,
)

FILE_VERSION = 1


@dataclass(frozen=True)
class BrokenProfile:
    """An entry of profiles.json that cannot be used, and why."""

    index: int
    name: str | None  # None when the entry has no usable name
    field: str  # the setting (or "name", "platform", ...) that is wrong
    message: str  # a sentence naming the file, the profile and the setting
    raw: Any = None  # the entry as read, written back unchanged


@dataclass
class ProfilesFile:
    """What profiles.json holds: usable profiles by name, and the broken entries."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    broken: list[BrokenProfile] = field(default_factory=list)

    def without(self, name: str) -> ProfilesFile:
        """The same, minus the broken entries named `name` (replaced or removed)."""
        return ProfilesFile(self.profiles, [b for b in self.broken if b.name != name])


def _file_error(path: Path, message: str) -> ProfileError:
    return ProfileError("file", f"{path} {message}; fix or remove it")


def read_profiles_file(path: Path) -> ProfilesFile:
    """Parse profiles.json (a missing file holds no profiles). ProfileError("file", ...)
    when the file as a whole cannot be read; broken entries are returned, not raised."""
    try:
        data_bytes = read_bytes_file(path, MAX_PROFILES_FILE_BYTES)
    except InputFileRefused as refused:
        if refused.reason.endswith("no such file"):
            return ProfilesFile()
        raise _file_error(path, refused.reason.removeprefix("cannot read: ")) from None
    # surrogateescape: bytes that are not UTF-8 spoil only the entry holding them (the
    # check below refuses it) and are written back as they were.
    text = data_bytes.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    try:
        data = loads_strict(text, "profiles.json", check=False)
    except JsonRefused as refused:
        line = f" (line {refused.line})" if refused.line else ""
        raise _file_error(path, f"is not valid JSON{line}: {refused.reason}") from None
    if not isinstance(data, dict) or data.get("version") != FILE_VERSION:
        version = data.get("version") if isinstance(data, dict) else None
        shown = version if isinstance(version, int | str | None) else "?"
        raise ProfileError(
            "file",
            f"{path} has version {shown!r}; this Trigger Desk reads version {FILE_VERSION}",
        )
    entries = data.get("profiles", [])
    if not isinstance(entries, list):
        raise _file_error(path, ": 'profiles' must be a list")
    found = ProfilesFile()
    for index, entry in enumerate(entries):
        try:
            profile = _profile_from_entry(entry, index, path)
        except _Broken as broken:
            found.broken.append(broken.entry)
            continue
        if profile.name in found.profiles:
            found.broken.append(
                BrokenProfile(
                    index,
                    None,  # the first one of that name stays usable
                    "name",
                    f"{path}: profile #{index + 1} repeats the name {profile.name!r}; "
                    "remove one of them",
                    entry,
                )
            )
            continue
        found.profiles[profile.name] = profile
    return found


class _Broken(Exception):
    def __init__(self, entry: BrokenProfile) -> None:
        self.entry = entry


def _profile_from_entry(entry: Any, index: int, path: Path) -> Profile:
    def broken(field_name: str, reason: str, name: str | None = None) -> _Broken:
        who = f"profile {name!r}" if name else f"profile #{index + 1}"
        return _Broken(
            BrokenProfile(
                index,
                name,
                field_name,
                f"{path}: {who} cannot be used: {field_name}: {reason}; fix or remove it",
                entry,
            )
        )

    if not isinstance(entry, dict):
        raise broken("file", "is not an object")
    raw_name = entry.get("name")
    name = raw_name if isinstance(raw_name, str) and raw_name else None
    try:
        check_value(entry, "profile")
    except JsonRefused as refused:
        shown = name if name and control_problem(name) is None else None
        raise broken(
            refused.where.removeprefix("profile.").removeprefix("settings."), refused.reason, shown
        ) from None
    if name is None:
        raise broken("name", "has no name")
    try:
        check_name(name)
    except ProfileError as error:
        raise broken("name", str(error).removeprefix("name: ")) from None
    settings = entry.get("settings", {})
    if not isinstance(settings, dict):
        raise broken("settings", "must be an object of setting: text pairs", name)
    for key, value in settings.items():
        if not isinstance(value, str):
            raise broken(key, f"must be text, not {type(value).__name__}", name)
    masked = {key for key, _ in settings_with_secrets(settings)}
    if masked:
        # A hand-edited setting that carries a secret is masked at once, in the entry too,
        # so it is never shown nor written back; validation refuses the profile for calls.
        settings = {
            key: mask_setting(value) if settings_with_secrets({key: value}) else value
            for key, value in settings.items()
        }
        entry["settings"] = settings
    try:
        platform = Platform(str(entry.get("platform")))
    except ValueError:
        raise broken(
            "platform", f"unknown platform; use {words([p.value for p in Platform])}", name
        ) from None
    try:
        kind = AuthKind(str(entry.get("auth")))
    except ValueError:
        kind = None
    scheme = auth_scheme(platform, kind) if kind else None
    if kind is None or scheme is None:
        kinds = [k.value for k in AuthKind if auth_scheme(platform, k)]
        raise broken("auth", f"unknown auth kind; {platform.value} uses {words(kinds)}", name)
    unknown = sorted(set(settings) - set(scheme.accepted_settings))
    if unknown:
        raise broken(unknown[0], f"not a setting of {platform.value}/{kind.value}", name)
    try:
        check_settings_text(settings)
        for key in URL_SETTINGS:
            # A masked one is refused for calls by validation, which says why.
            if settings.get(key) and key not in masked:
                check_base_url(key, settings[key])
    except ProfileError as error:
        raise broken(error.field, str(error).removeprefix(f"{error.field}: "), name) from None
    return Profile(name, platform, kind, settings)


def write_profiles_file(
    path: Path, profiles: Mapping[str, Profile], broken: list[BrokenProfile]
) -> None:
    """Rewrite the file whole (temporary file, fsync, rename): usable profiles by name,
    then the broken entries exactly as they were read."""
    entries: list[Any] = [
        {
            "name": p.name,
            "platform": p.platform.value,
            "auth": p.auth.value,
            "settings": dict(p.settings),
        }
        for p in sorted(profiles.values(), key=lambda p: p.name.lower())
    ]
    entries += [b.raw for b in broken]
    try:
        text = json.dumps(
            {"version": FILE_VERSION, "profiles": entries},
            indent=2,
            ensure_ascii=False,
            default=keep_refused,
        )
    except (RecursionError, TypeError, ValueError):
        raise _file_error(
            path, "holds a profile that cannot be written back as it was; remove it first"
        ) from None
    write_atomic(path, text + "\n", errors="surrogateescape")
