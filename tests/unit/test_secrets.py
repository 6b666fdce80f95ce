"""The secret store refuses every keyring that is not the OS's own, with a useful message.

These run without a Secret Service: the refused backends are keyring's own fail and null
backends and a file-based backend standing in for keyrings.alt. Round trips through a
real keyring are in tests/integration/test_secrets_keyring.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend

from trigger_desk.store.secrets import (
    MASK,
    KeyringSecretStore,
    KeyringUnavailable,
    MemorySecretStore,
    load_secrets,
    mask_tail,
    save_secrets,
)

SECRET = "tok-7f3a9c2e1b8d4f6a"


class PlaintextFileKeyring(KeyringBackend):
    """Like keyrings.alt's PlaintextKeyring: a JSON file of passwords. Must be refused."""

    priority = -1  # never chosen by keyring's own detection
    file: Path

    def _items(self) -> dict[str, str]:
        return json.loads(self.file.read_text()) if self.file.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._items().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        items = self._items()
        items[f"{service}/{username}"] = password
        self.file.write_text(json.dumps(items))

    def delete_password(self, service: str, username: str) -> None:
        items = self._items()
        items.pop(f"{service}/{username}", None)
        self.file.write_text(json.dumps(items))


class FixedChain(ChainerBackend):
    """keyring's chainer over a chosen list of backends."""

    priority = -1
    backends: list[KeyringBackend] = []  # noqa: RUF012


@pytest.fixture(autouse=True)
def _unregister_test_backends() -> Iterator[None]:
    # keyring registers every backend class it sees; keep ours out of other tests' way.
    yield
    for cls in (PlaintextFileKeyring, FixedChain):
        KeyringBackend._classes.discard(cls)


@pytest.fixture
def plaintext(tmp_path: Path) -> PlaintextFileKeyring:
    backend = PlaintextFileKeyring()
    backend.file = tmp_path / "plaintext-keyring.json"
    return backend


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def _assert_helpful(error: KeyringUnavailable, backend_path: str) -> None:
    message = str(error)
    assert backend_path in message
    assert "gnome-keyring" in message and "KWallet" in message
    assert "desktop session" in message
    assert "never keeps secrets in a file" in message
    assert SECRET not in message


@pytest.mark.parametrize(
    ("backend", "path", "reason"),
    [
        (fail.Keyring(), "keyring.backends.fail.Keyring", "no system keyring was found"),
        (null.Keyring(), "keyring.backends.null.Keyring", "discards every secret"),
    ],
)
def test_keyrings_own_fallbacks_are_refused(
    backend: KeyringBackend, path: str, reason: str
) -> None:
    store = KeyringSecretStore(backend)
    assert store.is_system_keyring is False
    for attempt in (
        lambda: store.set("prod", "api_key", SECRET),
        lambda: store.get("prod", "api_key"),
        lambda: store.delete("prod", "api_key"),
    ):
        with pytest.raises(KeyringUnavailable) as caught:
            attempt()
        _assert_helpful(caught.value, path)
        assert reason in caught.value.reason


def test_file_backend_is_refused_and_writes_nothing(plaintext: PlaintextFileKeyring) -> None:
    store = KeyringSecretStore(plaintext)
    assert store.is_system_keyring is False
    with pytest.raises(KeyringUnavailable) as caught:
        store.set("prod", "api_key", SECRET)
    _assert_helpful(caught.value, "PlaintextFileKeyring")
    assert "not a system keyring" in caught.value.reason
    assert not plaintext.file.exists()


def test_chain_without_a_system_keyring_is_refused(plaintext: PlaintextFileKeyring) -> None:
    FixedChain.backends = [plaintext, null.Keyring()]
    store = KeyringSecretStore(FixedChain())
    assert "PlaintextFileKeyring" in store.name and "null" in store.name
    with pytest.raises(KeyringUnavailable, match="none of the keyring backends"):
        store.set("prod", "api_key", SECRET)
    assert not plaintext.file.exists()


def test_default_backend_comes_from_keyring(restore_keyring: None) -> None:
    keyring.set_keyring(null.Keyring())
    store = KeyringSecretStore()
    assert "keyring.backends.null.Keyring" in store.name
    with pytest.raises(KeyringUnavailable):
        store.set("prod", "api_key", SECRET)


