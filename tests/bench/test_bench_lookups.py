"""100,000 items listed to CSV: requests, time and the client's peak memory.

Run with: TRIGGER_DESK_BENCH=1 uv run pytest tests/bench/test_bench_lookups.py -s

The sandbox runs in a process of its own (`trigger-desk sandbox --port 0`) so that only
the client's allocations are traced. Streaming means the peak stays far below what a
list of 100,000 items held in memory would take.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import httpx
import pytest

from trigger_desk.cli import main
from trigger_desk.store.secrets import MemorySecretStore

ITEMS = 100_000
PEAK_BUDGET_MB = 25.0


def test_100k_items_stream_to_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "trigger_desk", "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        base = first.split("listening on ", 1)[1].split()[0]
        seeded = httpx.post(
            f"{base}/_sandbox/seed-items",
            json={"type": "DEAL", "count": ITEMS - 1, "stage": "C7:EXECUTING"},
            timeout=60,
        )
        assert seeded.status_code == 200, seeded.text
        store = MemorySecretStore()
        monkeypatch.setattr(
            sys, "stdin", io.StringIO(f"webhook_url={base}/rest/1/sandbox0webhook1/\n")
        )
        assert main(["profiles", "add", "b", "--platform", "bitrix24", "--auth", "webhook"],
                    secret_store=store) == 0  # fmt: skip
        path = tmp_path / "items.csv"
        argv = ["items", "--profile", "b", "--type", "DEAL", "--stage", "C7:EXECUTING",
                "--output", str(path)]  # fmt: skip
        tracemalloc.start()
        begin = time.perf_counter()
        code = main(argv, secret_store=store)
        elapsed = time.perf_counter() - begin
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()
    assert code == 0
    with path.open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle))
    print(f"\n{ITEMS:,} items to CSV: {elapsed:.1f} s, client peak {peak:.1f} MB (traced)")
    assert rows == ITEMS + 1
    assert peak < PEAK_BUDGET_MB
