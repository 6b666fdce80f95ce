"""What the sandbox received and what it answers: plain values, no HTTP machinery."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

JSON_UTF8 = "application/json; charset=utf-8"


@dataclass(frozen=True)
class ReceivedRequest:
    """One request exactly as it arrived, kept so tests can assert on it.

    `path` is the URL path as sent (not percent-decoded, no query); header names are
    lower-cased. `query`, `json` and `form` are conveniences computed from the raw parts.
    """

    method: str
    path: str
    raw_query: str
    headers: Mapping[str, str]
    body: bytes
    received_at: float

    @property
    def query(self) -> dict[str, str]:
        """Query parameters; a repeated name keeps its last value."""
        return dict(parse_qsl(self.raw_query, keep_blank_values=True))

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def json(self) -> Any:
        """The body parsed as JSON, or None when it is empty or not JSON."""
        if not self.body:
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def form(self) -> dict[str, str]:
        """Form-encoded body fields (empty unless the body is `x-www-form-urlencoded`)."""
        if "x-www-form-urlencoded" not in self.headers.get("content-type", ""):
            return {}
        return dict(parse_qsl(self.text, keep_blank_values=True))

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Reply:
    """An answer to send. `payload` keeps the JSON object so the server can pad it."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    payload: Any = None
    # Close the connection without sending anything (the `drop` misbehaviour).
    drop: bool = False

    @classmethod
    def json(
        cls,
        status: int,
        payload: Any,
        *,
        content_type: str = JSON_UTF8,
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        all_headers = {"Content-Type": content_type, **(headers or {})}
        return cls(status, body, all_headers, payload)

    @classmethod
    def text(
        cls, status: int, text: str, *, content_type: str = "text/plain; charset=utf-8"
    ) -> Reply:
        return cls(status, text.encode("utf-8"), {"Content-Type": content_type})

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")


def dig(body: Any, dotted: str) -> Any:
    """`idempotency.key` from a nested JSON object; None when any part is missing."""
    node = body
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node
