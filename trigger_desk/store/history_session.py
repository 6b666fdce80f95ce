"""Who began a call, and whether they are still waiting for its answer.

Every `HistoryStore` is a session: a random token plus the process id and host name
that own it, written on each row it begins. A row with no outcome and no finish time
is either still in flight or was left behind by a program that stopped mid-call:

- a session open in this process: in flight;
- a session of this process that has been closed: interrupted;
- another process on this host: in flight while that process is running;
- any other session: in flight until `IN_FLIGHT_LIMIT` has passed since the call
  started (no call can run that long: the engine's total time limit is a minute, and
  it also covers a process id reused by an unrelated program).
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

IN_FLIGHT_LIMIT = timedelta(hours=1)

# Tokens of the sessions open in this process (set add/discard are atomic).
_OPEN_TOKENS: set[str] = set()


@dataclass(frozen=True)
class Session:
    """The identity a HistoryStore writes on the rows it begins."""

    token: str = field(default_factory=lambda: secrets.token_hex(8))
    pid: int = field(default_factory=os.getpid)
    host: str = field(default_factory=socket.gethostname)

    def open(self) -> None:
        _OPEN_TOKENS.add(self.token)

    def close(self) -> None:
        _OPEN_TOKENS.discard(self.token)

    def still_running(self, token: str, pid: int, host: str, started_at: str) -> bool:
        """Whether the session that began a call (still without an answer) is alive."""
        if token in _OPEN_TOKENS:
            return True
        if host == self.host and pid == self.pid:
            return False  # this process, but that store was closed
        if _older_than(started_at, IN_FLIGHT_LIMIT):
            return False
        if host == self.host:
            return process_alive(pid)
        return True  # another machine: only the age limit can tell


def _older_than(started_at: str, limit: timedelta) -> bool:
    try:
        started = datetime.fromisoformat(started_at)
    except ValueError:
        return True  # unreadable time: do not keep the row "in flight" forever
    if started.tzinfo is None:
        started = started.replace(tzinfo=UTC)
    return datetime.now(UTC) - started > limit


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running on this machine."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: existence check only, nothing is sent
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    return True


if sys.platform == "win32":
    import ctypes

    def _windows_process_alive(pid: int) -> bool:
        # os.kill(pid, 0) would terminate the process on Windows; ask the kernel instead.
        query_limited_information, still_active = 0x1000, 259
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(query_limited_information, False, pid)
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == still_active
        finally:
            kernel32.CloseHandle(handle)
