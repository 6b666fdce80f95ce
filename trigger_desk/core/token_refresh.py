"""Bitrix24 token refresh across processes, and never losing a rotated pair.

The refresh token is single-use. Several processes (CLI runs, a bulk run, the window)
may hold the same pair and hit the same expired access token; only one refresh can
win, and the others' refresh tokens are spent by it. So a refresh runs under the
sink's per-profile lock (a lock file: other processes wait), and before refreshing, and
again when the OAuth server refuses the refresh token, the keyring is read again: if
another process has stored a newer pair, that pair is used and the call retried once,
instead of blaming the credentials. Without the lock (a process that does not take
it), the keyring is re-read for a few seconds: the winner stores its pair at once.

If the keyring cannot store a refreshed pair (it locked meanwhile), the old refresh
token is already spent: the new pair is kept in memory for the process, used for this
call and the next ones, and saving is retried on the next call of that profile and
when the engine closes. Every note says what was sent and what was not stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import httpx

from trigger_desk.core.auth import BitrixTokenKeeper, BitrixTokens, TokenError
from trigger_desk.core.model import Profile
from trigger_desk.core.redact import Redactor

log = logging.getLogger(__name__)

_PAIR = ("access_token", "refresh_token")  # read in this order (see _store_pair)
# Seconds between re-reads of the keyring after a refused refresh (about 5 s in all):
# the process that spent our refresh token stores its new pair right after.
_RELOAD_WAITS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.5, 2.0)
# Refusals about the application, not the refresh token: a newer pair would not help.
_NOT_THE_TOKEN = frozenset({"invalid_client", "invalid_request", "invalid_scope"})


class TokenSink(Protocol):
    """Where refreshed tokens are kept (the keyring). Blocking; run in a worker thread."""

    def save(self, profile: str, secrets: Mapping[str, str]) -> None: ...

    # Optional: `load(profile, keys) -> Mapping[str, str]` reads the pair back, so a pair
    # another process rotated is found (see store/secret_sink.py). Optional too:
    # `session_only(profile) -> bool`, True when the sink keeps that profile's tokens in
    # memory on purpose (services/session_tokens.py): the note then says so, calmly.


@dataclass
class Renewal:
    """New tokens for a retry, and the note that says how they were obtained."""

    tokens: BitrixTokens
    note: str


class SharedBitrixTokens(BitrixTokenKeeper):
    """The Bitrix24 tokens per profile, shared with other processes through `sink`."""

    def __init__(self, client: httpx.AsyncClient, sink: TokenSink | None) -> None:
        super().__init__(client, None)  # saving is done here, with its failure handled
        self._sink = sink
        self._unsaved: dict[str, BitrixTokens] = {}  # refreshed, not yet in the keyring

    async def for_call(
        self, profile: Profile, secrets: Mapping[str, str], redactor: Redactor, notes: list[str]
    ) -> BitrixTokens:
        """The tokens a call starts with; first retries a save that failed earlier."""
        if profile.name in self._unsaved:
            notes.append(await self._retry_save(profile.name))
        tokens = self.current(profile, secrets)
        _learn(redactor, tokens)
        return tokens

    async def renew(
        self,
        profile: Profile,
        secrets: Mapping[str, str],
        expired: str,
        timeout: float,
        redactor: Redactor,
    ) -> Renewal:
        """Tokens to retry with after `expired` was refused (raises TokenError). Every
        pair returned is taught to `redactor` first, whichever path found it: a caller
        whose redactor was made before another call refreshed must mask the new pair."""
        async with self._locks.setdefault(profile.name, asyncio.Lock()):
            tokens = self.current(profile, secrets)
            if tokens.access_token != expired:
                return self._adopt(
                    profile.name,
                    tokens,
                    redactor,
                    "The access token had expired; another call had just refreshed it: "
                    "retried once.",
                )
            with contextlib.ExitStack() as held:
                locked = await self._lock_other_processes_out(held, profile.name, timeout)
                renewal = await self._renew_locked(
                    profile, secrets, tokens, timeout, redactor, locked
                )
            _learn(redactor, renewal.tokens)
            return renewal

    async def _lock_other_processes_out(
        self, held: contextlib.ExitStack, name: str, timeout: float
    ) -> bool:
        """Take the sink's refresh lock for `name` (released with `held`), if it has one."""
        lock = getattr(self._sink, "refresh_lock", None)
        if lock is None:
            return False
        return bool(await asyncio.to_thread(held.enter_context, lock(name, timeout)))

    async def _renew_locked(
        self,
        profile: Profile,
        secrets: Mapping[str, str],
        tokens: BitrixTokens,
        timeout: float,
        redactor: Redactor,
        locked: bool,
    ) -> Renewal:
        """Renew while other processes are locked out (`locked`) or not."""
        stored = await self._stored_change(profile.name, tokens, ())
        if stored is not None:
            return self._adopt(
                profile.name,
                stored,
                redactor,
                "The access token had expired; another program had already refreshed "
                "it: used the new tokens from the keyring and retried once.",
            )
        try:
            fresh = await self._request(profile, secrets, tokens.refresh_token, timeout)
        except TokenError as error:
            if not error.refused or error.code in _NOT_THE_TOKEN:
                raise  # no answer, or the client itself refused: no pair can help
            # Holding the lock, a pair stored by the winner is there already.
            waits = () if locked else _RELOAD_WAITS
            stored = await self._stored_change(profile.name, tokens, waits)
            if stored is None:
                raise
            return self._adopt(
                profile.name,
                stored,
                redactor,
                "The access token had expired and the OAuth server refused the refresh "
                "token (another program had just used it to refresh): used the new "
                "tokens that program stored in the keyring and retried once.",
            )
        _learn(redactor, fresh)
        self._tokens[profile.name] = fresh
        problem = await self._store_pair(profile.name, fresh)
        if problem is None:
            self._unsaved.pop(profile.name, None)
            if self._session_only(profile.name):
                return Renewal(
                    fresh,
                    "The access token had expired: refreshed it (the new tokens are kept "
                    "for this session, like the profile), then retried once.",
                )
            return Renewal(
                fresh,
                "The access token had expired: refreshed it and stored the new tokens "
                "in the keyring, then retried once.",
            )
        self._unsaved[profile.name] = fresh
        return Renewal(
            fresh,
            "The access token had expired: Trigger Desk asked the OAuth server for new "
            "tokens and got them (the old refresh token is now spent), but could not "
            f"store them in the keyring: {problem} The new tokens are kept in memory "
            "for this run; this call was sent again with them (the answer reported here "
            "is its answer), and storing them is retried on the next call and when "
            "Trigger Desk exits.",
        )

    async def save_unsaved(self) -> list[str]:
        """Retry every save that failed (call before the process exits); the notes say
        what became of each."""
        notes: list[str] = []
        for name in list(self._unsaved):
            note = await self._retry_save(name)
            if name in self._unsaved:
                note = (
                    f"Trigger Desk is closing and the refreshed tokens of profile {name!r} "
                    "are still not in the keyring: the refresh token stored there was spent "
                    "by the refresh, so the profile's next refresh will be refused "
                    "(invalid_grant). Re-authorize the application on the portal and store "
                    "the new tokens in the profile."
                )
            notes.append(note)
        return notes

    @property
    def unsaved_profiles(self) -> list[str]:
        """Profiles whose refreshed tokens are only in memory."""
        return sorted(self._unsaved)

    # --- keyring ----------------------------------------------------------------------

    def _session_only(self, name: str) -> bool:
        """Whether the sink keeps `name`'s tokens in memory (a session-only profile)."""
        session_only = getattr(self._sink, "session_only", None)
        return bool(session_only(name)) if session_only is not None else False

    def _adopt(self, name: str, tokens: BitrixTokens, redactor: Redactor, note: str) -> Renewal:
        _learn(redactor, tokens)
        self._tokens[name] = tokens
        return Renewal(tokens, note)

    async def _stored_change(
        self, name: str, used: BitrixTokens, waits: tuple[float, ...]
    ) -> BitrixTokens | None:
        """The keyring's pair if another process replaced `used` (waiting `waits`
        between reads), else None. Never when our own newer pair is unsaved."""
        load = getattr(self._sink, "load", None)
        if load is None or name in self._unsaved:
            return None
        for wait in (0.0, *waits):
            await asyncio.sleep(wait)
            try:
                stored = await asyncio.to_thread(load, name, _PAIR)
            except Exception as error:  # a keyring that cannot answer cannot help either
                log.info("could not re-read the tokens: %s", type(error).__name__)
                return None
            # A new access token means a new pair: it is written last (see _store_pair)
            # and read first, so its refresh token is at least as new.
            access, refresh = stored.get("access_token"), stored.get("refresh_token")
            if access and refresh and access != used.access_token:
                return BitrixTokens(access, refresh)
        return None

    async def _store_pair(self, name: str, tokens: BitrixTokens) -> str | None:
        """Store the pair; None when stored, else what went wrong (no secret in it)."""
        if self._sink is None:
            return None
        # The refresh token first: a reader that sees the new access token (read first)
        # then finds the new refresh token too, never half of each pair.
        pair = {"refresh_token": tokens.refresh_token, "access_token": tokens.access_token}
        try:
            await asyncio.to_thread(self._sink.save, name, pair)
        except Exception as error:  # the keyring's own errors: locked, gone, refused
            # Info only: the call's notes tell the user (a CLI prints warnings on stderr).
            log.info("could not store refreshed tokens: %s", type(error).__name__)
            # The store's errors carry a short `reason` beside their long advice.
            reason = str(getattr(error, "reason", "") or error).strip()
            return (reason or type(error).__name__).rstrip(".") + "."
        return None

    async def _retry_save(self, name: str) -> str:
        tokens = self._unsaved[name]
        problem = await self._store_pair(name, tokens)
        if problem is None:
            del self._unsaved[name]
            return (
                f"Stored the refreshed tokens of profile {name!r} in the keyring (storing "
                "them right after their refresh had failed)."
            )
        return (
            f"The refreshed tokens of profile {name!r} are still not in the keyring "
            f"({problem.rstrip('.')}); they stay in memory and storing them is retried on the next "
            "call and when Trigger Desk exits."
        )


def _learn(redactor: Redactor, tokens: BitrixTokens) -> None:
    redactor.add("access_token", tokens.access_token)
    redactor.add("refresh_token", tokens.refresh_token)
