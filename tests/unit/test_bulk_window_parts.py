"""The Qt-free parts behind the window's bulk dialog: pasted items, export, journal
additions, the progress throttle. Real SQLite files in tmp."""

from __future__ import annotations

import csv
from pathlib import Path

from trigger_desk.core.bulk_types import BulkProgress, requests_for
from trigger_desk.core.calls import CALLS
from trigger_desk.core.model import Platform
from trigger_desk.services.bulk_session import ProgressThrottle
from trigger_desk.store.bulk_export import export_results
from trigger_desk.store.bulk_fill import FilledItem
from trigger_desk.store.bulk_journal import BulkJournal
from trigger_desk.store.bulk_sources import PastedItems


def test_pasted_lines_become_the_calls_fields() -> None:
    target = PastedItems(
        CALLS["bitrix24.trigger"],
        "DEAL_1\n\n https://p.bitrix24.com/crm/lead/details/4/ \n"
        "https://p.bitrix24.com/crm/company/details/9/\n",
    )
    rows = list(target.rows())
    assert [r.row for r in rows] == [1, 2, 3]  # blank lines are not items
    assert rows[0].cells == {"target": "DEAL_1"}
    assert rows[1].cells == {"target": "LEAD_4"}
    assert rows[1].shown == {"target": "https://p.bitrix24.com/crm/lead/details/4/"}
    assert rows[2].errors and "companies have no automation triggers" in rows[2].errors[0][1]

    owner = PastedItems(CALLS["bitrix24.trigger.execute"], "12\n/crm/deal/details/57/\n")
    assert owner.fill_columns == ("OWNER_ID", "OWNER_TYPE_ID")
    assert [r.cells for r in owner.rows()] == [
        {"OWNER_ID": "12"},
        {"OWNER_TYPE_ID": "2", "OWNER_ID": "57"},
    ]


def test_requests_for_a_run() -> None:
    assert requests_for(Platform.BITRIX24, 3000) == 60
    assert requests_for(Platform.BITRIX24, 51) == 2
    assert requests_for(Platform.WIX, 7) == 7


def _journal(tmp_path: Path) -> BulkJournal:
    journal = BulkJournal(tmp_path / "history.sqlite3")
    journal.create_run("r1", "bitrix24.trigger", "p", "2026-12-05T00:00:00", "x", {"ready": True})
    journal.add_items(
        "r1",
        [
            FilledItem(1, {"target": "DEAL_1"}, None),
            FilledItem(2, {"target": "=HYPERLINK(1)"}, None),
            FilledItem(3, {"target": "DEAL_3"}, None),
        ],
    )
    return journal


def test_retry_failed_requeues_only_failed_items_and_unfinished_runs_are_found(
    tmp_path: Path,
) -> None:
    journal = _journal(tmp_path)
    try:
        assert [r.run_id for r in journal.unfinished()] == ["r1"]  # 3 pending, no holder
        journal.mark_done("r1", [(1, "ok", "ok", 10), (2, "failed", "rejected", 11)])
        journal.mark_done("r1", [(3, "ok", "ok", 12)])
        assert journal.unfinished() == []
        assert journal.requeue("r1", "failed") == 1
        assert [(row, state) for row, state, *_ in journal.rows("r1")] == [
            (1, "ok"),
            (2, "pending"),
            (3, "ok"),
        ]
        journal.update_meta("r1", {"ready": True, "dismissed": True})
        assert journal.unfinished() == []  # dismissed: no longer offered
    finally:
        journal.close()


def test_export_writes_every_item_or_the_filtered_ones_and_defuses_formulas(
    tmp_path: Path,
) -> None:
    journal = _journal(tmp_path)
    try:
        journal.mark_done("r1", [(1, "ok", "ok", 10), (2, "failed", "rejected", 11)])
        assert export_results(journal, "r1", tmp_path / "all.csv") == 3
        assert export_results(journal, "r1", tmp_path / "failed.csv", {"failed"}) == 1
    finally:
        journal.close()
    with (tmp_path / "all.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["row", "state", "outcome", "history_id", "target"]
    assert rows[1] == ["1", "ok", "ok", "10", "DEAL_1"]
    assert rows[2] == ["2", "failed", "rejected", "11", "'=HYPERLINK(1)"]
    assert rows[3] == ["3", "pending", "", "", "DEAL_3"]
    failed = (tmp_path / "failed.csv").read_text().splitlines()
    assert len(failed) == 2 and failed[1].startswith("2,failed")


def test_the_throttle_passes_at_most_one_update_per_interval_and_always_the_last() -> None:
    seen: list[BulkProgress] = []
    throttle = ProgressThrottle(seen.append, interval=3600)
    progress = BulkProgress(total=100)
    for _ in range(99):
        progress.done += 1
        throttle(progress)
    assert len(seen) == 1  # the first; the rest fall within the interval
    progress.done = 100
    throttle(progress)
    assert [p.done for p in seen] == [1, 100]
    assert seen[0] is not progress  # a copy: the runner keeps changing its own
