"""Start-up as an outside observer sees it: process start -> the X server shows the
window mapped, for Trigger Desk and for a bare PySide6 QMainWindow, alternately, under
the same X server (a private Xvfb). The target is a ratio of at most 1.3.

The observer polls `xdotool search --onlyvisible --name` every few milliseconds. It
also reports when Fire becomes usable: the moment the app's back end is attached
(`TRIGGER_DESK_EXIT_WHEN_IDLE=booted-report` makes the app print that moment, on the same
monotonic clock, and quit).

    TRIGGER_DESK_BENCH=1 uv run pytest tests/bench/test_bench_window_mapped.py -s
    TRIGGER_DESK_BENCH=1 uv run python tests/bench/test_bench_window_mapped.py --runs 15

Needs Xvfb and xdotool (apt-get install xvfb xdotool); skipped without them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.bench_startup import ENABLE_ENV, TARGET_RATIO, _environment

POLL_S = 0.004
TIMEOUT_S = 30.0
APP_TITLE = "Trigger Desk"
BARE_TITLE = "bare"
# The bare window stays open (the observer ends it once it has seen it mapped).
BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1280, 800)
window.show()
sys.exit(app.exec())
"""


@contextmanager
def private_display() -> Iterator[str]:
    """A fresh Xvfb at 1280x800 on a free display number."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def _visible(title: str, env: dict[str, str]) -> bool:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
        env=env,
        capture_output=True,
        check=False,
    )
    return found.returncode == 0 and bool(found.stdout.strip())


def time_to_mapped(command: list[str], title: str, env: dict[str, str]) -> float:
    """Seconds from starting `command` until a window named `title` is mapped."""
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while not _visible(title, env):
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"{title} exited ({process.returncode}) unseen: {error}")
            if time.monotonic() - started > TIMEOUT_S:
                raise RuntimeError(f"{title} was not mapped within {TIMEOUT_S} s")
            time.sleep(POLL_S)
        return time.monotonic() - started
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def time_to_fire_usable(env: dict[str, str]) -> float:
    """Seconds from process start until the app's back end is attached (Fire works)."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "trigger_desk"],
        env={**env, "TRIGGER_DESK_EXIT_WHEN_IDLE": "booted-report"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("booted-at ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the app did not boot ({done.returncode}): {done.stderr.strip()}")
    return float(lines[-1].split()[1]) - started


def measure(runs: int = 15) -> dict[str, float]:
    """Medians in seconds: bare window mapped, app window mapped, app's Fire usable."""
    with (
        tempfile.TemporaryDirectory(prefix="trigger-desk-mapped-") as folder,
        private_display() as display,
    ):
        env = {**_environment(Path(folder)), "DISPLAY": display}
        env.pop("WAYLAND_DISPLAY", None)
        env.pop("QT_QPA_PLATFORM", None)
        app = [sys.executable, "-m", "trigger_desk"]
        bare = [sys.executable, "-c", BARE_WINDOW]
        # One unmeasured round: file cache and bytecode for both.
        time_to_mapped(bare, BARE_TITLE, env)
        time_to_mapped(app, APP_TITLE, env)
        times: dict[str, list[float]] = {"bare": [], "app": [], "fire": []}
        for _ in range(runs):
            times["bare"].append(time_to_mapped(bare, BARE_TITLE, env))
            times["app"].append(time_to_mapped(app, APP_TITLE, env))
            times["fire"].append(time_to_fire_usable(env))
    return {name: statistics.median(values) for name, values in times.items()}


def report(medians: dict[str, float]) -> float:
    ratio = medians["app"] / medians["bare"]
    print(
        f"bare QMainWindow mapped   {medians['bare'] * 1000:7.1f} ms (median)\n"
        f"Trigger Desk mapped       {medians['app'] * 1000:7.1f} ms  ratio {ratio:.2f} "
        f"(target <= {TARGET_RATIO})\n"
        f"Trigger Desk Fire usable  {medians['fire'] * 1000:7.1f} ms  (back end attached)"
    )
    return ratio


def _tools_missing() -> str:
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    return f"needs {' and '.join(missing)}" if missing else ""


@pytest.mark.bench
@pytest.mark.skipif(os.environ.get(ENABLE_ENV) != "1", reason="set TRIGGER_DESK_BENCH=1")
@pytest.mark.skipif(bool(_tools_missing()), reason=_tools_missing() or "tools present")
def test_window_mapped_ratio() -> None:
    ratio = report(measure())
    assert ratio <= TARGET_RATIO


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if _tools_missing():
        print(f"skipped: {_tools_missing()}")
        return 0
    ratio = report(measure(args.runs))
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
