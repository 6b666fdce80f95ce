"""HistoryStore on real SQLite files: writing, reading back, filters, search, retention."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord, ResponseRecord
from trigger_desk.store.history import HistoryFilter, HistoryStore, RowState

_serial = itertools.count(1)


def make_record(
    *,
    call_id: str = "bitrix24.trigger",
    profile: str = "main",
    outcome: Outcome | None = Outcome.OK,
    request_body: str = '{"target": "DEAL_57", "code": "c5u4m"}',
    response_body: str = '{"result": true}',
    url: str = "https://acme.bitrix24.com/rest/7/***/crm.automation.trigger.json",
    started_at: str | None = None,
    status: int | None = 200,
    error_message: str | None = None,
) -> CallRecord:
    """A finished (or, with outcome None, in-flight) call as the engine would return it."""
    number = next(_serial)
    record = CallRecord(
        call_id=call_id,
        platform=call_id.split(".")[0],
        profile=profile,
        started_at=started_at or datetime.now(UTC).isoformat(timespec="milliseconds"),
        request=RequestRecord(
            "POST", url, {"Content-Type": "application/json", "Authorization": "***"}, request_body
        ),
        request_id=f"req-{number}",
    )
    if outcome is not None:
        record.diagnosis = Diagnosis(
            outcome,
            "The platform accepted the call." if outcome is Outcome.OK else "It was refused.",
            "" if outcome is Outcome.OK else "Check the trigger code.",
            error_code=None if outcome is Outcome.OK else "ERROR_CORE",
            error_message=error_message,
        )
        if status is not None:
            record.response = ResponseRecord(
                status, {"content-type": "application/json"}, response_body, len(response_body)
            )
        record.timings_ms = {
            "connect": 1.5,
            "tls": 3.0,
            "send": 0.2,
            "wait": 40.0,
            "receive": 0.3,
            "total": 45.1,
        }
        record.platform_request_id = f"wix-{number}"
    return record


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    history = HistoryStore(tmp_path / "data" / "history.sqlite3")
    yield history
    history.close()


def test_begin_complete_get_round_trip(store: HistoryStore) -> None:
    record = make_record(outcome=None)
    history_id = store.begin(record)
    assert record.history_id == history_id

    in_flight = store.get(history_id)
    assert in_flight is not None
    assert in_flight.diagnosis is None and in_flight.response is None
    assert store.state(history_id) is RowState.IN_FLIGHT

    finished = make_record(outcome=Outcome.REJECTED, status=400, error_message="Trigger not found")
    finished.history_id = history_id
    finished.started_at = record.started_at
    finished.notes.append("Retried once after QUERY_LIMIT_EXCEEDED.")
    store.complete(finished)

    stored = store.get(history_id)
    assert stored is not None
    assert stored.to_storage() == finished.to_storage()
    row = store.row(history_id)
    assert row is not None
    assert (row.status, row.outcome, row.total_ms, row.state) == (
        400,
        Outcome.REJECTED,
        45.1,
        RowState.DONE,
    )
    assert row.hint == "It was refused. Check the trigger code."
    assert store.get(history_id + 1) is None and store.row(history_id + 1) is None


def test_add_writes_a_finished_row(store: HistoryStore) -> None:
    record = make_record()
    history_id = store.add(record)
    assert record.history_id == history_id
    stored = store.get(history_id)
    assert stored is not None and stored.ok and stored.history_id == history_id
    assert store.state(history_id) is RowState.DONE


def test_begin_and_complete_refuse_records_in_the_wrong_state(store: HistoryStore) -> None:
    with pytest.raises(ValueError, match=r"use add\(\)"):
        store.begin(make_record())
    with pytest.raises(ValueError, match="history_id"):
        store.complete(make_record())


def test_cancelled_call_is_kept_as_no_answer_with_its_note(store: HistoryStore) -> None:
    record = make_record(outcome=None)
    store.begin(record)
    record.notes.append("Cancelled by the user before an answer was recorded.")
    store.complete(record)  # the engine does this on cancellation: no diagnosis
    row = store.row(record.history_id or 0)
    assert row is not None and row.outcome is None and row.state is RowState.NO_ANSWER
    stored = store.get(record.history_id or 0)
    assert stored is not None and stored.diagnosis is None
    assert stored.notes == ["Cancelled by the user before an answer was recorded."]


def test_complete_after_the_row_was_deleted_writes_nothing(store: HistoryStore) -> None:
    record = make_record(outcome=None)
    history_id = store.begin(record)
    store.delete([history_id])
    record.diagnosis = Diagnosis(Outcome.OK, "Accepted.", "")
    store.complete(record)
    assert store.count() == 0


def _fill_mixed(store: HistoryStore) -> list[CallRecord]:
    """24 calls over every combination of call, profile and outcome, oldest first."""
    records = []
    for call_id, profile, outcome in itertools.product(
        ("bitrix24.trigger", "bitrix24.trigger.execute", "wix.report-event"),
        ("main", "staging"),
        (Outcome.OK, Outcome.AUTH, Outcome.RATE_LIMITED, Outcome.NETWORK),
    ):
        record = make_record(
            call_id=call_id,
            profile=profile,
            outcome=outcome,
            status=None if outcome is Outcome.NETWORK else 200,
        )
        store.add(record)
        records.append(record)
    return records


@pytest.mark.parametrize(
    "history_filter",
    [
        HistoryFilter(),
        HistoryFilter(platform="wix"),
        HistoryFilter(call_id="bitrix24.trigger"),
        HistoryFilter(profile="staging"),
        HistoryFilter(outcome=Outcome.AUTH),
        HistoryFilter(platform="bitrix24", profile="main", outcome=Outcome.OK),
        HistoryFilter(platform="nowhere"),
    ],
)
def test_count_and_page_follow_the_filter_newest_first(
    store: HistoryStore, history_filter: HistoryFilter
) -> None:
    records = _fill_mixed(store)
    expected = [
        r
        for r in reversed(records)
        if history_filter.platform in (None, r.platform)
        and history_filter.call_id in (None, r.call_id)
        and history_filter.profile in (None, r.profile)
        and history_filter.outcome in (None, r.outcome)
    ]
    assert store.count(history_filter) == len(expected)
    rows = store.page(history_filter, 0, 100)
    assert [row.id for row in rows] == [r.history_id for r in expected]
    assert [(row.platform, row.call_id, row.profile, row.outcome) for row in rows] == [
        (r.platform, r.call_id, r.profile, r.outcome) for r in expected
    ]
    # The window judges rows it already holds in memory: the same answer as the SQL.
    every = store.page(None, 0, 100)
    assert [row.id for row in every if history_filter.matches_columns(row)] == [
        row.id for row in rows
    ]


def test_paging_by_offset_and_by_id(store: HistoryStore) -> None:
    ids = [r.history_id for r in reversed(_fill_mixed(store))]
    assert [row.id for row in store.page(None, 5, 4)] == ids[5:9]
    assert [row.id for row in store.page(None, 22, 10)] == ids[22:]
    assert store.page(None, 30, 10) == []
    assert [row.id for row in store.page(None, 0, 3, before_id=ids[10])] == ids[11:14]
    assert [row.id for row in store.page(None, 0, 100, after_id=ids[3])] == ids[:3]
    network = store.page(HistoryFilter(outcome=Outcome.NETWORK), 0, 1)[0]
    assert network.status is None and network.state is RowState.DONE


def test_full_text_search_finds_words_in_bodies_url_and_error(store: HistoryStore) -> None:
    assert store.full_text_search
    body = store.add(
        make_record(response_body='{"error": "", "error_description": "Trigger zephyr not found"}')
    )
    request = store.add(make_record(request_body='{"target": "LEAD_12", "code": "quokka"}'))
    url = store.add(
        make_record(
            call_id="wix.run-trigger", url="https://www.wixapis.com/automations/v2/triggers/run"
        )
    )
    error = store.add(
        make_record(outcome=Outcome.RATE_LIMITED, error_message="QUERY_LIMIT_EXCEEDED")
    )
    store.add(make_record())

    def found(text: str, **filters: str) -> list[int]:
        history_filter = HistoryFilter(text=text, **filters)  # type: ignore[arg-type]
        ids = [row.id for row in store.page(history_filter, 0, 100)]
        assert store.count(history_filter) == len(ids)
        return ids

    assert found("zephyr") == [body]
    assert found("ZEPH") == [body]  # case-insensitive word prefix
    assert found("quokka") == [request]
    assert found("wixapis automations") == [url]
    assert found("QUERY_LIMIT_EXCEEDED") == [error]
    assert found("limit exceeded") == [error]
    assert found("zephyr quokka") == []  # every word must appear
    assert found("zephyr", platform="wix") == []
    assert found('"AND OR NEAR( *') == []  # typed operators are plain words, not syntax
    assert found("") == [row.id for row in store.page(None, 0, 100)]


def test_search_for_punctuation_only_scans_the_text(store: HistoryStore) -> None:
    braces = store.add(make_record(response_body="{}"))
    store.add(make_record(response_body='{"result": true}'))
    assert [row.id for row in store.page(HistoryFilter(text="{}"))] == [braces]


def test_search_index_follows_complete_and_delete(store: HistoryStore) -> None:
    record = make_record(outcome=None)
    store.begin(record)
    assert store.count(HistoryFilter(text="marmoset")) == 0
    record.diagnosis = Diagnosis(Outcome.OK, "Accepted.", "")
    record.response = ResponseRecord(200, {}, '{"result": "marmoset"}', 22)
    store.complete(record)
    assert store.count(HistoryFilter(text="marmoset")) == 1
    assert store.delete([record.history_id or 0, 999]) == 1
    assert store.count(HistoryFilter(text="marmoset")) == 0
    assert store.get(record.history_id or 0) is None


def test_without_fts5_search_falls_back_and_the_index_is_rebuilt_later(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as history:
        first = history.add(make_record(response_body='{"note": "capybara one"}'))
    with HistoryStore(path, full_text=False) as history:
        assert not history.full_text_search
        second = history.add(make_record(response_body='{"note": "capybara two"}'))
        # The fallback matches substrings, the index whole-word prefixes.
        assert [row.id for row in history.page(HistoryFilter(text="apybar"))] == [second, first]
        assert history.count(HistoryFilter(text="capybara two")) == 1
    with HistoryStore(path) as history:
        assert history.full_text_search
        assert [row.id for row in history.page(HistoryFilter(text="capybara"))] == [second, first]


def test_latest_ok_is_the_newest_success_of_that_call_and_profile(store: HistoryStore) -> None:
    older_ok = store.add(make_record(call_id="wix.report-event", profile="main"))
    newer_ok = store.add(make_record(call_id="wix.report-event", profile="main"))
    store.add(make_record(call_id="wix.report-event", profile="staging"))
    store.add(make_record(call_id="wix.report-event", profile="main", outcome=Outcome.AUTH))
    failed = store.add(
        make_record(call_id="wix.report-event", profile="main", outcome=Outcome.REJECTED)
    )

    latest = store.latest_ok("wix.report-event", "main")
    assert latest is not None and latest.history_id == newer_ok and latest.ok
    before = store.latest_ok("wix.report-event", "main", before_id=newer_ok)
    assert before is not None and before.history_id == older_ok
    assert store.latest_ok("wix.report-event", "main", before_id=older_ok) is None
    assert store.latest_ok("wix.cancel-event", "main") is None
    assert failed > newer_ok


def test_distinct_values_list_each_value_once_sorted(store: HistoryStore) -> None:
    _fill_mixed(store)
    store.begin(make_record(call_id="wix.cancel-event", profile="alpha", outcome=None))
    assert store.distinct_values("platform") == ["bitrix24", "wix"]
    assert store.distinct_values("call_id") == [
        "bitrix24.trigger",
        "bitrix24.trigger.execute",
        "wix.cancel-event",
        "wix.report-event",
    ]
    assert store.distinct_values("profile") == ["alpha", "main", "staging"]
    assert store.distinct_values("outcome") == ["auth", "network", "ok", "rate_limited"]
    with pytest.raises(ValueError, match="distinct_values"):
        store.distinct_values("record")  # type: ignore[arg-type]


def test_prune_keeps_the_newest_rows(store: HistoryStore) -> None:
    ids = [store.add(make_record()) for _ in range(10)]
    assert store.prune(max_rows=20) == 0
    assert store.prune(max_rows=4) == 6
    assert [row.id for row in store.page()] == ids[:-5:-1]
    assert store.count(HistoryFilter(text="DEAL_57")) == 4  # the index lost them too
    with pytest.raises(ValueError):
        store.prune(max_rows=0)


def test_prune_drops_rows_older_than_the_age_limit(store: HistoryStore) -> None:
    now = datetime.now(UTC)
    old = store.add(make_record(started_at=(now - timedelta(days=40)).isoformat()))
    store.add(make_record(started_at=(now - timedelta(days=31)).isoformat(timespec="milliseconds")))
    kept = store.add(make_record(started_at=(now - timedelta(days=29)).isoformat()))
    recent = store.add(make_record())
    assert store.prune() == 0  # default: keep all
    assert store.prune(max_age_days=30) == 2
    assert [row.id for row in store.page()] == [recent, kept]
    assert store.get(old) is None
    with pytest.raises(ValueError):
        store.prune(max_age_days=0)


def test_iter_records_yields_every_match_oldest_first(store: HistoryStore) -> None:
    with store.batch():
        for number in range(1234):  # more than one export chunk
            store.add(make_record(profile="even" if number % 2 == 0 else "odd"))
    ids = [record.history_id or 0 for record in store.iter_records()]
    assert ids == list(range(1, 1235))
    odd = list(store.iter_records(HistoryFilter(profile="odd")))
    assert len(odd) == 617 and {record.profile for record in odd} == {"odd"}


def test_batch_keeps_all_writes_or_none(store: HistoryStore) -> None:
    with pytest.raises(RuntimeError, match="boom"), store.batch():
        store.add(make_record())
        store.add(make_record())
        raise RuntimeError("boom")
    assert store.count() == 0
    with store.batch():
        store.add(make_record())
        store.add(make_record())
    assert store.count() == 2


async def test_store_is_safe_to_share_between_worker_threads(store: HistoryStore) -> None:
    def write_and_read(worker: int) -> None:
        for _ in range(25):
            record = make_record(outcome=None, profile=f"worker-{worker}")
            store.begin(record)
            store.page(HistoryFilter(profile=f"worker-{worker}"), 0, 10)
            record.diagnosis = Diagnosis(Outcome.OK, "Accepted.", "")
            store.complete(record)

    await asyncio.gather(*(asyncio.to_thread(write_and_read, worker) for worker in range(8)))
    assert store.count() == 200
    assert store.count(HistoryFilter(outcome=Outcome.OK)) == 200


def test_a_closed_store_says_so(tmp_path: Path) -> None:
    history = HistoryStore(tmp_path / "history.sqlite3")
    history.close()
    history.close()  # twice is fine
    with pytest.raises(RuntimeError, match="closed"):
        history.count()
