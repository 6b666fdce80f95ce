"""The history pane at 100,000 rows: ready time, filter and search time, memory.

Run with: TRIGGER_DESK_BENCH=1 uv run pytest tests/bench/test_bench_history_window.py -s
(or `uv run python tests/bench/test_bench_history_window.py [ROWS]`).

Generates its own rows in a temporary database (one transaction), then measures, with
real widgets offscreen:

- construct `HistoryPane` + show + first page and count ready, against an empty
  history and against 100,000 rows (budget: at most 300 ms more, issue 6);
- each filter and search, from the filter bar's signal to the table holding the new
  first page (budget: < 100 ms), and one `fetchMore` page while scrolling;
- the process's resident memory afterwards (budget: < 150 MB; pytest and Qt included).

Store work runs inline here (no event loop), so the figures are the full cost the
worker thread carries in the app, without the thread hop.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex
from PySide6.QtWidgets import QApplication

from tests.support.history_rows import RARE_WORD, fill
from trigger_desk.core.outcome import Outcome
from trigger_desk.store.history import HistoryFilter, HistoryStore
from trigger_desk.ui.history.pane import HistoryPane

ROWS = 100_000
READY_BUDGET_MS = 300.0
FILTER_BUDGET_MS = 100.0
RSS_BUDGET_MB = 150.0
RUNS = 5


def ms(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000.0


def ready_ms(app: QApplication, store: HistoryStore) -> float:
    """Construct + show + first page and count in the table, events processed."""
    began = time.perf_counter()
    pane = HistoryPane(store, poll_ms=0)
    pane.resize(1280, 760)
    pane.show()
    app.processEvents()
    assert pane.model.rowCount() == min(store.count(), pane.model.page_size)
    elapsed = (time.perf_counter() - began) * 1000.0
    pane.close()
    pane.deleteLater()
    # processEvents() leaves deferred deletes alone: run them, or every pane stays alive.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return elapsed


def rss_mb() -> tuple[float, float]:
    """(current VmRSS, peak ru_maxrss) in MB."""
    current = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    return current, peak


def run(rows: int = ROWS) -> dict[str, float]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        empty = HistoryStore(Path(folder) / "empty.sqlite3")
        full = HistoryStore(Path(folder) / "full.sqlite3")
        figures["generate_s"] = fill(full, rows)
        ready_ms(app, empty)  # warm-up: fonts, icons, styles load once per process
        empty_runs = [ready_ms(app, empty) for _ in range(RUNS)]
        full_runs = [ready_ms(app, full) for _ in range(RUNS)]
        figures["ready_empty_ms"] = statistics.median(empty_runs)
        figures["ready_full_ms"] = statistics.median(full_runs)
        figures["ready_extra_ms"] = figures["ready_full_ms"] - figures["ready_empty_ms"]
        print(f"\n{rows:,} rows generated in {figures['generate_s']:.1f} s")
        print(
            f"pane ready, empty history:  median {figures['ready_empty_ms']:7.1f} ms  "
            f"(runs {', '.join(f'{v:.0f}' for v in empty_runs)})"
        )
        print(
            f"pane ready, {rows:,} rows: median {figures['ready_full_ms']:7.1f} ms  "
            f"(runs {', '.join(f'{v:.0f}' for v in full_runs)})"
        )
        print(
            f"extra for {rows:,} rows:     {figures['ready_extra_ms']:7.1f} ms "
            f"(budget {READY_BUDGET_MS:.0f})"
        )

        pane = HistoryPane(full, poll_ms=0)
        pane.resize(1280, 760)
        pane.show()
        app.processEvents()
        bar = pane.filter_bar

        def reset_all() -> None:
            for combo in (bar.platform, bar.outcome, bar.profile):
                combo.setCurrentIndex(0)

        filters: list[tuple[str, Callable[[], None], HistoryFilter]] = [
            (
                "platform = wix",
                lambda: bar.platform.setCurrentIndex(bar.platform.findData("wix")),
                HistoryFilter(platform="wix"),
            ),
            (
                "+ outcome = rejected",
                lambda: bar.outcome.setCurrentIndex(bar.outcome.findData("rejected")),
                HistoryFilter(platform="wix", outcome=Outcome.REJECTED),
            ),
            (
                "+ profile = client-a",
                lambda: bar.profile.setCurrentIndex(bar.profile.findData("client-a")),
                HistoryFilter(platform="wix", profile="client-a", outcome=Outcome.REJECTED),
            ),
            (
                "all again",
                reset_all,
                HistoryFilter(),
            ),
            (
                f"search '{RARE_WORD}' (rare)",
                lambda: _search(bar, RARE_WORD),
                HistoryFilter(text=RARE_WORD),
            ),
            (
                "search 'ERROR_CORE' (common)",
                lambda: _search(bar, "ERROR_CORE"),
                HistoryFilter(text="ERROR_CORE"),
            ),
            (
                "search 'DEAL_99' (prefix)",
                lambda: _search(bar, "DEAL_99"),
                HistoryFilter(text="DEAL_99"),
            ),
            (
                "search + platform",
                lambda: bar.platform.setCurrentIndex(bar.platform.findData("bitrix24")),
                HistoryFilter(platform="bitrix24", text="DEAL_99"),
            ),
        ]
        worst = 0.0
        for label, action, expected in filters:
            elapsed = ms(lambda action=action: (action(), app.processEvents()))  # type: ignore[misc]
            assert pane.model.filter == expected, label
            worst = max(worst, elapsed)
            print(f"filter {label:32s} {elapsed:7.1f} ms  ({pane.count_text()})")
        figures["filter_worst_ms"] = worst
        for combo in (bar.platform,):
            combo.setCurrentIndex(0)
        _search(bar, "")
        app.processEvents()
        pages = [ms(lambda: pane.model.fetchMore(QModelIndex())) for _ in range(RUNS)]
        figures["fetch_more_ms"] = statistics.median(pages)
        print(f"fetchMore (200 rows):           median {figures['fetch_more_ms']:7.1f} ms")
        select = ms(lambda: (pane.select_id(pane.model.ids()[3]), app.processEvents()))
        figures["select_ms"] = select
        print(f"select a row (details):          {select:7.1f} ms")
        current, peak = rss_mb()
        figures["rss_mb"], figures["peak_rss_mb"] = current, peak
        print(
            f"resident memory: {current:.0f} MB now, {peak:.0f} MB peak (budget {RSS_BUDGET_MB:.0f})"
        )
        pane.close()
        empty.close()
        full.close()
    return figures


def _search(bar: object, text: str) -> None:
    from trigger_desk.ui.history.filter_bar import HistoryFilterBar

    assert isinstance(bar, HistoryFilterBar)
    bar.search.blockSignals(True)  # skip the typing pause: measure the search itself
    bar.search.setText(text)
    bar.search.blockSignals(False)
    bar.apply_search_now()


def test_history_pane_at_100k_rows(qapp: QApplication) -> None:
    figures = run()
    assert figures["ready_extra_ms"] < READY_BUDGET_MS
    assert figures["filter_worst_ms"] < FILTER_BUDGET_MS
    assert figures["rss_mb"] < RSS_BUDGET_MB


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS)
