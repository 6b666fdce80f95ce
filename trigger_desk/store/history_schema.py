"""The history database on disk: opening it safely, its schema, migrations and search index.

Opening follows one rule: look before touching. The file is read (header, schema
version, application id) before anything is written to it, and a file that is not a
Trigger Desk history, is damaged, or was written by a newer Trigger Desk is refused
with `HistoryUnavailable` and left exactly as it was.

Full-text search uses an FTS5 index over the masked request URL, request body, response
body and error text. The index reads its text from the `calls_search` view (JSON paths
into the stored record), so nothing is stored twice, and triggers keep it in sync on
insert, update and delete. On an SQLite built without FTS5 the index is not used and
search falls back to a `LIKE` scan of the same view (`LIKE_HAYSTACK` is its text).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from trigger_desk.core.history_writer import HistoryBusy, HistoryProblem, Wait, WriteWouldWait

SCHEMA_VERSION = 1
# How long a write waits for another program's write to end (the CLI next to the window).
BUSY_TIMEOUT_MS = 5000
# `PRAGMA application_id` marks the file as ours ("TDkH"), so another program's SQLite
# file at the same path is recognised and left alone.
APPLICATION_ID = 0x54446B48

_MOVE_ASIDE = (
    "Nothing was changed. Move the file aside (for example rename it to '{name}.broken') "
    "and start Trigger Desk again to begin a new history."
)


class HistoryUnavailable(HistoryProblem):
    """The history database cannot be used. The message names the file, the problem
    and what to do; the file itself has not been modified."""

    def __init__(self, path: Path, problem: str, remedy: str) -> None:
        self.path = path
        self.problem = problem
        self.remedy = remedy.format(name=path.name)
        super().__init__(f"The call history at {path} cannot be used: {problem}. {self.remedy}")


def unavailable_from(path: Path, error: sqlite3.Error) -> HistoryUnavailable | None:
    """Explain an SQLite error that means the file is unusable; None for other errors
    (programming mistakes stay ordinary exceptions)."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return HistoryUnavailable(
            path, f"the file is damaged or not a database ({error})", _MOVE_ASIDE
        )
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return HistoryUnavailable(
            path,
            f"another program is holding it locked ({error})",
            "Close other Trigger Desk windows or commands using it, then try again.",
        )
    if primary in (
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
    ):
        return HistoryUnavailable(
            path,
            f"it cannot be read or written ({error})",
            "Check that the folder exists, that you may write to it, and that the disk is not full.",
        )
    return None


def open_database(path: Path) -> sqlite3.Connection:
    """Open (or create) the history at `path`, check it, configure it and migrate it."""
    _prepare_file(path)
    try:
        # Autocommit mode: HistoryStore issues BEGIN/COMMIT itself. The busy timeout
        # lets a second process (the CLI next to the window) wait for a write lock.
        connection = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as error:
        raise _unavailable(path, error) from error
    try:
        version = _inspect(connection, path)
        _configure(connection)
        if version < SCHEMA_VERSION:
            _migrate(connection)
    except sqlite3.Error as error:
        connection.close()
        raise _unavailable(path, error) from error
    except BaseException:
        connection.close()
        raise
    return connection


def _unavailable(path: Path, error: sqlite3.Error) -> HistoryUnavailable:
    known = unavailable_from(path, error)
    return known or HistoryUnavailable(path, f"SQLite reported: {error}", _MOVE_ASIDE)


def _prepare_file(path: Path) -> None:
    """Create parent folders, and a new file readable by its owner only (call bodies
    can hold personal data even when masked; SQLite gives its WAL files the same mode)."""
    if path.is_dir():
        raise HistoryUnavailable(path, "it is a folder, not a file", "Choose a file path instead.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise HistoryUnavailable(
            path,
            f"it cannot be created ({error.strerror or error})",
            "Check that you may write to that folder.",
        ) from error
    os.close(descriptor)


