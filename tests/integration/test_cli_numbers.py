"""Numeric flags take ASCII digits in range only: every other spelling int()/float()
would take is bad input naming the flag, exit 2 (one JSON object with --json)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support.cli import Cli
from trigger_desk.store.secrets import MemorySecretStore

ODD_PORTS = [
    "\u0668\u0667\u0666\u0665",  # 8765 in Arabic-Indic digits
    "\uff18\uff17\uff16\uff15",  # 8765 in full-width digits
    "8_765",
    "65536",
    "-1",
    "9" * 5000,  # past int()'s own digit limit
    "8765.0",
    "0x2000",
    "",
]
ODD_TIMEOUTS = ["\u0663\u0660", "3_0", "nan", "inf", "-1", "1e3", "0", "86400", "9" * 400]


@pytest.mark.parametrize("port", ODD_PORTS)
def test_sandbox_port_takes_ascii_digits_in_range_only(port: str) -> None:
    """A real process: before, "٨٧٦٥" or "8_765" started a sandbox on 8765 instead."""
    result = subprocess.run(
        [sys.executable, "-m", "trigger_desk.cli", "sandbox", "--port", port],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--port" in result.stderr and "0 to 65535" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("timeout", ODD_TIMEOUTS)
def test_fire_timeout_takes_a_plain_decimal_in_range_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, timeout: str
) -> None:
    cli = Cli(capsys, monkeypatch, MemorySecretStore())
    argv = ["fire", "bitrix24.trigger", "--profile", "b24", "--timeout", timeout]
    result = cli(*argv)
    assert result.code == 2 and "--timeout" in result.err and "positive" in result.err
    as_json = cli(*argv, "--json")
    assert as_json.code == 2 and "--timeout" in json.loads(as_json.out)["error"]["message"]


@pytest.mark.parametrize("limit", ["\u0665\u0660/2", "5_0/2", "50/nan", "50/1e9", "9999999999/2"])
def test_sandbox_rate_limits_take_ascii_digits_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    cli = Cli(capsys, monkeypatch, MemorySecretStore())
    result = cli("sandbox", "--port", "0", "--bitrix-limit", limit)
    assert result.code == 2 and "--bitrix-limit" in result.err and "N/SECONDS" in result.err


@pytest.mark.parametrize("plan", ["\u0665\u0660/2", "5_0/2", "50/nan", "50/1e2", "50/inf"])
def test_a_profile_rate_limit_takes_ascii_digits_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, plan: str
) -> None:
    cli = Cli(capsys, monkeypatch, MemorySecretStore())
    result = cli(
        "profiles", "add", "fast", "--platform", "bitrix24", "--auth", "webhook",
        "--set", f"rate_limit={plan}",
        stdin="webhook_url=https://acme.bitrix24.com/rest/1/abc123xyz/\n",
    )  # fmt: skip
    assert result.code == 2 and "rate_limit" in result.err, result.text
    assert cli.store.get("fast", "webhook_url") is None
