"""Connection profiles: one readable JSON file of settings, secrets in the keyring.

The file (`paths.profiles_path()`, e.g. `~/.config/trigger-desk/profiles.json`)::

    {
      "version": 1,
      "profiles": [
        {"name": "prod", "platform": "wix", "auth": "api-key",
         "settings": {"site_id": "0b2c..."}}
      ]
    }

It never holds a secret: those go to a `SecretStore` (the OS keyring), and they go there
first, so a keyring that refuses leaves the file untouched. The file is rewritten whole
through a temporary file and `os.replace`, so a crash leaves the old or the new version,
never half of one. Every method blocks (disk, keyring): the window calls them off the
event loop.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from trigger_desk.core.model import (
    DEFAULT_BITRIX_OAUTH_SERVER,
    DEFAULT_WIX_API_BASE,
    AuthKind,
    AuthScheme,
    Platform,
    Profile,
    auth_scheme,
)
from trigger_desk.core.webhook_url import EXAMPLE_WEBHOOK_URL, is_loopback_host, parse_webhook_url
from trigger_desk.store.files import write_atomic
from trigger_desk.store.paths import profiles_path
from trigger_desk.store.secrets import (
    KeyringUnavailable,
    SecretStore,
    load_secrets,
    mask_tail,
    save_secrets,
)

FILE_VERSION = 1
NAME_MAX = 64

_NAME = re.compile(r"[A-Za-z0-9 ._-]+")
_URL_SETTINGS = ("portal", "oauth_server", "api_base")
_EXAMPLE_GUID = "5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c"
_SETTING_EXAMPLES = {
    "portal": "https://your-portal.bitrix24.com",
    "user_id": "1",
    "client_id": "local.65f1a2b3c4d5e6.12345678",
    "oauth_server": DEFAULT_BITRIX_OAUTH_SERVER,
    "site_id": _EXAMPLE_GUID,
    "api_base": DEFAULT_WIX_API_BASE,
    "app_id": _EXAMPLE_GUID,
    "instance_id": _EXAMPLE_GUID,
}


class ProfileError(ValueError):
    """A profile (or the profiles file) is wrong; `field` names what, the message how to
    fix it, with an example. Never holds a secret value."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


def _words(keys: builtins.list[str] | tuple[str, ...]) -> str:
    return ", ".join(keys) if keys else "none"


def _check_name(name: str) -> None:
    example = "e.g. 'bitrix-prod' or 'Wix shop'"
    if not name.strip():
        raise ProfileError("name", f"a profile needs a name, {example}")
    if name != name.strip() or len(name) > NAME_MAX or not _NAME.fullmatch(name):
        raise ProfileError(
            "name",
            f"use up to {NAME_MAX} letters, digits, spaces, '.', '_' or '-' (no spaces at "
            f"either end), {example}",
        )


def _scheme_of(profile: Profile) -> tuple[Platform, AuthKind, AuthScheme]:
    try:
        platform = Platform(profile.platform)
    except ValueError:
        words = " or ".join(p.value for p in Platform)
        raise ProfileError("platform", f"unknown platform; use {words}, e.g. bitrix24") from None
    kinds = [kind.value for kind in AuthKind if auth_scheme(platform, kind)]
    try:
        kind = AuthKind(profile.auth)
    except ValueError:
        kind = None
    scheme = auth_scheme(platform, kind) if kind else None
    if kind is None or scheme is None:
        raise ProfileError(
            "auth",
            f"{platform.title} profiles use {' or '.join(kinds)}, e.g. --auth {kinds[0]}",
        )
    return platform, kind, scheme


