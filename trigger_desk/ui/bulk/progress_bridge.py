"""Progress from the engine's thread to the window: a queued Qt signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from trigger_desk.core.bulk_types import BulkProgress


class ProgressBridge(QObject):
    """`send` may be called from any thread (the runner's, already throttled by
    `services.bulk_session.ProgressThrottle`); `progressed` is delivered on the GUI thread."""

    progressed = Signal(object)

    def send(self, progress: BulkProgress) -> None:
        self.progressed.emit(progress)
