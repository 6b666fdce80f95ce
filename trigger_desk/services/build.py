"""Building the real back end the window works with: stores, keyring, history, engine.

Qt-free: the engine runs on its own thread (`EngineThread`) with its own httpx client;
history that cannot open leaves the calls working and says why in `problems`.
"""

from __future__ import annotations

from trigger_desk.core.redact import Redactor
from trigger_desk.services.engine_thread import EngineThread
from trigger_desk.services.facade import KeyringSink, Services


def build_services(redactor: Redactor) -> Services:
    """The real back end. Blocking (disk, SQLite, TLS set-up): run it in a thread.

    `redactor` learns every secret the services read, so the caller's log masks them.
    """
    import asyncio
    import logging

    import httpx

    from trigger_desk.core.engine import Engine
    from trigger_desk.store.history import HistoryStore
    from trigger_desk.store.paths import history_db_path
    from trigger_desk.store.profiles import ProfileStore
    from trigger_desk.store.secrets import KeyringSecretStore

    problems: list[str] = []
    history: HistoryStore | None
    try:
        history = HistoryStore(history_db_path())
    except Exception as error:  # calls still work; say why history does not
        logging.getLogger("trigger_desk").error("history unavailable: %s", error)
        problems.append(f"History is unavailable: {error}")
        history = None
    secret_store = KeyringSecretStore()
    clients: list[httpx.AsyncClient] = []

    def make_engine() -> Engine:  # on the engine's own thread (see services/engine_thread.py)
        clients.append(httpx.AsyncClient())
        return Engine(clients[0], history=history, secret_sink=KeyringSink(secret_store))

    engine = EngineThread(make_engine, closers=[lambda: clients[0].aclose()]).start()
    services = Services(
        engine=engine,
        profiles=ProfileStore(),
        secret_store=secret_store,
        history=history,
        redactor=redactor,
        problems=problems,
    )
    if history is not None:
        opened = history
        services.closers.append(lambda: asyncio.to_thread(opened.close))
    return services
