"""The one keyring sink for refreshed tokens, shared by the CLI, the window and bulk runs.

The engine hands it a refreshed Bitrix24 pair to store, and asks it for the stored pair
again when a refresh is refused (another process may have rotated it; see
`core/token_refresh.py`). Blocking: the engine calls it in a worker thread. Failures
come out as the store's `KeyringUnavailable`, whose message holds no secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trigger_desk.store.secrets import SecretStore


class KeyringTokenSink:
    """Stores refreshed tokens in a `SecretStore` (the OS keyring) and reads them back."""

    def __init__(self, store: SecretStore) -> None:
        self._store = store

    def save(self, profile: str, secrets: Mapping[str, str]) -> None:
        """Store the pair; all of it or, on failure, none of it (then raises)."""
        from trigger_desk.store.secrets import save_secrets  # keyring loads on first use

        save_secrets(self._store, profile, secrets)

    def load(self, profile: str, keys: tuple[str, ...]) -> dict[str, str]:
        """The stored values of `keys` that are set."""
        from trigger_desk.store.secrets import load_secrets

        return load_secrets(self._store, profile, keys)
