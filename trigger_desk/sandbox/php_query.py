"""PHP's ways with requests and JSON, as a Bitrix24 portal shows them.

`parse_php_query` reads a query string the way PHP fills `$_REQUEST`: `a[b]=1&a[c][]=2`
becomes nested maps (`[]` appends, numeric keys stay map keys). `php_json` writes a value
the way PHP's `json_encode` does for arrays: a map whose keys are exactly 0..n-1 in order
is a JSON list, and an empty map is `[]`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

_KEY = re.compile(r"^([^\[]*)((?:\[[^\]]*\])*)(.*)$")
_PART = re.compile(r"\[([^\]]*)\]")


def _path(name: str) -> list[str] | None:
    """`a[b][]` -> ["a", "b", ""]; None for a name PHP would drop (empty base)."""
    match = _KEY.match(name)
    if match is None or not match.group(1):
        return None
    base, brackets, tail = match.groups()
    if tail:  # `a[b]c`: PHP keeps the brackets that closed, ignores the rest
        return [base + brackets + tail] if not brackets else [base, *_PART.findall(brackets)]
    return [base, *_PART.findall(brackets)]


def parse_php_query(query: str) -> dict[str, Any]:
    """Query parameters as PHP nests them; a repeated plain name keeps its last value."""
    params: dict[str, Any] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        path = _path(name)
        if path is None:
            continue
        node: dict[str, Any] = params
        for depth, key in enumerate(path):
            last = depth == len(path) - 1
            if key == "":
                key = str(_next_index(node))
            if last:
                node[key] = value
                break
            child = node.get(key)
            if not isinstance(child, dict):
                child = {}
                node[key] = child
            node = child
    return params


def _next_index(node: dict[str, Any]) -> int:
    numbers = [int(k) for k in node if k.lstrip("-").isdigit()]
    return max(numbers) + 1 if numbers else 0


def php_json(value: Any) -> Any:
    """`value` shaped as `json_encode` writes PHP arrays (maps 0..n-1 and empty maps as lists)."""
    if isinstance(value, dict):
        if not value:
            return []
        converted = {str(k): php_json(v) for k, v in value.items()}
        if list(converted) == [str(i) for i in range(len(converted))]:
            return list(converted.values())
        return converted
    if isinstance(value, list):
        return [php_json(item) for item in value]
    return value
