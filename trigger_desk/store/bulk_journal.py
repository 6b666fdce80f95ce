"""The journal of bulk runs, in the history database: what was sent, provably.

A run is written before its first request: one `bulk_items` row per CSV row, `pending`.
An item is marked `sent` (committed) before its request goes on the wire, then `ok`,
`failed` or `unknown` (sent, no answer) from the answer. So after a crash, `kill -9`,
a lost connection or a closed laptop, resume can tell "never sent" (safe to send) from
"sent, answer unknown" (not safe: a Bitrix24 trigger fired twice moves a deal twice).

A run is held by its process through an OS file lock (`fcntl.flock`, `msvcrt.locking`
on Windows) that dies with the process. `sent` exists only while the holder lives:
every reader sees a dead run's `sent` items as `unknown`, and resume writes them so.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from trigger_desk.store.history_schema import immediate_transaction, open_database

if TYPE_CHECKING:
    from trigger_desk.store.bulk_fill import FilledItem

STATES = ("pending", "sent", "ok", "failed", "unknown")
_INSERT_CHUNK = 2000
_TTL_FIELD = "idempotency.ttlInMilliseconds"
# json.dumps(..., ensure_ascii=False), its encoder built once rather than per item.
_TO_JSON = json.JSONEncoder(ensure_ascii=False).encode

_DDL = (
    """CREATE TABLE IF NOT EXISTS bulk_runs (
        run_id TEXT PRIMARY KEY,
        call TEXT NOT NULL,
        profile TEXT NOT NULL,
        items INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        meta TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE IF NOT EXISTS bulk_items (
        run_id TEXT NOT NULL,
        row INTEGER NOT NULL,
        state TEXT NOT NULL,
        outcome TEXT,
        history_id INTEGER,
        sent_at REAL,
        item TEXT NOT NULL,  -- the filled, checked values and payload as JSON
        PRIMARY KEY (run_id, row)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS bulk_items_state ON bulk_items(run_id, state, row)",
)


class RunBusy(Exception):
    """The run is held by a live process (it is running now)."""


class RunNotFound(Exception):
    """No run has this id."""


@dataclass(frozen=True)
class JournalItem:
    row: int
    values: dict[str, Any]
    payload: Any
    state: str
    sent_at: float | None = None


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    call: str
    profile: str
    items: int
    started_at: str
    counts: dict[str, int]
    live: bool
    source: str = ""
    meta: dict[str, Any] | None = None

    def count(self, state: str) -> int:
        return self.counts.get(state, 0)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "call": self.call,
            "profile": self.profile,
            "items": self.items,
            "ok": self.count("ok"),
            "failed": self.count("failed"),
            "unknown": self.count("unknown") + (0 if self.live else self.count("sent")),
            "pending": self.count("pending"),
            "started_at": self.started_at,
        }


def locks_dir(history_path: Path) -> Path:
    return Path(history_path).with_name("bulk-runs")


