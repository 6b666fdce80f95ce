"""Secrets in a real Secret Service keyring (gnome-keyring under scripts/with-keyring.sh).

Skipped with the reason when no Secret Service answers; see tests/conftest.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest

from trigger_desk.store.paths import profiles_path
from trigger_desk.store.secrets import SERVICE, KeyringSecretStore, load_secrets, save_secrets

pytestmark = pytest.mark.keyring

SECRET = "whk-3c9e1a7f5b2d8e4a"


def secret_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["secret-tool", *args], capture_output=True, text=True, timeout=30)


needs_secret_tool = pytest.mark.skipif(
    shutil.which("secret-tool") is None, reason="secret-tool (libsecret-tools) is not installed"
)


def test_round_trip(real_keyring: KeyringSecretStore, profile_name: str) -> None:
    assert real_keyring.is_system_keyring
    assert "SecretService" in real_keyring.name
    assert real_keyring.get(profile_name, "api_key") is None
    real_keyring.set(profile_name, "api_key", SECRET)
    assert real_keyring.get(profile_name, "api_key") == SECRET
    real_keyring.set(profile_name, "api_key", SECRET + "-new")  # overwrite, not a second item
    assert real_keyring.get(profile_name, "api_key") == SECRET + "-new"
    assert real_keyring.get(profile_name, "app_secret") is None
    real_keyring.delete(profile_name, "api_key")
    assert real_keyring.get(profile_name, "api_key") is None
    real_keyring.delete(profile_name, "api_key")  # already gone: fine


def test_several_secrets_and_odd_values(
    real_keyring: KeyringSecretStore, profile_name: str
) -> None:
    values = {
        "client_secret": "ключ-🔑-" + "x" * 200,
        "access_token": "a=b&c d\té",
        "refresh_token": "r" * 1024,
    }
    save_secrets(real_keyring, profile_name, values)
    assert load_secrets(real_keyring, profile_name, [*values, "missing"]) == values
    for key in values:
        real_keyring.delete(profile_name, key)
    assert load_secrets(real_keyring, profile_name, values) == {}


@needs_secret_tool
def test_items_sit_under_service_trigger_desk(
    real_keyring: KeyringSecretStore, profile_name: str
) -> None:
    username = f"{profile_name}:api_key"
    real_keyring.set(profile_name, "api_key", SECRET)

    found = secret_tool("search", "--all", "service", "trigger-desk", "username", username)
    shown = found.stdout + found.stderr
    assert found.returncode == 0, shown
    assert "attribute.service = trigger-desk" in shown
    assert f"attribute.username = {username}" in shown
    assert secret_tool("lookup", "service", SERVICE, "username", username).stdout == SECRET

    real_keyring.delete(profile_name, "api_key")
    assert secret_tool("lookup", "service", SERVICE, "username", username).stdout == ""


@needs_secret_tool
def test_reads_items_stored_by_other_tools(
    real_keyring: KeyringSecretStore, profile_name: str
) -> None:
    """An item put there with secret-tool (same attributes) is read back: no private format."""
    stored = subprocess.run(
        [
            "secret-tool",
            "store",
            "--label=pytest",
            "service",
            SERVICE,
            "username",
            f"{profile_name}:api_key",
        ],
        input=SECRET,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert stored.returncode == 0, stored.stderr
    assert real_keyring.get(profile_name, "api_key") == SECRET
    real_keyring.delete(profile_name, "api_key")


@pytest.fixture
def locked_collection(real_keyring: KeyringSecretStore) -> Iterator[str]:
    """A new gnome-keyring collection, locked; unlocked and deleted afterwards.

    Uses gnome-keyring's own interface for scripted unlocking, so no prompt is involved.
    """
    import secretstorage
    from secretstorage.util import DBusAddressWrapper, format_secret, open_session

    connection = secretstorage.dbus_init()
    session = open_session(connection)
    internal = DBusAddressWrapper(
        "/org/freedesktop/secrets",
        "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
        connection,
    )
    password = uuid.uuid4().hex.encode()
    label = {
        "org.freedesktop.Secret.Collection.Label": ("s", f"pytest locked {uuid.uuid4().hex[:8]}")
    }
    (path,) = internal.call(
        "CreateWithMasterPassword",
        "a{sv}(oayays)",
        label,
        format_secret(session, password, "text/plain"),
    )
    collection = secretstorage.Collection(connection, path)
    collection.lock()
    assert collection.is_locked()
    try:
        yield path
    finally:
        internal.call(
            "UnlockWithMasterPassword",
            "o(oayays)",
            path,
            format_secret(session, password, "text/plain"),
        )
        collection.delete()
        connection.close()


@pytest.mark.skipif(
    os.environ.get("TRIGGER_DESK_THROWAWAY_KEYRING") != "1",
    reason="locks a keyring collection: only inside scripts/with-keyring.sh's throwaway keyring",
)
def test_locked_keyring_is_refused_and_nothing_is_written(
    locked_collection: str, profile_name: str
) -> None:
    """The keyring stays locked (no prompt can be shown): a clear message, no file, no traceback.

    Run in a child process, configured through keyring's own environment variables, so a
    prompt that did appear could not hang the test run.
    """
    script = (
        "import sys\n"
        "from trigger_desk.core.model import AuthKind, Platform, Profile\n"
        "from trigger_desk.store.profiles import ProfileStore\n"
        "from trigger_desk.store.secrets import KeyringSecretStore, KeyringUnavailable\n"
        f"profile = Profile({profile_name!r}, Platform.WIX, AuthKind.API_KEY, {{'site_id': 's1'}})\n"
        "try:\n"
        f"    ProfileStore().add(profile, {{'api_key': {SECRET!r}}}, KeyringSecretStore())\n"
        "except KeyringUnavailable as error:\n"
        "    print(error)\n"
        "    sys.exit(2)\n"
    )
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring",
        "KEYRING_PROPERTY_PREFERRED_COLLECTION": locked_collection,
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "the keyring is locked" in done.stdout
    assert "SecretService" in done.stdout
    assert SECRET not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert not profiles_path().exists()
