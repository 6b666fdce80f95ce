"""The call history: every call that was sent, kept in SQLite with what it means.

A row is committed before a call is sent (`begin`, no outcome yet) and filled when it
ends (`complete`), so a program killed mid-call still leaves the row behind; it reads
back as interrupted. Records arrive already masked and are stored as given.

Methods block; call them from worker threads (`asyncio.to_thread`) in the window. The
writes also take `wait=False`: then they never wait for a lock (another thread, another
program) and raise `WriteWouldWait` instead, which is how the engine writes on its loop;
or `wait=SECONDS`: then they raise `HistoryBusy` once that has passed (the engine's
bound before it refuses to send a call it could not record).
One `HistoryStore` may be shared by several threads: a lock serialises its use of the
connection, and SQLite's WAL mode lets other processes read while one writes.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from trigger_desk.core.history_writer import HistoryBusy, Wait, WriteWouldWait
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord
from trigger_desk.store.history_query import (
    DistinctColumn,
    HistoryFilter,
    distinct_sql,
    where_clause,
)
from trigger_desk.store.history_rows import (
    RECORD_COLUMNS,
    ROW_COLUMNS,
    HistoryRow,
    RowState,
    history_row,
    record_from_row,
    row_values,
)
from trigger_desk.store.history_schema import (
    HistoryUnavailable,
    ensure_full_text,
    immediate_transaction,
    open_database,
    unavailable_from,
)
from trigger_desk.store.history_session import Session

__all__ = [
    "DistinctColumn",
    "HistoryFilter",
    "HistoryRow",
    "HistoryStore",
    "HistoryUnavailable",
    "RowState",
]

_NO_FILTER = HistoryFilter()
_EXPORT_CHUNK = 500  # rows read per lock hold while exporting
_COMPLETE = (
    "UPDATE calls SET started_at = :started_at, finished_at = :finished_at, "
    "platform = :platform, call_id = :call_id, profile = :profile, "
    "status = :status, outcome = :outcome, total_ms = :total_ms, "
    "error_code = :error_code, hint = :hint, "
    "platform_request_id = :platform_request_id, request_id = :request_id, "
    "record = :record WHERE id = :id"
)
# What an answer changes in a row a bulk run began (its call, profile, platform and
# start stay): fewer indexes to touch.
_COMPLETE_ANSWER = (
    "UPDATE calls SET finished_at = :finished_at, status = :status, outcome = :outcome, "
    "total_ms = :total_ms, error_code = :error_code, hint = :hint, request_id = :request_id, "
    "platform_request_id = :platform_request_id, record = :record WHERE id = :id"
)


class HistoryStore:
    """The SQLite history at `path` (created with its folders if missing).

    Raises `HistoryUnavailable` when the file is damaged, not a Trigger Desk history,
    or from a newer Trigger Desk; such a file is never modified. Operations raise it
    too if damage is found later. `full_text=False` skips the FTS5 index (tests use it
    to exercise the fallback an SQLite without FTS5 gets).
    """

    def __init__(self, path: Path, *, full_text: bool = True) -> None:
        self._path = Path(path)
        self._lock = threading.RLock()
        self._batch_depth = 0
        self._session = Session()
        self._connection: sqlite3.Connection | None = open_database(self._path)
        try:
            self._full_text = ensure_full_text(self._connection, full_text)
        except sqlite3.Error as error:
            self._connection.close()
            raise unavailable_from(self._path, error) or error from error
        self._session.open()
        # A store dropped without close() must not leave its calls "in flight" forever.
        weakref.finalize(self, self._session.close)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def full_text_search(self) -> bool:
        """True when text search uses the SQLite FTS5 index; False when this SQLite
        lacks FTS5 and search falls back to a slower scan (LIKE, substring match)."""
        return self._full_text

    def close(self) -> None:
        """Close the database. Calls this store began and did not complete read back
        as interrupted from now on. Safe to call twice."""
        with self._lock:
            connection, self._connection = self._connection, None
            self._session.close()
            if connection is None:
                return
            try:
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
                connection.execute("PRAGMA optimize")  # cheap; keeps query plans good
            except sqlite3.Error:
                pass  # closing must not fail over an optimisation
            finally:
                connection.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------

    def begin(self, record: CallRecord, *, wait: Wait = True) -> int:
        """Write the row of a call being sent (no outcome yet); return its id and set
        `record.history_id`.

        With `wait=False` the write happens only if nothing stands in its way (another
        thread using this store, another program writing the file); otherwise it raises
        `WriteWouldWait` at once and writes nothing. With `wait=SECONDS` it waits that
        long at most, then raises `HistoryBusy`. The same holds for every write.
        """
        if record.diagnosis is not None:
            raise ValueError(
                "begin() takes a call that is being sent; use add() for a finished one"
            )
        with self._writing(wait=wait) as connection:
            history_id = self._insert(connection, record, finished=False)
        record.history_id = history_id
        return history_id

    def complete(self, record: CallRecord, *, wait: Wait = True) -> None:
        """Fill the row `begin()` wrote with the finished record.

        A record without a diagnosis (a cancelled call) is kept as ended with no answer.
        If the row was deleted meanwhile (the user removed it), nothing is written.
        """
        if record.history_id is None:
            raise ValueError("complete() needs a record that begin() gave a history_id")
        with self._writing(wait=wait) as connection:
            connection.execute(
                _COMPLETE, {**row_values(record, finished=True), "id": record.history_id}
            )

    def add(self, record: CallRecord, *, wait: Wait = True) -> int:
        """Write a finished call in one step (begin + complete); return its id."""
        with self._writing(wait=wait) as connection:
            history_id = self._insert(connection, record, finished=True)
        record.history_id = history_id
        return history_id

    def add_many(
        self,
        records: list[CallRecord],
        *,
        wait: Wait = True,
        finished: bool = True,
        then: Callable[[sqlite3.Connection, list[int]], None] | None = None,
    ) -> list[int]:
        """Write calls in one transaction and one statement (a bulk run's items, 50 at a
        time); return their ids, also set on each record. `finished=False` writes them
        as begun (in flight, like `begin`); `then(connection, ids)` runs inside the same
        transaction (the bulk journal marks its items sent there: both, or neither)."""
        if not records:
            return []
        session = {
            "session": self._session.token,
            "session_pid": self._session.pid,
            "session_host": self._session.host,
        }
        rows = [{**row_values(record, finished=finished), **session} for record in records]
        columns = ", ".join(rows[0])
        placeholders = ", ".join(f":{name}" for name in rows[0])
        with self._writing(wait=wait) as connection:
            connection.executemany(f"INSERT INTO calls ({columns}) VALUES ({placeholders})", rows)
            # One writer holds the transaction and ids are AUTOINCREMENT: consecutive.
            last = int(connection.execute("SELECT last_insert_rowid()").fetchone()[0])
            ids = list(range(last - len(records) + 1, last + 1))
            if then is not None:
                then(connection, ids)
        for record, history_id in zip(records, ids, strict=True):
            record.history_id = history_id
        return ids

    def complete_many(
        self,
        records: list[CallRecord],
        *,
        wait: Wait = True,
        then: Callable[[sqlite3.Connection], None] | None = None,
    ) -> None:
        """`complete` for rows `add_many(finished=False)` began, in one transaction with
        `then(connection)` (the journal's states of the same items)."""
        values = [{**row_values(r, finished=True), "id": r.history_id} for r in records]
        with self._writing(wait=wait) as connection:
            if values:
                connection.executemany(_COMPLETE_ANSWER, values)
            if then is not None:
                then(connection)

    @contextmanager
    def batch(self, *, wait: Wait = True) -> Iterator[None]:
        """Group writes into one transaction: all of them are kept, or none.

        Other threads wait until the block ends; keep it short (imports, benchmarks).
        """
        with self._writing(wait=wait):
            yield

    def delete(self, ids: Iterable[int]) -> int:
        """Delete rows by id; return how many existed."""
        wanted = [(int(history_id),) for history_id in ids]
        with self._writing() as connection:
            # rowcount sums over all ids and leaves out the index rows triggers touch.
            return connection.executemany("DELETE FROM calls WHERE id = ?", wanted).rowcount

    def prune(self, max_rows: int | None = None, max_age_days: int | None = None) -> int:
        """Apply retention: keep at most `max_rows` newest rows and none that started
        more than `max_age_days` days ago (None: no limit). Return the rows deleted."""
        if max_rows is not None and max_rows < 1:
            raise ValueError("max_rows must be at least 1 (None keeps every row)")
        if max_age_days is not None and max_age_days < 1:
            raise ValueError("max_age_days must be at least 1 (None keeps every row)")
        deleted = 0
        with self._writing() as connection:
            if max_age_days is not None:
                cutoff = datetime.now(UTC) - timedelta(days=max_age_days)
                deleted += connection.execute(
                    "DELETE FROM calls WHERE julianday(started_at) < julianday(?)",
                    (cutoff.isoformat(),),
                ).rowcount
            if max_rows is not None:
                deleted += connection.execute(
                    "DELETE FROM calls WHERE id <= "
                    "(SELECT id FROM calls ORDER BY id DESC LIMIT 1 OFFSET ?)",
                    (max_rows,),
                ).rowcount
        return deleted

    # --- reading ---------------------------------------------------------------------

    def count(self, filter: HistoryFilter | None = None) -> int:
        """How many rows match."""
        where, params = self._where(filter)
        with self._reading() as connection:
            return int(
                connection.execute(f"SELECT count(*) FROM calls{where}", params).fetchone()[0]
            )

    def page(
        self,
        filter: HistoryFilter | None = None,
        offset: int = 0,
        limit: int = 100,
        *,
        before_id: int | None = None,
        after_id: int | None = None,
    ) -> list[HistoryRow]:
        """Matching rows, newest first, skipping `offset` of them.

        `before_id`/`after_id` restrict to older/newer ids than a row already shown:
        stable paging while new calls arrive, and fetching just the new ones.
        """
        where, params = self._where(filter, before_id=before_id, after_id=after_id)
        with self._reading() as connection:
            rows = connection.execute(
                f"SELECT {ROW_COLUMNS} FROM calls{where} ORDER BY id DESC LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return [history_row(row, self._session) for row in rows]

    def row(self, history_id: int) -> HistoryRow | None:
        """The table row of one call, or None if there is no such row."""
        with self._reading() as connection:
            row = connection.execute(
                f"SELECT {ROW_COLUMNS} FROM calls WHERE id = ?", (history_id,)
            ).fetchone()
        return history_row(row, self._session) if row else None

    def get(self, history_id: int) -> CallRecord | None:
        """The full record of one call, or None. An interrupted call comes back with
        no diagnosis and a note saying no answer was recorded."""
        with self._reading() as connection:
            row = connection.execute(
                f"SELECT {RECORD_COLUMNS} FROM calls WHERE id = ?", (history_id,)
            ).fetchone()
        return record_from_row(row, self._session) if row else None

    def state(self, history_id: int) -> RowState | None:
        """Where one call stands (None if there is no such row)."""
        row = self.row(history_id)
        return row.state if row else None

    def latest_ok(
        self, call_id: str, profile: str, before_id: int | None = None
    ) -> CallRecord | None:
        """The newest successful call of this call and profile (older than `before_id`
        when given): what the diff view compares a call against."""
        sql = (
            f"SELECT {RECORD_COLUMNS} FROM calls WHERE call_id = ? AND profile = ? AND outcome = ?"
        )
        params: list[Any] = [call_id, profile, Outcome.OK.value]
        if before_id is not None:
            sql += " AND id < ?"
            params.append(before_id)
        with self._reading() as connection:
            row = connection.execute(f"{sql} ORDER BY id DESC LIMIT 1", params).fetchone()
        return record_from_row(row, self._session) if row else None

    def distinct_values(self, column: DistinctColumn) -> list[str]:
        """The values present in a column, sorted (for filter drop-downs)."""
        sql = distinct_sql(column)
        with self._reading() as connection:
            return [str(row[0]) for row in connection.execute(sql)]

    def iter_records(self, filter: HistoryFilter | None = None) -> Iterator[CallRecord]:
        """Every matching record, oldest first (for export). Reads in chunks, so other
        threads can use the store between chunks."""
        last_id = 0
        while True:
            where, params = self._where(filter, after_id=last_id)
            with self._reading() as connection:
                rows = connection.execute(
                    f"SELECT {RECORD_COLUMNS} FROM calls{where} ORDER BY id LIMIT ?",
                    [*params, _EXPORT_CHUNK],
                ).fetchall()
            if not rows:
                return
            for row in rows:
                yield record_from_row(row, self._session)
            last_id = int(rows[-1][0])

    # --- internals -------------------------------------------------------------------

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file, as far as readers allow.

        SQLite's automatic checkpoints are off: one could land in any commit and fsync
        there, and some writes must never wait on the disk. Writers call this where
        waiting is fine; `close()` does too.
        """
        with self._reading() as connection:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

    @contextmanager
    def _reading(self, *, wait: Wait = True) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock, with damage reported as HistoryUnavailable."""
        if not _acquire(self._lock, wait):
            if wait is False:
                raise WriteWouldWait("another thread is using the history")
            raise HistoryBusy(self._path, float(wait))
        try:
            if self._connection is None:
                raise RuntimeError("the history store is closed")
            try:
                yield self._connection
            except sqlite3.Error as error:
                unavailable = unavailable_from(self._path, error)
                if unavailable is None:
                    raise
                raise unavailable from error
        finally:
            self._lock.release()

    @contextmanager
    def _writing(self, *, wait: Wait = True) -> Iterator[sqlite3.Connection]:
        """Like _reading, inside one write transaction (joined by nested writes)."""
        with self._reading(wait=wait) as connection:
            if self._batch_depth:
                self._batch_depth += 1
                try:
                    yield connection
                finally:
                    self._batch_depth -= 1
                return
            self._batch_depth = 1
            try:
                with immediate_transaction(connection, wait=wait, path=self._path):
                    yield connection
            finally:
                self._batch_depth = 0

    def _insert(self, connection: sqlite3.Connection, record: CallRecord, *, finished: bool) -> int:
        values = {
            **row_values(record, finished=finished),
            "session": self._session.token,
            "session_pid": self._session.pid,
            "session_host": self._session.host,
        }
        columns = ", ".join(values)
        placeholders = ", ".join(f":{name}" for name in values)
        cursor = connection.execute(
            f"INSERT INTO calls ({columns}) VALUES ({placeholders})", values
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _where(
        self,
        filter: HistoryFilter | None,
        *,
        before_id: int | None = None,
        after_id: int | None = None,
    ) -> tuple[str, list[Any]]:
        return where_clause(
            filter or _NO_FILTER,
            full_text=self._full_text,
            before_id=before_id,
            after_id=after_id,
        )


def _acquire(lock: threading.RLock, wait: Wait) -> bool:
    if wait is True:
        return lock.acquire()
    if wait is False or wait <= 0:
        return lock.acquire(blocking=False)
    return lock.acquire(timeout=wait)
