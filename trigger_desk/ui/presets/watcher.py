"""Preset files changing on disk, noticed without a restart; blocking preset work off the loop.

`PresetsWatcher` answers "did the presets folder change?" (a `git pull` in a shared
folder, the CLI saving a preset, another window). A `QFileSystemWatcher` on the folder
gives a quick hint, but file watchers miss some atomic replaces (rename over an existing
file on some file systems, network shares) and cannot watch a folder that does not exist
yet, so the folder's `PresetStore.fingerprint()` (names, mtimes, sizes: no file is read)
is also compared every couple of seconds. `changed()` is emitted only when the
fingerprint really differs, however many hints arrived.

`DiskWork` runs `PresetStore` calls (blocking file access) the way the rest of the window
does: with an asyncio loop running (qasync in the app) the work goes to a worker thread
and its answer comes back on the GUI thread; with none (scripts, synchronous tests) it
runs inline. All preset work shares one worker thread, so operations happen in the order
they were asked for: a reload queued after a rename always sees the renamed file.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from trigger_desk.store.presets import PresetStore
from trigger_desk.ui.widgets.background import BackgroundWork

log = logging.getLogger(__name__)

POLL_MS = 2000  # the safety net for changes the file watcher did not report
DEBOUNCE_MS = 200  # a `git pull` touches many files: look once they have settled

_executor: ThreadPoolExecutor | None = None


def _disk_thread() -> ThreadPoolExecutor:
    """The one thread all preset disk work runs on (created on first use)."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="presets-disk")
    return _executor


Fingerprint = tuple[tuple[str, int, int], ...]


class DiskWork(BackgroundWork):
    """Blocking preset-store work for `owner`, all on the one presets disk thread (so a
    reload queued after a rename always sees the rename)."""

    def __init__(self, owner: QObject) -> None:
        super().__init__(owner, _disk_thread())


class PresetsWatcher(QObject):
    """Emits `changed()` when the presets folder's content changes on disk.

    Start it with `start()` (the panel does); `check_now()` looks at once (after the
    window itself wrote a preset, for instance). `poll_ms=0` turns the polling off and
    leaves only the file watcher (tests use it to prove the watcher alone is heard).
    """

    changed = Signal()

    def __init__(
        self,
        store: PresetStore,
        parent: QObject | None = None,
        *,
        poll_ms: int = POLL_MS,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._fingerprint: Fingerprint | None = None
        self._checking = False
        self._again = False
        self._work = DiskWork(self)
        self._fs = QFileSystemWatcher(self)
        self._fs.directoryChanged.connect(self._hint)
        self._fs.fileChanged.connect(self._hint)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.check_now)
        self._poll = QTimer(self)
        self._poll.setInterval(max(poll_ms, 1))
        self._poll.timeout.connect(self.check_now)
        self._poll_ms = poll_ms

    def start(self) -> None:
        """Take the folder's current state as known and start watching it."""
        if self._poll_ms > 0:
            self._poll.start()
        self._check(emit=False)

    def stop(self) -> None:
        self._poll.stop()
        self._debounce.stop()
        watched = self._fs.directories() + self._fs.files()
        if watched:
            self._fs.removePaths(watched)

    def check_now(self) -> None:
        """Compare the folder's fingerprint with the last one now; `changed()` if it differs."""
        self._check(emit=True)

    def _hint(self, _path: str) -> None:
        self._debounce.start()  # restarts: one look after a burst of events

    def _look(self) -> tuple[Fingerprint, bool]:
        """In the worker thread: the fingerprint, and whether the folder exists."""
        return self.store.fingerprint(), self.store.directory.is_dir()

    def _watch_folder(self, exists: bool) -> None:
        # A folder that does not exist yet cannot be watched; the poll notices it appear.
        folder = str(self.store.directory)
        if exists and folder not in self._fs.directories():
            self._fs.addPath(folder)

    def _check(self, *, emit: bool) -> None:
        if self._checking:
            self._again = True  # one more look once the one under way answers
            return
        self._checking = True
        self._work.run(self._look, lambda seen: self._compared(*seen, emit=emit), self._failed)

    def _compared(self, fingerprint: Fingerprint, exists: bool, *, emit: bool) -> None:
        self._checking = False
        previous, self._fingerprint = self._fingerprint, fingerprint
        self._watch_folder(exists)
        if emit and previous is not None and fingerprint != previous:
            self.changed.emit()
        if self._again:
            self._again = False
            self._check(emit=True)

    def _failed(self, error: Exception) -> None:
        # A folder on a share that went away: keep polling, it may come back.
        self._checking = False
        log.warning("cannot look at the presets folder %s: %s", self.store.directory, error)

    async def wait_idle(self) -> None:
        await self._work.wait_idle()


__all__ = ["DEBOUNCE_MS", "POLL_MS", "DiskWork", "PresetsWatcher"]