def _inspect(connection: sqlite3.Connection, path: Path) -> int:
    """Read the schema version without writing; refuse files that are not ours."""
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if application_id not in (0, APPLICATION_ID) or (version == 0 and names):
        raise HistoryUnavailable(
            path, "it is an SQLite database, but not a Trigger Desk history", _MOVE_ASIDE
        )
    if version > SCHEMA_VERSION:
        raise HistoryUnavailable(
            path,
            f"it was written by a newer Trigger Desk (schema version {version}; "
            f"this version understands up to {SCHEMA_VERSION})",
            "Nothing was changed. Update Trigger Desk, or move the file aside "
            "(for example rename it to '{name}.newer') to begin a new history.",
        )
    if version > 0 and "calls" not in names:
        raise HistoryUnavailable(path, "its table of calls is missing", _MOVE_ASIDE)
    return version


def _configure(connection: sqlite3.Connection) -> None:
    # WAL lets the window read while the CLI writes; NORMAL is durable in WAL mode
    # except for the last commits before a power cut, which is fine for a log.
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    # A checkpoint may fsync: HistoryStore.checkpoint() runs them where waiting is fine,
    # never inside a write that must not wait.
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute("PRAGMA foreign_keys=ON")


# --- migrations ------------------------------------------------------------------------

# The search view: the text the index (or the LIKE fallback) searches, per call.
# `{row}.record` is the stored `CallRecord.to_storage()` JSON.
_SEARCH_FIELDS: tuple[tuple[str, str], ...] = (
    ("url", "json_extract({row}.record, '$.request.url')"),
    ("request_body", "json_extract({row}.record, '$.request.body')"),
    ("response_body", "json_extract({row}.record, '$.response.body')"),
    (
        "error",
        "coalesce(json_extract({row}.record, '$.diagnosis.error_code'), '') || ' ' || "
        "coalesce(json_extract({row}.record, '$.diagnosis.error_message'), '') || ' ' || "
        "coalesce(json_extract({row}.record, '$.diagnosis.cause'), '')",
    ),
)
SEARCH_COLUMNS = tuple(name for name, _ in _SEARCH_FIELDS)


def _search_values(row: str) -> str:
    return ", ".join(expression.format(row=row) for _, expression in _SEARCH_FIELDS)


def _create_v1(connection: sqlite3.Connection) -> None:
    connection.execute(
        """
        CREATE TABLE calls (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: ids are shown to users
            started_at TEXT NOT NULL,
            finished_at TEXT,
            platform TEXT NOT NULL,
            call_id TEXT NOT NULL,
            profile TEXT NOT NULL,
            status INTEGER,
            outcome TEXT,  -- NULL: in flight, interrupted, or ended with no answer
            total_ms REAL,
            error_code TEXT,
            hint TEXT NOT NULL DEFAULT '',
            platform_request_id TEXT NOT NULL DEFAULT '',
            request_id TEXT NOT NULL DEFAULT '',
            session TEXT NOT NULL,  -- the HistoryStore that began the call
            session_pid INTEGER NOT NULL,
            session_host TEXT NOT NULL,
            record TEXT NOT NULL  -- CallRecord.to_storage() as JSON
        )
        """
    )
    # Each index ends in the rowid, so "WHERE x = ? ORDER BY id DESC LIMIT n" walks
    # one index backwards. calls_call also answers latest_ok() directly.
    connection.execute("CREATE INDEX calls_platform ON calls(platform)")
    connection.execute("CREATE INDEX calls_call ON calls(call_id, profile, outcome)")
    connection.execute("CREATE INDEX calls_profile ON calls(profile)")
    connection.execute("CREATE INDEX calls_outcome ON calls(outcome)")
    connection.execute(
        f"CREATE VIEW calls_search(id, {', '.join(SEARCH_COLUMNS)}) AS "
        f"SELECT id, {_search_values('calls')} FROM calls"
    )


# Version N is reached by running _MIGRATIONS[N] on a database at version N - 1.
_MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _create_v1}


def _migrate(connection: sqlite3.Connection) -> None:
    with immediate_transaction(connection):
        # Read again under the write lock: another process may have just migrated.
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        for target in range(version + 1, SCHEMA_VERSION + 1):
            _MIGRATIONS[target](connection)
            connection.execute(f"PRAGMA user_version = {target}")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")


