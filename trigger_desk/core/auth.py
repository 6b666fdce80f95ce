"""Token flows: Bitrix24 OAuth refresh and the Wix app token.

Bitrix24 access tokens are refreshed only after a call answers 401 `expired_token`
(refreshing on a schedule risks a block). The refresh token is single-use, so the new
pair is persisted before the call is retried, and concurrent calls that hit the same
expired token share one refresh. Wix app tokens come from a client_credentials grant,
are cached in memory until shortly before they expire, and are fetched again once on 401.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import httpx

from trigger_desk.core.diagnosis import parse_json_object
from trigger_desk.core.model import Profile
from trigger_desk.core.secret_text import secret_text_problem

# Seconds before expiry at which a cached Wix token is no longer used.
_WIX_TOKEN_MARGIN = 120.0


class TokenError(Exception):
    """A token could not be obtained. The message is safe to show (no secrets)."""

    def __init__(self, message: str, *, refused: bool, next_step: str, code: str = "") -> None:
        super().__init__(message)
        self.refused = refused  # True: the server said no; False: no answer
        self.next_step = next_step
        self.code = code  # the server's error code, e.g. invalid_grant ('' when none)


SaveSecrets = Callable[[str, Mapping[str, str]], Awaitable[None]]


@dataclass
class BitrixTokens:
    access_token: str
    refresh_token: str


class BitrixTokenKeeper:
    """The current Bitrix24 tokens per profile, refreshed at most once per expiry."""

    def __init__(self, client: httpx.AsyncClient, save: SaveSecrets | None) -> None:
        self._client = client
        self._save = save
        self._tokens: dict[str, BitrixTokens] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def current(self, profile: Profile, secrets: Mapping[str, str]) -> BitrixTokens:
        tokens = self._tokens.get(profile.name)
        if tokens is None:
            tokens = BitrixTokens(secrets.get("access_token", ""), secrets.get("refresh_token", ""))
            self._tokens[profile.name] = tokens
        return tokens

    async def refresh(
        self, profile: Profile, secrets: Mapping[str, str], expired: str, timeout: float
    ) -> tuple[BitrixTokens, bool]:
        """New tokens after `expired` was refused; (tokens, True) if this call refreshed."""
        lock = self._locks.setdefault(profile.name, asyncio.Lock())
        async with lock:
            tokens = self.current(profile, secrets)
            if tokens.access_token != expired:
                return tokens, False  # another call refreshed while we waited
            fresh = await self._request(profile, secrets, tokens.refresh_token, timeout)
            if self._save is not None:
                # Persist before anyone uses the new pair: the old refresh token is spent.
                await self._save(
                    profile.name,
                    {"access_token": fresh.access_token, "refresh_token": fresh.refresh_token},
                )
            self._tokens[profile.name] = fresh
            return fresh, True

    async def _request(
        self, profile: Profile, secrets: Mapping[str, str], refresh_token: str, timeout: float
    ) -> BitrixTokens:
        url = profile.setting("oauth_server").rstrip("/") + "/oauth/token/"
        params = {
            "grant_type": "refresh_token",
            "client_id": profile.setting("client_id"),
            "client_secret": secrets.get("client_secret", ""),
            "refresh_token": refresh_token,
        }
        try:
            response = await self._client.get(url, params=params, timeout=timeout)
        except httpx.HTTPError as error:
            raise TokenError(
                f"Could not reach the OAuth server at {profile.setting('oauth_server')} "
                f"to refresh the access token ({type(error).__name__}).",
                refused=False,
                next_step="Check the network and the profile's oauth_server, then fire again.",
            ) from None
        body = parse_json_object(response.text) or {}
        access, refresh = body.get("access_token"), body.get("refresh_token")
        if response.status_code != 200 or not access or not refresh:
            code = str(body.get("error") or f"HTTP {response.status_code}")
            raise TokenError(
                f"The OAuth server refused to refresh the access token ({code}).",
                refused=True,
                code=str(body.get("error") or ""),
                next_step=(
                    "Re-install or re-authorize the application on the portal and store the "
                    "new tokens in the profile (the refresh token may be spent or older "
                    "than 180 days)."
                ),
            )
        if secret_text_problem(str(access), header=False) or secret_text_problem(
            str(refresh), header=False
        ):
            raise TokenError(  # kept, it would be refused at the next call (core/secret_text)
                "The OAuth server issued tokens holding control characters or edge spaces.",
                refused=True,
                next_step="Check the profile's oauth_server, then fire again.",
            )
        return BitrixTokens(str(access), str(refresh))


@dataclass
class _WixToken:
    value: str
    expires_at: float


class WixTokenKeeper:
    """Wix app tokens (client_credentials), kept in memory only."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client
        self._tokens: dict[str, _WixToken] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def _key(self, profile: Profile) -> str:
        return f"{profile.name}\n{profile.setting('app_id')}\n{profile.setting('instance_id')}"

    async def token(
        self,
        profile: Profile,
        secrets: Mapping[str, str],
        timeout: float,
        *,
        refused: str | None = None,
    ) -> tuple[str, bool]:
        """A usable token and whether it was fetched now; `refused` forces a new one."""
        key = self._key(profile)
        async with self._locks.setdefault(key, asyncio.Lock()):
            cached = self._tokens.get(key)
            if cached and cached.value != refused and cached.expires_at > time.monotonic():
                return cached.value, False
            fresh = await self._request(profile, secrets, timeout)
            self._tokens[key] = fresh
            return fresh.value, True

    async def _request(
        self, profile: Profile, secrets: Mapping[str, str], timeout: float
    ) -> _WixToken:
        url = profile.setting("api_base").rstrip("/") + "/oauth2/token"
        payload = {
            "grant_type": "client_credentials",
            "client_id": profile.setting("app_id"),
            "client_secret": secrets.get("app_secret", ""),
            "instance_id": profile.setting("instance_id"),
        }
        try:
            response = await self._client.post(url, json=payload, timeout=timeout)
        except httpx.HTTPError as error:
            raise TokenError(
                f"Could not reach {profile.setting('api_base')} to get an app token "
                f"({type(error).__name__}).",
                refused=False,
                next_step="Check the network and the profile's api_base, then fire again.",
            ) from None
        body = parse_json_object(response.text) or {}
        token = body.get("access_token")
        if response.status_code != 200 or not token:
            message = str(body.get("message") or f"HTTP {response.status_code}")
            raise TokenError(
                f"Wix refused to issue an app token ({message}).",
                refused=True,
                next_step=(
                    "Check the profile's app_id, instance_id and app_secret (the app must be "
                    "installed on the site with that instance id)."
                ),
            )
        if secret_text_problem(str(token)):
            raise TokenError(  # it goes in a header: httpx would raise mid-send
                "Wix issued an app token that cannot be sent in a header (not plain ASCII).",
                refused=True,
                next_step="Check that the profile's api_base is the Wix API, then fire again.",
            )
        expires_in = float(body.get("expires_in") or 14400)
        return _WixToken(str(token), time.monotonic() + max(0.0, expires_in - _WIX_TOKEN_MARGIN))