@pytest.mark.parametrize(
    "backend", ["keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"]
)
def test_refusal_in_a_fresh_process_names_the_env_var(backend: str) -> None:
    """PYTHON_KEYRING_BACKEND picks the backend: the user is told, and sees no traceback."""
    script = (
        "from trigger_desk.store.secrets import KeyringSecretStore, KeyringUnavailable\n"
        "try:\n"
        f"    KeyringSecretStore().set('prod', 'api_key', {SECRET!r})\n"
        "except KeyringUnavailable as error:\n"
        "    print(error)\n"
        "    raise SystemExit(2)\n"
    )
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": backend}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr == ""
    assert backend in done.stdout
    assert "unset PYTHON_KEYRING_BACKEND" in done.stdout
    assert SECRET not in done.stdout


def test_backend_that_cannot_be_loaded() -> None:
    script = (
        "from trigger_desk.store.secrets import KeyringSecretStore, KeyringUnavailable\n"
        "store = KeyringSecretStore()\n"
        "print(store.is_system_keyring, store.name)\n"
        "try:\n"
        "    store.get('prod', 'api_key')\n"
        "except KeyringUnavailable as error:\n"
        "    print(error)\n"
    )
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "no_such_module.Keyring"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    first, second = done.stdout.splitlines()
    assert first == "False no_such_module.Keyring"
    assert "cannot be loaded (ModuleNotFoundError)" in second
    assert "Keyring tried: no_such_module.Keyring" in second


def test_memory_store_round_trip() -> None:
    store = MemorySecretStore()
    assert store.is_system_keyring is False
    assert store.get("prod", "api_key") is None
    store.set("prod", "api_key", SECRET)
    assert store.get("prod", "api_key") == SECRET
    assert store.get("other", "api_key") is None
    store.delete("prod", "api_key")
    store.delete("prod", "api_key")  # deleting twice is fine
    assert store.get("prod", "api_key") is None


@pytest.mark.parametrize(("profile", "key"), [("", "api_key"), ("prod", ""), ("a:b", "api_key")])
def test_bad_item_names_are_refused(profile: str, key: str) -> None:
    with pytest.raises(ValueError):
        MemorySecretStore().set(profile, key, SECRET)
    with pytest.raises(ValueError):
        KeyringSecretStore(null.Keyring()).get(profile, key)


def test_load_and_save_secrets() -> None:
    store = MemorySecretStore()
    save_secrets(store, "prod", {"client_secret": "c" * 20, "access_token": "a" * 20})
    assert load_secrets(store, "prod", ["client_secret", "access_token", "refresh_token"]) == {
        "client_secret": "c" * 20,
        "access_token": "a" * 20,
    }


class BreaksOnThirdWrite(MemorySecretStore):
    """A store whose third write fails, to see that save_secrets undoes the first two."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def set(self, profile: str, key: str, value: str) -> None:
        self.writes += 1
        if self.writes == 3:
            raise KeyringUnavailable("test store", "the keyring went away")
        super().set(profile, key, value)


def test_save_secrets_puts_back_what_was_there_when_a_write_fails() -> None:
    store = BreaksOnThirdWrite()
    store.set("prod", "client_secret", "old-client-secret")  # write 1
    store.writes = 1
    new = {"client_secret": "new-client-secret", "access_token": "new-access", "refresh_token": "x"}
    with pytest.raises(KeyringUnavailable):
        save_secrets(store, "prod", new)  # writes 2, 3 (fails), then the undo
    assert store.get("prod", "client_secret") == "old-client-secret"
    assert store.get("prod", "access_token") is None
    assert store.get("prod", "refresh_token") is None


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("", ""),
        ("short", MASK),
        ("elevenchars", MASK),
        ("twelve-chars", MASK + "hars"),
        ("sk_live_0123456789abcd", "••••abcd"),
    ],
)
def test_mask_tail(value: str, shown: str) -> None:
    assert mask_tail(value) == shown


@pytest.mark.keyring
def test_chain_writes_only_to_the_system_keyring(
    real_keyring: KeyringSecretStore, plaintext: PlaintextFileKeyring, profile_name: str
) -> None:
    """keyring's chainer would fall through to a file backend; we use its system member."""
    from keyring.backends.SecretService import Keyring as SecretServiceKeyring

    FixedChain.backends = [plaintext, SecretServiceKeyring()]
    store = KeyringSecretStore(FixedChain())
    assert store.is_system_keyring
    store.set(profile_name, "api_key", SECRET)
    assert real_keyring.get(profile_name, "api_key") == SECRET
    assert not plaintext.file.exists()
    store.delete(profile_name, "api_key")
    assert real_keyring.get(profile_name, "api_key") is None
