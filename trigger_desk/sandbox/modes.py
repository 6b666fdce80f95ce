"""Misbehaviour switches: how the sandbox can be told to fail the way real servers do.

Faults, in the order they win when several are on (each may be limited to the next N
requests with `<name>_times=N`):

- `drop`: read the request, then close the connection without an answer.
- `html_502`: a proxy's HTML "502 Bad Gateway" page.
- `rate_limit`: Bitrix24 503 `QUERY_LIMIT_EXCEEDED`; Wix 429 with `Retry-After`.
- `operation_time_limit`: Bitrix24 429 `OPERATION_TIME_LIMIT` with `operating_reset_at`.
- `redirect`: Bitrix24 portal renamed: 302 to the same path on `localhost:PORT`.

Settings: `slow=SECONDS` (delay before answering), `big_response=BYTES` (pad successful
JSON answers to about that size), `retry_after=SECONDS` (Wix `Retry-After` and the
Bitrix24 `operating_reset_at` offset, default 1), `wix_sdk_path_only` (the documented
RunTrigger path answers 404), `leaky_bucket` (a real Bitrix24 limit: 50 requests,
draining 2 a second), `wix_api_key_events` (accept API keys for ReportEvent and
CancelEvent; by default they answer 403, as only the trigger's app may call them).

Faults and settings apply to the platforms' API calls, never to the token endpoints.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from typing import Any

FAULTS: tuple[str, ...] = ("drop", "html_502", "rate_limit", "operation_time_limit", "redirect")
FLAGS: tuple[str, ...] = ("wix_sdk_path_only", "leaky_bucket", "wix_api_key_events")
_NUMBERS: dict[str, type[float] | type[int]] = {
    "slow": float,
    "big_response": int,
    "retry_after": float,
}
_TRUE = {"", "1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", "none", "null"}

# Bitrix24's leaky bucket on plans other than Enterprise (FACTS.md).
BUCKET_CAPACITY = 50
BUCKET_DRAIN_PER_SECOND = 2.0


def _to_bool(name: str, value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float):
        return value != 0
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def _to_number(name: str, kind: type[float] | type[int], value: Any) -> float | int:
    if value is None or value is False:
        return kind(0)
    if isinstance(value, bool):
        raise ValueError(f"{name} needs a number, e.g. {name}=2")
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} needs a number, e.g. {name}=2, not {value!r}") from None
    if number < 0:
        raise ValueError(f"{name} must not be negative")
    return number


class Modes:
    """The current switches. Not thread-safe by itself: the sandbox holds its lock."""

    def __init__(self) -> None:
        self.on: dict[str, bool] = {name: False for name in (*FAULTS, *FLAGS)}
        # Faults limited to the next N requests: name -> requests left.
        self.remaining: dict[str, int] = {}
        self.slow = 0.0
        self.big_response = 0
        self.retry_after = 1.0

    def copy(self) -> Modes:
        return copy.deepcopy(self)

    def update(self, changes: Mapping[str, Any]) -> None:
        """Apply `{name: value}` changes; ValueError names an unknown or bad switch.

        Nothing changes when any entry is bad.
        """
        trial = self.copy()
        for name, value in changes.items():
            trial._set(name, value)
        self.__dict__.update(trial.__dict__)

    def _set(self, name: str, value: Any) -> None:
        if name in self.on:
            self.on[name] = _to_bool(name, value)
            self.remaining.pop(name, None)
        elif name.endswith("_times") and name.removesuffix("_times") in FAULTS:
            fault = name.removesuffix("_times")
            count = int(_to_number(name, int, value))
            self.on[fault] = count > 0
            if count > 0:
                self.remaining[fault] = count
            else:
                self.remaining.pop(fault, None)
        elif name in _NUMBERS:
            setattr(self, name, _to_number(name, _NUMBERS[name], value))
        else:
            known = ", ".join([*FAULTS, *FLAGS, *_NUMBERS, *(f"{f}_times" for f in FAULTS)])
            raise ValueError(f"unknown sandbox mode {name!r}; known: {known}")

    def take_fault(self, applicable: Collection[str]) -> str | None:
        """The fault to apply to this request (counting it down), or None."""
        for name in FAULTS:
            if name not in applicable or not self.on[name]:
                continue
            left = self.remaining.get(name)
            if left is not None:
                if left <= 1:
                    self.remaining.pop(name)
                    self.on[name] = False
                else:
                    self.remaining[name] = left - 1
            return name
        return None

    def snapshot(self) -> dict[str, Any]:
        """Every switch and its value, as JSON-ready data."""
        data: dict[str, Any] = dict(self.on)
        data.update({f"{name}_times": self.remaining.get(name) for name in FAULTS})
        data.update(slow=self.slow, big_response=self.big_response, retry_after=self.retry_after)
        return data


def parse_overrides(text: str) -> dict[str, Any]:
    """`html_502, slow=0.5` (a header or query value) to `{"html_502": "", "slow": "0.5"}`."""
    changes: dict[str, Any] = {}
    for item in text.replace(";", ",").split(","):
        name, _, value = item.strip().partition("=")
        if name:
            changes[name.strip()] = value.strip()
    return changes


class LeakyBucket:
    """Bitrix24's request-rate limit: each request adds 1, the bucket drains steadily."""

    def __init__(
        self, capacity: int = BUCKET_CAPACITY, drain_per_second: float = BUCKET_DRAIN_PER_SECOND
    ) -> None:
        self.capacity = capacity
        self.drain_per_second = drain_per_second
        self.level = 0.0
        self._last = 0.0

    def admit(self, now: float) -> bool:
        """True if a request arriving `now` fits; it is then counted."""
        if self._last:
            self.level = max(0.0, self.level - (now - self._last) * self.drain_per_second)
        self._last = now
        if self.level + 1 > self.capacity:
            return False
        self.level += 1
        return True
