"""How the window looks things up on the portal: pacing values and a short-lived cache.

Typing in "Find…" waits `DEBOUNCE_MS` after the last keystroke before one look-up is
sent (never a request per keystroke), and only from `MIN_TITLE_CHARS` characters.
Answers are kept per profile for `CACHE_SECONDS`, so reopening a picker shows them at
once; Refresh (F5) drops them. Qt-free: the window and tests share these rules.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

DEBOUNCE_MS = 300
MIN_TITLE_CHARS = 2
CACHE_SECONDS = 60.0
FIND_LIMIT = 50  # items a "Find…" shows: one page, one request
PREVIEW_LIMIT = 5000  # items "From the portal…" takes at most (101 pages: 4 requests)
COUNT_LIMIT = 2550  # items read to count a funnel's stages (51 pages: 2 requests)


@dataclass
class LookupCache:
    """Answers by (profile, what was asked), each kept `ttl` seconds."""

    ttl: float = CACHE_SECONDS
    clock: Callable[[], float] = time.monotonic
    _entries: dict[tuple[str, Hashable], tuple[float, Any]] = field(default_factory=dict)

    def get(self, profile: str, key: Hashable) -> Any | None:
        """The kept answer, or None when there is none or it is older than `ttl`."""
        entry = self._entries.get((profile, key))
        if entry is None:
            return None
        stored, value = entry
        if self.clock() - stored > self.ttl:
            del self._entries[(profile, key)]
            return None
        return value

    def put(self, profile: str, key: Hashable, value: Any) -> None:
        self._entries[(profile, key)] = (self.clock(), value)

    def drop(self, profile: str | None = None) -> None:
        """Forget one profile's answers (Refresh), or all of them."""
        if profile is None:
            self._entries.clear()
            return
        for entry_key in [k for k in self._entries if k[0] == profile]:
            del self._entries[entry_key]
