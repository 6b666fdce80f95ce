"""`trigger-desk fire`: one call (or a preset), with --json, --dry-run and exit codes 0-3."""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import dataclass
from typing import Any

import httpx

from trigger_desk.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    PROG,
    CliError,
    Context,
    err,
    invalid_input_lines,
    out,
)
from trigger_desk.cli._numbers import timeout_seconds
from trigger_desk.cli._presets import warn_skipped
from trigger_desk.core.calls import CALLS, CallSpec
from trigger_desk.core.engine import CallRequest, Engine, EngineSettings
from trigger_desk.core.model import Profile, auth_scheme
from trigger_desk.core.record import TIMING_PHASES, CallRecord
from trigger_desk.core.record_text import describe_call, request_lines
from trigger_desk.core.validation import (
    FieldError,
    InvalidInput,
    parse_assignments,
    parse_payload,
    require_call,
    require_secrets,
    validate_call,
)
from trigger_desk.store.paths import history_db_path, presets_dir
from trigger_desk.store.presets import PresetError, PresetStore
from trigger_desk.store.profiles import ProfileError, ProfileStore
from trigger_desk.store.secret_sink import KeyringTokenSink
from trigger_desk.store.secrets import KeyringUnavailable, load_secrets


@dataclass
class FirePlan:
    """Everything checked and loaded; the only step left is sending."""

    call: CallSpec
    profile: Profile
    values: dict[str, Any]
    payload: Any
    secrets: dict[str, str]


def make_client() -> httpx.AsyncClient:
    """The HTTP client for one CLI run. TLS verification stays on; redirects are not
    followed (the engine reports a moved portal instead of re-posting silently)."""
    return httpx.AsyncClient(follow_redirects=False)


# --- planning: every check that happens before anything is sent -------------------------


def _known_profiles(store: ProfileStore) -> str:
    try:
        names = [profile.name for profile in store.list()]
    except ProfileError:
        return "(the profiles file cannot be read)"
    return ", ".join(repr(name) for name in names) if names else "none yet"


def _missing_profile(name: str | None, store: ProfileStore, why: str) -> FieldError:
    return FieldError(
        name or "--profile",
        f"{why}. Known profiles: {_known_profiles(store)}. Add one with "
        f"`{PROG} profiles add NAME --platform bitrix24|wix --auth ...`.",
    )


