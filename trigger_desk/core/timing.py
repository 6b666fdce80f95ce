"""Timing phases of one HTTP exchange, from httpx's `trace` request extension.

httpcore reports `<name>.started` / `<name>.complete` events; we keep the clock times
and turn them into connect, tls, send, wait (time to first byte) and receive phases.
A reused keep-alive connection has no connect or TLS phase: those are 0.

A call cut short (a timeout, a refused connection) has phases it never reached: they
are 0 in `phases_ms()` (the `timings_ms` contract keeps every key a number) and
`states()` tells them apart from phases that really took no time; a phase begun but
never completed counts its time until it failed or the call was cut off.
"""

from __future__ import annotations

import time
from enum import StrEnum
from typing import Any

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP, Msg

_PHASES = {
    "connect": ("connection.connect_tcp",),
    "tls": ("connection.start_tls",),
    "send": ("send_request_headers", "send_request_body"),
    "wait": ("receive_response_headers",),
    "receive": ("receive_response_body",),
}


class PhaseState(StrEnum):
    """How far one phase got (the CLI's `timings_state`, a documented addition)."""

    DONE = "done"
    UNFINISHED = "unfinished"  # begun, never completed: it failed or was cut off
    SKIPPED = "skipped"  # not part of this exchange: no TLS on http://, a reused connection
    NOT_REACHED = "not_reached"  # the call ended before it


def phase_reading(figure: str, state: str | None) -> str:
    """A phase's figure as people read it: '12.0 ms', '1,000 ms, did not complete',
    'not reached', 'not needed' (`figure` formatted by the caller; `state` None for
    records from before states were kept)."""
    if state == PhaseState.NOT_REACHED:
        return QT_TRANSLATE_NOOP("core", "not reached")
    if state == PhaseState.SKIPPED:
        return QT_TRANSLATE_NOOP("core", "not needed")
    if state == PhaseState.UNFINISHED:
        return Msg(QT_TRANSLATE_NOOP("core", "{figure}, did not complete"), figure=figure)
    return figure


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

    def _end(self) -> float:
        return self.finished if self.finished is not None else time.perf_counter()

    def _span(self, first: str, last: str) -> float:
        start = self._events.get(f"{first}.started")
        if start is None:
            return 0.0
        end = self._events.get(f"{last}.complete")
        if end is None:  # unfinished: until it failed, or until the call stopped
            end = self._events.get(f"{last}.failed", self._end())
        return max(0.0, (end - start) * 1000.0)

    def states(self) -> dict[str, str]:
        """Each phase's `PhaseState` (total is always measured)."""
        states: dict[str, str] = {}
        later_began = False
        for name, events in reversed(_PHASES.items()):
            began = any(f"{event}.started" in self._events for event in events)
            if began:
                done = f"{events[-1]}.complete" in self._events
                states[name] = PhaseState.DONE if done else PhaseState.UNFINISHED
            else:
                states[name] = PhaseState.SKIPPED if later_began else PhaseState.NOT_REACHED
            later_began = later_began or began
        return {name: states[name] for name in _PHASES}

    def phases_ms(self) -> dict[str, float]:
        """connect, tls, send, wait, receive and total, in milliseconds."""
        phases = {name: self._span(names[0], names[-1]) for name, names in _PHASES.items()}
        phases["total"] = (self._end() - self.started) * 1000.0
        return phases
