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
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


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
        # Only NaN/Infinity get a hook: a hook per number would cost more than the
        # walk below, which finds big integers and overflowing floats after parsing.
        value = json.loads(text, parse_constant=_parse_constant)
    except json.JSONDecodeError as error:
        raise JsonRefused(
            where,
            f"not JSON ({error.msg} at line {error.lineno}, column {error.colno})",
            line=error.lineno,
            column=error.colno,
        ) from None
    except RecursionError:
        raise JsonRefused(where, f"nested more than {MAX_JSON_DEPTH} levels deep") from None
    except ValueError as error:  # Python's own limit: integers of over 4300 digits
        value = _loads_with_long_integers(text, where, error)
    if check:
        # Surrogates can only come from literal ones (undecodable argv bytes) or from
        # \ud800-style escapes: skip looking at every string when the text has neither.
        check_value(value, where, strings=_may_hold_surrogates(text))
    return value


def _may_hold_surrogates(text: str) -> bool:
    """Whether a surrogate can be in the parsed value: a literal one (what undecodable
    argv bytes become) or a \\ud800-style escape. Cheap checks first: this runs over
    megabytes, where a regular expression over the whole text costs tens of ms."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return True
    return "\\u" in text and _SURROGATE_ESCAPE.search(text) is not None


def _loads_with_long_integers(text: str, where: str, error: ValueError) -> Any:
    """Parse again, keeping integers too long for int() as refusals (so the message can
    name where they are); only ever run on such hostile text."""

    def parse_int(digits: str) -> int | _Refused:
        if len(digits) > 24:
            return _Refused(
                f"the number {digits[:12]}…({len(digits)} digits) does not fit in 64 bits",
                digits,
            )
        return int(digits)

    try:
        return json.loads(text, parse_constant=_parse_constant, parse_int=parse_int)
    except (ValueError, RecursionError):
        raise JsonRefused(where, f"not JSON ({str(error).split(';')[0]})") from None


def check_value(
    value: Any, where: str = "payload", *, strings: bool = True, numbers: bool = True
) -> None:
    """Raise `JsonRefused` for the first part of an already parsed value the platforms
    would refuse (see `loads_strict`); walks iteratively, so depth cannot overflow.
    `strings=False` / `numbers=False` skip looking at strings / numbers (when the text
    they came from cannot hold a bad one): the walk then only visits containers."""
    found = _first_problem(value, strings, numbers)
    if found is None:
        return
    item, reason = found
    if item is _TOO_DEEP:
        raise JsonRefused(where, reason)  # a 64-step path would say less than this
    raise JsonRefused(_path_to(value, item, where), reason)


_TOO_DEEP = object()
_BIG_INT = "the number does not fit in 64 bits (the platforms' limit); give an id that large as text in quotes"
_BIG_FLOAT = "the number is too large for JSON; use a smaller number or null"


def _scalar_problem(item: Any, strings: bool, numbers: bool) -> str | None:
    kind = type(item)
    if kind is str:
        return _SURROGATE_REASON if strings and _SURROGATE.search(item) else None
    if not numbers:
        return None
    if kind is float:
        return None if math.isfinite(item) else _BIG_FLOAT
    if kind is int:
        return None if INT64_MIN <= item <= INT64_MAX else _BIG_INT
    if kind is _Refused:
        return str(item.reason)
    return None


def _first_problem(value: Any, strings: bool, numbers: bool) -> tuple[Any, str] | None:
    """(the offending object, why) for the first refused part, without building paths:
    the walk may run over every node of megabytes of payload."""
    scalars = strings or numbers
    if type(value) not in (dict, list):
        problem = _scalar_problem(value, strings, numbers) if scalars else None
        return (value, problem) if problem else None
    stack: list[tuple[Any, int]] = [(value, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        item, depth = pop()
        if depth >= MAX_JSON_DEPTH:
            return _TOO_DEEP, f"nested more than {MAX_JSON_DEPTH} levels deep"
        if type(item) is dict:
            if strings:
                for key in item:
                    if _SURROGATE.search(key):
                        return key, _SURROGATE_REASON
            children: Any = item.values()
        else:
            children = item
        for child in children:
            kind = type(child)
            if kind is dict or kind is list:
                push((child, depth + 1))
            elif scalars:
                problem = _scalar_problem(child, strings, numbers)
                if problem:
                    return child, problem
    return None


def _path_to(value: Any, target: Any, where: str) -> str:
    """The path (`payload.items[2].id`) of `target` (by identity) inside `value`."""
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, path = stack.pop()
        if item is target:
            return path
        if isinstance(item, dict):
            for key, inner in item.items():
                if key is target:
                    return f"{path}.{_shown_key(key)}"
                stack.append((inner, f"{path}.{key}"))
        elif isinstance(item, list):
            stack.extend((inner, f"{path}[{index}]") for index, inner in enumerate(item))
    return where


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
