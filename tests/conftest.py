"""Shared fixtures: every test gets its own data folders; Qt draws offscreen.

Set TRIGGER_DESK_TEST_SHOW_WINDOWS=1 to watch UI tests on a real display instead.
The `real_keyring` fixture hands out the OS keyring when a Secret Service answers (run
under `scripts/with-keyring.sh` for a throwaway one) and skips with the reason otherwise.
"""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.batch_server import BatchPortal
from tests.support.scripted_server import ScriptedServer
from trigger_desk.store.secrets import SERVICE, KeyringSecretStore, describe_backend

# Test profiles put in a real keyring start with this, so teardown can find leftovers.
TEST_PROFILE_PREFIX = "pytest-"


def pytest_configure(config: pytest.Config) -> None:
    # Before any QApplication exists: pytest-qt's `qapp` is session-scoped, so a
    # function-scoped fixture would set this too late.
    if os.environ.get("TRIGGER_DESK_TEST_SHOW_WINDOWS") != "1":
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A suite started in the background (`pytest &` in a script, some CI runners) has
    # SIGINT ignored, and every child inherits that: Python then never installs its
    # Ctrl+C handler, and the tests that press Ctrl+C on a child wait in vain. Children
    # get SIGINT as from a terminal (a Python handler here is reset to default on exec).
    signal.signal(signal.SIGINT, signal.default_int_handler)


_UI_TESTS = Path(__file__).parent / "ui"
_QT_FIXTURES = frozenset({"qtbot", "qapp"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Markers say what a test needs, derived from what it uses, so `-m "not ui"` and
    `-m "not keyring"` select truthfully: `ui` for tests under tests/ui/ or using Qt's
    fixtures, `keyring` for tests using the real keyring. A hand-written `keyring`
    mark on a test that never touches the keyring is an error."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if _UI_TESTS in Path(str(item.path)).parents or used & _QT_FIXTURES:
            item.add_marker(pytest.mark.ui)
        if "real_keyring" in used:
            item.add_marker(pytest.mark.keyring)
        elif item.get_closest_marker("keyring") is not None:
            raise pytest.UsageError(f"{item.nodeid} is marked keyring but never uses real_keyring")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Point config, data, state and cache at tmp_path, so no test touches the user's files."""
    dirs = {}
    for kind in ("config", "data", "state", "cache"):
        path = tmp_path / "xdg" / kind
        path.mkdir(parents=True)
        monkeypatch.setenv(f"XDG_{kind.upper()}_HOME", str(path))
        dirs[kind] = path
    monkeypatch.delenv("TRIGGER_DESK_PRESETS_DIR", raising=False)
    return dirs


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A real HTTP server on 127.0.0.1 answering from a script (see ScriptedServer)."""
    running = ScriptedServer().start()
    yield running
    running.stop()


def unique_profile_name() -> str:
    """A profile name that cannot clash with a real one or another test's."""
    return f"{TEST_PROFILE_PREFIX}{uuid.uuid4().hex[:12]}"


@pytest.fixture
def profile_name() -> str:
    """A fresh profile name starting with `pytest-` (leftovers in a real keyring are
    removed by `real_keyring`'s teardown)."""
    return unique_profile_name()


def _secret_service_problem() -> tuple[KeyringSecretStore | None, str]:
    """A working Secret Service store, or None and why not."""
    try:
        import keyring
        from keyring.backends.chainer import ChainerBackend
        from keyring.backends.SecretService import Keyring as SecretServiceKeyring
    except Exception as exc:  # pragma: no cover - keyring is a dependency
        return None, f"cannot import keyring ({exc})"
    configured = keyring.get_keyring()
    candidates = configured.backends if isinstance(configured, ChainerBackend) else [configured]
    backend = next((b for b in candidates if isinstance(b, SecretServiceKeyring)), None)
    if backend is None:
        try:
            SecretServiceKeyring.priority  # noqa: B018 - raises saying why it is unusable
            why = "it is not the backend keyring chose"
        except Exception as exc:
            why = str(exc)
        return None, f"keyring uses {describe_backend(configured)}; Secret Service: {why}"
    store = KeyringSecretStore(backend)
    probe_profile, probe_key = unique_profile_name(), "probe"
    try:
        store.set(probe_profile, probe_key, "probe-value")
        ok = store.get(probe_profile, probe_key) == "probe-value"
        store.delete(probe_profile, probe_key)
    except Exception as exc:
        return None, f"probe failed: {exc}"
    if not ok:
        return None, "probe read back a different value"
    return store, ""


def _delete_test_items() -> None:
    """Remove items a failed test left under service trigger-desk (test profiles only)."""
    import secretstorage

    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_default_collection(connection)
        for item in collection.search_items({"service": SERVICE}):
            if item.get_attributes().get("username", "").startswith(TEST_PROFILE_PREFIX):
                item.delete()
    finally:
        connection.close()


@pytest.fixture
def real_keyring() -> Iterator[KeyringSecretStore]:
    """The real Secret Service keyring, or a skip naming why there is none."""
    store, problem = _secret_service_problem()
    if store is None:
        pytest.skip(f"no Secret Service keyring: {problem} (run under scripts/with-keyring.sh)")
    yield store
    _delete_test_items()


@pytest.fixture
def portal() -> Iterator[BatchPortal]:
    """A loopback Bitrix24 portal that answers `batch` (bulk runs' tests)."""
    with BatchPortal() as running:
        yield running
