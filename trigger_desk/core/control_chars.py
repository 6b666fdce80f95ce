"""Control characters: refused in names and ids, neutralised before a terminal sees them.

An id or key holding a control character (a trailing newline, NUL, ESC) passes a loose
rule by accident and means something else to a server or a terminal. `control_problem`
is the one check; `terminal_safe` is what the CLI applies to every line it prints, so an
escape sequence in a file or a server's answer is shown, never obeyed.
"""

from __future__ import annotations

import re
import unicodedata

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP, Msg

# C0 (but \t and \n), DEL, C1, lone surrogates (undecodable bytes), and the bidi
# overrides that can make a terminal show text in another order than it is.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def control_problem(text: str, *, allow: str = "") -> str | None:
    """Why `text` may not be used as a name, id, key or code (None when it may).

    Refuses characters of Unicode category Cc (C0, DEL, C1) other than those in `allow`,
    and lone surrogates (what bytes that are not UTF-8 become).
    """
    for ch in text:
        if ch in allow:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return Msg(
                QT_TRANSLATE_NOOP("core", "may not hold control characters (found {char})"),
                char=f"U+{ord(ch):04X}",
            )
        if category == "Cs":
            return QT_TRANSLATE_NOOP("core", "holds bytes that are not UTF-8 text")
    return None


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def terminal_safe(text: str) -> str:
    """`text` with every control character a terminal could act on shown as `\\uXXXX`.

    Line feeds and tabs stay; a CR before a line feed is dropped. Valid JSON stays valid
    JSON with the same meaning (such characters only occur inside its strings, where
    `\\uXXXX` is the escape JSON itself uses).
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape, text.replace("\r\n", "\n"))
