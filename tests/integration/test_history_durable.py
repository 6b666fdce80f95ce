"""No call on the wire without its row: a process killed with -9 the moment the server
has its request leaves the call in history; a history another program holds locked
means nothing is sent, a clear message and exit 2."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import unique_profile_name
from tests.support.cli import CONTRACT_KEYS, Cli
from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.store.history import HistoryStore, RowState
from trigger_desk.store.paths import history_db_path
from trigger_desk.store.secrets import KeyringSecretStore, MemorySecretStore

SMALL, LARGE = 40, 2 * 1024 * 1024
TRIES = 4
SITE_ID = "5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c"
NOT_RECORDED = "No answer was recorded (the program stopped before the call finished)."

# Fires one Wix ReportEvent through the engine with a payload of SIZE characters, as
# the CLI does (its own HistoryStore, its own client), and waits for an answer.
_FIRER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    import httpx
    from trigger_desk.core.calls import find_call
    from trigger_desk.core.engine import CallRequest, Engine
    from trigger_desk.core.model import AuthKind, Platform, Profile
    from trigger_desk.store.history import HistoryStore

    async def main(path, base, size, tag):
        history = HistoryStore(Path(path))
        profile = Profile("shop", Platform.WIX, AuthKind.API_KEY,
                          {"site_id": sys.argv[5], "api_base": base})
        request = CallRequest(find_call("wix.report-event"), profile,
                              {"api_key": "IST.kill-test-key"},
                              {"triggerKey": "form_submitted", "idempotency.key": tag},
                              {"note": "x" * size})
        async with httpx.AsyncClient() as client:
            await Engine(client, history=history).fire(request)

    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]))
    """
)


@pytest.fixture
def slow_server() -> Iterator[ScriptedServer]:
    """Answers only after a minute: every call is still waiting when it is killed."""
    running = ScriptedServer(default=Answer(200, {}, delay=60)).start()
    yield running
    running.stop()


def kill_when_received(server: ScriptedServer, command: list[str]) -> None:
    """Start `command`, and SIGKILL it the moment the server has read its request."""
    server.arrived.clear()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        arrived = server.arrived.wait(90)
        process.kill()  # SIGKILL: no cleanup code runs
    finally:
        process.kill()
        _, stderr = process.communicate(timeout=30)
    assert arrived, f"the request never reached the server: {stderr.decode()[-2000:]}"


def assert_every_call_kept(path: Path, tags: list[str]) -> None:
    with HistoryStore(path) as history:
        rows = history.page(limit=100)
        assert len(rows) == len(tags), f"{len(tags) - len(rows)} of {len(tags)} calls lost"
        records = [history.get(row.id) for row in reversed(rows)]
        assert {row.state for row in rows} == {RowState.INTERRUPTED}
    # History keeps the first 256 KB of a body: the key comes before the payload.
    found = [re.search(r'"key":\s*"([^"]+)"', record.request.body) for record in records if record]
    kept = [match.group(1) if match else None for match in found]
    assert kept == tags
    for record in records:
        assert record is not None and record.diagnosis is None
        assert NOT_RECORDED in record.notes[-1]
        assert "IST.kill-test-key" not in json.dumps(record.to_storage())


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small body", "2 MB body"])
def test_engine_killed_when_the_server_has_the_request_leaves_the_row(
    slow_server: ScriptedServer, tmp_path: Path, size: int
) -> None:
    path = tmp_path / "history.sqlite3"
    tags = [f"try-{n}" for n in range(TRIES)]
    for tag in tags:
        command = [
            sys.executable,
            "-c",
            _FIRER,
            str(path),
            slow_server.base_url,
            str(size),
            tag,
            SITE_ID,
        ]
        kill_when_received(slow_server, command)
    assert len(slow_server.received) == TRIES
    assert all(len(request.body) > size for request in slow_server.received)
    assert_every_call_kept(path, tags)


@pytest.mark.keyring
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small body", "2 MB body"])
def test_cli_fire_killed_when_the_server_has_the_request_leaves_the_row(
    real_keyring: KeyringSecretStore, slow_server: ScriptedServer, tmp_path: Path, size: int
) -> None:
    cli = [sys.executable, "-m", "trigger_desk.cli"]
    name = unique_profile_name()
    settings = ["--set", f"site_id={SITE_ID}", "--set", f"api_base={slow_server.base_url}"]
    added = subprocess.run(
        [*cli, "profiles", "add", name, "--platform", "wix", "--auth", "api-key", *settings],
        input="api_key=IST.kill-test-key\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps({"note": "x" * size}), encoding="utf-8")
    tags = [f"cli-try-{n}" for n in range(3)]
    for tag in tags:
        fire = ["fire", "wix.report-event", "--profile", name, "--payload", f"@{payload}"]
        fields = ["--set", "triggerKey=form_submitted", "--set", f"idempotency.key={tag}"]
        kill_when_received(slow_server, [*cli, *fire, *fields, "--json"])
    assert_every_call_kept(history_db_path(), tags)


# --- another program holds the history ------------------------------------------------

_HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")  # an open write transaction
    print("locked", flush=True)
    sys.stdin.read()  # until the test closes our stdin
    connection.execute("ROLLBACK")
    """
)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    running = ScriptedServer(default=Answer(200, {"result": True})).start()
    yield running
    running.stop()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch, MemorySecretStore())


def test_history_locked_by_another_process_means_nothing_sent_and_exit_2(
    server: ScriptedServer, cli: Cli
) -> None:
    hook = f"webhook_url={server.base_url}/rest/1/hooksecret42/\n"
    added = cli(
        "profiles", "add", "hook", "--platform", "bitrix24", "--auth", "webhook", stdin=hook
    )
    assert added.code == 0, added.text
    path = history_db_path()
    HistoryStore(path).close()  # the file exists, as after any earlier call
    fire = ["fire", "bitrix24.trigger", "--profile", "hook", "--set", "target=DEAL_1"]
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        as_json = cli(*fire, "--json")
        as_text = cli(*fire)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()

    assert server.received == []  # the server saw no request
    assert as_json.code == 2, as_json.text
    data = as_json.json()  # one JSON object, with every contract key
    assert data.keys() >= CONTRACT_KEYS
    assert (data["ok"], data["outcome"], data["history_id"]) == (False, "invalid_input", None)
    assert data["error"]["code"] == "history_busy"
    assert str(path) in data["hint"] and "nothing was sent" in data["hint"]
    assert "hooksecret42" not in as_json.text
    assert as_text.code == 2
    assert as_text.out.startswith("Invalid input (invalid_input) · no answer")
    assert "Not sent: the history database is locked by another program" in as_text.out
    assert str(path) in as_text.out and "Traceback" not in as_text.text

    again = cli(*fire, "--json")  # the other program is gone: sent and recorded
    assert again.code == 0, again.text
    assert again.json()["history_id"] is not None and len(server.received) == 1
