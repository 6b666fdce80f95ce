"""Which token a call is sent with, and when an answer calls for a new one.

The engine holds one `CallTokens`: the Bitrix24 OAuth keeper (refreshed tokens go to
the secret sink before the retry, shared with other processes: see `token_refresh`)
and the Wix app-token keeper. A call gets at most one renewal; every token it uses is
added to its redactor first, so none reaches a record.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from trigger_desk.core.auth import TokenError, WixTokenKeeper
from trigger_desk.core.model import AuthKind, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import Diagnosis
from trigger_desk.core.redact import Redactor
from trigger_desk.core.token_refresh import SharedBitrixTokens, TokenSink


class CallTokens:
    """The tokens of OAuth profiles, shared by every call of one engine."""

    def __init__(self, client: httpx.AsyncClient, sink: TokenSink | None) -> None:
        self._bitrix = SharedBitrixTokens(client, sink)
        self._wix = WixTokenKeeper(client)

    async def initial(
        self,
        profile: Profile,
        secrets: Mapping[str, str],
        redactor: Redactor,
        timeout: float,
        notes: list[str],
    ) -> str | None:
        """The token the first attempt is sent with (None: the profile needs none)."""
        if profile.auth is AuthKind.OAUTH:
            # The keeper may hold tokens newer than the caller's copy of the secrets.
            tokens = await self._bitrix.for_call(profile, secrets, redactor, notes)
            return tokens.access_token
        if profile.auth is AuthKind.APP_OAUTH:
            token, _ = await self._wix.token(profile, secrets, timeout)
            redactor.add("wix_app_token", token)
            return token
        return None

    async def renew(
        self,
        profile: Profile,
        secrets: Mapping[str, str],
        diagnosis: Diagnosis,
        status: int,
        token: str | None,
        redactor: Redactor,
        timeout: float,
    ) -> tuple[str, str] | None:
        """A new token and a note, when this answer calls for exactly one renewal."""
        if token is None or status != 401:
            return None
        if (
            profile.auth is AuthKind.OAUTH
            and (diagnosis.error_code or "").lower() == "expired_token"
        ):
            renewal = await self._bitrix.renew(profile, secrets, token, timeout, redactor)
            return renewal.tokens.access_token, renewal.note
        if profile.auth is AuthKind.APP_OAUTH:
            fresh, _ = await self._wix.token(profile, secrets, timeout, refused=token)
            redactor.add("wix_app_token", fresh)
            return fresh, "Wix refused the app token (401): fetched a new one and retried once."
        return None

    async def save_unsaved(self) -> list[str]:
        """Retry storing refreshed pairs the keyring refused; a note for each."""
        return await self._bitrix.save_unsaved()

    @property
    def unsaved_profiles(self) -> list[str]:
        """Profiles whose refreshed Bitrix24 tokens are only in memory."""
        return self._bitrix.unsaved_profiles


def token_diagnosis(error: TokenError, redactor: Redactor) -> Diagnosis:
    """The outcome of a call whose token could not be had; the server's words in the
    message are masked and capped (a token endpoint may echo megabytes)."""
    outcome = Outcome.AUTH if error.refused else Outcome.NETWORK
    return Diagnosis(outcome, redactor.mask_cap(str(error)), error.next_step)
