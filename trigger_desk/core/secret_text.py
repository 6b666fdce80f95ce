"""What a stored secret may look like: it goes into an HTTP header, URL path or form.

HTTP header values are bytes; httpx encodes them as ASCII and raises on anything else,
so a key pasted with an "é" or a Cyrillic look-alike letter would fail deep inside the
send. Checked here, before sending, for every secret of every auth kind (Wix puts them
in `Authorization`, a Bitrix24 webhook secret sits in the URL path, OAuth tokens in the
body): printable ASCII only, no leading or trailing whitespace. The value is never
repeated in a message, only where the first bad character is.
"""

from __future__ import annotations

import re

# Printable ASCII: space (inside only) through "~".
_BAD_CHARACTER = re.compile(r"[^\x20-\x7e]")


def secret_text_problem(value: str) -> str | None:
    """Why `value` cannot be sent as a credential (None when it can); never echoes it."""
    bad = _BAD_CHARACTER.search(value)
    if bad is not None:
        position = bad.start() + 1
        if ord(bad.group()) < 0x20 or 0x7F <= ord(bad.group()) <= 0x9F:
            kind = "a control character"
        else:
            kind = "a character that is not plain ASCII (a look-alike letter?)"
        return (
            f"holds {kind} at position {position}; credentials are plain ASCII: "
            "copy the value again from its source"
        )
    if value != value.strip():
        return "starts or ends with whitespace; copy the value again without it"
    return None
