"""What a stored secret may look like: it goes into an HTTP header, URL path or form.

HTTP header values are bytes; httpx encodes them as ASCII and raises on anything else,
so a key pasted with an "é" or a Cyrillic look-alike letter would fail deep inside the
send. Checked here, before sending, for every secret of every auth kind: no control
characters and no leading or trailing whitespace anywhere; printable ASCII only for
those sent in a header (a Wix API key or app token in `Authorization`). Bitrix24 OAuth
secrets travel percent-encoded or in the JSON body, where any text is sendable; a
webhook secret in the URL path is held to letters, digits, "_" and "-" by
`webhook_url`. The value is never repeated in a message, only where the bad character is.
"""

from __future__ import annotations

import re

# Secrets sent as an HTTP header value (httpx encodes those as ASCII).
HEADER_SECRETS = frozenset({"api_key", "wix_app_token"})
# Printable ASCII: space (inside only) through "~".
_NOT_HEADER_TEXT = re.compile(r"[^\x20-\x7e]")
# C0, DEL, C1 and lone surrogates: never part of a credential.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def secret_text_problem(value: str, *, header: bool = True) -> str | None:
    """Why `value` cannot be sent as a credential (None when it can); never echoes it.
    `header`: it is sent as a header value, so it must be plain ASCII too."""
    bad = (_NOT_HEADER_TEXT if header else _CONTROL).search(value)
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
