"""The window's sandbox: where its profiles expect it, or the nearest honest substitute.

Sandbox profiles carry the sandbox's address, so a sandbox on a random port breaks them
at the next start. The window therefore starts it on `DEFAULT_PORT` (as `trigger-desk
sandbox` does). If that port is taken, a sandbox already listening there (another
window, or `trigger-desk sandbox` in a terminal) is used as it is; anything else there
means a free port for this session, and the caller says so.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP, Msg
from trigger_desk.core.model import SANDBOX_PORT
from trigger_desk.sandbox.server import HOST, Sandbox

DEFAULT_PORT = SANDBOX_PORT


@dataclass
class LocalSandbox:
    """A sandbox the window can use: `owned` when this process runs it (stop it on quit),
    None when another process's sandbox is used as it is."""

    base_url: str
    owned: Sandbox | None
    note: str  # what happened, in a sentence for the status bar


def is_sandbox_at(port: int, timeout: float = 1.0) -> bool:
    """True when a Trigger Desk sandbox answers on 127.0.0.1:`port` (blocking)."""
    url = f"http://{HOST}:{port}/_sandbox/state"
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
    try:
        with direct.open(url, timeout=timeout) as answer:
            state = json.loads(answer.read(64 * 1024))
    except (OSError, ValueError, urllib.error.URLError):
        return False
    return isinstance(state, dict) and "modes" in state and "received" in state


def start_or_join(port: int = DEFAULT_PORT) -> LocalSandbox:
    """Start a sandbox on `port`; else use the sandbox already there; else a free port.
    Blocking (binds, and may probe the port over HTTP): run it off the event loop."""
    try:
        sandbox = Sandbox(port=port).start()
    except OSError as problem:
        if port and is_sandbox_at(port):
            return LocalSandbox(
                f"http://{HOST}:{port}",
                None,
                Msg(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "Using the sandbox already running at {url} "
                        "(another window or `trigger-desk sandbox`).",
                    ),
                    url=f"http://{HOST}:{port}",
                ),
            )
        sandbox = Sandbox(port=0).start()
        reason = problem.strerror or str(problem)
        return LocalSandbox(
            sandbox.base_url,
            sandbox,
            Msg(
                QT_TRANSLATE_NOOP(
                    "core",
                    "Port {port} is taken by another program ({reason}): the sandbox runs at "
                    "{url} until you quit, and its profiles point there.",
                ),
                port=port,
                reason=reason,
                url=sandbox.base_url,
            ),
        )
    running = Msg(QT_TRANSLATE_NOOP("core", "Sandbox running at {url}."), url=sandbox.base_url)
    return LocalSandbox(sandbox.base_url, sandbox, running)
