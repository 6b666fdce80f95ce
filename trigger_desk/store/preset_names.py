"""Preset names and the file names made from them."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_LENGTH = 100
# Names Windows refuses as file names, whatever the extension.
_RESERVED_STEMS = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


def check_name(name: str) -> str | None:
    """Why `name` cannot name a preset (None when it can)."""
    if not name.strip():
        return "a preset name must not be empty"
    if name != name.strip():
        return "a preset name may not start or end with spaces"
    if len(name) > MAX_NAME_LENGTH:
        return f"a preset name may be at most {MAX_NAME_LENGTH} characters"
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return "a preset name may not hold control characters"
    if not file_stem(name).strip("-"):
        return "a preset name needs at least one letter or digit"
    return None


def file_stem(name: str) -> str:
    """A safe, case-folded file name stem for a preset name ("Move deal → Won" -> "move-deal-won").

    Letters (any script) and digits are kept, everything else becomes '-'; case-folded so
    names that differ only in case cannot collide on macOS or Windows file systems.
    """
    folded = unicodedata.normalize("NFC", name).casefold()
    stem = re.sub(r"[^\w]+|_", "-", folded).strip("-")
    stem = re.sub(r"-{2,}", "-", stem)[:80].strip("-")
    if stem in _RESERVED_STEMS:
        stem += "-preset"
    return stem
