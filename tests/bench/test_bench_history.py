"""History at 100,000 rows: how fast the table's queries answer.

Run with: TRIGGER_DESK_BENCH=1 uv run pytest tests/bench/test_bench_history.py -s
(or `uv run python tests/bench/test_bench_history.py [ROWS]`).

Generates its own rows in a temporary database, then prints, per query, the worst and
the median of several runs of count() + page(0, 100) (what the history pane does on
every filter change) and of the other look-ups the window makes. Budget: < 100 ms for
a filter or a search (issue 6).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.support.history_rows import RARE_WORD, fill
from trigger_desk.core.outcome import Outcome
from trigger_desk.store.history import HistoryFilter, HistoryStore

ROWS = 100_000
BUDGET_MS = 100.0
RUNS = 5


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
