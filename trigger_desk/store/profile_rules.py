"""The rules a profile's name, platform, auth kind and settings follow.

Shared by `check_profile` (a profile being added) and the profiles file reader (a
profile someone edited by hand), so both refuse the same things with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from trigger_desk.core.control_chars import control_problem
from trigger_desk.core.model import (
    DEFAULT_BITRIX_OAUTH_SERVER,
    DEFAULT_WIX_API_BASE,
    AuthKind,
    AuthScheme,
    Platform,
    Profile,
    auth_scheme,
)
from trigger_desk.core.webhook_url import is_loopback_host

NAME_MAX = 64
URL_SETTINGS = ("portal", "oauth_server", "api_base")

_NAME = re.compile(r"[A-Za-z0-9 ._-]+")
_EXAMPLE_GUID = "5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c"
SETTING_EXAMPLES = {
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

    def __init__(self, field: str, message: str, *, named: bool = False) -> None:
        self.field = field
        # `named`: the message already names the field (and the profile) itself.
        super().__init__(message if named else f"{field}: {message}")


def words(keys: list[str] | tuple[str, ...]) -> str:
    return ", ".join(keys) if keys else "none"


def check_name(name: str) -> None:
    """ProfileError unless `name` is 1-64 of A-Z a-z 0-9 space . _ - (no edge spaces)."""
    example = "e.g. 'bitrix-prod' or 'Wix shop'"
    if not name.strip():
        raise ProfileError("name", f"a profile needs a name, {example}")
    if name != name.strip() or len(name) > NAME_MAX or not _NAME.fullmatch(name):
        raise ProfileError(
            "name",
            f"use up to {NAME_MAX} letters, digits, spaces, '.', '_' or '-' (no spaces at "
            f"either end), {example}",
        )


def scheme_of(profile: Profile) -> tuple[Platform, AuthKind, AuthScheme]:
    """The profile's platform, auth kind and what they need; ProfileError if unknown."""
    try:
        platform = Platform(profile.platform)
    except ValueError:
        options = " or ".join(p.value for p in Platform)
        raise ProfileError("platform", f"unknown platform; use {options}, e.g. bitrix24") from None
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
    example = SETTING_EXAMPLES.get(key, "https://example.com")
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        raise ProfileError(key, f"not a web address, e.g. {example}") from None
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0 and ":" in parts.netloc.rpartition("]")[2]:
        raise ProfileError(
            key, f"the port after ':' must be a number from 1 to 65535, e.g. {example}"
        )
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


def check_settings_text(settings: Mapping[str, str], *, what: str = "setting") -> None:
    """ProfileError naming the first key or value that holds a control character (the
    value itself is never shown: for secrets it is the secret)."""
    for key, value in settings.items():
        problem = control_problem(key)
        if problem:
            raise ProfileError(what, f"a {what} name {problem}")
        problem = control_problem(value)
        if problem:
            raise ProfileError(key, f"the {what} {problem}")
