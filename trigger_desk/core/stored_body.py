"""How much of a body history keeps: the one cut, shared by requests and responses.

Masking comes first and cutting second: cutting first could leave the start of a
secret that straddles the limit in the stored text, where the mask no longer finds it.
"""

from __future__ import annotations

from trigger_desk.core.redact import Redactor

# History keeps at most this many characters of a request or response body.
MAX_STORED_BODY = 256 * 1024


def body_for_history(
    text: str, redactor: Redactor, *, what: str, size: int
) -> tuple[str, str | None]:
    """(`text` masked then cut to MAX_STORED_BODY characters, a note saying what was left
    out or None). `what` names the body in the note ("request body"), `size` is its
    size in bytes as sent or received."""
    if len(text) <= MAX_STORED_BODY:
        return redactor.mask(text), None
    # Masked before the cut (a secret straddling it is masked whole); only the kept part
    # is scanned, so a 10 MB body costs no more than 256 KB.
    left_out = len(text) - MAX_STORED_BODY
    return redactor.mask_cut(text, MAX_STORED_BODY), (
        f"The {what} was {size:,} bytes; history keeps its first {MAX_STORED_BODY:,} "
        f"characters (about {left_out:,} more were left out)."
    )
