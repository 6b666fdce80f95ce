"""Why the window cannot open, said on stderr before Qt aborts (Qt-free).

Qt aborts the process (SIGABRT, exit 134) when no platform plugin starts: no display,
a display that cannot be reached, or missing X11 libraries. Its reasons arrive as
messages before the abort, while the window's log does not exist yet. So:

- `no_display_problem()` is checked before a QApplication is made: on Linux with no
  DISPLAY, no WAYLAND_DISPLAY and no QT_QPA_PLATFORM the answer is known already;
- `EarlyQtMessages` keeps Qt's messages until logging starts; on a fatal one it prints
  them all with advice and ends the process with `EXIT_NO_WINDOW` (no core dump).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from typing import TextIO

# Something failed on this machine (the command line's exit code for the same).
EXIT_NO_WINDOW = 1
PROG = "trigger-desk"

_WITHOUT_DISPLAY = (
    f"Without a display: run it under a virtual one (`xvfb-run {PROG}`), or use the "
    f"command line (`{PROG} --help`)."
)
_X11_LIBRARIES = (
    "If the libraries Qt needs for X11 are missing, install them: on Debian or Ubuntu "
    "`sudo apt install libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 "
    "libxcb-shape0 libxcb-render-util0 libxcb-image0`; on Fedora `sudo dnf install "
    "xcb-util-cursor libxkbcommon-x11`."
)


def no_display_problem(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why no window can open here, known before Qt tries; None when it may open."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        f"{PROG}: cannot open the window: there is no display (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set, as over ssh or in a container).\n"
        f"{_WITHOUT_DISPLAY}"
    )


def fatal_advice(messages: list[tuple[str, str]], environ: Mapping[str, str]) -> str:
    """What to do, judged from Qt's own messages."""
    text = "\n".join(message for _, message in messages).lower()
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen and "could not find the qt platform plugin" in text:
        return (
            f"QT_QPA_PLATFORM is set to {chosen!r}, a platform plugin Qt does not have: "
            f"unset it, or choose one of those listed above.\n{_WITHOUT_DISPLAY}"
        )
    if "could not connect to display" in text:
        # Qt then also asks for xcb-cursor0, even when it is installed: lead with the cause.
        shown = environ.get("DISPLAY", "")
        return (
            f"The display {shown!r} could not be reached: is that desktop session running, "
            "and may this user draw on it (XAUTHORITY, xhost)?\n"
            f"{_X11_LIBRARIES}\n{_WITHOUT_DISPLAY}"
        )
    if "wayland" in text and "xcb" not in text:
        return (
            "Qt could not use the Wayland display; try the X11 one with "
            f"`QT_QPA_PLATFORM=xcb {PROG}`.\n{_WITHOUT_DISPLAY}"
        )
    return f"{_X11_LIBRARIES}\n{_WITHOUT_DISPLAY}"


class EarlyQtMessages:
    """Qt's messages before logging starts; a fatal one is told on stderr, then exit."""

    def __init__(
        self,
        stream: Callable[[], TextIO] = lambda: sys.stderr,
        exit_now: Callable[[int], object] = os._exit,
        environ: Mapping[str, str] = os.environ,
    ) -> None:
        self.messages: list[tuple[str, str]] = []
        self._stream = stream
        self._exit_now = exit_now
        self._environ = environ

    def add(self, kind: str, message: str) -> None:
        """One message (`kind`: the QtMsgType name); a QtFatalMsg ends the process."""
        self.messages.append((kind, message))
        if kind == "QtFatalMsg":
            self.report_fatal()

    def take(self) -> list[tuple[str, str]]:
        """The messages so far, for the log; the buffer is emptied."""
        taken, self.messages = self.messages, []
        return taken

    def report_fatal(self) -> None:
        """Print why Qt gave up, then end the process (Qt would abort with no word)."""
        out = self._stream()
        lines = [f"{PROG}: the window could not start. Qt said:"]
        for _kind, message in self.messages:
            lines += [f"  {line}" for line in message.strip().splitlines() if line.strip()]
        lines.append(fatal_advice(self.messages, self._environ))
        try:
            out.write("\n".join(lines) + "\n")
            out.flush()
        finally:
            self._exit_now(EXIT_NO_WINDOW)
