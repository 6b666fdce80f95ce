"""The platforms' request-rate limits, enforced when asked, and what they refused.

Bitrix24: a leaky bucket per portal (`CAP/RATE`: holds CAP requests, drains RATE a
second; over it, 503 `QUERY_LIMIT_EXCEEDED`; one `batch` is one request). Wix: at most N
requests in any window of SECONDS (`N/SECONDS`; over it, 429). The sandbox is one portal
and one site, so each limit is one counter. Not thread-safe: the sandbox holds its lock.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from trigger_desk.core.ascii_numbers import ascii_decimal, ascii_whole_number
from trigger_desk.sandbox.modes import LeakyBucket

BITRIX_DEFAULT = "50/2"  # the standard plan (FACTS.md)
WIX_DEFAULT = "200/60"  # about 200 a minute per app instance


@dataclass(frozen=True)
class Rate:
    """`COUNT/SECONDS` (Wix) or `CAPACITY/DRAIN_PER_SECOND` (Bitrix24), as typed."""

    count: int
    per: float

    def __str__(self) -> str:
        return f"{self.count}/{self.per:g}"


def parse_rate(text: str, name: str) -> Rate:
    """`50/2` -> Rate(50, 2.0); ValueError naming `name` and showing an example."""
    count_text, slash, per_text = text.strip().partition("/")
    example = BITRIX_DEFAULT if "bitrix" in name else WIX_DEFAULT
    # ASCII digits only: int()/float() also take other scripts' digits, "1_000", "nan", "inf".
    count = ascii_whole_number(count_text) or 0
    per = ascii_decimal(per_text) or 0.0
    if not slash or not 1 <= count <= 1_000_000 or not 0 < per <= 86_400:
        raise ValueError(f"{name} must look like N/SECONDS with positive numbers, e.g. {example}")
    return Rate(count, per)


class SlidingWindow:
    """Never more than `count` requests in any `seconds`-long window."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count = count
        self.seconds = seconds
        self._times: deque[float] = deque()

    def admit(self, now: float) -> bool:
        while self._times and self._times[0] <= now - self.seconds:
            self._times.popleft()
        if len(self._times) >= self.count:
            return False
        self._times.append(now)
        return True

    def retry_after(self, now: float) -> float:
        """Seconds until the oldest request in the window leaves it."""
        return max(0.0, self._times[0] + self.seconds - now) if self._times else 0.0


class Limits:
    """The limits switched on, and how many requests each platform's limit refused."""

    def __init__(self) -> None:
        self.bitrix: Rate | None = None
        self.wix: Rate | None = None
        self._bucket: LeakyBucket | None = None
        self._window: SlidingWindow | None = None
        self.refused: dict[str, int] = {"bitrix24_503": 0, "wix_429": 0}

    def configure(self, *, bitrix: Rate | None, wix: Rate | None) -> None:
        """Switch each limit on (a Rate) or off (None), starting from an empty bucket/window."""
        self.bitrix, self.wix = bitrix, wix
        self._bucket = LeakyBucket(bitrix.count, bitrix.per) if bitrix else None
        self._window = SlidingWindow(wix.count, wix.per) if wix else None

    def admit(self, platform: str, now: float) -> bool:
        """True if a request to `platform` arriving at `now` (monotonic) fits its limit."""
        if platform == "bitrix24" and self._bucket is not None:
            return self._bucket.admit(now)
        if platform == "wix" and self._window is not None:
            return self._window.admit(now)
        return True

    def wix_retry_after(self, now: float) -> float:
        """Seconds until the Wix window has room again (1 when no window is on)."""
        return self._window.retry_after(now) if self._window is not None else 1.0

    def count_refusal(self, platform: str) -> None:
        self.refused["bitrix24_503" if platform == "bitrix24" else "wix_429"] += 1

    def snapshot(self) -> dict[str, str | None]:
        """`{"bitrix24": "50/2" | None, "wix": "200/60" | None}`."""
        return {
            "bitrix24": str(self.bitrix) if self.bitrix else None,
            "wix": str(self.wix) if self.wix else None,
        }
