"""The CLI as a real process: `python -m trigger_desk.cli ...` with its own stdin, stdout,
environment and exit code; the keyring path uses the real Secret Service when present."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import unique_profile_name
from tests.support.cli import CUSTOM_TRIGGER_ID, Cli, closed_port_url
from trigger_desk.sandbox import Sandbox
from trigger_desk.store.paths import profiles_path
from trigger_desk.store.secrets import KeyringSecretStore, MemorySecretStore

CLI = [sys.executable, "-m", "trigger_desk.cli"]


def run(
    *argv: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running


def test_bad_input_as_a_process(sandbox: Sandbox) -> None:
    result = run("fire", "bitrix24.nope", "--profile", "x", "--json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["outcome"] == "invalid_input" and data["ok"] is False
    assert "bitrix24.nope" in data["error"]["message"]
    human = run("fire", "bitrix24.trigger", "--profile", "nobody", "--set", "target=DEAL_1")
    assert human.returncode == 2 and "  nobody: unknown profile" in human.stderr
    assert "Traceback" not in human.stderr + result.stderr
    assert sandbox.received == []


def test_the_installed_entry_points_reach_the_cli() -> None:
    """`trigger-desk fire ...` (the console script) and `python -m trigger_desk fire ...`."""
    module = subprocess.run(
        [sys.executable, "-m", "trigger_desk", "fire", "bitrix24.nope", "--profile", "x", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert module.returncode == 2 and json.loads(module.stdout)["outcome"] == "invalid_input"
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH")
    project = Path(__file__).resolve().parents[2]
    script = subprocess.run(
        [uv, "run", "--quiet", "--project", str(project), "trigger-desk", "presets", "list"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert script.returncode == 0, script.stderr
    assert "No presets yet" in script.stdout


def test_usage_and_help(sandbox: Sandbox) -> None:
    assert run("--help").returncode == 0
    assert run("fire", "--help").returncode == 0
    wrong = run("history", "frobnicate")
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_no_usable_keyring_is_exit_2_and_writes_nothing() -> None:
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = run(
        "profiles",
        "add",
        "shop",
        "--platform",
        "wix",
        "--auth",
        "api-key",
        "--set",
        "site_id=5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c",
        stdin="api_key=IST.never-stored-0001\n",
        env=env,
    )
    assert result.returncode == 2
    assert (
        "Cannot use the OS keyring" in result.stderr and "PYTHON_KEYRING_BACKEND" in result.stderr
    )
    assert "IST.never-stored-0001" not in result.stdout + result.stderr
    assert not profiles_path().exists()


def test_a_broken_profiles_file_is_a_message_not_a_traceback() -> None:
    profiles_path().parent.mkdir(parents=True, exist_ok=True)
    profiles_path().write_text("{broken", encoding="utf-8")
    result = run("profiles", "list")
    assert result.returncode == 2
    assert "profiles.json is not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr
    fire = run("fire", "bitrix24.trigger", "--profile", "x", "--set", "target=DEAL_1", "--json")
    assert fire.returncode == 2 and json.loads(fire.stdout)["outcome"] == "invalid_input"


def test_sandbox_command_serves_until_terminated(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    process = subprocess.Popen(
        [*CLI, "sandbox", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Trigger Desk sandbox listening on http://127.0.0.1:")
        base = first.split()[-1]
        # The printed `profiles add` commands work as printed (secrets piped on stdin).
        cli = Cli(capsys, monkeypatch, MemorySecretStore())
        added = cli(
            "profiles",
            "add",
            "sb",
            "--platform",
            "bitrix24",
            "--auth",
            "webhook",
            stdin=f"webhook_url={base}/rest/1/sandbox0webhook1/\n",
        )
        assert added.code == 0, added.text
        fired = cli(
            "fire", "bitrix24.trigger", "--profile", "sb", "--set", "target=DEAL_57", "--json"
        )
        assert fired.code == 0, fired.text
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "Sandbox stopped." in out


def test_sandbox_port_out_of_range() -> None:
    result = run("sandbox", "--port", "70000")
    assert result.returncode == 2 and "--port" in result.stderr


# --- with the real Secret Service ------------------------------------------------------------


@pytest.mark.keyring
def test_profile_from_stdin_then_fire_with_every_exit_code(
    real_keyring: KeyringSecretStore, sandbox: Sandbox, isolated_dirs: dict[str, Path]
) -> None:
    name, gone = unique_profile_name(), unique_profile_name()
    seed = sandbox.seed
    added = run(
        "profiles",
        "add",
        name,
        "--platform",
        "wix",
        "--auth",
        "api-key",
        "--set",
        f"site_id={seed.wix_site_id}",
        "--set",
        f"api_base={sandbox.wix_api_base}",
        stdin=f"api_key={seed.wix_api_key}\n",
    )
    assert added.returncode == 0, added.stderr
    assert real_keyring.get(name, "api_key") == seed.wix_api_key

    ok = run(
        "fire",
        "wix.run-trigger",
        "--profile",
        name,
        "--set",
        f"triggerId={CUSTOM_TRIGGER_ID}",
        "--json",
    )
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)
    assert data["ok"] is True and isinstance(data["history_id"], int)
    assert sandbox.received[-1].headers["authorization"] == seed.wix_api_key

    sandbox.set_mode(html_502=True)
    refused = run(
        "fire", "wix.run-trigger", "--profile", name, "--set", f"triggerId={CUSTOM_TRIGGER_ID}"
    )
    assert refused.returncode == 1 and "Server error (server_error) · HTTP 502" in refused.stdout
    sandbox.reset_mode()

    received = len(sandbox.received)
    bad = run("fire", "wix.run-trigger", "--profile", name, "--set", "triggerId=nope")
    assert bad.returncode == 2 and "  triggerId: " in bad.stderr
    dry = run(
        "fire",
        "wix.run-trigger",
        "--profile",
        name,
        "--set",
        f"triggerId={CUSTOM_TRIGGER_ID}",
        "--dry-run",
    )
    assert dry.returncode == 0 and "Authorization: ****" in dry.stdout
    assert len(sandbox.received) == received

    assert (
        run(
            "profiles",
            "add",
            gone,
            "--platform",
            "bitrix24",
            "--auth",
            "webhook",
            stdin=f"webhook_url={closed_port_url()}/rest/1/abcdefgh123/\n",
        ).returncode
        == 0
    )
    no_answer = run(
        "fire", "bitrix24.trigger", "--profile", gone, "--set", "target=DEAL_1", "--json"
    )
    assert no_answer.returncode == 3
    assert json.loads(no_answer.stdout)["outcome"] == "network"

    listing = run("history", "list", "--json")
    assert [row["outcome"] for row in json.loads(listing.stdout)] == [
        "network",
        "server_error",
        "ok",
    ]
    outputs = ok.stdout + refused.stdout + dry.stdout + listing.stdout + no_answer.stdout
    assert seed.wix_api_key not in outputs and "abcdefgh123" not in outputs
    for path in (p for root in isolated_dirs.values() for p in root.rglob("*") if p.is_file()):
        assert seed.wix_api_key.encode() not in path.read_bytes()

    for profile in (name, gone):
        assert run("profiles", "remove", profile).returncode == 0
    assert real_keyring.get(name, "api_key") is None


@pytest.mark.keyring
def test_ctrl_c_mid_call_closes_the_history_row(
    real_keyring: KeyringSecretStore, sandbox: Sandbox
) -> None:
    name = unique_profile_name()
    assert (
        run(
            "profiles",
            "add",
            name,
            "--platform",
            "bitrix24",
            "--auth",
            "webhook",
            stdin=f"webhook_url={sandbox.bitrix_webhook_url}\n",
        ).returncode
        == 0
    )
    sandbox.set_mode(slow=5)
    process = subprocess.Popen(
        [*CLI, "fire", "bitrix24.trigger", "--profile", name, "--set", "target=DEAL_1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(200):  # wait until the request is on the wire
            if sandbox.received:
                break
            time.sleep(0.05)
        assert sandbox.received, "the call never reached the sandbox"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, out + err
    assert "interrupted" in err and "Traceback" not in err
    shown = json.loads(run("history", "show", "1", "--json").stdout)
    assert shown["state"] == "no_answer"
    assert any("Cancelled" in note for note in shown["notes"])
    assert run("profiles", "remove", name).returncode == 0
