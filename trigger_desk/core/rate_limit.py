"""Pacing bulk runs to the platforms' documented limits, with a small safety margin.

The profile setting `rate_limit` names the plan:

- Bitrix24: `standard` (default: a leaky bucket of 50 draining 2 per second),
  `enterprise` (250, 5 per second), `CAP/RATE` for an on-premise portal, or `none`.
  The portal's bucket is itself leaky, so the client keeps a model of it: each request
  adds one, the level drains at RATE, and a request waits while the level would pass
  the capacity less a margin of half a request (or 0.25 s of drain, if more), absorbing
  jitter that bunches arrivals.
- Wix: `N/SECONDS` (default `200/60`) or `none`. Wix does not document its algorithm
  (fixed or sliding window), so requests are spaced evenly, a little wider than
  SECONDS/N (2%, plus a quarter second per window for jitter): then no window of
  SECONDS ever holds more than N, whichever way Wix counts. A leaky
  bucket would burst N at once and break a sliding window.

The arithmetic here is pure (a state in, a send time and a new state out); the state
itself is shared by every process on the machine (`store.rate_limits`), keyed per
portal, per Wix app instance, or per site for an API-key profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from trigger_desk.core.ascii_numbers import ascii_decimal
from trigger_desk.core.model import AuthKind, Platform, Profile

SETTING = "rate_limit"
# Headroom below the portal's capacity: half a request, or what 0.25 s of drain is worth
# (a request may leave that much later than its slot: journal writes, a busy machine),
# so arrivals bunched by jitter still fit. Standard plan: 0.5 (0.25 s of a 5 s run).
BUCKET_MARGIN = 0.5
BUCKET_MARGIN_SECONDS = 0.25
WINDOW_MARGIN = 1.02  # spacing 2% wider than the window allows,
WINDOW_JITTER = 0.25  # plus a quarter second per window for requests that leave late


class RateLimitError(ValueError):
    """The `rate_limit` setting cannot be read. The message names it and the forms."""


@dataclass(frozen=True)
class RateLimit:
    """A plan: `bucket` (capacity, drain per second), `window` (N per SECONDS), or none."""

    kind: str  # "bucket" | "window" | "none"
    capacity: float = 0.0  # bucket size, or N
    rate: float = 0.0  # drain per second, or SECONDS
    text: str = ""

    @property
    def unlimited(self) -> bool:
        return self.kind == "none"

    def describe(self) -> str:
        if self.kind == "bucket":
            return f"a bucket of {self.capacity:g} draining {self.rate:g}/s"
        if self.kind == "window":
            return f"at most {self.capacity:g} requests in any {self.rate:g} s"
        return "no limit"

    def estimate_seconds(self, requests: int, *, already: float = 0.0) -> float:
        """The least time `requests` take under this plan, from `already` in the bucket."""
        if requests <= 0 or self.kind == "none":
            return 0.0
        if self.kind == "bucket":
            room = max(0.0, self.capacity - self.margin - already)
            return max(0.0, requests - room) / self.rate
        return (requests - 1) * self.interval

    @property
    def margin(self) -> float:
        """Requests of headroom kept below a bucket's capacity."""
        return min(self.capacity - 1, max(BUCKET_MARGIN, self.rate * BUCKET_MARGIN_SECONDS))

    @property
    def interval(self) -> float:
        """Seconds between two requests under a window plan."""
        return (self.rate * WINDOW_MARGIN + WINDOW_JITTER) / self.capacity


BITRIX_PLANS = {"standard": (50.0, 2.0), "enterprise": (250.0, 5.0)}
DEFAULTS = {Platform.BITRIX24: "standard", Platform.WIX: "200/60"}
_FORMS = {
    Platform.BITRIX24: "standard, enterprise, CAP/RATE (e.g. 50/2) or none",
    Platform.WIX: "N/SECONDS (e.g. 200/60) or none",
}


def _pair(text: str) -> tuple[float, float] | None:
    left, sep, right = text.partition("/")
    if not sep:
        return None
    # ASCII digits only: float() also takes other scripts' digits, "1_0", "nan", "1e3".
    first, second = ascii_decimal(left.strip()), ascii_decimal(right.strip())
    if first is None or second is None:
        return None
    if not (0 < first < 1e6 and 0 < second < 1e6):
        return None
    return first, second


def parse_rate_limit(platform: Platform, text: str | None) -> RateLimit:
    """The plan a `rate_limit` value names; empty means the platform's default."""
    value = (text or "").strip().lower() or DEFAULTS[platform]
    if value == "none":
        return RateLimit("none", text=value)
    if platform is Platform.BITRIX24:
        if value in BITRIX_PLANS:
            capacity, rate = BITRIX_PLANS[value]
            return RateLimit("bucket", capacity, rate, value)
        pair = _pair(value)
        if pair is not None and pair[0] >= 2:
            return RateLimit("bucket", pair[0], pair[1], value)
    else:
        pair = _pair(value)
        if pair is not None and pair[0] >= 1 and float(pair[0]).is_integer():
            return RateLimit("window", pair[0], pair[1], value)
    raise RateLimitError(
        f"{SETTING} {text!r} is not a {platform.label} plan: use {_FORMS[platform]}"
    )


def profile_rate_limit(profile: Profile) -> RateLimit:
    return parse_rate_limit(profile.platform, profile.settings.get(SETTING))


def limiter_key(profile: Profile, secrets: Mapping[str, str]) -> str:
    """Whose limit a profile's requests count against: the portal, the app instance, the site."""
    if profile.platform is Platform.BITRIX24:
        if profile.auth is AuthKind.WEBHOOK:
            base = secrets.get("webhook_url", "") or profile.setting("portal")
        else:
            base = profile.setting("portal")
        host = urlsplit(base.strip()).netloc.lower() or base.strip().lower()
        return f"bitrix24:{host}"
    if profile.auth is AuthKind.APP_OAUTH:
        return f"wix-app:{profile.setting('app_id')}:{profile.setting('instance_id')}"
    return f"wix-site:{profile.setting('site_id')}"


@dataclass(frozen=True)
class LimiterState:
    """Bucket: the level at `stamp`. Window: `stamp` is the next free send time."""

    level: float = 0.0
    stamp: float = 0.0


def next_slot(limit: RateLimit, state: LimiterState, now: float) -> tuple[float, LimiterState]:
    """When the next request may leave, and the state once it has."""
    if limit.kind == "none":
        return now, state
    if limit.kind == "window":
        send_at = max(now, state.stamp)
        return send_at, LimiterState(0.0, send_at + limit.interval)
    # Reservations are made in send order, so `stamp` may lie ahead of `now`.
    start = max(now, state.stamp)
    level = max(0.0, state.level - (start - state.stamp) * limit.rate)
    room = limit.capacity - limit.margin
    send_at = start if level + 1 <= room else start + (level + 1 - room) / limit.rate
    level_at_send = max(0.0, level - (send_at - start) * limit.rate)
    return send_at, LimiterState(level_at_send + 1, send_at)


def saturated(limit: RateLimit, state: LimiterState, now: float) -> LimiterState:
    """The state after the platform said "over the limit": full, so the next requests
    go at the drain rate instead of hammering."""
    if limit.kind == "bucket":
        return LimiterState(limit.capacity, max(now, state.stamp))
    if limit.kind == "window":
        # A whole window's pause: whatever Wix counted, it has forgotten by then.
        return LimiterState(0.0, max(now, state.stamp) + limit.rate / limit.capacity * 10)
    return state
