"""The one keyring sink for refreshed tokens, shared by the CLI, the window and bulk runs.

The engine hands it a refreshed Bitrix24 pair to store, and asks it for the stored pair
again when a refresh is due or refused (another process may have rotated it; see
`core/token_refresh.py`). A lock file per profile (in the state directory) is held while
one process refreshes and stores: the others wait, then find the new pair instead of
spending a refresh token that is already spent. Blocking: the engine calls it in a
worker thread. Failures come out as the store's `KeyringUnavailable` (no secret in it).
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trigger_desk.store.secrets import SecretStore

try:  # POSIX; elsewhere processes fall back to re-reading the keyring for a while
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_LOCK_POLL = 0.05  # seconds between attempts to take a lock another process holds


class KeyringTokenSink:
    """Stores refreshed tokens in a `SecretStore` (the OS keyring) and reads them back."""

    def __init__(self, store: SecretStore, lock_dir: Path | None = None) -> None:
        self._store = store
        self._lock_dir = lock_dir

    def save(self, profile: str, secrets: Mapping[str, str]) -> None:
        """Store the pair; all of it or, on failure, none of it (then raises)."""
        from trigger_desk.store.secrets import save_secrets  # keyring loads on first use

        save_secrets(self._store, profile, secrets)

    def load(self, profile: str, keys: tuple[str, ...]) -> dict[str, str]:
        """The stored values of `keys` that are set."""
        from trigger_desk.store.secrets import load_secrets

        return load_secrets(self._store, profile, keys)

    @contextlib.contextmanager
    def refresh_lock(self, profile: str, timeout: float) -> Iterator[bool]:
        """Hold the profile's refresh lock (waiting up to `timeout` s for another
        process); yields False when it could not be had (no lock file, or timed out)."""
        handle = self._open_lock(profile)
        if handle is None:
            yield False
            return
        try:
            yield _acquire(handle, timeout)
        finally:
            handle.close()  # closing the file releases the lock

    def _open_lock(self, profile: str) -> Any:
        if fcntl is None:
            return None
        from trigger_desk.store.paths import state_dir

        folder = self._lock_dir or state_dir() / "locks"
        # A digest: profile names may hold characters a file name should not.
        name = hashlib.sha256(profile.encode()).hexdigest()[:32] + ".lock"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return open(folder / name, "a+b")
        except OSError:
            return None


def _acquire(handle: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(_LOCK_POLL)
        except OSError:  # a file system without locks: go on without
            return False


__all__ = ["KeyringTokenSink"]
