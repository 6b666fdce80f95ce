"""Secrets in the OS keyring, behind a small interface (after vorta's `keyring/abc.py`).

Every secret is one keyring item: service `trigger-desk`, user name `"{profile}:{key}"`.
Only a real system keyring is used (Secret Service / KWallet on Linux, the macOS Keychain,
Windows Credential Manager). keyring's "fail" and "null" backends and any file-based or
plaintext backend (keyrings.alt and the like) are refused with `KeyringUnavailable`;
unlike vorta, there is no plaintext fallback, ever.

Blocking: every call may talk D-Bus and wait for an unlock prompt. The window must call
the store off the event loop, e.g. ``await asyncio.to_thread(store.get, "prod", "api_key")``;
the CLI may call it directly.
"""

from __future__ import annotations

import contextlib
import os
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping

# Off macOS, keyring's macOS backend cannot work (its priority says "macOS required"
# whatever happens), yet choosing a backend imports it, and its module asks
# ctypes.util.find_library for Apple's frameworks: on Linux that runs ldconfig and gcc
# as subprocesses, 25-60 ms of every command that reads a secret. A None entry makes
# that import fail at once, which the backend's package already expects and ignores.
if sys.platform != "darwin":
    sys.modules.setdefault("keyring.backends.macOS.api", None)  # type: ignore[arg-type]

import keyring
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringLocked, NoKeyringError

SERVICE = "trigger-desk"
MASK = "••••"

# The backends that keep secrets in the operating system's own store. An allow-list on
# purpose: any backend not named here (keyrings.alt's files, a third-party plugin) may
# write secrets to disk, so it is refused.
_SYSTEM_BACKENDS = frozenset(
    {
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.kwallet.DBusKeyringKWallet4",
        "keyring.backends.macOS.Keyring",
        "keyring.backends.Windows.WinVaultKeyring",
    }
)


class KeyringUnavailable(Exception):
    """No usable system keyring: says which backend was tried and what to do.

    The message never holds a secret. `backend` and `reason` are kept apart for the UI.
    """

    def __init__(self, backend: str, reason: str) -> None:
        self.backend = backend
        self.reason = reason
        super().__init__(
            f"Cannot use the OS keyring: {reason}. Keyring tried: {backend}. "
            f"What to do: {_advice()} Trigger Desk never keeps secrets in a file instead."
        )


def _advice() -> str:
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        chosen = (
            "unset PYTHON_KEYRING_BACKEND (it picks the keyring backend) or point it at a "
            "system keyring. Otherwise: "
        )
    else:
        chosen = ""
    if sys.platform == "darwin":
        return chosen + "unlock the login Keychain and allow access when macOS asks."
    if sys.platform == "win32":
        return chosen + "make sure Windows Credential Manager is available for your account."
    return chosen + (
        "install and unlock gnome-keyring or KWallet (a Secret Service keyring) and run "
        "Trigger Desk inside a desktop session; without a desktop (SSH, cron, CI) start it "
        "under dbus-run-session with an unlocked gnome-keyring (see scripts/with-keyring.sh)."
    )


def describe_backend(backend: KeyringBackend) -> str:
    """A readable name plus the dotted class path (what PYTHON_KEYRING_BACKEND takes)."""
    if isinstance(backend, ChainerBackend):
        inner = ", ".join(describe_backend(child) for child in backend.backends) or "none"
        return f"keyring's chainer over [{inner}]"
    cls = type(backend)
    return f"{backend.name} ({cls.__module__}.{cls.__qualname__})"


def _is_system(backend: KeyringBackend) -> bool:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}" in _SYSTEM_BACKENDS


def _pick_system_backend(backend: KeyringBackend) -> KeyringBackend | None:
    """The system keyring to write to, or None. From a chainer, the highest-priority
    system backend alone: the chainer would fall through to a file backend on error."""
    if isinstance(backend, ChainerBackend):
        return next((child for child in backend.backends if _is_system(child)), None)
    return backend if _is_system(backend) else None


def _refusal_reason(backend: KeyringBackend) -> str:
    module = type(backend).__module__
    if module == "keyring.backends.fail":
        return "no system keyring was found on this machine"
    if module == "keyring.backends.null":
        return "the keyring backend in use discards every secret"
    if isinstance(backend, ChainerBackend):
        return "none of the keyring backends found is a system keyring"
    return (
        "the keyring backend in use is not a system keyring (it keeps secrets in a file "
        "or another store Trigger Desk does not trust)"
    )


class SecretStore(ABC):
    """Where a profile's secrets live. Implementations block: call them off the event loop."""

    @property
    @abstractmethod
    def name(self) -> str:
        """What backend this is, for messages and the about box."""

    @property
    @abstractmethod
    def is_system_keyring(self) -> bool:
        """True only for an OS keyring; the app refuses to store secrets anywhere else."""

    @abstractmethod
    def get(self, profile: str, key: str) -> str | None:
        """The secret, or None when it is not set."""

    @abstractmethod
    def set(self, profile: str, key: str, value: str) -> None:
        """Store (or overwrite) one secret."""

    @abstractmethod
    def delete(self, profile: str, key: str) -> None:
        """Forget one secret; deleting one that is not set is not an error."""


def _username(profile: str, key: str) -> str:
    # ":" separates the two parts; profile names cannot hold one (see ProfileStore).
    if not profile or not key or ":" in profile:
        raise ValueError("a secret needs a profile name without ':' and a key")
    return f"{profile}:{key}"


