"""The rate limiter's state, shared by every Trigger Desk process on the machine.

One small SQLite file beside the history (`rate_limits.sqlite3`): a row per portal /
Wix app instance / site, read and updated in one short IMMEDIATE transaction per
request, so a run started right after another, two runs at once, or the window and the
CLI together all count against the same bucket. Kept out of the history file so that
pacing never waits behind a history write. Times are wall-clock seconds (`time.time`),
the only clock two processes share.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from trigger_desk.core.rate_limit import LimiterState, RateLimit, next_slot, saturated
from trigger_desk.store.history_schema import immediate_transaction

_DDL = "CREATE TABLE IF NOT EXISTS limiter (key TEXT PRIMARY KEY, level REAL NOT NULL, stamp REAL NOT NULL)"


def rate_limits_path(history_path: Path) -> Path:
    return Path(history_path).with_name("rate_limits.sqlite3")


class SharedLimiter:
    """Reserves send times against the shared state. Blocking but brief (one row)."""

    def __init__(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_DDL)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _update(
        self, key: str, change: Callable[[LimiterState, float], tuple[float, LimiterState]]
    ) -> float:
        with self._lock, immediate_transaction(self._db):
            row = self._db.execute(
                "SELECT level, stamp FROM limiter WHERE key = ?", (key,)
            ).fetchone()
            state = LimiterState(*row) if row else LimiterState()
            now = time.time()
            send_at, new = change(state, now)
            self._db.execute(
                "INSERT INTO limiter (key, level, stamp) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET level = excluded.level, stamp = excluded.stamp",
                (key, new.level, new.stamp),
            )
            return float(send_at) - now

    def reserve(self, key: str, limit: RateLimit) -> float:
        """Take the next slot; return how many seconds to wait before sending (>= 0)."""
        if limit.unlimited:
            return 0.0
        return max(0.0, self._update(key, lambda state, now: next_slot(limit, state, now)))

    def saturate(self, key: str, limit: RateLimit) -> None:
        """The platform refused a request as over the limit: mark the bucket full."""
        if limit.unlimited:
            return
        self._update(key, lambda state, now: (now, saturated(limit, state, now)))

    def level(self, key: str, limit: RateLimit) -> float:
        """The bucket's level now (for estimates); 0 for other plans."""
        with self._lock:
            row = self._db.execute(
                "SELECT level, stamp FROM limiter WHERE key = ?", (key,)
            ).fetchone()
        if not row or limit.kind != "bucket":
            return 0.0
        level, stamp = row
        return float(max(0.0, level - max(0.0, time.time() - stamp) * limit.rate))
