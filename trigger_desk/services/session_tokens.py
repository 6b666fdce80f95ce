"""Refreshed tokens of session-only profiles stay in memory, the others go to the keyring.

"Try the sandbox" without a usable keyring keeps its profiles for this session only
(`Services.session`). Their Bitrix24 OAuth refreshes must not go to the keyring sink,
which would fail and tell the user that new tokens may be lost: for them the session
itself is where tokens live, so the new pair replaces the old one there, quietly.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trigger_desk.core.model import Profile
    from trigger_desk.store.secret_sink import KeyringTokenSink

Session = dict[str, tuple["Profile", dict[str, str]]]


class SessionAwareTokenSink:
    """The engine's token sink: `session` profiles in memory, the rest via `keyring`.

    Called from worker threads; each update replaces the session entry in one step.
    """

    def __init__(self, keyring: KeyringTokenSink, session: Session) -> None:
        self._keyring = keyring
        self._session = session

    def session_only(self, profile: str) -> bool:
        """Whether `profile`'s tokens live in this session's memory (never the keyring)."""
        return profile in self._session

    def save(self, profile: str, secrets: Mapping[str, str]) -> None:
        """Store a refreshed pair: in the session entry, or the keyring (may raise)."""
        entry = self._session.get(profile)
        if entry is None:
            self._keyring.save(profile, secrets)
            return
        self._session[profile] = (entry[0], {**entry[1], **secrets})

    def load(self, profile: str, keys: tuple[str, ...]) -> dict[str, str]:
        """The stored values of `keys` that are set."""
        entry = self._session.get(profile)
        if entry is None:
            return self._keyring.load(profile, keys)
        return {key: entry[1][key] for key in keys if entry[1].get(key)}

    @contextlib.contextmanager
    def refresh_lock(self, profile: str, timeout: float) -> Iterator[bool]:
        """The keyring profiles' cross-process lock; none for session profiles (no
        other process knows them)."""
        if profile in self._session:
            yield False
            return
        with self._keyring.refresh_lock(profile, timeout) as locked:
            yield locked


__all__ = ["SessionAwareTokenSink"]
