"""Several processes refreshing one Bitrix24 token pair at once, with a real keyring.

The sandbox's OAuth server rotates the pair on every refresh and refuses a spent refresh
token (invalid_grant), as the real one does. Six CLI processes started together with an
expired access token: one refresh wins, and the others find the new pair in the keyring
instead of blaming the credentials.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.cli import Cli
from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine
from trigger_desk.core.record import CallRecord
from trigger_desk.sandbox import Sandbox
from trigger_desk.store.profiles import ProfileStore, profile_secrets
from trigger_desk.store.secret_sink import KeyringTokenSink
from trigger_desk.store.secrets import KeyringSecretStore

pytestmark = pytest.mark.keyring

CLI = [sys.executable, "-m", "trigger_desk.cli"]
PROCESSES = 6


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running
        assert running.errors == []


def add_oauth_profile(cli: Cli, sandbox: Sandbox, name: str) -> None:
    seed = sandbox.seed
    result = cli(
        "profiles", "add", name, "--platform", "bitrix24", "--auth", "oauth",
        "--set", f"portal={sandbox.base_url}", "--set", f"client_id={seed.bitrix_client_id}",
        "--set", f"oauth_server={sandbox.bitrix_oauth_server}",
        stdin=(
            f"client_secret={seed.bitrix_client_secret}\naccess_token={seed.bitrix_access_token}\n"
            f"refresh_token={seed.bitrix_refresh_token}\n"
        ),
    )  # fmt: skip
    assert result.code == 0, result.text


def start(name: str, count: int) -> list[subprocess.Popen[str]]:
    argv = [
        *CLI, "fire", "bitrix24.trigger", "--profile", name,
        "--set", "target=DEAL_57", "--set", "code=c5u4m", "--json",
    ]  # fmt: skip
    return [
        subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(count)
    ]


def fire_together(name: str, count: int) -> list[subprocess.CompletedProcess[str]]:
    return finish(start(name, count))


def finish(started: list[subprocess.Popen[str]]) -> list[subprocess.CompletedProcess[str]]:
    done = []
    for process in started:
        out, err = process.communicate(timeout=180)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


def test_six_processes_with_an_expired_token_all_succeed(
    real_keyring: KeyringSecretStore,
    profile_name: str,
    sandbox: Sandbox,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_oauth_profile(Cli(capsys, monkeypatch, real_keyring), sandbox, profile_name)
    sandbox.expire_bitrix_token()
    assert os.environ.get("XDG_CONFIG_HOME")  # the children read this test's profiles

    results = fire_together(profile_name, PROCESSES)

    answers = [json.loads(result.stdout) for result in results]
    for result, answer in zip(results, answers, strict=True):
        assert result.returncode == 0, (answer["hint"], answer["notes"], result.stderr)
        assert answer["ok"] is True
    assert sandbox.token_refreshes == 1  # one process refreshed; the rest used its pair
    notes = [note for answer in answers for note in answer["notes"]]
    assert sum("refreshed it and stored the new tokens" in note for note in notes) == 1
    assert real_keyring.get(profile_name, "refresh_token") == sandbox.bitrix_refresh_token
    assert real_keyring.get(profile_name, "access_token") == sandbox.bitrix_access_token


def test_a_later_round_after_another_expiry_also_succeeds(
    real_keyring: KeyringSecretStore,
    profile_name: str,
    sandbox: Sandbox,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Twice in a row: the pair stored by the first round is the one the second rotates."""
    add_oauth_profile(Cli(capsys, monkeypatch, real_keyring), sandbox, profile_name)
    for round_ in (1, 2):
        sandbox.expire_bitrix_token()
        results = fire_together(profile_name, 3)
        assert [result.returncode for result in results] == [0, 0, 0], [
            result.stdout for result in results
        ]
        assert sandbox.token_refreshes == round_
        time.sleep(0.1)
    assert real_keyring.get(profile_name, "refresh_token") == sandbox.bitrix_refresh_token


async def test_the_window_and_cli_processes_side_by_side_all_succeed(
    real_keyring: KeyringSecretStore,
    profile_name: str,
    sandbox: Sandbox,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The window's engine (as the window builds it: secrets read from the keyring for
    each call, the shared keyring sink) fires while three CLI processes do."""
    add_oauth_profile(Cli(capsys, monkeypatch, real_keyring), sandbox, profile_name)
    profile = ProfileStore().get(profile_name)
    call = find_call("bitrix24.trigger")
    assert profile is not None and call is not None
    sandbox.expire_bitrix_token()

    processes = start(profile_name, 3)
    async with httpx.AsyncClient() as client:
        engine = Engine(client, secret_sink=KeyringTokenSink(real_keyring))

        async def fire_as_the_window() -> CallRecord:
            secrets = await asyncio.to_thread(profile_secrets, real_keyring, profile)
            values = {"target": "DEAL_57", "code": "c5u4m"}
            return await engine.fire(CallRequest(call, profile, secrets, values))

        records = await asyncio.gather(*(fire_as_the_window() for _ in range(3)))
        await engine.aclose()
    results = await asyncio.to_thread(finish, processes)

    assert [record.ok for record in records] == [True] * 3, [r.diagnosis for r in records]
    assert [result.returncode for result in results] == [0] * 3, [r.stdout for r in results]
    assert sandbox.token_refreshes == 1
    assert real_keyring.get(profile_name, "refresh_token") == sandbox.bitrix_refresh_token
