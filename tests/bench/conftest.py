"""Benchmarks print figures; they run only when asked (timings on a busy CI runner mean
little): `TRIGGER_DESK_BENCH=1 uv run pytest tests/bench -s`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get("TRIGGER_DESK_BENCH") == "1":
        return
    skip = pytest.mark.skip(reason="benchmark: set TRIGGER_DESK_BENCH=1 to run")
    for item in items:
        if _HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.bench)
            item.add_marker(skip)
