"""Plain values shared by every layer: platforms, auth kinds and connection profiles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP

# The sandbox's port unless told otherwise (`trigger-desk sandbox` and the window's):
# fixed, so profiles that point at the sandbox keep working after a restart.
SANDBOX_PORT = 8765


class Platform(StrEnum):
    BITRIX24 = "bitrix24"
    WIX = "wix"

    @property
    def label(self) -> str:
        return {"bitrix24": "Bitrix24", "wix": "Wix"}[self.value]


class AuthKind(StrEnum):
    """How a profile authenticates; the values are the CLI's `--auth` words."""

    WEBHOOK = "webhook"  # Bitrix24 inbound webhook: the secret sits in the URL path
    OAUTH = "oauth"  # Bitrix24 application OAuth: access + refresh token
    API_KEY = "api-key"  # Wix API key + wix-site-id
    APP_OAUTH = "app-oauth"  # Wix app: client_credentials token

    @property
    def label(self) -> str:
        return {
            "webhook": QT_TRANSLATE_NOOP("core", "Inbound webhook"),
            "oauth": QT_TRANSLATE_NOOP("core", "Application OAuth"),
            "api-key": QT_TRANSLATE_NOOP("core", "API key"),
            "app-oauth": QT_TRANSLATE_NOOP("core", "App OAuth"),
        }[self.value]


@dataclass(frozen=True)
class AuthScheme:
    """What a platform/auth pair needs: settings (plain) and secrets (keyring only)."""

    platform: Platform
    kind: AuthKind
    settings: tuple[str, ...]
    required_settings: tuple[str, ...]
    secrets: tuple[str, ...]
    required_secrets: tuple[str, ...]
    defaults: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def accepted_settings(self) -> tuple[str, ...]:
        """Its own settings, then the ones every profile takes (`COMMON_SETTINGS`)."""
        return (*self.settings, *COMMON_SETTINGS)


# Settings every profile takes, whatever its platform and auth: the bulk runs' plan
# (`rate_limit`, read by core.rate_limit).
COMMON_SETTINGS = ("rate_limit",)

DEFAULT_BITRIX_OAUTH_SERVER = "https://oauth.bitrix.info"
DEFAULT_WIX_API_BASE = "https://www.wixapis.com"

AUTH_SCHEMES: Mapping[tuple[Platform, AuthKind], AuthScheme] = MappingProxyType(
    {
        (Platform.BITRIX24, AuthKind.WEBHOOK): AuthScheme(
            Platform.BITRIX24,
            AuthKind.WEBHOOK,
            settings=("portal", "user_id"),
            required_settings=(),
            secrets=("webhook_url",),
            required_secrets=("webhook_url",),
        ),
        (Platform.BITRIX24, AuthKind.OAUTH): AuthScheme(
            Platform.BITRIX24,
            AuthKind.OAUTH,
            settings=("portal", "client_id", "oauth_server"),
            required_settings=("portal", "client_id"),
            secrets=("client_secret", "access_token", "refresh_token"),
            required_secrets=("client_secret", "access_token", "refresh_token"),
            defaults=MappingProxyType({"oauth_server": DEFAULT_BITRIX_OAUTH_SERVER}),
        ),
        (Platform.WIX, AuthKind.API_KEY): AuthScheme(
            Platform.WIX,
            AuthKind.API_KEY,
            settings=("site_id", "api_base"),
            required_settings=("site_id",),
            secrets=("api_key",),
            required_secrets=("api_key",),
            defaults=MappingProxyType({"api_base": DEFAULT_WIX_API_BASE}),
        ),
        (Platform.WIX, AuthKind.APP_OAUTH): AuthScheme(
            Platform.WIX,
            AuthKind.APP_OAUTH,
            settings=("app_id", "instance_id", "api_base"),
            required_settings=("app_id", "instance_id"),
            secrets=("app_secret",),
            required_secrets=("app_secret",),
            defaults=MappingProxyType({"api_base": DEFAULT_WIX_API_BASE}),
        ),
    }
)


def auth_scheme(platform: Platform, kind: AuthKind) -> AuthScheme | None:
    """The scheme for a pair, or None when the platform does not offer that auth kind."""
    return AUTH_SCHEMES.get((platform, kind))


@dataclass(frozen=True)
class Profile:
    """A named connection: everything but the secrets, which live in the keyring."""

    name: str
    platform: Platform
    auth: AuthKind
    settings: Mapping[str, str] = field(default_factory=dict)

    def setting(self, key: str) -> str:
        """The setting, falling back to the scheme's default ('' when neither exists)."""
        value = self.settings.get(key)
        if value:
            return value
        scheme = auth_scheme(self.platform, self.auth)
        return scheme.defaults.get(key, "") if scheme else ""
