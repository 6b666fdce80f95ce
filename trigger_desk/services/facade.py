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

from trigger_desk.core.model import SANDBOX_PORT, AuthKind, Platform, Profile
from trigger_desk.core.redact import Redactor

# Marks the profiles kept for this session only (no keyring to save their secrets).
SESSION_SUFFIX = " - this session only"

if TYPE_CHECKING:
    from trigger_desk.core.engine import Engine
    from trigger_desk.sandbox import Sandbox
    from trigger_desk.services.engine_thread import EngineThread
    from trigger_desk.store.profiles import ProfileStore
    from trigger_desk.store.secrets import SecretStore


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
    sandbox: Sandbox | None = None  # the sandbox this process runs, if any
    problems: list[str] = field(default_factory=list)  # shown in the status bar
    # Why secrets cannot be stored (no usable keyring), found at boot or on first use.
    keyring_problem: str | None = None
    # Where "Try the sandbox" starts it (0: any free port, for tests running side by side).
    sandbox_port: int = SANDBOX_PORT
    sandbox_url: str | None = None  # the sandbox in use (ours or another process's)
    # Profiles kept for this session only (the sandbox's, with no keyring): name ->
    # (profile, secrets). Never written to profiles.json or anywhere else.
    session: dict[str, tuple[Profile, dict[str, str]]] = field(default_factory=dict)

    # --- profiles -------------------------------------------------------------------

    async def list_profiles(self, platform: Platform | None = None) -> list[Profile]:
        """Saved profiles, then this session's (by name)."""
        profiles = await asyncio.to_thread(self.profiles.list)
        profiles += [profile for profile, _ in self.session.values()]
        return [p for p in profiles if platform is None or p.platform is platform]

    async def secrets_for(self, profile: Profile) -> dict[str, str]:
        """The profile's secrets from the keyring (KeyringUnavailable when it cannot)."""
        from trigger_desk.store.profiles import profile_secrets

        if profile.name in self.session:
            return dict(self.session[profile.name][1])
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
        if self.session.pop(name, None) is not None:
            return
        await asyncio.to_thread(self.profiles.remove, name, self.secret_store)

    # --- sandbox --------------------------------------------------------------------

    async def start_sandbox(self) -> tuple[list[Profile], str]:
        """Start the built-in sandbox where its profiles expect it (once; see
        sandbox.local) and store the four sandbox profiles pointing at it, replacing
        older ones. Without a usable keyring they are kept for this session only,
        named so. Returns the profiles and a sentence on where the sandbox runs."""
        from trigger_desk.sandbox import sandbox_profiles
        from trigger_desk.sandbox.local import start_or_join
        from trigger_desk.store.secrets import KeyringUnavailable

        note = f"Sandbox running at {self.sandbox_url}."
        if self.sandbox_url is None:
            local = await asyncio.to_thread(start_or_join, self.sandbox_port)
            self.sandbox, self.sandbox_url, note = local.owned, local.base_url, local.note
        entries = [
            (
                Profile(e["name"], Platform(e["platform"]), AuthKind(e["auth"]), e["settings"]),
                e["secrets"],
            )
            for e in sandbox_profiles(self.sandbox_url)
        ]
        if self.keyring_problem is None:
            try:
                stored = [await self.save_profile(p, s, replace=True) for p, s in entries]
            except KeyringUnavailable as error:
                self.keyring_problem = str(error)
            else:
                return stored, note
        return self._keep_for_session(entries), note

    def _keep_for_session(self, entries: list[tuple[Profile, dict[str, str]]]) -> list[Profile]:
        from dataclasses import replace

        from trigger_desk.store.profiles import check_profile

        kept: list[Profile] = []
        for profile, secrets in entries:
            named = replace(profile, name=f"{profile.name}{SESSION_SUFFIX}")
            checked, clean = check_profile(named, secrets)
            for name, value in clean.items():
                self.redactor.add(name, value)
            self.session[checked.name] = (checked, clean)
            kept.append(checked)
        return kept

    # --- life cycle -----------------------------------------------------------------

    def has_unsaved_tokens(self) -> bool:
        """Whether refreshed tokens are only in memory (cheap: the window asks on close)."""
        from trigger_desk.services.engine_thread import EngineThread

        engine = self.engine.engine if isinstance(self.engine, EngineThread) else self.engine
        return bool(engine.unsaved_token_profiles)

    async def unsaved_tokens(self) -> list[str]:
        """Retry storing refreshed tokens the keyring refused (locked at the time); the
        profiles whose new tokens are still only in memory (lost when the app quits)."""
        return await self.engine.save_unsaved_tokens()

    async def aclose(self) -> None:
        """Close the client and the history, stop the sandbox. Safe to call twice."""
        # First let the engine's history writer finish: its thread calls back into the
        # event loop, which must still be running (a closed qasync loop crashes on it).
        await self.engine.aclose()
        _tell_closing_notes(self.engine.closing_notes, self.redactor)
        closers, self.closers = self.closers, []
        for close in closers:
            result = close()
            if asyncio.iscoroutine(result):
                await result
        if self.sandbox is not None:
            sandbox, self.sandbox = self.sandbox, None
            await asyncio.to_thread(sandbox.stop)


def _tell_closing_notes(notes: list[str], redactor: Redactor) -> None:
    """Refreshed tokens the keyring still refused at exit are lost with the process: a
    warning in the log and on stderr (the window asked first, see ui/shell/unsaved_tokens)."""
    import logging
    import sys

    for note in notes:
        if "still not in the keyring" in note:
            masked = redactor.mask(note)
            logging.getLogger("trigger_desk").warning("%s", masked)
            print(f"trigger-desk: warning: {masked}", file=sys.stderr)
