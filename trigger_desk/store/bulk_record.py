"""A bulk run's items: their history rows and journal states, written together.

Before a Bitrix24 batch leaves, one transaction marks its items `sent` in the journal
and inserts each item's history row, begun (in flight, request masked, linked to its
run and row); after the answer, one transaction completes the rows and writes the
items' states. So no item is ever on the wire without both, and a process killed
mid-batch leaves rows that read "no answer recorded" next to journal items that read
`unknown`. Journal and history share one SQLite file, so one connection does both.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from trigger_desk.core.history_writer import Wait
from trigger_desk.core.record import CallRecord
from trigger_desk.store.bulk_journal import journal_done, journal_pending, journal_sent
from trigger_desk.store.history import HistoryStore

_Result = tuple[int, str, str | None, int | None]  # row, state, outcome, history id


class BulkRecorder:
    """`core.bulk_types.BulkHistory` over a `HistoryStore` (the journal's own file)."""

    def __init__(self, history: HistoryStore) -> None:
        self.history = history

    def begin_items(
        self, run_id: str, rows: Sequence[int], records: list[CallRecord], *, wait: Wait
    ) -> None:
        """Insert the items' begun rows and mark them sent, committed together; sets
        each record's `history_id`. Raises `HistoryBusy` (nothing written) after `wait`."""
        self.history.add_many(
            records,
            wait=wait,
            finished=False,
            then=lambda db, ids: journal_sent(db, run_id, rows, ids),
        )

    def finish_items(
        self,
        run_id: str,
        records: list[CallRecord],
        results: Sequence[_Result],
        pending: Sequence[int] = (),
    ) -> None:
        """Complete the begun rows and write the items' states (`pending`: did not run
        after all, sent again by resume), in one transaction."""

        def states(db: sqlite3.Connection) -> None:
            if pending:
                journal_pending(db, run_id, pending)
            journal_done(db, run_id, results)

        self.history.complete_many(records, then=states)

    def complete(self, record: CallRecord, *, wait: Wait = True) -> None:
        """Complete one call's row (a Wix item, begun by the engine)."""
        self.history.complete(record, wait=wait)