class KeyringSecretStore(SecretStore):
    """The OS keyring through the `keyring` package, service `trigger-desk`.

    `backend` defaults to the one `keyring` picks (honouring PYTHON_KEYRING_BACKEND and
    keyringrc.cfg); it is looked up on first use, since that itself talks D-Bus.
    Every failure, from a refused backend to a locked keyring or a D-Bus error, comes out
    as `KeyringUnavailable`, never as the backend's own exception.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend
        self._system: KeyringBackend | None = None

    def _configured(self) -> KeyringBackend:
        if self._backend is None:
            try:
                self._backend = keyring.get_keyring()
            except Exception as exc:  # e.g. PYTHON_KEYRING_BACKEND names no such class
                raise KeyringUnavailable(
                    os.environ.get("PYTHON_KEYRING_BACKEND") or "the one in keyringrc.cfg",
                    f"the configured keyring backend cannot be loaded ({type(exc).__name__})",
                ) from None
        return self._backend

    @property
    def name(self) -> str:
        try:
            return describe_backend(self._configured())
        except KeyringUnavailable as error:
            return error.backend

    @property
    def is_system_keyring(self) -> bool:
        try:
            return _pick_system_backend(self._configured()) is not None
        except KeyringUnavailable:
            return False

    def _usable(self) -> KeyringBackend:
        if self._system is None:
            configured = self._configured()
            picked = _pick_system_backend(configured)
            if picked is None:
                raise KeyringUnavailable(describe_backend(configured), _refusal_reason(configured))
            self._system = picked
        return self._system

    def _failure(
        self, backend: KeyringBackend, exc: Exception, secret: str = ""
    ) -> KeyringUnavailable:
        if isinstance(exc, KeyringLocked) or type(exc).__name__ in (
            "LockedException",
            "PromptDismissedException",
        ):
            reason = (
                "the keyring is locked and was not unlocked (the unlock prompt was "
                "dismissed, refused or could not be shown)"
            )
        elif isinstance(exc, NoKeyringError):
            reason = "no system keyring was found on this machine"
        else:
            detail = str(exc).strip()
            if secret:
                detail = detail.replace(secret, MASK)
            reason = f"the keyring did not answer ({type(exc).__name__}: {detail or 'no detail'})"
        return KeyringUnavailable(describe_backend(backend), reason)

    # The three operations catch Exception on purpose: backends raise keyring, D-Bus,
    # secretstorage, jeepney and OS errors alike, and each means "no usable keyring".
    # `from None`: the backend's own traceback adds nothing the message does not say.
    def get(self, profile: str, key: str) -> str | None:
        username = _username(profile, key)
        backend = self._usable()
        try:
            return backend.get_password(SERVICE, username)
        except Exception as exc:
            raise self._failure(backend, exc) from None

    def set(self, profile: str, key: str, value: str) -> None:
        username = _username(profile, key)
        backend = self._usable()
        try:
            backend.set_password(SERVICE, username, value)
        except Exception as exc:
            raise self._failure(backend, exc, value) from None

    def delete(self, profile: str, key: str) -> None:
        # keyring raises PasswordDeleteError for a missing item; look first so that
        # "not there" stays distinct from "could not delete".
        if self.get(profile, key) is None:
            return
        backend = self._usable()
        try:
            backend.delete_password(SERVICE, _username(profile, key))
        except Exception as exc:
            raise self._failure(backend, exc) from None


class MemorySecretStore(SecretStore):
    """A dict, FOR NARROW UNIT TESTS ONLY: never used by the app, never a system keyring.

    Tests that need a keyring's real behaviour use the `real_keyring` fixture instead.
    """

    def __init__(self) -> None:
        self._items: dict[str, str] = {}

    @property
    def name(self) -> str:
        return "in-memory store (tests only)"

    @property
    def is_system_keyring(self) -> bool:
        return False

    def get(self, profile: str, key: str) -> str | None:
        return self._items.get(_username(profile, key))

    def set(self, profile: str, key: str, value: str) -> None:
        self._items[_username(profile, key)] = value

    def delete(self, profile: str, key: str) -> None:
        self._items.pop(_username(profile, key), None)

    def __len__(self) -> int:
        """How many secrets are held (lets tests check that nothing was stored)."""
        return len(self._items)

    def __bool__(self) -> bool:
        # A store is a store even when empty: `store or default` must not skip it.
        return True


def load_secrets(store: SecretStore, profile_name: str, keys: Iterable[str]) -> dict[str, str]:
    """The profile's secrets that are set, by key; keys with no item are left out."""
    found: dict[str, str] = {}
    for key in keys:
        value = store.get(profile_name, key)
        if value is not None:
            found[key] = value
    return found


def save_secrets(store: SecretStore, profile_name: str, mapping: Mapping[str, str]) -> None:
    """Store several secrets; if one fails, put back what was there before and re-raise,
    so a profile never ends up with half old and half new credentials."""
    previous = {key: store.get(profile_name, key) for key in mapping}
    written: list[str] = []
    try:
        for key, value in mapping.items():
            store.set(profile_name, key, value)
            written.append(key)
    except BaseException:
        for key in written:
            # Best effort: the first error is the one worth reporting.
            with contextlib.suppress(KeyringUnavailable):
                old = previous[key]
                if old is None:
                    store.delete(profile_name, key)
                else:
                    store.set(profile_name, key, old)
        raise


def mask_tail(value: str) -> str:
    """Show only the last 4 characters (`••••abcd`); values under 12 characters are
    masked completely, since 4 of them would give away too much. Empty stays empty."""
    if not value:
        return ""
    if len(value) < 12:
        return MASK
    return MASK + value[-4:]
