"""Look-ups for the window: items by title, funnels and stages, app trigger codes.

Each look-up runs where single calls run (the engine's thread and loop when the app
runs the engine there), with its own short-lived HTTP client, so the window never
waits on the network; cancelling the awaiting task cancels the look-up there. Answers
are cached per profile for a short while (core/lookup_cache.py); `refresh` drops them.
Failures are `LookupFailed` with the same diagnosis a fired call gets. Each request
takes its turn from the rate limiter bulk runs and the CLI share (per portal, beside
the history), as `trigger-desk stages`/`items` do.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from trigger_desk.core.calls.bitrix24 import LIST as TRIGGER_LIST
from trigger_desk.core.crm_types import CrmType
from trigger_desk.core.lookup_cache import COUNT_LIMIT, FIND_LIMIT, PREVIEW_LIMIT, LookupCache
from trigger_desk.core.lookups import Category, Item, ItemListing, ItemQuery, list_stages
from trigger_desk.core.model import Profile
from trigger_desk.core.portal_client import PortalClient
from trigger_desk.core.rate_limit import (
    RateLimit,
    RateLimitError,
    limiter_key,
    profile_rate_limit,
)
from trigger_desk.store.rate_limits import SharedLimiter, rate_limits_path

if TYPE_CHECKING:
    from trigger_desk.services.facade import Services

T = TypeVar("T")


@dataclass(frozen=True)
class FoundItem:
    """An item with the names of its stage and funnel, as "Find…" lists it."""

    item: Item
    stage_name: str
    funnel_name: str


@dataclass(frozen=True)
class StageCounts:
    """Items per stage id of one funnel; `complete` is False when only the first
    `COUNT_LIMIT` items were counted (the counts are then lower bounds)."""

    counts: dict[str, int]
    complete: bool


def _names(categories: list[Category]) -> dict[str, tuple[str, str]]:
    return {s.id: (s.name, c.name) for c in categories for s in c.stages}


class PortalLookups:
    """The window's look-ups for Bitrix24 profiles. `sent` counts look-ups that went out."""

    def __init__(self, services: Services, cache: LookupCache | None = None) -> None:
        self._services = services
        self.cache = cache or LookupCache()
        self.sent = 0

    def refresh(self, profile: Profile) -> None:
        """Forget what was looked up for this profile (Refresh / F5)."""
        self.cache.drop(profile.name)

    async def stages(self, profile: Profile, crm_type: CrmType) -> list[Category]:
        """The type's funnels with their stages (cached)."""

        async def work(portal: PortalClient) -> list[Category]:
            return await list_stages(portal, crm_type)

        return await self._cached(profile, ("stages", crm_type.name), work)

    async def find_items(self, profile: Profile, crm_type: CrmType, title: str) -> list[FoundItem]:
        """Up to `FIND_LIMIT` items whose title contains `title` (any case), with the
        names of their stage and funnel."""
        categories = await self.stages(profile, crm_type)
        query = ItemQuery(crm_type, title=title.strip(), limit=FIND_LIMIT)
        items = await self._cached(profile, ("find", crm_type.name, title.strip()), _listing(query))
        names = _names(categories)
        return [FoundItem(i, *names.get(i.stage_id, (i.stage_id, ""))) for i in items]

    async def items(
        self,
        profile: Profile,
        crm_type: CrmType,
        category_id: int | None,
        stage_id: str | None,
        title: str | None = None,
    ) -> list[Item]:
        """The items of one funnel and stage (optionally by title), up to `PREVIEW_LIMIT`."""
        query = ItemQuery(
            crm_type,
            title=(title or "").strip() or None,
            category_id=category_id if crm_type.has_funnels else None,
            stage_id=stage_id,
            limit=PREVIEW_LIMIT,
        )
        key = ("items", crm_type.name, category_id, stage_id, query.title)
        return await self._cached(profile, key, _listing(query))

    async def stage_counts(
        self, profile: Profile, crm_type: CrmType, category_id: int | None
    ) -> StageCounts:
        """How many items each stage of the funnel holds (at most 2 requests)."""
        query = ItemQuery(
            crm_type,
            category_id=category_id if crm_type.has_funnels else None,
            limit=COUNT_LIMIT,
        )

        async def work(portal: PortalClient) -> StageCounts:
            listing = ItemListing(query)
            counts: dict[str, int] = {}
            async for item in listing.items(portal):
                counts[item.stage_id] = counts.get(item.stage_id, 0) + 1
            return StageCounts(counts, (listing.total or 0) <= COUNT_LIMIT)

        return await self._cached(profile, ("counts", crm_type.name, category_id), work)

    async def trigger_codes(self, profile: Profile) -> list[tuple[str, str]]:
        """The application's triggers as (CODE, NAME), OAuth profiles only."""

        async def work(portal: PortalClient) -> list[tuple[str, str]]:
            answer = await portal.call(TRIGGER_LIST, {})
            result = answer.get("result")
            entries = result if isinstance(result, list) else []
            return [
                (str(e.get("CODE", "")), str(e.get("NAME", "")))
                for e in entries
                if isinstance(e, dict) and e.get("CODE")
            ]

        return await self._cached(profile, ("triggers",), work)

    # --- running ----------------------------------------------------------------------

    async def _cached(
        self, profile: Profile, key: Any, work: Callable[[PortalClient], Awaitable[T]]
    ) -> T:
        kept = self.cache.get(profile.name, key)
        if kept is not None:
            result: T = kept
            return result
        result = await self._run(profile, work)
        self.cache.put(profile.name, key, result)
        return result

    async def _run(self, profile: Profile, work: Callable[[PortalClient], Awaitable[T]]) -> T:
        from trigger_desk.services.engine_thread import EngineThread
        from trigger_desk.store.secrets import save_secrets

        secrets = await self._services.secrets_for(profile)
        store, redactor = self._services.secret_store, self._services.redactor
        self.sent += 1
        pacing = _SharedPacing.open(self._services, profile, secrets)

        async def save(name: str, mapping: Any) -> None:
            await asyncio.to_thread(save_secrets, store, name, mapping)

        async def on_portal() -> T:
            async with httpx.AsyncClient(follow_redirects=False) as client:
                portal = PortalClient(
                    client,
                    profile,
                    secrets,
                    acquire=pacing.acquire if pacing else None,
                    on_rate_limited=pacing.refused if pacing else None,
                    save_secrets=save,
                    redactor=redactor,
                    timeout=20,
                )
                return await work(portal)

        try:
            engine = self._services.engine
            if isinstance(engine, EngineThread):
                done: T = await engine.run(on_portal())
                return done
            return await on_portal()
        finally:
            if pacing is not None:
                pacing.close()


