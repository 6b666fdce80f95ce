"""Helpers shared by the CLI tests (no tests here): run `main()` in-process, add profiles.

Fixtures stay in each test module (thin wrappers over these helpers), so nothing is
imported into a test's namespace by name only.
"""

from __future__ import annotations

import io
import json
import socket
import sys
from dataclasses import dataclass
from typing import Any

import pytest

from trigger_desk.cli import main
from trigger_desk.sandbox import Sandbox
from trigger_desk.store.history import HistoryStore
from trigger_desk.store.paths import history_db_path
from trigger_desk.store.secrets import SecretStore

# The keys of the --json object: a public contract (DESIGN.md).
CONTRACT_KEYS = frozenset(
    {
        "ok",
        "call",
        "status",
        "outcome",
        "error",
        "hint",
        "timings_ms",
        "request",
        "response",
        "history_id",
    }
)
PHASES = frozenset({"connect", "tls", "send", "wait", "receive", "total"})
CUSTOM_TRIGGER_ID = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"  # known to the sandbox
ENTITY_ID = "16ef8c9c-413e-4d5f-b77d-8c67c3c8ae0c"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def text(self) -> str:
        return self.out + self.err


class Cli:
    """Runs `main()` in-process with an injected secret store and captured output."""

    def __init__(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        store: SecretStore,
    ) -> None:
        self.capsys = capsys
        self.monkeypatch = monkeypatch
        self.store = store

    def __call__(self, *argv: str, stdin: str = "", store: SecretStore | None = None) -> Result:
        self.capsys.readouterr()
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv), secret_store=store if store is not None else self.store)
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)


def closed_port_url() -> str:
    """An address where nothing listens (the port was just freed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def history_count() -> int:
    path = history_db_path()
    if not path.exists():
        return 0
    with HistoryStore(path) as store:
        return store.count()


def sandbox_profile_commands(sandbox: Sandbox) -> list[tuple[list[str], str]]:
    """`profiles add` arguments and stdin for one profile per auth kind, at the sandbox."""
    seed = sandbox.seed
    return [
        (
            ["b24", "--platform", "bitrix24", "--auth", "webhook"],
            f"webhook_url={sandbox.bitrix_webhook_url}\n",
        ),
        (
            [
                "b24-app",
                "--platform",
                "bitrix24",
                "--auth",
                "oauth",
                "--set",
                f"portal={sandbox.base_url}",
                "--set",
                f"client_id={seed.bitrix_client_id}",
                "--set",
                f"oauth_server={sandbox.bitrix_oauth_server}",
            ],
            f"client_secret={seed.bitrix_client_secret}\naccess_token={seed.bitrix_access_token}\n"
            f"refresh_token={seed.bitrix_refresh_token}\n",
        ),
        (
            [
                "wix",
                "--platform",
                "wix",
                "--auth",
                "api-key",
                "--set",
                f"site_id={seed.wix_site_id}",
                "--set",
                f"api_base={sandbox.wix_api_base}",
            ],
            f"api_key={seed.wix_api_key}\n",
        ),
        (
            [
                "wix-app",
                "--platform",
                "wix",
                "--auth",
                "app-oauth",
                "--set",
                f"app_id={seed.wix_app_id}",
                "--set",
                f"instance_id={seed.wix_instance_id}",
                "--set",
                f"api_base={sandbox.wix_api_base}",
            ],
            f"app_secret={seed.wix_app_secret}\n",
        ),
    ]


def add_sandbox_profiles(cli: Cli, sandbox: Sandbox) -> None:
    for args, stdin in sandbox_profile_commands(sandbox):
        result = cli("profiles", "add", *args, stdin=stdin)
        assert result.code == 0, result.text


def sandbox_secrets(sandbox: Sandbox) -> list[str]:
    """Every secret the sandbox profiles hold (and the tokens it hands out)."""
    seed = sandbox.seed
    return [
        seed.bitrix_webhook_secret,
        seed.bitrix_client_secret,
        seed.bitrix_access_token,
        seed.bitrix_refresh_token,
        seed.wix_api_key,
        seed.wix_app_secret,
        sandbox.bitrix_access_token,
        sandbox.bitrix_refresh_token,
        *wix_tokens(sandbox),
    ]


def wix_tokens(sandbox: Sandbox) -> list[str]:
    """The Wix app tokens the sandbox has handed out."""
    with sandbox.state.lock:
        return list(sandbox.state.wix_tokens)
