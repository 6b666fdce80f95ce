"""Writing a file so that a reader or a crash sees the old or the new text, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(
    path: Path, text: str, *, create_folder: bool = True, errors: str = "strict"
) -> None:
    """Write `text` (UTF-8, '\\n' line ends) to `path` through a temporary file and
    `os.replace`.

    The temporary name is unique (two writers never share one, and a leftover from a
    crash is never reused) and sits in the same folder, so the rename cannot cross file
    systems. The data is fsynced before the rename: after a power cut the file holds the
    old or the new text, not an empty one. The folder is created if missing (unless
    `create_folder` is False: a user's mistyped output folder is an error to report); on
    failure the temporary file is removed and the error raised. `errors` is the UTF-8
    encoder's ("surrogateescape" writes back bytes that were read undecodable).
    """
    if create_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors=errors, newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
