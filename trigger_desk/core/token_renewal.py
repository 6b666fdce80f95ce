"""Which token a call is sent with, and when an answer calls for a new one.

The engine holds one `CallTokens`: the Bitrix24 OAuth keeper (refreshed tokens go to
the secret sink before the retry) and the Wix app-token keeper. A call gets at most one
renewal; every token it uses is added to its redactor first, so none reaches a record.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from trigger_desk.core.auth import BitrixTokenKeeper, SaveSecrets, TokenError, WixTokenKeeper
from trigger_desk.core.model import AuthKind, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import Diagnosis
from trigger_desk.core.redact import Redactor


class CallTokens:
    """The tokens of OAuth profiles, shared by every call of one engine."""

    def __init__(self, client: httpx.AsyncClient, save: SaveSecrets | None) -> None:
        self._bitrix = BitrixTokenKeeper(client, save)
        self._wix = WixTokenKeeper(client)

    async def initial(
        self, profile: Profile, secrets: Mapping[str, str], redactor: Redactor, timeout: float
    ) -> str | None:
        """The token the first attempt is sent with (None: the profile needs none)."""
        if profile.auth is AuthKind.OAUTH:
            # The keeper may hold tokens newer than the caller's copy of the secrets.
            tokens = self._bitrix.current(profile, secrets)
            redactor.add("access_token", tokens.access_token)
            redactor.add("refresh_token", tokens.refresh_token)
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
            tokens, refreshed = await self._bitrix.refresh(profile, secrets, token, timeout)
            redactor.add("access_token", tokens.access_token)
            redactor.add("refresh_token", tokens.refresh_token)
            note = (
                "The access token had expired: refreshed it and stored the new tokens in the "
                "keyring, then retried once."
                if refreshed
                else "The access token had expired; another call had just refreshed it: retried once."
            )
            return tokens.access_token, note
        if profile.auth is AuthKind.APP_OAUTH:
            fresh, _ = await self._wix.token(profile, secrets, timeout, refused=token)
            redactor.add("wix_app_token", fresh)
            return fresh, "Wix refused the app token (401): fetched a new one and retried once."
        return None


def token_diagnosis(error: TokenError) -> Diagnosis:
    """The outcome of a call whose token could not be had."""
    outcome = Outcome.AUTH if error.refused else Outcome.NETWORK
    return Diagnosis(outcome, str(error), error.next_step)