def plan_fire(args: argparse.Namespace, ctx: Context) -> FirePlan:
    """Resolve call, profile, values and payload, check them all, load the secrets.

    Raises InvalidInput with every problem found (nothing is sent), or CliError for a
    keyring or file problem.
    """
    errors: list[FieldError] = []

    def collect(step: Any, *a: Any, **kw: Any) -> Any:
        try:
            return step(*a, **kw)
        except InvalidInput as invalid:
            errors.extend(invalid.errors)
            return None

    if args.preset is not None and args.call_id is not None:
        raise InvalidInput(
            [FieldError(args.call_id, "give either CALL_ID or --preset NAME, not both")]
        )
    if args.preset is None and args.call_id is None:
        raise InvalidInput(
            [
                FieldError(
                    "CALL_ID", f"give a call id or --preset NAME. Known calls: {', '.join(CALLS)}."
                )
            ]
        )
    if isinstance(args.timeout, str):  # read here, so it is listed with the other problems
        try:
            args.timeout = timeout_seconds(args.timeout)
        except argparse.ArgumentTypeError as problem:
            errors.append(FieldError("--timeout", str(problem)))
    if args.variables and args.preset is None:
        errors.append(
            FieldError("--var", "fills a preset's {{variables}}: use it with --preset NAME")
        )
    sets: dict[str, str] = collect(parse_assignments, args.set_values) or {}
    variables: dict[str, str] = collect(parse_assignments, args.variables, option="--var") or {}
    payload_given = args.payload is not None
    payload: Any = collect(parse_payload, args.payload) if payload_given else None

    call: CallSpec | None = None
    values: dict[str, Any] = {}
    filled_ok = True
    profile_name: str | None = args.profile
    if args.preset is not None:
        presets = PresetStore(presets_dir())
        try:
            preset = presets.get(args.preset)
        except PresetError as error:
            raise InvalidInput([FieldError(args.preset, str(error))]) from None
        finally:
            warn_skipped(presets)
        args.call_for_report = preset.call
        call = collect(require_call, preset.call)
        known_vars = presets.variables(preset)
        for name in variables:
            if name not in known_vars:
                listed = ", ".join(known_vars) or "none"
                errors.append(
                    FieldError(
                        name,
                        f"preset {preset.name!r} has no variable {name!r}; its variables: {listed}",
                    )
                )
        filled = collect(presets.fill, preset, variables)
        filled_ok = filled is not None
        if filled is not None:
            values, preset_payload = filled
            if not payload_given:
                payload = preset_payload
        if profile_name is None:
            profile_name = preset.profile
        if profile_name is None:
            errors.append(
                FieldError(
                    "--profile", f"preset {preset.name!r} names no profile: give --profile NAME"
                )
            )
    else:
        call = collect(require_call, args.call_id)
        if profile_name is None:
            profiles_hint = _known_profiles(ProfileStore())
            errors.append(
                FieldError(
                    "--profile",
                    f"is required: which profile to fire with. Known profiles: {profiles_hint}.",
                )
            )
    values.update(sets)  # --set overrides a preset's values

    profile: Profile | None = None
    if profile_name is not None:
        store = ProfileStore()
        try:
            profile = store.get(profile_name)
        except ProfileError as error:
            raise InvalidInput([FieldError(profile_name, str(error))]) from None
        if profile is None:
            errors.append(_missing_profile(profile_name, store, "unknown profile"))
    if call is not None and filled_ok:  # unfilled {{variables}} would only add noise
        collect(validate_call, call, profile, values, payload)
    if errors or call is None or profile is None:
        raise InvalidInput(errors)

    secrets = load_profile_secrets(ctx, profile)
    return FirePlan(call, profile, values, payload, secrets)


def load_profile_secrets(ctx: Context, profile: Profile) -> dict[str, str]:
    """The profile's secrets from the keyring; CliError/InvalidInput when unusable."""
    scheme = auth_scheme(profile.platform, profile.auth)
    keys = scheme.secrets if scheme else ()
    try:
        secrets = load_secrets(ctx.secret_store, profile.name, keys)
    except KeyringUnavailable as error:
        raise CliError(f"{error} Nothing was sent.") from None
    ctx.learn(secrets)
    require_secrets(profile, secrets)  # the rule every front shares (core/validation)
    return secrets


# --- output --------------------------------------------------------------------------------


def invalid_json(
    call_id: str | None, profile: str | None, errors: list[FieldError], message: str
) -> dict[str, Any]:
    """The --json object for bad input: the same keys as a fired call's, with nulls."""
    return {
        "ok": False,
        "call": call_id,
        "status": None,
        "outcome": "invalid_input",
        "error": {"code": None, "message": message},
        "hint": "Nothing was sent. Correct the input named in the message and run the command again.",
        # Nothing was timed, but keep the object's shape for scripts that read it.
        "timings_ms": dict.fromkeys(TIMING_PHASES, 0.0),
        "timings_state": dict.fromkeys(TIMING_PHASES[:-1], "not_reached"),
        "request": None,
        "response": None,
        "history_id": None,
        "profile": profile,
        "request_id": None,
        "platform_request_id": None,
        "attempts": 0,
        "notes": [],
        "errors": [{"field": error.field, "message": error.message} for error in errors],
    }


def _emit_json(ctx: Context, value: Any) -> None:
    # Records are masked by the engine already; masking the text again costs nothing
    # and catches any secret that reached a message some other way.
    out(ctx.mask(json.dumps(value, indent=2, ensure_ascii=False)))


