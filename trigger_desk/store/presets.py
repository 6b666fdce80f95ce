"""Presets: named, reusable calls kept as one git-friendly JSON file each.

A preset is a call id, field values, an optional payload, an optional profile name and a
description. Any string value (fields and payload, nested) may hold `{{variable}}`
placeholders that are filled when the preset is fired. The file format is in
`preset_file`, names and file names in `preset_names`, variables in `preset_variables`;
this module is the folder of files (`PresetStore`) and re-exports their public names.

The folder is `store.paths.presets_dir()` by default and may be a shared git checkout:
`PresetStore.fingerprint()` lets a window notice files changed on disk. A file that
cannot be read (not UTF-8, too big, too deep, a FIFO, a symlink loop, unreadable) never
stops the others: it is skipped and listed in `PresetStore.skipped`.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from trigger_desk.core.calls import find_call
from trigger_desk.core.input_files import MAX_PRESET_FILE_BYTES, InputFileRefused, read_text_file
from trigger_desk.store.preset_file import (
    PRESET_SUFFIX,
    PRESET_VERSION,
    Preset,
    PresetError,
    PresetExists,
    PresetNotFound,
    call_of,
    check_preset,
    normalise_values,
    parse_preset,
)
from trigger_desk.store.preset_names import MAX_NAME_LENGTH, check_name, file_stem
from trigger_desk.store.preset_variables import (
    VARIABLE,
    VARIABLE_NAME,
    fill,
    has_variables,
    variable_uses,
    variables_in,
)

__all__ = [
    "MAX_NAME_LENGTH",
    "PRESET_SUFFIX",
    "PRESET_VERSION",
    "VARIABLE",
    "VARIABLE_NAME",
    "BrokenPreset",
    "Preset",
    "PresetError",
    "PresetExists",
    "PresetNotFound",
    "PresetStore",
    "check_name",
    "check_preset",
    "file_stem",
    "fill",
    "has_variables",
    "parse_preset",
    "variables_in",
]


@dataclass(frozen=True)
class BrokenPreset:
    """A file in the presets folder that could not be read as a preset.

    `call` is the call id it names when that much could be read (None otherwise).
    """

    path: Path
    error: PresetError
    call: str | None = None


class PresetStore:
    """The presets folder: one `<stem>.json` per preset.

    Blocking disk access: a window should call it off the event loop. Files met on the
    way that cannot be read are skipped and collected in `skipped` (path -> BrokenPreset)
    so a front end can warn about each once.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.skipped: dict[Path, BrokenPreset] = {}

    # -- reading

    def _files(self) -> list[Path]:
        # Every *.json entry, whatever its kind: one that is not a regular file (a FIFO,
        # a dangling or looping link) is reported by `_read`, not silently left out.
        try:
            return sorted(
                entry
                for entry in self.directory.iterdir()
                if entry.suffix == PRESET_SUFFIX and not entry.name.startswith(".")
            )
        except (FileNotFoundError, NotADirectoryError):
            return []

    def _read(self, path: Path) -> Preset | None:
        """The preset in one file, or None (recorded in `skipped`) when it is not one."""
        text: str | None = None
        try:
            text = read_text_file(path, MAX_PRESET_FILE_BYTES)
            preset = parse_preset(text, path.name)
        except InputFileRefused as refused:
            error = PresetError(f"{path.name}: {refused.reason}", source=path.name)
        except PresetError as refused_preset:
            error = refused_preset
        else:
            self.skipped.pop(path, None)
            return preset
        self.skipped[path] = BrokenPreset(path, error, call_of(text) if text else None)
        return None

    def scan(self) -> tuple[list[Preset], list[BrokenPreset]]:
        """Every readable preset (sorted by name) and every file that is not one."""
        presets: list[Preset] = []
        broken: list[BrokenPreset] = []
        for path in self._files():
            preset = self._read(path)
            if preset is not None:
                presets.append(preset)
            else:
                broken.append(self.skipped[path])
        presets.sort(key=lambda preset: preset.name.casefold())
        return presets, broken

    def list(self) -> list[Preset]:
        """Every readable preset, sorted by name (broken files are left out; see `scan`)."""
        return self.scan()[0]

    def _find(self, name: str) -> tuple[Path, Preset] | None:
        # The usual case: the file is named after the preset.
        path = self.path_for(name)
        if path.exists() or path.is_symlink():
            preset = self._read(path)
            if preset is not None and preset.name == name:
                return path, preset
        # Files renamed by hand (or by git) are still found by the name inside them.
        for other in self._files():
            if other == path:
                continue
            preset = self._read(other)
            if preset is not None and preset.name == name:
                return other, preset
        return None

    def _holder(self, path: Path) -> str:
        """What occupies `path`, for messages: a preset's name or 'a file that is not...'."""
        preset = self._read(path)
        return f"preset {preset.name!r}" if preset else "a file that is not a valid preset"

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

    def same_file(self, name: str) -> Preset | None:
        """The preset whose file a preset called `name` would use ("Won deal" for
        "won deal"), when that file holds one."""
        path = self.path_for(name)
        return self._read(path) if path.exists() else None

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """A cheap summary of the folder (file names, mtimes, sizes): compare to notice changes."""
        result: list[tuple[str, int, int]] = []
        try:
            with os.scandir(self.directory) as entries:
                for entry in entries:
                    if entry.name.endswith(PRESET_SUFFIX) and entry.is_file():
                        stat = entry.stat()
                        result.append((entry.name, stat.st_mtime_ns, stat.st_size))
        except (FileNotFoundError, NotADirectoryError):
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
        occupied = target.exists() or target.is_symlink()
        if occupied and (existing is None or existing[0] != target):
            # Another preset's name folds to the same file name, or a file that is not
            # a preset sits there: never overwritten.
            raise PresetExists(
                f"the file {target.name} for preset {preset.name!r} already holds "
                f"{self._holder(target)}; choose another name."
            )
        if existing is not None and existing[0] != target:
            existing[0].unlink(missing_ok=True)
        _write_atomic(target, preset.to_text())
        return target

    def update(self, old_name: str, preset: Preset, *, replace: bool = False) -> Preset:
        """Replace preset `old_name` with `preset`, which may carry a new name.

        A new name moves the file; a change of case only ("Won deal" -> "won deal") keeps
        it. PresetNotFound when `old_name` is gone; PresetExists when another preset has
        the new name (unless `replace`: then that one is replaced) or its file name is
        held by another file. Returns the preset as stored (values typed).
        """
        found = self._find(old_name)
        if found is None:
            raise PresetNotFound(f"no preset named {old_name!r}.")
        old_path = found[0]
        checked = self._checked(preset)
        target = self.path_for(checked.name)
        other = self._find(checked.name) if checked.name != old_name else None
        if other is not None and other[0] != old_path and not replace:
            raise PresetExists(
                f"a preset named {checked.name!r} exists ({other[0].name}); "
                "replace it explicitly or choose another name."
            )
        held_by = {old_path, other[0]} if other is not None else {old_path}
        if target not in held_by and (target.exists() or target.is_symlink()):
            raise PresetExists(
                f"the file {target.name} for preset {checked.name!r} already holds "
                f"{self._holder(target)}; choose another name."
            )
        _write_atomic(target, checked.to_text())
        if other is not None and other[0] not in (old_path, target):
            other[0].unlink(missing_ok=True)
        if old_path != target:
            old_path.unlink(missing_ok=True)
        return checked

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
        if old == new:
            return found[1]
        return self.update(old, replace(found[1], name=new))

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

    def import_file(self, path: Path, *, force: bool = False, source: str | None = None) -> Preset:
        """`import_text` of a shared file, read with the preset limits (a regular UTF-8
        file of at most 1 MB); PresetError naming the file (as `source`, default its
        name) otherwise."""
        source = source or path.name
        try:
            text = read_text_file(path, MAX_PRESET_FILE_BYTES)
        except InputFileRefused as refused:
            raise PresetError(f"{source}: refused: {refused.reason}", source=source) from None
        return self.import_text(text, source, force=force)

    @staticmethod
    def variables(preset: Preset) -> builtins.list[str]:
        """The `{{variable}}` names a preset needs, in order of first use."""
        return list(variable_uses(preset))

    @staticmethod
    def fill(preset: Preset, variables: Mapping[str, str]) -> tuple[dict[str, Any], Any]:
        """See `preset_variables.fill`."""
        return fill(preset, variables)


def _write_atomic(path: Path, text: str) -> None:
    """A reader never sees half a preset: the store's one atomic write."""
    from trigger_desk.store.files import write_atomic

    write_atomic(path, text)
