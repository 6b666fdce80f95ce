"""Building the real back end the window works with: stores, keyring, history, engine.

Qt-free: the engine runs on its own thread (`EngineThread`) with its own httpx client;
history that cannot open leaves the calls working and says why in `problems`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trigger_desk.core.redact import Redactor
from trigger_desk.services.engine_thread import EngineThread
from trigger_desk.services.facade import Services

if TYPE_CHECKING:
    from trigger_desk.store.secrets import SecretStore


def keyring_refusal(store: SecretStore) -> str:
    """Why `store` (not a system keyring) cannot hold secrets, as the CLI would say it."""
    from trigger_desk.store.secrets import KeyringUnavailable

    try:
        store.get("probe", "probe")  # a store that is no system keyring refuses first
    except KeyringUnavailable as refusal:
        return str(refusal)
    return "The keyring in use is not a system keyring."


if TYPE_CHECKING:
    from trigger_desk.store.profiles import ProfileStore


def unusable_profiles_note(profiles: ProfileStore) -> list[str]:
    """A status-bar sentence naming the hand-edited profiles that cannot be used (the
    others work; a file that cannot be read at all is reported by the tabs)."""
    from trigger_desk.store.profiles import ProfileError

    try:
        broken = profiles.problems()
    except ProfileError:
        return []
    if not broken:
        return []
    named = "; ".join(f"{b.name or f'#{b.index + 1}'} ({b.field})" for b in broken)
    return [f"Profiles in {profiles.path.name} that cannot be used: {named}."]


def build_services(redactor: Redactor) -> Services:
    """The real back end. Blocking (disk, SQLite, TLS set-up): run it in a thread.

    `redactor` learns every secret the services read, so the caller's log masks them.
    """
    import asyncio
    import logging

    import httpx

    from trigger_desk.core.engine import Engine
    from trigger_desk.services.session_tokens import Session, SessionAwareTokenSink
    from trigger_desk.store.history import HistoryStore
    from trigger_desk.store.paths import history_db_path
    from trigger_desk.store.profiles import ProfileStore
    from trigger_desk.store.secret_sink import KeyringTokenSink
    from trigger_desk.store.secrets import KeyringSecretStore

    problems: list[str] = []
    history: HistoryStore | None
    try:
        history = HistoryStore(history_db_path())
    except Exception as error:  # calls still work; say why history does not
        logging.getLogger("trigger_desk").error("history unavailable: %s", error)
        problems.append(f"History is unavailable: {error}")
        history = None
    profiles = ProfileStore()
    problems += unusable_profiles_note(profiles)
    secret_store = KeyringSecretStore()
    # Say at once when secrets cannot be stored: checks the backend, reads no item (an
    # unlock prompt, if any, waits for the first real use).
    keyring_problem = None if secret_store.is_system_keyring else keyring_refusal(secret_store)
    if keyring_problem is not None:
        logging.getLogger("trigger_desk").warning("secrets cannot be stored: %s", keyring_problem)
    clients: list[httpx.AsyncClient] = []
    session: Session = {}  # the session-only profiles: their tokens stay in memory
    sink = SessionAwareTokenSink(KeyringTokenSink(secret_store), session)

    def make_engine() -> Engine:  # on the engine's own thread (see services/engine_thread.py)
        clients.append(httpx.AsyncClient())
        return Engine(clients[0], history=history, secret_sink=sink)

    engine = EngineThread(make_engine, closers=[lambda: clients[0].aclose()]).start()
    services = Services(
        engine=engine,
        profiles=profiles,
        secret_store=secret_store,
        history=history,
        redactor=redactor,
        problems=problems,
        keyring_problem=keyring_problem,
        session=session,
    )
    if history is not None:
        opened = history
        services.closers.append(lambda: asyncio.to_thread(opened.close))
    return services
