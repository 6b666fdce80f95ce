"""The plans' arithmetic: a leaky bucket for Bitrix24, even spacing for Wix."""

from __future__ import annotations

import pytest

from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.rate_limit import (
    LimiterState,
    RateLimit,
    RateLimitError,
    limiter_key,
    next_slot,
    parse_rate_limit,
    saturated,
)


@pytest.mark.parametrize(
    ("platform", "text", "expected"),
    [
        (Platform.BITRIX24, None, ("bucket", 50, 2)),
        (Platform.BITRIX24, "", ("bucket", 50, 2)),
        (Platform.BITRIX24, "Enterprise", ("bucket", 250, 5)),
        (Platform.BITRIX24, "100/4", ("bucket", 100, 4)),
        (Platform.BITRIX24, "none", ("none", 0, 0)),
        (Platform.WIX, None, ("window", 200, 60)),
        (Platform.WIX, "100/10", ("window", 100, 10)),
        (Platform.WIX, "NONE", ("none", 0, 0)),
    ],
)
def test_plans(platform: Platform, text: str | None, expected: tuple[str, float, float]) -> None:
    limit = parse_rate_limit(platform, text)
    assert (limit.kind, limit.capacity, limit.rate) == expected


@pytest.mark.parametrize(
    ("platform", "text"),
    [
        (Platform.BITRIX24, "fast"),
        (Platform.BITRIX24, "50"),
        (Platform.BITRIX24, "0/2"),
        (Platform.BITRIX24, "50/-1"),
        (Platform.WIX, "standard"),
        (Platform.WIX, "200/0"),
        (Platform.WIX, "2.5/60"),
    ],
)
def test_bad_plans_name_the_setting_and_the_forms(platform: Platform, text: str) -> None:
    with pytest.raises(RateLimitError) as caught:
        parse_rate_limit(platform, text)
    assert "rate_limit" in str(caught.value) and repr(text) in str(caught.value)
    forms = str(caught.value).split("use ", 1)[1]
    assert ("enterprise" in forms) == (platform is Platform.BITRIX24)


def _schedule(limit: RateLimit, count: int, now: float = 1000.0) -> list[float]:
    state, times = LimiterState(), []
    for _ in range(count):
        send_at, state = next_slot(limit, state, now)
        times.append(send_at)
    return times


def test_bucket_bursts_to_capacity_less_margin_then_drains() -> None:
    limit = parse_rate_limit(Platform.BITRIX24, "standard")
    times = _schedule(limit, 60)
    assert times[:49] == [1000.0] * 49
    assert times[49] == pytest.approx(1000.25)
    assert times[59] == pytest.approx(1005.25)
    assert limit.estimate_seconds(60) == pytest.approx(5.25)


def test_bucket_model_never_overflows_the_portal() -> None:
    """Replay the schedule against the portal's own bucket: never over 50."""
    limit = parse_rate_limit(Platform.BITRIX24, "standard")
    level, last = 0.0, 1000.0
    for send_at in _schedule(limit, 500):
        level = max(0.0, level - (send_at - last) * 2) + 1
        last = send_at
        assert level <= 50


def test_window_spacing_never_puts_n_plus_one_in_any_window() -> None:
    limit = parse_rate_limit(Platform.WIX, "10/1")
    times = _schedule(limit, 100)
    for index in range(len(times) - 10):
        assert times[index + 10] - times[index] > 1.0


def test_saturation_slows_to_the_drain_rate() -> None:
    limit = parse_rate_limit(Platform.BITRIX24, "standard")
    state = saturated(limit, LimiterState(), 1000.0)
    send_at, _ = next_slot(limit, state, 1000.0)
    assert send_at == pytest.approx(1000.75)  # level 50 must drain to 48.5 first


def test_none_never_waits() -> None:
    assert _schedule(parse_rate_limit(Platform.BITRIX24, "none"), 5) == [1000.0] * 5


def test_limiter_keys() -> None:
    hook = Profile("a", Platform.BITRIX24, AuthKind.WEBHOOK)
    oauth = Profile("b", Platform.BITRIX24, AuthKind.OAUTH, {"portal": "https://Acme.bitrix24.com"})
    secrets = {"webhook_url": "https://acme.bitrix24.com/rest/1/secret/"}
    # Two profiles on one portal share one bucket.
    assert limiter_key(hook, secrets) == limiter_key(oauth, {}) == "bitrix24:acme.bitrix24.com"
    app = Profile("c", Platform.WIX, AuthKind.APP_OAUTH, {"app_id": "A", "instance_id": "I"})
    site = Profile("d", Platform.WIX, AuthKind.API_KEY, {"site_id": "S"})
    assert limiter_key(app, {}) == "wix-app:A:I" and limiter_key(site, {}) == "wix-site:S"
    assert "secret" not in limiter_key(hook, secrets)
