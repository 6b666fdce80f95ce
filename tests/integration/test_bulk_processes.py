"""Bulk runs as real processes: killed with SIGKILL mid-run and resumed, and two runs
sharing one portal's bucket. The CLI reads its webhook from the real keyring."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import unique_profile_name
from tests.support.batch_server import BatchPortal
from tests.support.bulk import run_args
from trigger_desk.store.secrets import KeyringSecretStore

pytestmark = pytest.mark.keyring
CLI = [sys.executable, "-m", "trigger_desk.cli"]


def cli(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *argv], input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def start(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def add_hook(portal: BatchPortal, rate_limit: str) -> str:
    name = unique_profile_name()
    added = cli(
        "profiles",
        "add",
        name,
        "--platform",
        "bitrix24",
        "--auth",
        "webhook",
        "--set",
        f"rate_limit={rate_limit}",
        stdin=f"webhook_url={portal.webhook_url}\n",
    )
    assert added.returncode == 0, added.stderr
    return name


def deals(path: Path, count: int, start: int = 1) -> Path:
    path.write_text("ID\n" + "".join(f"{i}\n" for i in range(start, start + count)))
    return path


def rows_of(run_id: str) -> dict[int, str]:
    shown = cli("bulk", "show", run_id, "--json")
    assert shown.returncode == 0, shown.stderr
    return {row["row"]: row["state"] for row in json.loads(shown.stdout)["rows"]}


def test_kill_9_mid_run_then_resume_sends_nothing_twice_and_loses_nothing(
    real_keyring: KeyringSecretStore, portal: BatchPortal, tmp_path: Path
) -> None:
    profile = add_hook(portal, "none")
    portal.state.delay = 0.25  # batches stay on the wire long enough to be caught there
    total = 1500
    process = start(*run_args(profile, deals(tmp_path / "deals.csv", total)))
    deadline = time.monotonic() + 60
    while sum(portal.state.fired.values()) < 300 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=10)  # reaps it and closes its pipes
    time.sleep(0.6)  # the portal finishes what was on the wire when the client died

    listed = json.loads(cli("bulk", "list", "--json").stdout)["runs"]
    assert len(listed) == 1
    run_id = listed[0]["run_id"]
    states = rows_of(run_id)
    assert len(states) == total and "sent" not in states.values()  # its holder is dead
    assert listed[0]["unknown"] > 0 and listed[0]["pending"] > 0
    fired = {int(target.split("_")[1]) for target in portal.state.fired}
    # No item falsely ok: every ok row really ran on the portal.
    assert {row for row, state in states.items() if state == "ok"} <= fired
    # Everything the portal ran is either ok or unknown, never "pending" (would be re-sent).
    assert all(states[row] in ("ok", "unknown") for row in fired)
    unknown = {row for row, state in states.items() if state == "unknown"}

    resumed = cli("bulk", "resume", run_id, "--json")
    assert resumed.returncode == 3, resumed.stderr  # the unknown items still have no answer
    data = json.loads(resumed.stdout)
    assert data["unknown"] == len(unknown) and data["pending"] == 0
    assert data["ok"] == total - len(unknown)
    # No item twice; nothing lost: every row ran exactly once or is unknown.
    assert max(portal.state.fired.values()) == 1
    ran = {int(target.split("_")[1]) for target in portal.state.fired}
    assert ran | unknown == set(range(1, total + 1))
    after = rows_of(run_id)
    assert {row for row, state in after.items() if state != "ok"} == unknown

    # Asked to, resume re-sends exactly the unknown ones.
    before = dict(portal.state.fired)
    again = cli("bulk", "resume", run_id, "--resend-unknown", "--json")
    assert again.returncode == 0, again.stderr
    resent = {t for t, n in portal.state.fired.items() if n != before.get(t, 0)}
    assert resent == {f"DEAL_{row}" for row in unknown}


def test_two_processes_share_one_bucket(
    real_keyring: KeyringSecretStore, portal: BatchPortal, tmp_path: Path
) -> None:
    portal.state.bucket = (10.0, 10.0)  # the portal enforces it: over it, 503
    first, second = add_hook(portal, "10/10"), add_hook(portal, "10/10")
    runs = [
        start(*run_args(first, deals(tmp_path / "a.csv", 600))),
        start(*run_args(second, deals(tmp_path / "b.csv", 600, start=1001))),
    ]
    outputs = [process.communicate(timeout=120) for process in runs]
    for process, (out, err) in zip(runs, outputs, strict=True):
        assert process.returncode == 0, err
        assert json.loads(out)["ok"] == 600
    # Each alone would burst 9 at once: together they would overflow a 10-bucket.
    assert portal.state.refused_503 == 0
    assert portal.state.requests == 24
    assert set(portal.state.fired.values()) == {1}


def test_ctrl_c_stops_sending_and_reports_what_has_no_answer(
    real_keyring: KeyringSecretStore, portal: BatchPortal, tmp_path: Path
) -> None:
    profile = add_hook(portal, "none")
    portal.state.delay = 0.25
    process = start(*run_args(profile, deals(tmp_path / "deals.csv", 1500)))
    deadline = time.monotonic() + 60
    while sum(portal.state.fired.values()) < 200 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 3, err
    data = json.loads(out)
    assert data["pending"] > 0 and data["ok"] + data["unknown"] + data["pending"] == 1500
    assert "Traceback" not in err
    time.sleep(0.6)
    states = rows_of(data["run_id"])
    fired = {int(target.split("_")[1]) for target in portal.state.fired}
    assert {row for row, state in states.items() if state == "ok"} <= fired
    assert all(states[row] in ("ok", "unknown") for row in fired)
