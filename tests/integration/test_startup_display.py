"""With no usable display the window says why on stderr and exits 1 (Qt would abort
silently with 134): a real subprocess each time, with the environment stripped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from trigger_desk.app_start import EXIT_NO_WINDOW, no_display_problem

DISPLAY_VARS = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def open_window(**env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARS}
    env["TRIGGER_DESK_EXIT_WHEN_IDLE"] = "booted"  # should it open after all: close it
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "trigger_desk"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_told(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode == EXIT_NO_WINDOW, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    for text in expected:
        assert text in done.stderr, done.stderr
    assert "xvfb-run trigger-desk" in done.stderr and "trigger-desk --help" in done.stderr


def test_no_display_at_all_is_said_before_qt_tries(isolated_dirs: dict[str, Path]) -> None:
    done = open_window()
    assert_told(done, "there is no display", "neither DISPLAY nor WAYLAND_DISPLAY")
    # Qt never ran: no log file was needed to find out why.
    assert not (isolated_dirs["state"] / "trigger-desk" / "trigger-desk.log").exists()


def test_a_display_that_cannot_be_reached_prints_qts_own_messages() -> None:
    done = open_window(DISPLAY=":473")  # no X server has this number here
    assert_told(
        done,
        "the window could not start. Qt said:",
        "could not connect to display :473",  # Qt's own words, collected before logging
        "no Qt platform plugin could be initialized",
        "The display ':473' could not be reached",
        "libxcb-cursor0",
    )


def test_a_platform_plugin_that_does_not_exist() -> None:
    done = open_window(QT_QPA_PLATFORM="nosuchplugin")
    assert_told(
        done,
        'Could not find the Qt platform plugin "nosuchplugin"',
        "QT_QPA_PLATFORM is set to 'nosuchplugin'",
    )


@pytest.mark.parametrize(
    ("environ", "platform", "blocked"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_only_linux_without_any_display_is_refused_up_front(
    environ: dict[str, str], platform: str, blocked: bool
) -> None:
    assert (no_display_problem(environ, platform) is not None) is blocked