def check_base_url(key: str, value: str) -> str:
    """An https:// base address (plain http only for loopback), without a trailing slash."""
    example = _SETTING_EXAMPLES.get(key, "https://example.com")
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise ProfileError(key, f"not a web address, e.g. {example}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not host:
        raise ProfileError(key, f"must be an https:// address, e.g. {example}")
    if scheme == "http" and not is_loopback_host(host):
        raise ProfileError(
            key,
            f"plain http:// is only allowed for 127.0.0.1, ::1 or localhost; use https://{host}",
        )
    if parts.username is not None or parts.password is not None or parts.query or parts.fragment:
        raise ProfileError(
            key, f"give only the address, without a user name, '?' or '#' part, e.g. {example}"
        )
    return value.rstrip("/")


def _check_webhook(settings: dict[str, str], secrets: dict[str, str]) -> None:
    """Derive portal and user_id from the webhook URL; store the URL normalised."""
    url = secrets.get("webhook_url")
    if url is None:
        return
    try:
        webhook = parse_webhook_url(url)
    except ValueError as exc:
        raise ProfileError("webhook_url", str(exc)) from None
    for key, derived in (("portal", webhook.portal), ("user_id", webhook.user_id)):
        given = settings.get(key)
        if given is not None and given.rstrip("/").lower() != derived.lower():
            raise ProfileError(
                key,
                f"{given!r} does not match the webhook URL, which says {derived!r}; "
                "leave it out, it is taken from the URL",
            )
        settings[key] = derived
    secrets["webhook_url"] = webhook.url


def check_profile(profile: Profile, secrets: Mapping[str, str]) -> tuple[Profile, dict[str, str]]:
    """Validate a profile and its secrets without touching disk or keyring.

    Returns them normalised (values stripped, empty values dropped, enums, base URLs
    without trailing slash, webhook parts derived). Raises `ProfileError` at the first
    problem. Cheap: the window may call it on the event loop to check a form.
    """
    _check_name(profile.name)
    platform, kind, scheme = _scheme_of(profile)
    where = f"{platform.value}/{kind.value}"

    settings = {k: v.strip() for k, v in profile.settings.items() if v.strip()}
    unknown = sorted(set(settings) - set(scheme.settings))
    if unknown:
        raise ProfileError(
            "settings",
            f"unknown setting {_words(unknown)} for {where}; it takes {_words(scheme.settings)}",
        )
    clean = {k: v.strip() for k, v in secrets.items() if v.strip()}
    unknown = sorted(set(clean) - set(scheme.secrets))
    if unknown:
        raise ProfileError(
            "secrets",
            f"unknown secret {_words(unknown)} for {where}; it takes {_words(scheme.secrets)}",
        )

    missing = [k for k in scheme.required_secrets if k not in clean]
    if missing:
        example = (
            f"webhook_url={EXAMPLE_WEBHOOK_URL}"
            if "webhook_url" in missing
            else f"{missing[0]}=..."
        )
        raise ProfileError(
            missing[0],
            f"{where} needs the secret {_words(missing)}, given as KEY=VALUE lines, e.g. {example}",
        )
    if kind is AuthKind.WEBHOOK:
        _check_webhook(settings, clean)

    missing = [k for k in scheme.required_settings if k not in settings]
    if missing:
        example = " ".join(f"--set {k}={_SETTING_EXAMPLES.get(k, '...')}" for k in missing)
        raise ProfileError(
            missing[0], f"{where} needs the setting {_words(missing)}, e.g. {example}"
        )
    for key in _URL_SETTINGS:
        if key in settings:
            settings[key] = check_base_url(key, settings[key])

    ordered = {k: settings[k] for k in scheme.settings if k in settings}
    return Profile(profile.name, platform, kind, ordered), clean


def _profile_from_json(entry: Any, path: Path, index: int) -> Profile:
    def broken(what: str) -> ProfileError:
        return ProfileError("file", f"{path}: profile #{index + 1} {what}; fix or remove it")

    if not isinstance(entry, dict):
        raise broken("is not an object")
    name, settings = entry.get("name"), entry.get("settings", {})
    if not isinstance(name, str) or not name:
        raise broken("has no name")
    if not isinstance(settings, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in settings.items()
    ):
        raise broken("has settings that are not text")
    try:
        platform, auth = Platform(str(entry.get("platform"))), AuthKind(str(entry.get("auth")))
        return Profile(name, platform, auth, settings)
    except ValueError:
        raise broken("has an unknown platform or auth kind") from None


class ProfileStore:
    """Profiles in one JSON file (default `paths.profiles_path()`); secrets in a SecretStore.

    The file is read on every call, so the window and a CLI run side by side see each
    other's changes.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else profiles_path()

    def _read(self) -> dict[str, Profile]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(text)
        except ValueError as exc:
            line = getattr(exc, "lineno", "?")
            raise ProfileError(
                "file", f"{self.path} is not valid JSON (line {line}); fix or remove it"
            ) from None
        if not isinstance(data, dict) or data.get("version") != FILE_VERSION:
            version = data.get("version") if isinstance(data, dict) else None
            raise ProfileError(
                "file",
                f"{self.path} has version {version!r}; this Trigger Desk reads version {FILE_VERSION}",
            )
        entries = data.get("profiles", [])
        if not isinstance(entries, builtins.list):
            raise ProfileError("file", f"{self.path}: 'profiles' must be a list; fix or remove it")
        profiles = [_profile_from_json(entry, self.path, i) for i, entry in enumerate(entries)]
        return {p.name: p for p in profiles}

    def _write(self, profiles: Mapping[str, Profile]) -> None:
        data = {
            "version": FILE_VERSION,
            "profiles": [
                {
                    "name": p.name,
                    "platform": p.platform.value,
                    "auth": p.auth.value,
                    "settings": dict(p.settings),
                }
                for p in sorted(profiles.values(), key=lambda p: p.name.lower())
            ],
        }
        write_atomic(self.path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    def list(self) -> builtins.list[Profile]:
        """All profiles, by name (case-insensitive)."""
        return sorted(self._read().values(), key=lambda p: p.name.lower())

    def get(self, name: str) -> Profile | None:
        """The profile with exactly this name, or None."""
        return self._read().get(name)

    def add(
        self,
        profile: Profile,
        secrets: Mapping[str, str],
        secret_store: SecretStore,
        *,
        replace: bool = False,
    ) -> Profile:
        """Validate, store the secrets in `secret_store`, then write the profile; returns
        the profile as stored (with derived settings). An existing name is refused unless
        `replace`; a replaced profile's secrets that the new one lacks are deleted.
        Raises `ProfileError` (bad input) or `KeyringUnavailable` (nothing written then).
        """
        profile, clean = check_profile(profile, secrets)
        profiles = self._read()
        old = profiles.get(profile.name)
        if old is not None and not replace:
            raise ProfileError(
                "name",
                f"a profile named {profile.name!r} already exists; pick another name or "
                "replace it explicitly",
            )
        save_secrets(secret_store, profile.name, clean)  # first: a refusal writes nothing
        profiles[profile.name] = profile
        try:
            self._write(profiles)
        except BaseException:
            if old is None:  # leave no orphan items behind for a profile that never was
                _forget(secret_store, profile.name, builtins.list(clean))
            raise
        if old is not None:
            old_scheme = auth_scheme(old.platform, old.auth)
            stale = [k for k in (old_scheme.secrets if old_scheme else ()) if k not in clean]
            _forget(secret_store, profile.name, stale)
        return profile

    def remove(self, name: str, secret_store: SecretStore) -> Profile:
        """Delete the profile's keyring items, then the profile; returns what was removed.
        If the keyring fails the profile stays, so the removal can be retried."""
        profiles = self._read()
        old = profiles.pop(name, None)
        if old is None:
            known = ", ".join(sorted(profiles)) or "none yet"
            raise ProfileError("name", f"no profile named {name!r}; known profiles: {known}")
        scheme = auth_scheme(old.platform, old.auth)
        for key in scheme.secrets if scheme else ():
            secret_store.delete(name, key)
        self._write(profiles)
        return old


def _forget(store: SecretStore, name: str, keys: builtins.list[str]) -> None:
    # Best effort: these items are unused; failing here must not hide the real outcome.
    for key in keys:
        with contextlib.suppress(KeyringUnavailable):
            store.delete(name, key)


def profile_secrets(store: SecretStore, profile: Profile) -> dict[str, str]:
    """The profile's secrets that are set (blocking: keyring)."""
    scheme = auth_scheme(profile.platform, profile.auth)
    return load_secrets(store, profile.name, scheme.secrets if scheme else ())


def masked_secrets(store: SecretStore, profile: Profile) -> dict[str, str | None]:
    """For `profiles show`: each secret key with `mask_tail(value)`, or None when unset."""
    found = profile_secrets(store, profile)
    scheme = auth_scheme(profile.platform, profile.auth)
    return {
        key: (_masked(key, found[key]) if key in found else None)
        for key in (scheme.secrets if scheme else ())
    }


def _masked(key: str, value: str) -> str:
    """The last 4 characters, except for a webhook URL, whose tail is the secret itself."""
    if key == "webhook_url":
        try:
            return parse_webhook_url(value).masked_url
        except ValueError:
            return mask_tail("")
    return mask_tail(value)
