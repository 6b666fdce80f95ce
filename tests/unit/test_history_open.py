"""Opening the history file: a new one is set up right; a bad one is refused, untouched."""

from __future__ import annotations

import sqlite3
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord, ResponseRecord
from trigger_desk.store.history import HistoryStore, HistoryUnavailable
from trigger_desk.store.history_schema import APPLICATION_ID, SCHEMA_VERSION


def finished_call(number: int = 1) -> CallRecord:
    return CallRecord(
        call_id="wix.report-event",
        platform="wix",
        profile="shop",
        started_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
        request=RequestRecord(
            "POST",
            "https://www.wixapis.com/automations/v1/events/report",
            {"Authorization": "***"},
            f'{{"triggerKey": "form_{number}"}}',
        ),
        diagnosis=Diagnosis(Outcome.OK, "Accepted.", ""),
        response=ResponseRecord(200, {"content-type": "application/json"}, "{}", 2),
        timings_ms={"total": 12.0},
    )


def history_with_rows(path: Path, rows: int = 50) -> bytes:
    """A real, closed history file (checkpointed: no -wal left); returns its bytes."""
    with HistoryStore(path) as history, history.batch():
        for number in range(rows):
            history.add(finished_call(number))
    assert not Path(f"{path}-wal").exists()
    return path.read_bytes()


def pragma(path: Path, name: str) -> object:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        connection.close()


def assert_refused_untouched(path: Path, before: bytes, *words: str) -> HistoryUnavailable:
    with pytest.raises(HistoryUnavailable) as caught:
        HistoryStore(path)
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message
    assert path.read_bytes() == before
    # No -wal, -shm or -journal left beside it either.
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(path.name)] == [path.name]
    return caught.value


def test_new_history_is_created_with_folders_wal_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "history.sqlite3"
    with HistoryStore(path) as history:
        history.add(finished_call())
        assert history.path == path
    assert pragma(path, "journal_mode") == "wal"
    assert pragma(path, "user_version") == SCHEMA_VERSION == 1
    assert pragma(path, "application_id") == APPLICATION_ID
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # bodies may hold personal data


def test_reopening_keeps_the_rows(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    history_with_rows(path, rows=3)
    with HistoryStore(path) as history:
        assert history.count() == 3
        assert history.add(finished_call()) == 4


def test_an_empty_file_becomes_a_new_history(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"")
    with HistoryStore(path) as history:
        assert history.count() == 0


def test_newer_schema_is_refused_and_the_file_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    history_with_rows(path)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    before = path.read_bytes()
    error = assert_refused_untouched(
        path,
        before,
        "newer Trigger Desk",
        "Nothing was changed",
        "Update Trigger Desk",
        "move the file aside",
    )
    assert error.path == path


def test_not_a_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    before = b"these are someone's notes, not a database\n" * 200
    path.write_bytes(before)
    assert_refused_untouched(path, before, "not a database", "Move the file aside", ".broken")


def test_damaged_schema_page_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    damaged = bytearray(history_with_rows(path))
    damaged[100:4096] = b"\xff" * (4096 - 100)  # page 1 after the header: the schema
    path.write_bytes(bytes(damaged))
    assert_refused_untouched(path, bytes(damaged), "damaged", "Move the file aside")


def test_truncated_history_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    data = history_with_rows(path, rows=2000)
    path.write_bytes(data[: len(data) // 2])
    assert_refused_untouched(path, data[: len(data) // 2], "damaged")


def test_damage_found_later_is_reported_as_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    damaged = bytearray(history_with_rows(path, rows=2000))
    # Pages in the middle hold call rows and indexes; page 1 (the schema) stays intact.
    start, end = len(damaged) // 4096 // 4 * 4096, len(damaged) // 4096 * 3 // 4 * 4096
    damaged[start:end] = b"\x07" * (end - start)
    path.write_bytes(bytes(damaged))
    with HistoryStore(path) as history, pytest.raises(HistoryUnavailable, match="damaged"):
        list(history.iter_records())


def test_another_programs_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE bookmarks (url TEXT)")
    connection.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    assert_refused_untouched(path, before, "not a Trigger Desk history")


def test_a_folder_in_the_way_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.mkdir()
    with pytest.raises(HistoryUnavailable, match="folder"):
        HistoryStore(path)
