"""What the window works with once booted: the engine, the stores and the sandbox.

Not a widget, and Qt-free: an async facade that runs every blocking store call
(disk, keyring, SQLite) in a worker thread, so the event loop never waits on them.
`app.boot()` builds the real one; tests build one over a temporary profiles file, a
memory secret store and an engine whose client talks to a loopback server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.redact import Redactor

if TYPE_CHECKING:
    from trigger_desk.core.engine import Engine
    from trigger_desk.sandbox import Sandbox
    from trigger_desk.services.engine_thread import EngineThread
    from trigger_desk.store.profiles import ProfileStore
    from trigger_desk.store.secrets import SecretStore


class KeyringSink:
    """The engine's SecretSink: refreshed tokens go straight back to the secret store."""

    def __init__(self, store: SecretStore) -> None:
        self._store = store

    def save(self, profile: str, secrets: Mapping[str, str]) -> None:
        from trigger_desk.store.secrets import save_secrets

        save_secrets(self._store, profile, secrets)


@dataclass
class Services:
    """The booted back end. `history` may be None (history unavailable: calls still run).

    `closers` are awaited (coroutine functions) or called on shutdown, in order: the
    HTTP client, the history database.
    """

    engine: Engine | EngineThread  # the app runs it on its own thread; tests often not
    profiles: ProfileStore
    secret_store: SecretStore
    history: Any = None
    redactor: Redactor = field(default_factory=Redactor)
    closers: list[Any] = field(default_factory=list)
    sandbox: Sandbox | None = None
    problems: list[str] = field(default_factory=list)  # shown in the status bar

    # --- profiles -------------------------------------------------------------------

    async def list_profiles(self, platform: Platform | None = None) -> list[Profile]:
        profiles = await asyncio.to_thread(self.profiles.list)
        return [p for p in profiles if platform is None or p.platform is platform]

    async def secrets_for(self, profile: Profile) -> dict[str, str]:
        """The profile's secrets from the keyring (KeyringUnavailable when it cannot)."""
        from trigger_desk.store.profiles import profile_secrets

        secrets = await asyncio.to_thread(profile_secrets, self.secret_store, profile)
        for name, value in secrets.items():  # so the log never shows them
            self.redactor.add(name, value)
        return secrets

    async def save_profile(
        self, profile: Profile, secrets: Mapping[str, str], *, replace: bool = False
    ) -> Profile:
        for name, value in secrets.items():
            self.redactor.add(name, value)
        return await asyncio.to_thread(
            lambda: self.profiles.add(profile, secrets, self.secret_store, replace=replace)
        )

    async def remove_profile(self, name: str) -> None:
        await asyncio.to_thread(self.profiles.remove, name, self.secret_store)

    # --- sandbox --------------------------------------------------------------------

    async def start_sandbox(self) -> list[Profile]:
        """Start the built-in sandbox on a free loopback port (once) and store the four
        sandbox profiles pointing at it, replacing older ones from a previous run."""
        from trigger_desk.sandbox import Sandbox, sandbox_profiles

        if self.sandbox is None:
            self.sandbox = await asyncio.to_thread(lambda: Sandbox(port=0).start())
        stored: list[Profile] = []
        for entry in sandbox_profiles(self.sandbox.base_url):
            profile = Profile(
                entry["name"],
                Platform(entry["platform"]),
                AuthKind(entry["auth"]),
                dict(entry["settings"]),
            )
            stored.append(await self.save_profile(profile, entry["secrets"], replace=True))
        return stored

    # --- life cycle -----------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the client and the history, stop the sandbox. Safe to call twice."""
        # First let the engine's history writer finish: its thread calls back into the
        # event loop, which must still be running (a closed qasync loop crashes on it).
        await self.engine.aclose()
        closers, self.closers = self.closers, []
        for close in closers:
            result = close()
            if asyncio.iscoroutine(result):
                await result
        if self.sandbox is not None:
            sandbox, self.sandbox = self.sandbox, None
            await asyncio.to_thread(sandbox.stop)
