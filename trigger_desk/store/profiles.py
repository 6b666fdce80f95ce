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
import re
from collections.abc import Mapping
from pathlib import Path

from trigger_desk.core.model import AUTH_SCHEMES, AuthKind, Profile, auth_scheme
from trigger_desk.core.rate_limit import SETTING as RATE_LIMIT_SETTING
from trigger_desk.core.rate_limit import RateLimitError, parse_rate_limit
from trigger_desk.core.secret_text import HEADER_SECRETS, secret_text_problem
from trigger_desk.core.setting_secrets import settings_with_secrets
from trigger_desk.core.webhook_url import EXAMPLE_WEBHOOK_URL, parse_webhook_url
from trigger_desk.store.paths import profiles_path
from trigger_desk.store.profile_rules import (
    SETTING_EXAMPLES,
    URL_SETTINGS,
    check_base_url,
    check_name,
    check_settings_text,
    scheme_of,
    words,
)
from trigger_desk.store.profile_rules import (
    ProfileError as ProfileError,  # re-exported: callers catch it from here
)
from trigger_desk.store.profiles_file import (
    BrokenProfile,
    ProfilesFile,
    read_profiles_file,
    write_profiles_file,
)
from trigger_desk.store.secrets import (
    KeyringUnavailable,
    SecretStore,
    load_secrets,
    mask_tail,
    save_secrets,
)

# Names shaped like our secret keys (others are never repeated: they may be a secret).
_KEY_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")

# Every key that is a secret for some auth kind.
SECRET_KEYS = frozenset(key for scheme in AUTH_SCHEMES.values() for key in scheme.secrets)


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
    check_name(profile.name)
    platform, kind, scheme = scheme_of(profile)
    where = f"{platform.value}/{kind.value}"

    # Checked once stripped: a line's own end is not part of the value.
    settings = {k: v.strip() for k, v in profile.settings.items() if v.strip()}
    check_settings_text(settings)
    unknown = sorted(set(settings) - set(scheme.accepted_settings))
    if unknown:
        raise ProfileError(
            "settings",
            f"unknown setting {words(unknown)} for {where}; it takes {words(scheme.settings)}",
        )
    for key, reason in settings_with_secrets(settings):
        raise ProfileError(key, reason)  # before anything that could repeat the value
    clean = {k: v.strip() for k, v in secrets.items() if v.strip()}
    check_settings_text(clean, what="secret")
    unknown = sorted(set(clean) - set(scheme.secrets))
    if unknown:
        # Only names shaped like our keys are repeated: a line split at a "=" inside a
        # secret (`IST.abc==`) makes the secret's start look like a name.
        named = [key for key in unknown if _KEY_NAME.fullmatch(key)]
        others = len(unknown) - len(named)
        given = words(named) + (f" and {others} other name(s), not repeated" if others else "")
        raise ProfileError(
            "secrets",
            f"unknown secret {given} for {where}; it takes {words(scheme.secrets)}",
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
            f"{where} needs the secret {words(missing)}, given as KEY=VALUE lines, e.g. {example}",
        )
    for key, value in clean.items():
        header = key in HEADER_SECRETS
        problem = None if key == "webhook_url" else secret_text_problem(value, header=header)
        if problem:  # the rule the engine applies before sending (core/secret_text)
            raise ProfileError(key, f"the secret {problem}")
    if kind is AuthKind.WEBHOOK:
        _check_webhook(settings, clean)

    missing = [k for k in scheme.required_settings if k not in settings]
    if missing:
        example = " ".join(f"--set {k}={SETTING_EXAMPLES.get(k, '...')}" for k in missing)
        raise ProfileError(
            missing[0], f"{where} needs the setting {words(missing)}, e.g. {example}"
        )
    for key in URL_SETTINGS:
        if key in settings:
            settings[key] = check_base_url(key, settings[key])

    if RATE_LIMIT_SETTING in settings:
        try:
            parse_rate_limit(platform, settings[RATE_LIMIT_SETTING])
        except RateLimitError as error:
            raise ProfileError(RATE_LIMIT_SETTING, str(error)) from None
    ordered = {k: settings[k] for k in scheme.accepted_settings if k in settings}
    return Profile(profile.name, platform, kind, ordered), clean


class ProfileStore:
    """Profiles in one JSON file (default `paths.profiles_path()`); secrets in a SecretStore.

    The file is read on every call, so the window and a CLI run side by side see each
    other's changes.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else profiles_path()

    def _read(self) -> ProfilesFile:
        return read_profiles_file(self.path)

    def _write(self, profiles: Mapping[str, Profile], kept: ProfilesFile) -> None:
        # Entries that cannot be used are written back as they were: never lost.
        write_profiles_file(self.path, profiles, kept.broken)

    def problems(self) -> builtins.list[BrokenProfile]:
        """Profiles in the file that cannot be used (edited by hand), each with its reason.
        They are kept in the file as they are; the others work normally."""
        return self._read().broken

    def list(self) -> builtins.list[Profile]:
        """All usable profiles, by name (case-insensitive); see `problems` for the rest."""
        return sorted(self._read().profiles.values(), key=lambda p: p.name.lower())

    def get(self, name: str) -> Profile | None:
        """The profile with exactly this name, or None; ProfileError (naming the profile
        and the setting) when the file holds it but it cannot be used."""
        found = self._read()
        for broken in found.broken:
            if broken.name == name:
                raise ProfileError(broken.field, broken.message, named=True)
        return found.profiles.get(name)

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
        found = self._read()
        profiles = dict(found.profiles)
        old = profiles.get(profile.name)
        unusable = any(broken.name == profile.name for broken in found.broken)
        if (old is not None or unusable) and not replace:
            raise ProfileError(
                "name",
                f"a profile named {profile.name!r} already exists; pick another name or "
                "replace it explicitly",
            )
        save_secrets(secret_store, profile.name, clean)  # first: a refusal writes nothing
        profiles[profile.name] = profile
        try:
            self._write(profiles, found.without(profile.name))
        except BaseException:
            if old is None:  # leave no orphan items behind for a profile that never was
                _forget(secret_store, profile.name, builtins.list(clean))
            raise
        if old is not None:
            old_scheme = auth_scheme(old.platform, old.auth)
            stale = [k for k in (old_scheme.secrets if old_scheme else ()) if k not in clean]
            _forget(secret_store, profile.name, stale)
        return profile

    def remove(self, name: str, secret_store: SecretStore) -> Profile | None:
        """Delete the profile's keyring items, then the profile; returns what was removed
        (None for an entry that could not be read as a profile). If the keyring fails the
        profile stays, so the removal can be retried."""
        found = self._read()
        profiles = dict(found.profiles)
        old = profiles.pop(name, None)
        if old is None and any(broken.name == name for broken in found.broken):
            # A hand-edited entry that cannot be used: its auth kind may be unknown, so
            # every secret key any profile can have is forgotten (best effort).
            _forget(secret_store, name, builtins.list(SECRET_KEYS))
            self._write(profiles, found.without(name))
            return None
        if old is None:
            known = ", ".join(sorted(profiles)) or "none yet"
            raise ProfileError("name", f"no profile named {name!r}; known profiles: {known}")
        scheme = auth_scheme(old.platform, old.auth)
        for key in scheme.secrets if scheme else ():
            secret_store.delete(name, key)
        self._write(profiles, found)
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
