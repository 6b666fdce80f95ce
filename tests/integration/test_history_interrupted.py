"""A call whose program stopped mid-call stays in history and says no answer was recorded."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord
from trigger_desk.store.history import HistoryFilter, HistoryStore, RowState

# Begins a call in the history, reports its id, then waits for an answer that never comes.
_CALLER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from trigger_desk.core.record import CallRecord, RequestRecord
    from trigger_desk.store.history import HistoryStore

    history = HistoryStore(Path(sys.argv[1]))
    record = CallRecord("bitrix24.trigger", "bitrix24", "main", sys.argv[2],
                        RequestRecord("POST", "https://acme.bitrix24.com/rest/7/***/x.json",
                                      {}, '{"code": "wombat"}'))
    print(history.begin(record), flush=True)
    time.sleep(120)
    """
)


def sending(url: str = "https://www.wixapis.com/automations/v1/events/report") -> CallRecord:
    return CallRecord(
        "wix.report-event",
        "wix",
        "shop",
        datetime.now(UTC).isoformat(timespec="milliseconds"),
        RequestRecord("POST", url, {"Authorization": "***"}, '{"triggerKey": "form_submitted"}'),
    )


def test_call_of_a_killed_process_reads_back_as_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    started_at = datetime.now(UTC).isoformat(timespec="milliseconds")
    caller = subprocess.Popen(
        [sys.executable, "-c", _CALLER, str(path), started_at],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert caller.stdout is not None
        history_id = int(caller.stdout.readline())
        with HistoryStore(path) as history:
            assert history.state(history_id) is RowState.IN_FLIGHT  # its process still runs
    finally:
        caller.kill()  # SIGKILL: no cleanup code runs
        caller.wait(timeout=30)
        assert caller.stdout is not None
        caller.stdout.close()

    with HistoryStore(path) as history:
        row = history.row(history_id)
        assert row is not None
        assert (row.state, row.outcome, row.status) == (RowState.INTERRUPTED, None, None)
        record = history.get(history_id)
        assert record is not None and record.diagnosis is None and record.outcome is None
        assert record.request.body == '{"code": "wombat"}'
        assert (
            "No answer was recorded (the program stopped before the call finished)."
            in (record.notes[-1])
        )
        assert history.count(HistoryFilter(text="wombat")) == 1  # searchable like any call
        # The file took no harm: new calls are written next to the interrupted one.
        assert history.add(finished(sending())) == history_id + 1


def finished(record: CallRecord) -> CallRecord:
    record.diagnosis = Diagnosis(Outcome.OK, "Accepted.", "")
    return record


def test_calls_of_an_open_store_are_in_flight_and_of_a_closed_one_interrupted(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    first = HistoryStore(path)
    record = sending()
    first.begin(record)
    second = HistoryStore(path)  # another window or command on the same file
    try:
        assert second.state(record.history_id or 0) is RowState.IN_FLIGHT
        first.close()  # the program stopping before the answer came
        assert second.state(record.history_id or 0) is RowState.INTERRUPTED
        stored = second.get(record.history_id or 0)
        assert stored is not None and stored.diagnosis is None
        assert stored.notes == [RowState.INTERRUPTED.description]
    finally:
        first.close()
        second.close()
