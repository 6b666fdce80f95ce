"""Cyclic garbage is collected on the GUI thread, never by a worker thread."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from trigger_desk.ui.shell.gc_guard import MainThreadCollector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_cycles_are_freed_by_the_collector_not_by_worker_threads(qapp: Any) -> None:
    was_enabled, thresholds = gc.isenabled(), gc.get_threshold()
    gc.set_threshold(50, 10, 10)  # small, so the worker's allocations cross it for sure
    gc.collect()
    collector = MainThreadCollector()
    try:
        assert not gc.isenabled()
        node = _Node()
        ref = weakref.ref(node)
        del node
        # A worker thread allocating plenty does not trigger a collection any more.
        kept: list[list[int]] = []
        worker = threading.Thread(target=lambda: kept.extend([] for _ in range(5_000)))
        worker.start()
        worker.join()
        assert ref() is not None
        assert gc.get_count()[0] > gc.get_threshold()[0]
        collector.check()  # the GUI thread's timer tick: over the threshold, so it collects
        assert ref() is None
    finally:
        collector.stop()
        gc.set_threshold(*thresholds)
        if not was_enabled:
            gc.disable()