@contextmanager
def immediate_transaction(
    connection: sqlite3.Connection, *, wait: Wait = True, path: Path | None = None
) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (the write lock is taken up
    front, so two writers never deadlock upgrading a read lock).

    With `wait=False`, raises `WriteWouldWait` at once if another connection holds the
    write lock, instead of waiting up to the busy timeout; with `wait=SECONDS`, waits
    that long at most, then raises `HistoryBusy` (naming `path`).
    """
    if wait is True:
        connection.execute("BEGIN IMMEDIATE")
    else:
        connection.execute(f"PRAGMA busy_timeout = {max(0, int(wait * 1000))}")
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY:
                if wait is False:
                    raise WriteWouldWait("another program is writing to the history") from error
                raise HistoryBusy(path or Path("history"), float(wait)) from error
            raise
        finally:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        yield
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


# --- the full-text index ---------------------------------------------------------------

_FTS_TRIGGERS = ("calls_fts_insert", "calls_fts_delete", "calls_fts_update")


def _fts_ddl() -> list[str]:
    columns = ", ".join(SEARCH_COLUMNS)
    insert = f"INSERT INTO calls_fts(rowid, {columns}) VALUES (new.id, {_search_values('new')});"
    delete = (
        f"INSERT INTO calls_fts(calls_fts, rowid, {columns}) "
        f"VALUES ('delete', old.id, {_search_values('old')});"
    )
    return [
        f"CREATE VIRTUAL TABLE calls_fts USING fts5({columns}, "
        "content='calls_search', content_rowid='id')",
        f"CREATE TRIGGER calls_fts_insert AFTER INSERT ON calls BEGIN {insert} END",
        f"CREATE TRIGGER calls_fts_delete AFTER DELETE ON calls BEGIN {delete} END",
        f"CREATE TRIGGER calls_fts_update AFTER UPDATE OF record ON calls "
        f"BEGIN {delete} {insert} END",
    ]


def fts5_available(connection: sqlite3.Connection) -> bool:
    """Whether this SQLite can create FTS5 tables (probed in the temp schema, not the file)."""
    try:
        connection.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(text)")
    except sqlite3.OperationalError:
        return False
    connection.execute("DROP TABLE temp.fts5_probe")
    return True


def _fts_installed(connection: sqlite3.Connection) -> bool:
    names = {
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE name = 'calls_fts' OR type = 'trigger'"
        )
    }
    return {"calls_fts", *_FTS_TRIGGERS} <= names


def _has_fts_triggers(connection: sqlite3.Connection) -> bool:
    placeholders = ", ".join("?" for _ in _FTS_TRIGGERS)
    row = connection.execute(
        f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({placeholders})",
        _FTS_TRIGGERS,
    ).fetchone()
    return int(row[0]) > 0


def ensure_full_text(connection: sqlite3.Connection, wanted: bool) -> bool:
    """Install (and fill) the FTS5 index if it is wanted and possible; return whether
    search uses it.

    Without FTS5 the sync triggers are dropped (they could not run), and the index is
    rebuilt from scratch the next time an FTS5-capable SQLite opens the file.
    """
    enabled = wanted and fts5_available(connection)
    if not _fts_needs_change(connection, enabled):
        return enabled  # the usual case: nothing to write
    with immediate_transaction(connection):
        if _fts_needs_change(connection, enabled):  # another process may have done it
            for name in _FTS_TRIGGERS:
                connection.execute(f"DROP TRIGGER IF EXISTS {name}")
            if enabled:
                connection.execute("DROP TABLE IF EXISTS calls_fts")
                for statement in _fts_ddl():
                    connection.execute(statement)
                connection.execute("INSERT INTO calls_fts(calls_fts) VALUES ('rebuild')")
    return enabled


def _fts_needs_change(connection: sqlite3.Connection, enabled: bool) -> bool:
    if enabled:
        return not _fts_installed(connection)
    return _has_fts_triggers(connection)


LIKE_HAYSTACK = " || ' ' || ".join(f"coalesce({name}, '')" for name in SEARCH_COLUMNS)