def _fail(args: argparse.Namespace, ctx: Context, errors: list[FieldError], message: str) -> int:
    if args.json:
        call_id = args.call_id or getattr(args, "call_for_report", None)
        _emit_json(ctx, invalid_json(call_id, args.profile, errors, message))
    else:
        err(ctx.mask(f"{PROG}: bad input, nothing was sent:"))
        for line in invalid_input_lines(errors) if errors else [f"  {message}"]:
            err(ctx.mask(line))
    return EXIT_BAD_INPUT


# --- the command ----------------------------------------------------------------------------


def run_fire(args: argparse.Namespace, ctx: Context) -> int:
    try:
        plan = plan_fire(args, ctx)
    except InvalidInput as invalid:
        return _fail(args, ctx, invalid.errors, str(invalid))
    except CliError as error:
        return _fail(args, ctx, error.errors, str(error))

    request = CallRequest(
        call=plan.call,
        profile=plan.profile,
        secrets=plan.secrets,
        values=plan.values,
        payload=plan.payload,
        use_alternate_path=bool(args.sdk_path),
    )
    settings = EngineSettings()
    if args.timeout is not None:
        settings.timeout = args.timeout
        settings.connect_timeout = min(settings.connect_timeout, args.timeout)

    if args.dry_run:
        return _dry_run(args, ctx, request)

    try:
        record = asyncio.run(_send(ctx, request, settings))
    except InvalidInput as invalid:  # e.g. a profile address the engine cannot use
        return _fail(args, ctx, invalid.errors, str(invalid))
    except CliError as error:
        return _fail(args, ctx, error.errors, str(error))
    if args.json:
        _emit_json(ctx, record.to_json_dict())
    else:
        hint = (
            f"see `{PROG} history show {record.history_id}`" if record.history_id else "use --json"
        )
        for line in describe_call(record, body_hint=hint):
            out(ctx.mask(line))
    return record.outcome.exit_code if record.outcome is not None else EXIT_FAILED


def _dry_run(args: argparse.Namespace, ctx: Context, request: CallRequest) -> int:
    async def preview() -> Any:
        async with make_client() as client:
            return Engine(client).preview(request)

    try:
        result = asyncio.run(preview())
    except InvalidInput as invalid:
        return _fail(args, ctx, invalid.errors, str(invalid))
    masked = result.request
    if args.json:
        body: Any = None
        if masked.body:
            try:
                body = json.loads(masked.body)
            except ValueError:
                body = masked.body
        _emit_json(
            ctx,
            {"method": masked.method, "url": masked.url, "headers": masked.headers, "body": body},
        )
    else:
        out(
            f"Dry run: nothing was sent. {request.call.id} with profile {request.profile.name!r} would send:"
        )
        out()
        for line in request_lines(masked, no_body="(no body)"):
            out(ctx.mask(line))
        out()
        out("As cURL (secrets as environment variables):")
        out(ctx.mask(result.curl))
    for warning in result.warnings:
        err(ctx.mask(f"Warning: {warning}"))
    return 0


async def _send(ctx: Context, request: CallRequest, settings: EngineSettings) -> CallRecord:
    from trigger_desk.store.history import HistoryStore, HistoryUnavailable

    try:
        history = await asyncio.to_thread(HistoryStore, history_db_path())
    except HistoryUnavailable as error:
        # Every call must land in history; refusing beats firing untracked.
        raise CliError(f"{error} Nothing was sent.") from None
    try:
        async with make_client() as client:
            engine = Engine(
                client,
                history=history,
                secret_sink=KeyringTokenSink(ctx.secret_store),
                settings=settings,
            )
            try:
                record = await engine.fire(request)
            finally:
                await engine.aclose()  # the history row is complete before we exit
            # e.g. refreshed tokens the keyring would not store, retried at exit
            record.notes.extend(engine.closing_notes)
            return record
    finally:
        await asyncio.to_thread(history.close)


__all__ = ["FirePlan", "invalid_json", "make_client", "plan_fire", "run_fire"]
