"""HistoryStore.add_many: a bulk run's items written in one statement, ids in order."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from tests.support.history_rows import synthetic_record
from trigger_desk.core.record import CallRecord
from trigger_desk.store.history import HistoryStore

RNG = random.Random(7)
START = datetime(2026, 1, 1, tzinfo=UTC)


def make_record(number: int = 1) -> CallRecord:
    return synthetic_record(number, RNG, START)


def test_add_many_returns_consecutive_ids_in_order(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "history.sqlite3") as history:
        history.add(make_record())
        records = [make_record(n) for n in range(2, 7)]
        ids = history.add_many(records)
        assert ids == [record.history_id for record in records]
        assert ids == list(range(ids[0], ids[0] + 5)) and ids[0] == 2
        for record in records:
            stored = history.get(int(record.history_id or 0))
            assert stored is not None and stored.request_id == record.request_id
        assert history.add_many([]) == []
        assert history.count() == 6
