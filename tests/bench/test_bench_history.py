"""History at 100,000 rows: how fast the table's queries answer.

Run with: TRIGGER_DESK_BENCH=1 uv run pytest tests/bench/test_bench_history.py -s
(or `uv run python tests/bench/test_bench_history.py [ROWS]`).

Generates its own rows in a temporary database, then prints, per query, the worst and
the median of several runs of count() + page(0, 100) (what the history pane does on
every filter change) and of the other look-ups the window makes. Budget: < 100 ms for
a filter or a search (issue 6).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord, ResponseRecord
from trigger_desk.store.history import HistoryFilter, HistoryStore

pytestmark = [
    pytest.mark.bench,
    pytest.mark.skipif(
        os.environ.get("TRIGGER_DESK_BENCH") != "1",
        reason="benchmark: set TRIGGER_DESK_BENCH=1 to run",
    ),
]

ROWS = 100_000
BUDGET_MS = 100.0
RUNS = 5
RARE_WORD = "pangolin"  # in about one row in a thousand
_CALLS = (
    ("bitrix24.trigger", "https://acme.bitrix24.com/rest/7/***/crm.automation.trigger.json"),
    (
        "bitrix24.trigger.execute",
        "https://acme.bitrix24.com/rest/crm.automation.trigger.execute.json",
    ),
    ("wix.report-event", "https://www.wixapis.com/automations/v1/events/report"),
    ("wix.run-trigger", "https://www.wixapis.com/automations/v2/triggers/run"),
)
_OUTCOMES = (
    [Outcome.OK] * 80
    + [Outcome.REJECTED] * 8
    + [Outcome.AUTH] * 4
    + [Outcome.RATE_LIMITED] * 4
    + [Outcome.SERVER_ERROR] * 2
    + [Outcome.NETWORK]
    + [Outcome.TIMEOUT]
)


def _record(number: int, rng: random.Random, started: datetime) -> CallRecord:
    call_id, url = rng.choice(_CALLS)
    outcome = rng.choice(_OUTCOMES)
    word = RARE_WORD if rng.random() < 0.001 else f"contact{rng.randrange(5000)}"
    body = (
        f'{{"result": true, "time": {{"start": {number}.0, "duration": 0.0{rng.randrange(99)}}}}}'
        if outcome is Outcome.OK
        else f'{{"error": "ERROR_CORE", "error_description": "Trigger for {word} not found"}}'
    )
    answered = outcome.answered
    return CallRecord(
        call_id=call_id,
        platform=call_id.split(".")[0],
        profile=rng.choice(("main", "staging", "client-a", "client-b")),
        started_at=(started + timedelta(seconds=number * 3)).isoformat(timespec="milliseconds"),
        request=RequestRecord(
            "POST",
            url,
            {
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": "***",
            },
            f'{{"target": "DEAL_{number}", "code": "c5u4m", "name": "{word}"}}',
        ),
        diagnosis=Diagnosis(
            outcome,
            f"Outcome {outcome.label}.",
            "Next step.",
            error_code=None if outcome is Outcome.OK else "ERROR_CORE",
        ),
        response=ResponseRecord(
            200 if outcome is Outcome.OK else 400,
            {"content-type": "application/json"},
            body,
            len(body),
        )
        if answered
        else None,
        timings_ms={
            "connect": 12.0,
            "tls": 25.0,
            "send": 0.3,
            "wait": 80.0,
            "receive": 0.4,
            "total": 118.0,
        },
        request_id=f"req-{number}",
    )


def fill(history: HistoryStore, rows: int) -> float:
    """Add `rows` calls in one transaction; return the seconds it took."""
    rng = random.Random(20260509)
    started = datetime.now(UTC) - timedelta(days=365)
    begin = time.perf_counter()
    with history.batch():
        for number in range(rows):
            history.add(_record(number, rng, started))
    return time.perf_counter() - begin


def measure(action: Callable[[], object]) -> tuple[float, float]:
    """Worst and median milliseconds over RUNS runs."""
    times = []
    for _ in range(RUNS):
        begin = time.perf_counter()
        action()
        times.append((time.perf_counter() - begin) * 1000)
    return max(times), statistics.median(times)


def table_query(history: HistoryStore, history_filter: HistoryFilter) -> Callable[[], object]:
    return lambda: (history.count(history_filter), history.page(history_filter, 0, 100))


def run(path: Path, rows: int) -> dict[str, float]:
    """Fill a history at `path`, print the figures, return the worst time per query."""
    with HistoryStore(path) as history:
        seconds = fill(history, rows)
    print(
        f"\nhistory benchmark: {rows:,} rows written in {seconds:.1f} s "
        f"({path.stat().st_size / 1e6:.0f} MB)"
    )
    begin = time.perf_counter()
    history = HistoryStore(path)
    print(f"  open an existing history{'':27}{(time.perf_counter() - begin) * 1000:8.1f} ms")
    try:
        middle_id = rows // 2
        queries: dict[str, Callable[[], object]] = {
            "count+page unfiltered": table_query(history, HistoryFilter()),
            "count+page platform=wix": table_query(history, HistoryFilter(platform="wix")),
            f"count+page search '{RARE_WORD}'": table_query(history, HistoryFilter(text=RARE_WORD)),
            "count+page search 'contact42'": table_query(history, HistoryFilter(text="contact42")),
            "count+page search 'result' (most rows)": table_query(
                history, HistoryFilter(text="result")
            ),
            "count+page outcome=timeout": table_query(
                history, HistoryFilter(outcome=Outcome.TIMEOUT)
            ),
            "count+page wix+staging+ok": table_query(
                history, HistoryFilter(platform="wix", profile="staging", outcome=Outcome.OK)
            ),
            "count+page search+platform": table_query(
                history, HistoryFilter(platform="bitrix24", text="not found")
            ),
            "page(offset=50,000)": lambda: history.page(None, 50_000, 100),
            "distinct_values x4": lambda: [
                history.distinct_values(c) for c in ("platform", "call_id", "profile", "outcome")
            ],
            "latest_ok": lambda: history.latest_ok("wix.run-trigger", "client-b", middle_id),
            "get(id)": lambda: history.get(middle_id),
        }
        figures = {}
        print(f"  {'query':<48}{'worst':>8}   {'median':>8}")
        for name, action in queries.items():
            worst, median = measure(action)
            figures[name] = worst
            print(f"  {name:<48}{worst:8.1f} ms{median:8.1f} ms")
        return figures
    finally:
        history.close()


def test_history_answers_within_budget_at_100k_rows(tmp_path: Path) -> None:
    figures = run(tmp_path / "history.sqlite3", ROWS)
    for name in (
        "count+page unfiltered",
        "count+page platform=wix",
        f"count+page search '{RARE_WORD}'",
    ):
        assert figures[name] < BUDGET_MS, f"{name}: {figures[name]:.1f} ms"


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        run(Path(folder) / "history.sqlite3", int(sys.argv[1]) if len(sys.argv) > 1 else ROWS)