class RunLock:
    """An exclusive OS lock on `bulk-runs/RUN.lock`, released when its process ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")  # noqa: SIM115 - held for the run's life
        if not _try_lock(handle, exclusive=True):
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing drops the lock
            self._handle = None

    def held_elsewhere(self) -> bool:
        """True when another live process holds it."""
        if self._handle is not None:
            return False
        try:
            handle = open(self.path, "rb")  # noqa: SIM115
        except FileNotFoundError:
            return False
        with handle:
            return not _try_lock(handle, exclusive=False)


def _try_lock(handle: IO[bytes], *, exclusive: bool) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        handle.seek(0)  # both sides lock the same first byte
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        if not exclusive:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return True
    import fcntl

    try:
        fcntl.flock(
            handle.fileno(), (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        )
    except BlockingIOError:
        return False
    if not exclusive:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return True


class BulkJournal:
    """Runs and their items in the history file at `path`. Blocking, short writes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db = open_database(self.path)
        self._lock = threading.RLock()
        for statement in _DDL:
            self._db.execute(statement)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _lock_for(self, run_id: str) -> RunLock:
        return RunLock(locks_dir(self.path) / f"{run_id}.lock")

    # --- writing ---------------------------------------------------------------------

    def create_run(
        self,
        run_id: str,
        call: str,
        profile: str,
        started_at: str,
        source: str,
        meta: dict[str, Any],
    ) -> None:
        with self._lock, immediate_transaction(self._db):
            self._db.execute(
                "INSERT INTO bulk_runs (run_id, call, profile, started_at, source, meta) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, call, profile, started_at, source, json.dumps(meta)),
            )

    def add_items(self, run_id: str, items: Iterable[FilledItem]) -> int:
        """Journal the items as pending, in chunks; return how many."""
        total = 0
        chunk: list[tuple[str, int, str]] = []

        def flush() -> None:
            with self._lock, immediate_transaction(self._db):
                self._db.executemany(
                    "INSERT INTO bulk_items (run_id, row, state, item) VALUES (?, ?, 'pending', ?)",
                    chunk,
                )
                self._db.execute(
                    "UPDATE bulk_runs SET items = items + ? WHERE run_id = ?", (len(chunk), run_id)
                )
            chunk.clear()

        for item in items:
            text = _TO_JSON({"values": item.values, "payload": item.payload})
            chunk.append((run_id, item.row, text))
            total += 1
            if len(chunk) >= _INSERT_CHUNK:
                flush()
        if chunk:
            flush()
        return total

    def update_meta(self, run_id: str, meta: dict[str, Any]) -> None:
        with self._lock, immediate_transaction(self._db):
            self._db.execute(
                "UPDATE bulk_runs SET meta = ? WHERE run_id = ?", (json.dumps(meta), run_id)
            )

    def hold(self, run_id: str) -> RunLock:
        """Take the run for this process; RunBusy when a live process has it."""
        lock = self._lock_for(run_id)
        if not lock.acquire():
            raise RunBusy(run_id)
        return lock

    def mark_sent(
        self, run_id: str, rows: Sequence[int], history_ids: Sequence[int | None]
    ) -> None:
        """Committed before the request leaves: these items may now have run."""
        with self._lock, immediate_transaction(self._db):
            journal_sent(self._db, run_id, rows, history_ids)

    def mark_done(
        self, run_id: str, results: Sequence[tuple[int, str, str | None, int | None]]
    ) -> None:
        """(row, state, outcome, history_id) for answered (or given-up) items."""
        with self._lock, immediate_transaction(self._db):
            journal_done(self._db, run_id, results)

    def mark_pending(self, run_id: str, rows: Sequence[int]) -> None:
        """Items that did not run after all (refused before running): send again."""
        with self._lock, immediate_transaction(self._db):
            journal_pending(self._db, run_id, rows)

    def prepare_resume(
        self, run_id: str, *, resend_unknown: bool, key_lifetime: float | None
    ) -> None:
        """Under the run's lock: `sent` becomes `unknown` (its holder died); unknown
        items go back to pending when asked, or, for idempotent items (`key_lifetime`
        seconds, unless an item's own `idempotency.ttlInMilliseconds` says otherwise),
        while their key still lives, less a safety margin for the resume itself."""
        with self._lock, immediate_transaction(self._db):
            self._db.execute(
                "UPDATE bulk_items SET state = 'unknown' WHERE run_id = ? AND state = 'sent'",
                (run_id,),
            )
            if resend_unknown:
                self._db.execute(
                    "UPDATE bulk_items SET state = 'pending' WHERE run_id = ? AND state = 'unknown'",
                    (run_id,),
                )
            elif key_lifetime is not None:
                self._db.execute(
                    "UPDATE bulk_items SET state = 'pending' WHERE run_id = ? "
                    "AND state = 'unknown' AND sent_at + max(0.9 * coalesce("
                    f"json_extract(item, '$.values.\"{_TTL_FIELD}\"') / 1000.0, ?), "
                    "coalesce(json_extract(item, "
                    f"'$.values.\"{_TTL_FIELD}\"') / 1000.0, ?) - 3600) > ?",
                    (run_id, key_lifetime, key_lifetime, time.time()),
                )

    def requeue(self, run_id: str, state: str = "failed") -> int:
        """Items in `state` back to pending ("Retry failed": the portal refused them, so
        nothing ran); returns how many."""
        with self._lock, immediate_transaction(self._db):
            cursor = self._db.execute(
                "UPDATE bulk_items SET state = 'pending', outcome = NULL, sent_at = NULL "
                "WHERE run_id = ? AND state = ?",
                (run_id, state),
            )
        return cursor.rowcount

    # --- reading ---------------------------------------------------------------------

    def unfinished(self) -> list[RunSummary]:
        """Runs left with items never sent or never answered by a process that is gone
        (crashed, killed): the ones to offer for resume, newest first."""
        return [
            run
            for run in self.runs()
            if not run.live
            and (run.meta or {}).get("ready", True)
            and (run.count("pending") or run.count("sent") or run.count("unknown"))
            and not (run.meta or {}).get("dismissed", False)
        ]

    def items(
        self, run_id: str
    ) -> Iterator[tuple[int, str, str | None, int | None, dict[str, Any]]]:
        """Like `rows`, plus each item's filled values (for exports)."""
        live = self.is_live(run_id)
        with self._lock:
            rows = self._db.execute(
                "SELECT row, state, outcome, history_id, item FROM bulk_items "
                "WHERE run_id = ? ORDER BY row",
                (run_id,),
            ).fetchall()
        for row, state, outcome, history_id, text in rows:
            shown = "unknown" if state == "sent" and not live else state
            yield row, shown, outcome, history_id, json.loads(text)["values"]

    def pending(self, run_id: str, limit: int, after_row: int = 0) -> list[JournalItem]:
        """The next pending items in row order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT row, item, state, sent_at FROM bulk_items WHERE run_id = ? "
                "AND state = 'pending' AND row > ? ORDER BY row LIMIT ?",
                (run_id, after_row, limit),
            ).fetchall()
        items = []
        for row, text, state, sent_at in rows:
            data = json.loads(text)
            items.append(JournalItem(row, data["values"], data["payload"], state, sent_at))
        return items

    def is_live(self, run_id: str) -> bool:
        return self._lock_for(run_id).held_elsewhere()

    def summary(self, run_id: str, *, live: bool | None = None) -> RunSummary:
        with self._lock:
            run = self._db.execute(
                "SELECT run_id, call, profile, items, started_at, source, meta FROM bulk_runs "
                "WHERE run_id = ?",
                (run_id,),
            ).fetchone()
            if run is None:
                raise RunNotFound(run_id)
            counts = dict(
                self._db.execute(
                    "SELECT state, count(*) FROM bulk_items WHERE run_id = ? GROUP BY state",
                    (run_id,),
                ).fetchall()
            )
        is_live = self.is_live(run_id) if live is None else live
        return RunSummary(
            run[0], run[1], run[2], run[3], run[4], counts, is_live, run[5], json.loads(run[6])
        )

    def runs(self) -> list[RunSummary]:
        """Every run, newest first."""
        with self._lock:
            ids = [
                row[0]
                for row in self._db.execute(
                    "SELECT run_id FROM bulk_runs ORDER BY started_at DESC, rowid DESC"
                )
            ]
        return [self.summary(run_id) for run_id in ids]

    def rows(self, run_id: str) -> Iterator[tuple[int, str, str | None, int | None]]:
        """(row, state as a reader sees it, outcome, history_id) in row order."""
        live = self.is_live(run_id)
        with self._lock:
            cursor = self._db.execute(
                "SELECT row, state, outcome, history_id FROM bulk_items WHERE run_id = ? "
                "ORDER BY row",
                (run_id,),
            )
            rows = cursor.fetchall()
        for row, state, outcome, history_id in rows:
            yield row, ("unknown" if state == "sent" and not live else state), outcome, history_id

    def delete_run(self, run_id: str) -> None:
        """Forget a run that never started (its items were refused before sending)."""
        with self._lock, immediate_transaction(self._db):
            self._db.execute("DELETE FROM bulk_items WHERE run_id = ?", (run_id,))
            self._db.execute("DELETE FROM bulk_runs WHERE run_id = ?", (run_id,))


# The journal's writes on a given connection, so `store.bulk_record` can make them in
# the same transaction as the items' history rows (one file, one commit).


def journal_sent(
    db: sqlite3.Connection, run_id: str, rows: Sequence[int], history_ids: Sequence[int | None]
) -> None:
    """Mark items `sent` (with their history rows, when they have them)."""
    now = time.time()
    db.executemany(
        "UPDATE bulk_items SET state = 'sent', sent_at = ?, history_id = ? "
        "WHERE run_id = ? AND row = ?",
        [(now, hid, run_id, row) for row, hid in zip(rows, history_ids, strict=True)],
    )


def journal_done(
    db: sqlite3.Connection,
    run_id: str,
    results: Sequence[tuple[int, str, str | None, int | None]],
) -> None:
    """(row, state, outcome, history_id) for answered (or given-up) items."""
    db.executemany(
        "UPDATE bulk_items SET state = ?, outcome = ?, "
        "history_id = coalesce(?, history_id) WHERE run_id = ? AND row = ?",
        [(state, outcome, hid, run_id, row) for row, state, outcome, hid in results],
    )


def journal_pending(db: sqlite3.Connection, run_id: str, rows: Sequence[int]) -> None:
    """Items that did not run after all: back to pending, to be sent again."""
    db.executemany(
        "UPDATE bulk_items SET state = 'pending', sent_at = NULL WHERE run_id = ? AND row = ?",
        [(run_id, row) for row in rows],
    )
