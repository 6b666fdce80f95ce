"""The real start-up path: `trigger-desk` opens the window, boots, and says nothing."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trigger_desk.__main__ import CLI_COMMANDS, main
from trigger_desk.cli._parser import build_parser


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
    # Every sub-command the command line knows reaches it (`bulk` once opened the window).
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) == CLI_COMMANDS
    assert main(["trigger-desk", "profiles", "list"]) == 0


NO_KEYRING: dict[str, dict[str, str | None]] = {
    # keyring's own refusing backend
    "fail-backend": {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    # the real case: no session bus, so no Secret Service to find
    "no-secret-service": {"DBUS_SESSION_BUS_ADDRESS": None, "PYTHON_KEYRING_BACKEND": None},
}


@pytest.mark.parametrize("keyring_env", sorted(NO_KEYRING))
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_closes_the_window_even_with_no_keyring(
    isolated_dirs: dict[str, Path], signum: int, keyring_env: str
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for name, value in NO_KEYRING[keyring_env].items():
        env.pop(name, None)
        if value is not None:
            env[name] = value
    log = isolated_dirs["state"] / "trigger-desk" / "trigger-desk.log"
    app = subprocess.Popen(
        [sys.executable, "-m", "trigger_desk"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while "the back end is attached" not in (log.read_text() if log.exists() else ""):
            assert app.poll() is None, app.communicate()
            assert time.monotonic() < deadline, "the window never finished starting"
            time.sleep(0.1)
        app.send_signal(signum)
        out, err = app.communicate(timeout=30)  # raises if it hangs
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, err
    assert out == "" and err == ""
    text = log.read_text()
    assert "closed with status 0" in text and "(forced)" not in text
    assert "secrets cannot be stored: Cannot use the OS keyring" in text  # said at start


def catches(pid: int, signum: int) -> bool:
    """Whether the process has its own handler for `signum` (Linux: SigCgt in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    [mask] = [line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")]
    return bool(int(mask, 16) >> (signum - 1) & 1)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_at_any_moment_of_start_up_ends_the_process(
    isolated_dirs: dict[str, Path], signum: int
) -> None:
    # Wherever start-up is when the signal lands (imports, Qt, the back end booting),
    # the process ends: quietly, soon, and with 128+n, or 0 once the window closed
    # itself. Counted from when Trigger Desk's own code runs (its SIGTERM handler is
    # in place; before that only the interpreter's start-up runs, with its defaults).
    # The delays only spread the moments.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    codes: list[int] = []
    for delay in (0.0, 0.05, 0.15, 0.3, 0.6, 1.0):
        app = subprocess.Popen(
            [sys.executable, "-m", "trigger_desk"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 30
            while not catches(app.pid, signal.SIGTERM) and app.poll() is None:
                assert time.monotonic() < deadline, "start-up never reached Trigger Desk's code"
                time.sleep(0.002)
            time.sleep(delay)
            app.send_signal(signum)
            out, err = app.communicate(timeout=30)
        finally:
            if app.poll() is None:
                app.kill()
                app.communicate()
        assert app.returncode in (0, 128 + signum), (delay, app.returncode, err)
        assert "Traceback" not in err and out == "" and err == "", (delay, err)
        codes.append(app.returncode)
    assert codes[0] == 128 + signum  # at once: still importing, before any window


# The signal lands after the window's handler is set and before the event loop runs.
_SIGNAL_BEFORE_SHOW = """
import os, sys
from trigger_desk import app
from trigger_desk.ui.shell.main_window import MainWindow

shown = MainWindow.show

def signal_then_show(window):
    os.kill(os.getpid(), {signum})
    shown(window)

MainWindow.show = signal_then_show
sys.exit(app.run(["trigger-desk"]))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_just_before_the_event_loop_runs_still_ends_the_process(
    isolated_dirs: dict[str, Path], signum: int
) -> None:
    # Closing there at once would close a window not yet shown and quit a loop not
    # yet running: the window would then open and stay (the process never ended).
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    script = _SIGNAL_BEFORE_SHOW.format(signum=int(signum))
    app = subprocess.Popen(
        [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        out, err = app.communicate(timeout=30)  # raises if it hangs
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, err
    assert b"Traceback" not in err and out == b""
