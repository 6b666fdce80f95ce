"""`trigger-desk sandbox` (run_sandbox) and the sandbox profiles it prints."""

from __future__ import annotations

import io
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from trigger_desk.core.model import AuthKind, Platform, Profile, auth_scheme
from trigger_desk.sandbox import (
    EXIT_CANNOT_START,
    SandboxProfile,
    profile_command,
    run_sandbox,
    sandbox_profiles,
)
from trigger_desk.store.profiles import check_profile

BASE = "http://127.0.0.1:8765"


def test_one_profile_per_auth_kind_with_the_schemes_keys() -> None:
    profiles = sandbox_profiles(BASE)
    assert [(p["platform"], p["auth"]) for p in profiles] == [
        ("bitrix24", "webhook"),
        ("bitrix24", "oauth"),
        ("wix", "api-key"),
        ("wix", "app-oauth"),
    ]
    for profile in profiles:
        scheme = auth_scheme(Platform(profile["platform"]), AuthKind(profile["auth"]))
        assert scheme is not None
        assert set(profile["settings"]) <= set(scheme.settings)
        assert set(scheme.required_settings) <= set(profile["settings"])
        assert set(profile["secrets"]) == set(scheme.secrets)


@pytest.mark.parametrize("profile", sandbox_profiles(BASE), ids=lambda p: p["name"])
def test_the_profile_store_accepts_every_sandbox_profile(profile: SandboxProfile) -> None:
    plain = Profile(
        profile["name"],
        Platform(profile["platform"]),
        AuthKind(profile["auth"]),
        profile["settings"],
    )
    checked, secrets = check_profile(plain, profile["secrets"])
    if checked.auth is AuthKind.WEBHOOK:
        assert checked.settings["portal"] == BASE and checked.settings["user_id"] == "1"
    assert secrets == profile["secrets"]


def test_profile_command_passes_secrets_on_stdin_and_settings_with_set() -> None:
    profile = sandbox_profiles(BASE)[1]
    feed, add = profile_command(profile).split(" | ")
    printf, printf_format = shlex.split(feed)
    assert printf == "printf"
    lines = printf_format.replace("\\n", "\n").splitlines()
    assert dict(line.split("=", 1) for line in lines) == profile["secrets"]
    words = shlex.split(add)
    assert words[:6] == [
        "trigger-desk",
        "profiles",
        "add",
        "sandbox-oauth",
        "--platform",
        "bitrix24",
    ]
    assert words[6:8] == ["--auth", "oauth"]
    settings = dict(words[i + 1].split("=", 1) for i in range(8, len(words), 2))
    assert settings == profile["settings"]
    for secret in profile["secrets"].values():
        assert secret not in add  # never in argv


def _base_url(text: str) -> str:
    match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", text)
    assert match, text
    return match.group(1)


def test_run_sandbox_prints_the_commands_serves_and_stops_cleanly() -> None:
    out = io.StringIO()
    stop = threading.Event()
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(run_sandbox(0, out, stop=stop)))
    thread.start()
    try:
        deadline = time.monotonic() + 5
        while "Ctrl+C" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.02)
        banner = out.getvalue()
        base = _base_url(banner)
        for profile in sandbox_profiles(base):
            assert profile_command(profile) in banner
        assert "trigger-desk fire bitrix24.trigger --profile sandbox-webhook" in banner
        assert "/_sandbox/mode" in banner
        webhook_url = sandbox_profiles(base)[0]["secrets"]["webhook_url"]
        response = httpx.post(
            f"{webhook_url}crm.automation.trigger.json", json={"target": "DEAL_1"}
        )
        assert response.json()["result"] is True
    finally:
        stop.set()
        thread.join(timeout=5)
    assert result == [0]
    log = out.getvalue()[len(banner) :]
    assert "POST /rest/1/••••/crm.automation.trigger.json -> 200" in log
    assert "sandbox0webhook1" not in log  # the log masks the webhook secret
    assert log.endswith("Sandbox stopped.\n")


def test_busy_port_is_reported_without_a_traceback() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        out = io.StringIO()
        assert run_sandbox(taken.getsockname()[1], out) == EXIT_CANNOT_START
    assert "Cannot start the sandbox" in out.getvalue() and "--port" in out.getvalue()


def test_ctrl_c_exits_zero_without_a_traceback() -> None:
    code = "import sys; from trigger_desk.sandbox import run_sandbox; sys.exit(run_sandbox(0, sys.stdout))"
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        base = _base_url(first)
        assert httpx.get(f"{base}/_sandbox/mode", timeout=5).status_code == 200
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert stdout.endswith("Sandbox stopped.\n")
