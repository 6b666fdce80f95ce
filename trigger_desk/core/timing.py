"""Timing phases of one HTTP exchange, from httpx's `trace` request extension.

httpcore reports `<name>.started` / `<name>.complete` events; we keep the clock times
and turn them into connect, tls, send, wait (time to first byte) and receive phases.
A reused keep-alive connection has no connect or TLS phase: those are 0.
"""

from __future__ import annotations

import time
from typing import Any

_PHASES = {
    "connect": ("connection.connect_tcp",),
    "tls": ("connection.start_tls",),
    "send": ("send_request_headers", "send_request_body"),
    "wait": ("receive_response_headers",),
    "receive": ("receive_response_body",),
}


class PhaseClock:
    """Collects trace events for one attempt; pass `trace` as the httpx extension."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.finished: float | None = None
        self._events: dict[str, float] = {}

    async def trace(self, name: str, info: dict[str, Any]) -> None:
        # "http11.send_request_headers.started" -> "send_request_headers.started";
        # http2 events have the same suffixes.
        if name.startswith(("http11.", "http2.")):
            name = name.split(".", 1)[1]
        self._events.setdefault(name, time.perf_counter())

    def finish(self) -> None:
        self.finished = time.perf_counter()

    def _span(self, first: str, last: str) -> float:
        start = self._events.get(f"{first}.started")
        end = self._events.get(f"{last}.complete")
        if start is None or end is None:
            return 0.0
        return max(0.0, (end - start) * 1000.0)

    def phases_ms(self) -> dict[str, float]:
        """connect, tls, send, wait, receive and total, in milliseconds."""
        phases = {name: self._span(names[0], names[-1]) for name, names in _PHASES.items()}
        end = self.finished if self.finished is not None else time.perf_counter()
        phases["total"] = (end - self.started) * 1000.0
        return phases
