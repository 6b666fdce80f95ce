"""The bulk journal on a real SQLite file: states, the run lock, what resume may send."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from trigger_desk.store.bulk_fill import FilledItem
from trigger_desk.store.bulk_journal import BulkJournal, RunBusy, RunNotFound
from trigger_desk.store.history import HistoryStore


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[BulkJournal]:
    journal = BulkJournal(tmp_path / "history.sqlite3")
    journal.create_run("R1", "bitrix24.trigger", "hook", "2026-01-01T00:00:00+00:00", "d.csv", {})
    journal.add_items(
        "R1", (FilledItem(row, {"target": f"DEAL_{row}"}, None) for row in range(1, 6))
    )
    yield journal
    journal.close()


def test_items_start_pending_in_row_order(journal: BulkJournal) -> None:
    summary = journal.summary("R1")
    assert summary.items == 5 and summary.counts == {"pending": 5}
    assert [item.row for item in journal.pending("R1", 3)] == [1, 2, 3]
    assert [item.row for item in journal.pending("R1", 10, after_row=3)] == [4, 5]
    assert journal.pending("R1", 1)[0].values == {"target": "DEAL_1"}
    with pytest.raises(RunNotFound):
        journal.summary("nope")


def test_the_history_file_stays_a_history(tmp_path: Path, journal: BulkJournal) -> None:
    # The journal's tables live in the history database without upsetting it.
    with HistoryStore(tmp_path / "history.sqlite3") as history:
        assert history.count() == 0


def test_sent_items_read_as_unknown_once_the_holder_is_gone(
    tmp_path: Path, journal: BulkJournal
) -> None:
    lock = journal.hold("R1")
    journal.mark_sent("R1", [1, 2], [None, None])
    journal.mark_done("R1", [(1, "ok", "ok", 7)])
    reader = BulkJournal(tmp_path / "history.sqlite3")
    assert reader.is_live("R1")
    assert [state for _, state, _, _ in reader.rows("R1")] == ["ok", "sent", *["pending"] * 3]
    with pytest.raises(RunBusy):
        reader.hold("R1")
    lock.release()
    assert not reader.is_live("R1")
    assert [state for _, state, _, _ in reader.rows("R1")][:2] == ["ok", "unknown"]
    assert reader.summary("R1").to_json_dict()["unknown"] == 1
    assert next(iter(reader.rows("R1"))) == (1, "ok", "ok", 7)
    reader.close()


def test_resume_sends_never_sent_and_unknown_only_when_asked(journal: BulkJournal) -> None:
    journal.mark_sent("R1", [1, 2], [None, None])
    journal.prepare_resume("R1", resend_unknown=False, key_lifetime=None)
    assert [item.row for item in journal.pending("R1", 10)] == [3, 4, 5]
    assert journal.summary("R1").counts["unknown"] == 2
    journal.prepare_resume("R1", resend_unknown=True, key_lifetime=None)
    assert [item.row for item in journal.pending("R1", 10)] == [1, 2, 3, 4, 5]


def test_idempotent_items_are_resent_within_their_key_lifetime(
    journal: BulkJournal, tmp_path: Path
) -> None:
    week = 7 * 24 * 3600.0
    journal.mark_sent("R1", [1, 2], [None, None])
    journal.prepare_resume("R1", resend_unknown=False, key_lifetime=week)
    assert [item.row for item in journal.pending("R1", 10)] == [1, 2, 3, 4, 5]
    # Sent 6.99 days ago: too close to the end of the key's week (a margin is kept).
    journal.mark_sent("R1", [2], [None])
    journal._db.execute(
        "UPDATE bulk_items SET sent_at = ? WHERE row = 2", (time.time() - week + 600,)
    )
    journal.prepare_resume("R1", resend_unknown=False, key_lifetime=week)
    assert 2 not in [item.row for item in journal.pending("R1", 10)]


def test_an_items_own_key_ttl_counts(tmp_path: Path) -> None:
    journal = BulkJournal(tmp_path / "other.sqlite3")
    journal.create_run("R2", "wix.report-event", "app", "2026-01-01T00:00:00+00:00", "", {})
    values = {"idempotency.key": "k", "idempotency.ttlInMilliseconds": 60_000}
    journal.add_items(
        "R2", [FilledItem(1, values, None), FilledItem(2, {"idempotency.key": "j"}, None)]
    )
    journal.mark_sent("R2", [1, 2], [None, None])
    journal._db.execute("UPDATE bulk_items SET sent_at = ?", (time.time() - 120,))
    journal.prepare_resume("R2", resend_unknown=False, key_lifetime=7 * 24 * 3600.0)
    # Row 1's key lived a minute and is gone: it stays unknown; row 2's week is not over.
    assert [item.row for item in journal.pending("R2", 10)] == [2]
    journal.close()


def test_a_run_refused_before_sending_is_dropped(journal: BulkJournal) -> None:
    journal.delete_run("R1")
    assert journal.runs() == []
