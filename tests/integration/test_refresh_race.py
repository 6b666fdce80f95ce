"""Several processes refreshing one Bitrix24 token pair at once, with a real keyring.

The sandbox's OAuth server rotates the pair on every refresh and refuses a spent refresh
token (invalid_grant), as the real one does. Six CLI processes started together with an
expired access token: one refresh wins, and the others find the new pair in the keyring
instead of blaming the credentials.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tests.support.cli import Cli
from trigger_desk.sandbox import Sandbox
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


def fire_together(name: str, count: int) -> list[subprocess.CompletedProcess[str]]:
    argv = [
        *CLI, "fire", "bitrix24.trigger", "--profile", name,
        "--set", "target=DEAL_57", "--set", "code=c5u4m", "--json",
    ]  # fmt: skip
    started = [
        subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(count)
    ]
    done = []
    for process in started:
        out, err = process.communicate(timeout=180)
        done.append(subprocess.CompletedProcess(argv, process.returncode, out, err))
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
