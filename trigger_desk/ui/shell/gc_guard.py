"""Garbage collection on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to allocate when a threshold
is crossed, and other threads allocate here (the engine's, keyring and SQLite workers).
A Qt object caught in a reference cycle and freed from such a thread leaves its timers
registered with the GUI thread, which later fires one into freed memory: a crash. So
automatic collection is switched off and this object collects on the GUI thread, using
the same thresholds (the well-known recipe from PyQt applications).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 500


class MainThreadCollector(QObject):
    """Runs `gc.collect` on the thread this object lives in (create it on the GUI thread)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(CHECK_MS)

    def check(self) -> None:
        """Collect the generations whose allocation counts passed their threshold."""
        counts = gc.get_count()
        if counts[0] > self._thresholds[0]:
            generation = 0
            if counts[1] > self._thresholds[1]:
                generation = 2 if counts[2] > self._thresholds[2] else 1
            gc.collect(generation)

    def freeze_survivors(self) -> None:
        """Collect once, then exempt every object alive now from later collections.

        Called when start-up is over: modules, classes and widgets live as long as the
        process, and scanning them again in every full collection made each one a pause
        of tens of milliseconds. Later collections only look at newer objects.
        """
        gc.collect()
        gc.freeze()

    def stop(self) -> None:
        """Stop collecting; automatic collection is back as it was before."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
