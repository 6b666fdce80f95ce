"""The one JSON loader for everything a person or a file hands in.

Python's `json` accepts what the platforms' JSON parsers do not (NaN, Infinity, numbers
too big for 64 bits, lone UTF-16 surrogates) and fails with RecursionError or a bare
ValueError on hostile input. `loads_strict` refuses all of these with `JsonRefused`,
which names the place in the document (`payload.items[2].id`) and the reason, so every
input path (`--payload`, presets, profiles.json, the window's editor) answers alike.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Deeper documents are refused: no trigger payload needs more, and Python's parser
# would otherwise recurse until it runs out of stack.
MAX_JSON_DEPTH = 64
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_SURROGATE = re.compile("[\ud800-\udfff]")
_INT_DIGITS = 19  # more digits than this cannot be a signed 64-bit number


class JsonRefused(ValueError):
    """Text that is not JSON the platforms accept. `where` names the place in it."""

    def __init__(
        self, where: str, reason: str, *, line: int | None = None, column: int | None = None
    ) -> None:
        self.where = where
        self.reason = reason
        self.line = line  # where malformed text went wrong, when it did
        self.column = column
        super().__init__(f"{where}: {reason}")


class _Refused:
    """Stands in for a number the parser met but the platforms would not take.

    `original` is what plain `json` would have made of it, so a file holding one can be
    written back unchanged (see `keep_refused`).
    """

    __slots__ = ("original", "reason")

    def __init__(self, reason: str, original: Any) -> None:
        self.reason = reason
        self.original = original


def keep_refused(value: Any) -> Any:
    """`default=` for `json.dumps`: writes refused numbers back as they were read."""
    if isinstance(value, _Refused):
        return value.original
    raise TypeError(f"{type(value).__name__} is not JSON")


def _parse_int(text: str) -> int | _Refused:
    digits = text.lstrip("-")
    if len(digits) > _INT_DIGITS or not INT64_MIN <= int(text) <= INT64_MAX:
        shown = text if len(text) <= 24 else f"{text[:12]}…({len(digits)} digits)"
        return _Refused(
            f"the number {shown} does not fit in 64 bits (the platforms' limit); "
            "give an id that large as text in quotes",
            int(text) if len(digits) <= 4000 else text,
        )
    return int(text)


def _parse_float(text: str) -> float | _Refused:
    value = float(text)
    if not math.isfinite(value):
        return _Refused(f"the number {text[:24]} is too large for a JSON number", value)
    return value


def _parse_constant(name: str) -> _Refused:
    return _Refused(
        f"{name} is not JSON (the platforms refuse NaN and Infinity); use a number or null",
        float(name),
    )


def loads_strict(text: str, where: str = "payload", *, check: bool = True) -> Any:
    """Parse `text` as JSON the platforms accept, or raise `JsonRefused` naming the place.

    Refused: malformed JSON (with line and column), nesting deeper than MAX_JSON_DEPTH,
    integers outside signed 64 bits, NaN/Infinity and overflowing floats, lone UTF-16
    surrogates (also what undecodable bytes in argv turn into). With `check=False` only
    malformed and too deep text is refused: the caller checks the parts with
    `check_value` (a file of several records refuses only the bad ones).
    """
    try:
        value = json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except json.JSONDecodeError as error:
        raise JsonRefused(
            where,
            f"not JSON ({error.msg} at line {error.lineno}, column {error.colno})",
            line=error.lineno,
            column=error.colno,
        ) from None
    except RecursionError:
        raise JsonRefused(where, f"nested more than {MAX_JSON_DEPTH} levels deep") from None
    except ValueError as error:  # e.g. Python's own digit limit on integers
        raise JsonRefused(where, f"not JSON ({str(error).split(';')[0]})") from None
    if check:
        check_value(value, where)
    return value


def check_value(value: Any, where: str = "payload") -> None:
    """Raise `JsonRefused` for the first part of an already parsed value the platforms
    would refuse (see `loads_strict`); walks iteratively, so depth cannot overflow."""
    stack: list[tuple[Any, str, int]] = [(value, where, 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= MAX_JSON_DEPTH:
                # The path itself would be 64 steps long: name the top instead.
                raise JsonRefused(where, f"nested more than {MAX_JSON_DEPTH} levels deep")
            if isinstance(item, dict):
                for key, inner in reversed(list(item.items())):
                    key_text = str(key)
                    if _SURROGATE.search(key_text):
                        raise JsonRefused(f"{path}.{_shown_key(key_text)}", _SURROGATE_REASON)
                    stack.append((inner, f"{path}.{key_text}", depth + 1))
            else:
                for index in range(len(item) - 1, -1, -1):
                    stack.append((item[index], f"{path}[{index}]", depth + 1))
        elif isinstance(item, _Refused):
            raise JsonRefused(path, item.reason)
        elif isinstance(item, str):
            if _SURROGATE.search(item):
                raise JsonRefused(path, _SURROGATE_REASON)
        elif isinstance(item, float) and not math.isfinite(item):
            raise JsonRefused(path, "NaN and Infinity are not JSON; use a number or null")
        elif (
            isinstance(item, int)
            and not isinstance(item, bool)
            and not INT64_MIN <= item <= INT64_MAX
        ):
            raise JsonRefused(path, "the number does not fit in 64 bits")


_SURROGATE_REASON = (
    "holds a lone UTF-16 surrogate (such as \\ud800) or bytes that are not UTF-8; "
    "the platforms cannot read it"
)


def _shown_key(key: str) -> str:
    return _SURROGATE.sub("\ufffd", key)


def decode_utf8(data: bytes, what: str) -> str:
    """Bytes as UTF-8 text (a leading byte-order mark is dropped), or `JsonRefused`
    saying where the first byte that is not UTF-8 sits."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JsonRefused(
            what, f"is not UTF-8 text (byte {error.start} is 0x{data[error.start]:02x})"
        ) from None
    return text.removeprefix("\ufeff")
