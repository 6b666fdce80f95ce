"""`trigger-desk profiles add|list|show|remove`: settings in a file, secrets in the keyring."""

from __future__ import annotations

import argparse
import getpass
import sys

from trigger_desk.cli._common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    PROG,
    CliError,
    Context,
    err,
    out,
)
from trigger_desk.cli._output import table
from trigger_desk.core.model import AUTH_SCHEMES, AuthKind, Platform, Profile, auth_scheme
from trigger_desk.core.setting_secrets import settings_with_secrets
from trigger_desk.core.validation import FieldError, InvalidInput, parse_assignments
from trigger_desk.store.profiles import ProfileError, ProfileStore, masked_secrets
from trigger_desk.store.secrets import KeyringUnavailable

# Every key that is a secret for some auth kind: none of them may travel in argv.
SECRET_KEYS = frozenset(key for scheme in AUTH_SCHEMES.values() for key in scheme.secrets)


def main_address(profile: Profile) -> str:
    """The address a profile talks to, for tables: the portal, or the Wix API base."""
    if profile.platform is Platform.BITRIX24:
        return profile.setting("portal") or "(from the webhook URL)"
    return profile.setting("api_base")


def read_secrets_from_stdin(keys: tuple[str, ...], required: tuple[str, ...]) -> dict[str, str]:
    """Secrets as KEY=VALUE lines from a pipe, or asked for with hidden input on a terminal.

    Error messages name line numbers and keys, never a line's content (it holds a secret).
    """
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        secrets: dict[str, str] = {}
        err("Secrets are read with hidden input and stored in the OS keyring only.")
        for key in keys:
            mark = "" if key in required else " (optional, Enter to skip)"
            value = getpass.getpass(f"{key}{mark}: ")
            if value.strip():
                secrets[key] = value.strip()
        return secrets
    text = stdin.read() if stdin is not None else ""
    secrets = {}
    errors: list[FieldError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition("=")
        key = key.strip()
        if not sep or not key or key not in keys:
            # Never repeat the line: a secret pasted without its KEY= may contain "=".
            errors.append(
                FieldError(
                    f"standard input line {number}",
                    "expected KEY=VALUE with one of the keys "
                    f"{', '.join(keys) or 'none'} (the line is not repeated: it may hold a "
                    f"secret), e.g. {keys[0] if keys else 'api_key'}=...",
                )
            )
            continue
        secrets[key] = value.strip()
    if errors:
        raise InvalidInput(errors)
    return secrets


def run_profiles(args: argparse.Namespace, ctx: Context) -> int:
    store = ProfileStore()
    action = args.action
    try:
        if action == "add":
            return _add(args, ctx, store)
        if action == "list":
            return _list(store)
        if action == "show":
            return _show(args, ctx, store)
        if action == "remove":
            return _remove(args, ctx, store)
    except ProfileError as error:
        raise CliError(
            str(error), EXIT_BAD_INPUT, errors=[FieldError(error.field, str(error))]
        ) from None
    except KeyringUnavailable as error:
        raise CliError(str(error), EXIT_BAD_INPUT) from None
    raise CliError(f"unknown profiles action {action!r}")


def _add(args: argparse.Namespace, ctx: Context, store: ProfileStore) -> int:
    settings = parse_assignments(args.set_values)
    platform, kind = Platform(args.platform), AuthKind(args.auth)
    scheme = auth_scheme(platform, kind)
    if scheme is None:
        kinds = " or ".join(k.value for k in AuthKind if auth_scheme(platform, k))
        raise InvalidInput(
            [
                FieldError(
                    "--auth",
                    f"{platform.value} profiles use {kinds}, e.g. --auth {kinds.split()[0]}",
                )
            ]
        )
    given_secrets = [key for key in settings if key in SECRET_KEYS]
    if given_secrets:
        raise InvalidInput(
            [
                FieldError(
                    key,
                    "is a secret and may not be given with --set (argv shows in the process "
                    f"list and shell history). Pipe it on standard input instead: "
                    f"printf '{key}=...\\n' | {PROG} profiles add {args.name} "
                    f"--platform {platform.value} --auth {kind.value}",
                )
                for key in given_secrets
            ]
        )
    if not args.replace and store.get(args.name) is not None:
        # Before any secret is read: nothing typed in vain.
        raise InvalidInput(
            [
                FieldError(
                    "NAME",
                    f"a profile named {args.name!r} already exists; pick another name, or add "
                    "--replace to replace it (settings and keyring items)",
                )
            ]
        )
    secrets = read_secrets_from_stdin(scheme.secrets, scheme.required_secrets)
    ctx.learn(secrets)
    profile = Profile(args.name, platform, kind, settings)
    saved = store.add(profile, secrets, ctx.secret_store, replace=args.replace)
    stored = ", ".join(key for key in scheme.secrets if key in secrets) or "none"
    out(
        f"Saved profile {saved.name!r} ({saved.platform.value}, {saved.auth.value}) for "
        f"{main_address(saved)}. Secrets in the OS keyring: {stored}."
    )
    return EXIT_OK


def _list(store: ProfileStore) -> int:
    profiles = store.list()
    problems = store.problems()
    for problem in problems:  # hand-edited entries; the others still work
        err(f"Warning: {problem.message}")
    if not profiles and problems:
        out("No usable profiles (see the warnings above).")
        return EXIT_OK
    if not profiles:
        out(f"No profiles yet. Add one with `{PROG} profiles add NAME --platform ... --auth ...`.")
        return EXIT_OK
    rows = [(p.name, p.platform.value, p.auth.value, main_address(p)) for p in profiles]
    for line in table(("NAME", "PLATFORM", "AUTH", "ADDRESS"), rows):
        out(line)
    for profile in profiles:
        _warn_secret_settings(profile, store)
    return EXIT_OK


def _warn_secret_settings(profile: Profile, store: ProfileStore) -> None:
    """Say which hand-edited settings carry a secret (they are shown masked)."""
    for key, reason in settings_with_secrets(profile.settings):
        err(
            f"Warning: profile {profile.name!r}: {key} in {store.path} {reason}. It is shown "
            "masked and calls with this profile are refused until it is fixed (`"
            f"{PROG} profiles add {profile.name} ... --replace`); the next change to any "
            "profile rewrites the file with it masked."
        )


def _show(args: argparse.Namespace, ctx: Context, store: ProfileStore) -> int:
    profile = store.get(args.name)
    if profile is None:
        known = ", ".join(repr(p.name) for p in store.list()) or "none yet"
        raise InvalidInput([FieldError(args.name, f"unknown profile. Known profiles: {known}.")])
    scheme = auth_scheme(profile.platform, profile.auth)
    out(f"Profile: {profile.name}")
    out(f"Platform: {profile.platform.value}")
    out(f"Auth: {profile.auth.value}")
    out("Settings:")
    for key in scheme.settings if scheme else tuple(profile.settings):
        value = profile.settings.get(key)
        if value:
            out(f"  {key}: {value}")
        elif profile.setting(key):
            out(f"  {key}: {profile.setting(key)} (default)")
        else:
            out(f"  {key}: (not set)")
    _warn_secret_settings(profile, store)
    masked = masked_secrets(ctx.secret_store, profile)  # KeyringUnavailable: reported by caller
    out("Secrets (OS keyring):")
    for key, tail in masked.items():
        if tail is None:
            out(f"  {key}: not set")
        elif key == "webhook_url":
            out(f"  {key}: set ({tail})")  # the URL's shape; its tail is the secret itself
        else:
            out(f"  {key}: set, ends {tail}")
    return EXIT_OK


def _remove(args: argparse.Namespace, ctx: Context, store: ProfileStore) -> int:
    store.remove(args.name, ctx.secret_store)
    out(f"Removed profile {args.name!r} and its secrets from the keyring.")
    return EXIT_OK
