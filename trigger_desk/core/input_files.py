"""Reading files a person points at, with a size limit and no surprises.

A FIFO would block forever, /dev/zero would fill memory, a symlink loop or an unreadable
file would end in a raw OSError: `read_text_file` refuses each with `InputFileRefused`,
a sentence naming the file, before reading more than the limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from trigger_desk.core.strict_json import JsonRefused, decode_utf8

MIB = 1024 * 1024
# A preset is a few hundred bytes; a megabyte is a generous cap for one.
MAX_PRESET_FILE_BYTES = 1 * MIB
MAX_PROFILES_FILE_BYTES = 1 * MIB
# Payloads may be large (10 MB is sent); the sandbox accepts up to 16 MB.
MAX_PAYLOAD_FILE_BYTES = 16 * MIB


class InputFileRefused(ValueError):
    """A file that cannot be read as text; the message names it and says why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def _size_text(size: int) -> str:
    return f"{size / MIB:.1f} MB" if size >= MIB else f"{size:,} bytes"


def read_bytes_file(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` of them; `InputFileRefused` otherwise."""
    try:
        info = path.stat()  # follows symlinks: a loop raises ELOOP here
    except OSError as error:
        raise InputFileRefused(path, _os_reason(error)) from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        if stat.S_ISFIFO(info.st_mode):
            kind = "a named pipe (FIFO), not a regular file"
        raise InputFileRefused(path, f"cannot read: it is {kind}")
    if info.st_size > limit:
        raise InputFileRefused(
            path,
            f"is {_size_text(info.st_size)}; files read here may be at most {_size_text(limit)}",
        )
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, open returns.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputFileRefused(path, _os_reason(error)) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputFileRefused(path, "cannot read: it is not a regular file")
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise InputFileRefused(path, _os_reason(error)) from None
    if len(data) > limit:
        raise InputFileRefused(
            path, f"is larger than {_size_text(limit)}, the most files read here may hold"
        )
    return data


def read_text_file(path: Path, limit: int) -> str:
    """A regular file's UTF-8 text (at most `limit` bytes); `InputFileRefused` otherwise."""
    data = read_bytes_file(path, limit)
    try:
        return decode_utf8(data, str(path))
    except JsonRefused as refused:
        raise InputFileRefused(path, refused.reason) from None


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return "cannot read: no such file"
    if error.errno == errno.ELOOP:
        return "cannot read: a symbolic link that points back at itself (a loop)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "cannot read: permission denied"
    if error.errno == errno.EISDIR:
        return "cannot read: it is a folder"
    return f"cannot read: {error.strerror or error}"
