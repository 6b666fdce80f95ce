"""Numbers typed on a command line or in a file, read the way the docs write them.

`int()` and `float()` also take "١٢" (other scripts' digits), "1_000", " 12\\n", "nan",
"inf" and thousands of digits; a port, a timeout or a rate limit is none of those. This
is the one reader every flag and rate uses (cli/_numbers, sandbox limits, history ids).
"""

from __future__ import annotations

import math
import re

_WHOLE = re.compile(r"-?[0-9]{1,25}")
_DECIMAL = re.compile(r"-?(?:[0-9]{1,25}(?:\.[0-9]{0,25})?|\.[0-9]{1,25})")


def ascii_whole_number(text: str) -> int | None:
    """`text` (spaces around allowed) as a whole number of ASCII digits, else None."""
    text = text.strip(" ")
    return int(text) if _WHOLE.fullmatch(text) else None


def ascii_decimal(text: str) -> float | None:
    """`text` as a finite decimal number of ASCII digits (no exponent, nan, inf), else None."""
    text = text.strip(" ")
    if not _DECIMAL.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None
