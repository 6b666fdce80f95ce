"""`trigger-desk presets save|list|show|remove|export|import`."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Any

from trigger_desk.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    PROG,
    CliError,
    Context,
    err,
    out,
    write_output,
)
from trigger_desk.cli._output import table
from trigger_desk.core.validation import (
    FieldError,
    InvalidInput,
    check_auth,
    parse_assignments,
    parse_payload,
    require_call,
)
from trigger_desk.store.paths import presets_dir
from trigger_desk.store.presets import Preset, PresetError, PresetStore
from trigger_desk.store.profiles import ProfileError, ProfileStore


def warn_skipped(store: PresetStore) -> None:
    """One warning per preset file that could not be read (the others still work)."""
    for bad in store.skipped.values():
        err(f"Warning: skipped {bad.path.name}: {bad.error}")
    store.skipped.clear()


def run_presets(args: argparse.Namespace, ctx: Context) -> int:
    store = PresetStore(presets_dir())
    try:
        return _run(args, store)
    finally:
        warn_skipped(store)


def _run(args: argparse.Namespace, store: PresetStore) -> int:
    try:
        if args.action == "save":
            return _save(args, store)
        if args.action == "list":
            return _list(store)
        if args.action == "show":
            return _show(args, store)
        if args.action == "remove":
            store.remove(args.name)
            out(f"Removed preset {args.name!r}.")
            return EXIT_OK
        if args.action == "export":
            write_output(store.export(args.name), args.output)
            return EXIT_OK
        if args.action == "import":
            return _import(args, store)
    except PresetError as error:
        raise CliError(str(error), EXIT_BAD_INPUT, errors=error.errors) from None
    raise CliError(f"unknown presets action {args.action!r}")


def fire_command(preset: Preset, variables: list[str]) -> str:
    """The command line that fires a preset, for people to copy."""
    parts = [PROG, "fire", "--preset", preset.name]
    if preset.profile is None:
        parts += ["--profile", "NAME"]
    for name in variables:
        parts += ["--var", f"{name}=VALUE"]
    return " ".join(shlex.quote(part) for part in parts)


def _save(args: argparse.Namespace, store: PresetStore) -> int:
    errors: list[FieldError] = []
    call = None
    values: dict[str, str] = {}
    payload: Any = None
    for step in ("call", "values", "payload"):
        try:
            if step == "call":
                call = require_call(args.call_id)
            elif step == "values":
                values = parse_assignments(args.set_values)
            elif args.payload is not None:
                payload = parse_payload(args.payload)
        except InvalidInput as invalid:
            errors.extend(invalid.errors)
    if args.profile is not None:
        profiles = ProfileStore()
        try:
            profile = profiles.get(args.profile)
        except ProfileError as error:
            raise CliError(f"cannot read the profiles: {error}") from None
        if profile is None:
            known = ", ".join(repr(p.name) for p in profiles.list()) or "none yet"
            errors.append(FieldError(args.profile, f"unknown profile. Known profiles: {known}."))
        elif call is not None:
            problem = check_auth(call, profile)
            if problem:
                errors.append(problem)
    if errors or call is None:
        raise InvalidInput(errors)
    preset = Preset(
        name=args.name,
        call=call.id,
        values=values,
        payload=payload,
        profile=args.profile,
        description=args.description,
    )
    holder = store.same_file(preset.name) if args.force else None
    if holder is not None:  # e.g. "won deal" over "Won deal": same file, so an update
        store.update(holder.name, preset, replace=True)
        path = store.path_for(preset.name)
    else:
        path = store.save(preset, replace=args.force)
    variables = store.variables(preset)
    out(f"Saved preset {preset.name!r} ({call.id}) to {path}")
    if variables:
        out(f"Variables: {', '.join(variables)}")
    out(f"Fire it with: {fire_command(preset, variables)}")
    return EXIT_OK


def _list(store: PresetStore) -> int:
    presets, _ = store.scan()  # unreadable files: warned about by run_presets
    if not presets:
        out(f"No presets yet. Save one with `{PROG} presets save NAME CALL_ID --set FIELD=VALUE`.")
        return EXIT_OK
    rows = [
        (
            preset.name,
            preset.call,
            preset.profile or "-",
            ", ".join(store.variables(preset)) or "-",
            preset.description,
        )
        for preset in presets
    ]
    for line in table(("NAME", "CALL", "PROFILE", "VARIABLES", "DESCRIPTION"), rows):
        out(line)
    return EXIT_OK


def _show(args: argparse.Namespace, store: PresetStore) -> int:
    preset = store.get(args.name)
    variables = store.variables(preset)
    out(preset.to_text().rstrip("\n"))
    out(f"File: {store.path_for(preset.name)}")
    out(f"Variables: {', '.join(variables) if variables else 'none'}")
    out(f"Fire it with: {fire_command(preset, variables)}")
    return EXIT_OK


def _import(args: argparse.Namespace, store: PresetStore) -> int:
    preset = store.import_file(Path(args.file).expanduser(), force=args.force, source=args.file)
    out(f"Imported preset {preset.name!r} ({preset.call}) to {store.path_for(preset.name)}")
    return EXIT_OK
