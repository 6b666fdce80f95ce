"""A rotated Bitrix24 pair is never lost: a real Secret Service collection is locked
while the call is on the wire (through the Secret Service's own Lock method), just as
the OAuth server hands out the new pair.

The call is still retried with the new token and its answer reported; the notes say
that the pair could not be stored, and saving is retried on the next call and at exit.
Only inside scripts/with-keyring.sh's throwaway keyring (a collection of our own with a
known password is created, locked and unlocked, then deleted).
"""

from __future__ import annotations

import gc
import json
import os
import uuid
import warnings
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.support.cli import Cli
from tests.support.scripted_server import Answer, Received, ScriptedServer
from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine, EngineSettings
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.store.secret_sink import KeyringTokenSink
from trigger_desk.store.secrets import KeyringSecretStore

pytestmark = [
    pytest.mark.keyring,
    pytest.mark.skipif(
        os.environ.get("TRIGGER_DESK_THROWAWAY_KEYRING") != "1",
        reason="locks a keyring collection: only inside scripts/with-keyring.sh",
    ),
    # keyring's SecretService backend leaves its D-Bus connection open when it finds the
    # collection locked (get_preferred_collection raises before `closing`): its leak,
    # collected whenever the garbage collector runs, not ours.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

OLD = {"client_secret": "cs-Kp7Lm2Qw", "access_token": "old-At7Qz", "refresh_token": "old-Rt7Qz"}
NEW_ACCESS, NEW_REFRESH = "new-At8Xv3Ww9", "new-Rt8Xv3Ww9"
EXPIRED = {"error": "expired_token", "error_description": "The access token provided has expired."}
OK = {"result": True, "time": {"start": 1.0, "finish": 1.01}}


@dataclass
class Collection:
    """A Secret Service collection of our own, lockable and unlockable from a script."""

    path: str
    store: KeyringSecretStore
    _handle: Any
    _internal: Any
    _session: Any
    _password: bytes

    def lock(self) -> None:
        self._handle.lock()  # org.freedesktop.Secret.Service.Lock
        assert self._handle.is_locked()

    def unlock(self) -> None:
        from secretstorage.util import format_secret

        self._internal.call(
            "UnlockWithMasterPassword",
            "o(oayays)",
            self.path,
            format_secret(self._session, self._password, "text/plain"),
        )

    def locked(self) -> bool:
        return bool(self._handle.is_locked())


@pytest.fixture
def collection(real_keyring: KeyringSecretStore) -> Iterator[Collection]:
    import secretstorage
    from keyring.backends.SecretService import Keyring
    from secretstorage.util import DBusAddressWrapper, format_secret, open_session

    connection = secretstorage.dbus_init()
    session = open_session(connection)
    internal = DBusAddressWrapper(
        "/org/freedesktop/secrets",
        "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
        connection,
    )
    password = uuid.uuid4().hex.encode()
    label = {"org.freedesktop.Secret.Collection.Label": ("s", f"pytest {uuid.uuid4().hex[:8]}")}
    (path,) = internal.call(
        "CreateWithMasterPassword",
        "a{sv}(oayays)",
        label,
        format_secret(session, password, "text/plain"),
    )
    backend = Keyring()
    backend.preferred_collection = path  # type: ignore[attr-defined]  # set at run time
    handle = secretstorage.Collection(connection, path)
    made = Collection(path, KeyringSecretStore(backend), handle, internal, session, password)
    try:
        yield made
    finally:
        if made.locked():
            made.unlock()
        handle.delete()
        connection.close()
        with warnings.catch_warnings():  # collect keyring's leaked connections here, quietly
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    running = ScriptedServer().start()
    yield running
    running.stop()


def oauth_profile(server: ScriptedServer, name: str) -> Profile:
    settings = {"portal": server.base_url, "client_id": "local.1", "oauth_server": server.base_url}
    return Profile(name, Platform.BITRIX24, AuthKind.OAUTH, settings)


def refresh_that_locks(collection: Collection) -> Answer:
    """The OAuth server's answer, given after the keyring was locked meanwhile."""

    def respond(got: Received) -> Answer:
        assert got.query["refresh_token"] == [OLD["refresh_token"]]
        collection.lock()
        return Answer(200, {"access_token": NEW_ACCESS, "refresh_token": NEW_REFRESH})

    return Answer(path="/oauth/token/", respond=respond)


def answer_then(action: Any) -> Answer:
    def respond(got: Received) -> Answer:
        action()
        return Answer(200, OK)

    return Answer(respond=respond)


def fire_cli(cli: Cli, name: str, store: KeyringSecretStore) -> tuple[int, dict[str, Any], str]:
    result = cli(
        "fire", "bitrix24.trigger", "--profile", name,
        "--set", "target=DEAL_57", "--set", "code=c5u4m", "--json", store=store,
    )  # fmt: skip
    return result.code, json.loads(result.out), result.text


def add_profile(cli: Cli, server: ScriptedServer, name: str, store: KeyringSecretStore) -> None:
    settings = oauth_profile(server, name).settings
    sets = [arg for key, value in settings.items() for arg in ("--set", f"{key}={value}")]
    stdin = "".join(f"{key}={value}\n" for key, value in OLD.items())
    added = cli(
        "profiles", "add", name, "--platform", "bitrix24", "--auth", "oauth", *sets,
        stdin=stdin, store=store,
    )  # fmt: skip
    assert added.code == 0, added.text


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch, KeyringSecretStore())


