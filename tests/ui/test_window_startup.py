"""The real start-up path: `trigger-desk` opens the window, boots, and says nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from trigger_desk.__main__ import CLI_COMMANDS, main


def run_app(env_extra: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "trigger_desk"],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_window_boots_and_closes_with_no_output(isolated_dirs: dict[str, Path]) -> None:
    done = run_app({"TRIGGER_DESK_EXIT_WHEN_IDLE": "booted"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr == ""
    state = isolated_dirs["state"] / "trigger-desk"
    settings = (state / "window.ini").read_text()
    assert "geometry" in settings  # remembered for the next start
    log = (state / "trigger-desk.log").read_text()
    assert "ERROR" not in log
    assert "closed with status 0" in log


def test_exit_at_first_idle_for_the_benchmark(isolated_dirs: dict[str, Path]) -> None:
    done = run_app({"TRIGGER_DESK_EXIT_WHEN_IDLE": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_subcommands_go_to_the_cli(capsys: object) -> None:
    assert {"fire", "presets", "profiles", "history", "sandbox", "stages", "items"} == CLI_COMMANDS
    assert main(["trigger-desk", "profiles", "list"]) == 0