class _SharedPacing:
    """Look-ups take their turn from the rate limiter bulk runs and the CLI share (per
    portal, across processes), kept next to the history."""

    def __init__(self, limiter: SharedLimiter, key: str, limit: RateLimit) -> None:
        self._limiter, self._key, self.limit = limiter, key, limit

    @classmethod
    def open(
        cls, services: Services, profile: Profile, secrets: Mapping[str, str]
    ) -> _SharedPacing | None:
        """None when there is nothing to share it through (no history) or no limit to
        keep (an unlimited or unreadable `rate_limit`: the profile editor reports it)."""
        if services.history is None:
            return None
        try:
            limit = profile_rate_limit(profile)
        except RateLimitError:
            return None
        if limit.unlimited:
            return None
        limiter = SharedLimiter(rate_limits_path(services.history.path))
        return cls(limiter, limiter_key(profile, secrets), limit)

    async def acquire(self) -> None:
        wait = await asyncio.to_thread(self._limiter.reserve, self._key, self.limit)
        if wait > 0:
            await asyncio.sleep(wait)

    async def refused(self) -> None:
        await asyncio.to_thread(self._limiter.saturate, self._key, self.limit)

    def close(self) -> None:
        self._limiter.close()


def _listing(query: ItemQuery) -> Callable[[PortalClient], Awaitable[list[Item]]]:
    async def work(portal: PortalClient) -> list[Item]:
        return [item async for item in ItemListing(query).items(portal)]

    return work
