"""`trigger-desk` with arguments is the command line: a typo gets the usage, never a window."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def run_entry(*args: str) -> subprocess.CompletedProcess[str]:
    # No display and no Qt platform override: were the window started, Qt would abort.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    return subprocess.run(
        [sys.executable, "-m", "trigger_desk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("fier",), "Did you mean `trigger-desk fire`?"),
        (("histroy", "list"), "Did you mean `trigger-desk history`?"),
        (("--bogus",), "unknown option '--bogus'"),
        (("-platform", "offscreen"), "unknown option '-platform'"),
        (("FIRE",), "invalid choice: 'FIRE'"),
    ],
)
def test_a_mistyped_command_prints_usage_and_exits_2(args: tuple[str, ...], expected: str) -> None:
    done = run_entry(*args)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("usage: trigger-desk")
    assert expected in done.stderr
    commands = done.stderr.split("Commands: ")[1]
    assert all(name in commands for name in ("fire", "profiles", "history", "presets", "sandbox"))
    assert "Traceback" not in done.stderr


def test_a_mistyped_action_names_the_actions() -> None:
    done = run_entry("profiles", "lst")
    assert done.returncode == 2
    assert "invalid choice: 'lst' (choose from 'add', 'list', 'show', 'remove')" in done.stderr


def test_help_still_answers() -> None:
    done = run_entry("--help")
    assert done.returncode == 0
    assert "COMMAND" in done.stdout
