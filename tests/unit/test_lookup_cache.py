"""The window's look-up cache: answers kept per profile for a short while, refreshable."""

from __future__ import annotations

from trigger_desk.core.lookup_cache import CACHE_SECONDS, LookupCache


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_answers_expire_after_the_lifetime() -> None:
    clock = Clock()
    cache = LookupCache(clock=clock)
    cache.put("portal", ("find", "acme"), ["DEAL_1"])
    clock.now += CACHE_SECONDS - 1
    assert cache.get("portal", ("find", "acme")) == ["DEAL_1"]
    clock.now += 2
    assert cache.get("portal", ("find", "acme")) is None


def test_profiles_are_kept_apart_and_refresh_drops_one() -> None:
    cache = LookupCache(clock=Clock())
    cache.put("a", "stages", 1)
    cache.put("b", "stages", 2)
    assert cache.get("a", "stages") == 1 and cache.get("b", "stages") == 2
    cache.drop("a")
    assert cache.get("a", "stages") is None and cache.get("b", "stages") == 2
    cache.drop()
    assert cache.get("b", "stages") is None