def test_locked_mid_call_the_answer_is_reported_and_the_loss_said(
    cli: Cli, collection: Collection, server: ScriptedServer, profile_name: str
) -> None:
    add_profile(cli, server, profile_name, collection.store)
    server.script(Answer(401, EXPIRED), refresh_that_locks(collection), Answer(200, OK))

    code, answer, text = fire_cli(cli, profile_name, collection.store)

    assert code == 0 and answer["ok"] is True  # the call's answer is still reported
    assert server.received[2].json()["auth"] == NEW_ACCESS  # sent again with the new pair
    notes = " ".join(answer["notes"])
    assert "could not store them in the keyring: the keyring is locked" in notes
    assert "this call was sent again with them" in notes
    assert "still not in the keyring" in notes and "Re-authorize" in notes  # said at exit
    assert "nothing was sent" not in text.lower()
    assert NEW_ACCESS not in text and NEW_REFRESH not in text
    collection.unlock()
    assert collection.store.get(profile_name, "refresh_token") == OLD["refresh_token"]


def test_unlocked_before_exit_the_pair_is_saved_at_exit(
    cli: Cli, collection: Collection, server: ScriptedServer, profile_name: str
) -> None:
    add_profile(cli, server, profile_name, collection.store)
    server.script(
        Answer(401, EXPIRED), refresh_that_locks(collection), answer_then(collection.unlock)
    )

    code, answer, _ = fire_cli(cli, profile_name, collection.store)

    assert code == 0, answer
    notes = " ".join(answer["notes"])
    assert "could not store them in the keyring" in notes
    assert f"Stored the refreshed tokens of profile {profile_name!r} in the keyring" in notes
    assert collection.store.get(profile_name, "access_token") == NEW_ACCESS
    assert collection.store.get(profile_name, "refresh_token") == NEW_REFRESH


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as http:
        yield http


async def test_a_long_running_engine_keeps_the_pair_and_saves_it_on_the_next_call(
    client: httpx.AsyncClient, collection: Collection, server: ScriptedServer, profile_name: str
) -> None:
    """The window's and a bulk run's case: the process lives on after the failed save."""
    collection.store.set(profile_name, "refresh_token", OLD["refresh_token"])
    collection.store.set(profile_name, "access_token", OLD["access_token"])
    engine = Engine(
        client,
        secret_sink=KeyringTokenSink(collection.store),
        settings=EngineSettings(timeout=10, connect_timeout=5),
    )
    call = find_call("bitrix24.trigger")
    assert call is not None
    request = CallRequest(
        call, oauth_profile(server, profile_name), OLD, {"target": "DEAL_5", "code": "c5u4m"}
    )
    server.script(Answer(401, EXPIRED), refresh_that_locks(collection), Answer(200, OK))
    first = await engine.fire(request)
    assert first.ok and "could not store them in the keyring" in " ".join(first.notes)
    assert engine.unsaved_token_profiles == [profile_name]

    collection.unlock()
    server.script(Answer(200, OK))
    second = await engine.fire(request)  # the caller's secrets are the old pair still
    assert second.ok
    assert server.received[-1].json()["auth"] == NEW_ACCESS  # from memory, no new refresh
    assert len([got for got in server.received if got.path == "/oauth/token/"]) == 1
    assert any("Stored the refreshed tokens" in note for note in second.notes)
    assert collection.store.get(profile_name, "refresh_token") == NEW_REFRESH
    await engine.aclose()
    assert engine.closing_notes == [] and engine.unsaved_token_profiles == []
