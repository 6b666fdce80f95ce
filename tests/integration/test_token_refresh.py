"""Bitrix24 token refresh shared with other processes, against a real loopback server.

"Another process" is played by the server itself: when the refresh request arrives it
stores a newer pair in the secret store (as the process that spent our refresh token
would) and refuses ours with invalid_grant. The keyring itself is exercised in
test_refresh_race.py (six real processes) and test_rotated_tokens_kept.py (locked).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import httpx
import pytest

from tests.support.scripted_server import Answer, Received, ScriptedServer
from trigger_desk.core import token_refresh
from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine, EngineSettings
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.redact import Redactor
from trigger_desk.store.secret_sink import KeyringTokenSink
from trigger_desk.store.secrets import KeyringUnavailable, MemorySecretStore

OLD = {"client_secret": "cs-123456", "access_token": "old-access", "refresh_token": "old-refresh"}
OTHER = {"access_token": "other-access", "refresh_token": "other-refresh"}
EXPIRED = {"error": "expired_token", "error_description": "The access token provided has expired."}
REFUSED = {"error": "invalid_grant", "error_description": "Invalid authorization tokens"}
OK = {"result": True, "time": {"start": 1.0, "finish": 1.01}}
TOKEN_PATH = "/oauth/token/"


class FlakySink(KeyringTokenSink):
    """The real sink over a memory store, whose saves fail while `broken` is set."""

    def __init__(self, store: MemorySecretStore) -> None:
        super().__init__(store)
        self.broken = False

    def save(self, profile: str, secrets: Mapping[str, str]) -> None:
        if self.broken:
            raise KeyringUnavailable("a test keyring", "the keyring is locked")
        super().save(profile, secrets)


@pytest.fixture(autouse=True)
def quick_rereads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(token_refresh, "_RELOAD_WAITS", (0.01, 0.02))


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    running = ScriptedServer().start()
    yield running
    running.stop()


@pytest.fixture
def store() -> MemorySecretStore:
    kept = MemorySecretStore()
    for key, value in OLD.items():
        kept.set("app", key, value)
    return kept


@pytest.fixture
def sink(store: MemorySecretStore) -> FlakySink:
    return FlakySink(store)


@pytest.fixture
async def engine(sink: FlakySink) -> AsyncIterator[Engine]:
    async with httpx.AsyncClient() as client:
        yield Engine(client, secret_sink=sink, settings=EngineSettings(timeout=5))


def request(server: ScriptedServer) -> CallRequest:
    call = find_call("bitrix24.trigger")
    assert call is not None
    settings = {"portal": server.base_url, "client_id": "local.1", "oauth_server": server.base_url}
    profile = Profile("app", Platform.BITRIX24, AuthKind.OAUTH, settings)
    return CallRequest(call, profile, dict(OLD), {"target": "DEAL_5", "code": "c5u4m"})


def refreshes(server: ScriptedServer) -> list[Received]:
    return [got for got in server.received if got.path == TOKEN_PATH]


def another_process_rotates(store: MemorySecretStore) -> Answer:
    def respond(got: Received) -> Answer:
        for key, value in OTHER.items():
            store.set("app", key, value)
        return Answer(400, REFUSED)

    return Answer(path=TOKEN_PATH, respond=respond)


async def test_a_pair_rotated_by_another_process_is_used_not_blamed(
    server: ScriptedServer, engine: Engine, store: MemorySecretStore
) -> None:
    server.script(Answer(401, EXPIRED), another_process_rotates(store), Answer(200, OK))
    record = await engine.fire(request(server))
    assert record.outcome is Outcome.OK, record.diagnosis
    assert server.received[-1].json()["auth"] == OTHER["access_token"]
    assert any("another program had just used it" in note for note in record.notes)
    assert store.get("app", "refresh_token") == OTHER["refresh_token"]  # left as it was


async def test_a_pair_already_rotated_is_used_without_refreshing(
    server: ScriptedServer, engine: Engine, store: MemorySecretStore
) -> None:
    for key, value in OTHER.items():  # stored before our call even started
        store.set("app", key, value)
    server.script(Answer(401, EXPIRED), Answer(200, OK))
    record = await engine.fire(request(server))
    assert record.outcome is Outcome.OK
    assert refreshes(server) == []
    assert any("another program had already refreshed it" in note for note in record.notes)


@pytest.mark.parametrize(
    "stored",
    [
        {},  # the keyring holds nothing now
        {"access_token": "old-access", "refresh_token": "old-refresh"},  # unchanged
        {"access_token": "old-access", "refresh_token": "other-refresh"},  # half written
    ],
)
async def test_a_refused_refresh_with_nothing_newer_stored_is_an_auth_outcome(
    server: ScriptedServer, engine: Engine, store: MemorySecretStore, stored: dict[str, str]
) -> None:
    for key in ("access_token", "refresh_token"):
        store.delete("app", key)
    for key, value in stored.items():
        store.set("app", key, value)
    server.script(Answer(401, EXPIRED), Answer(400, REFUSED, path=TOKEN_PATH))
    record = await engine.fire(request(server))
    assert record.outcome is Outcome.AUTH
    assert record.diagnosis is not None and "invalid_grant" in record.diagnosis.cause
    assert len(server.received) == 2  # the call was not sent again


async def test_an_unsaved_pair_is_kept_used_and_saved_on_the_next_call(
    server: ScriptedServer, engine: Engine, store: MemorySecretStore, sink: FlakySink
) -> None:
    new = {"access_token": "new-access", "refresh_token": "new-refresh"}
    sink.broken = True
    server.script(Answer(401, EXPIRED), Answer(200, new, path=TOKEN_PATH), Answer(200, OK))
    first = await engine.fire(request(server))
    assert first.outcome is Outcome.OK  # the answer is reported
    assert server.received[2].json()["auth"] == "new-access"
    note = " ".join(first.notes)
    assert "asked the OAuth server for new tokens and got them" in note
    assert "could not store them in the keyring: the keyring is locked." in note
    assert "this call was sent again with them" in note
    assert store.get("app", "refresh_token") == "old-refresh"

    server.script(Answer(200, OK))  # still broken: used from memory, not refreshed again
    second = await engine.fire(request(server))
    assert second.outcome is Outcome.OK
    assert server.received[-1].json()["auth"] == "new-access"
    assert any("still not in the keyring" in note for note in second.notes)

    sink.broken = False
    server.script(Answer(200, OK))
    third = await engine.fire(request(server))
    assert any("Stored the refreshed tokens of profile 'app'" in n for n in third.notes)
    assert store.get("app", "refresh_token") == "new-refresh"
    assert len(refreshes(server)) == 1
    await engine.aclose()
    assert engine.closing_notes == []


async def test_closing_with_an_unsaved_pair_retries_and_says_what_is_lost(
    server: ScriptedServer, engine: Engine, sink: FlakySink
) -> None:
    new = {"access_token": "new-access", "refresh_token": "new-refresh"}
    sink.broken = True
    server.script(Answer(401, EXPIRED), Answer(200, new, path=TOKEN_PATH), Answer(200, OK))
    await engine.fire(request(server))
    await engine.aclose()
    [note] = engine.closing_notes
    assert "still not in the keyring" in note and "invalid_grant" in note


async def test_the_refresh_request_secrets_are_never_in_the_record(
    server: ScriptedServer, engine: Engine
) -> None:
    def echo(got: Received) -> Answer:
        return Answer(400, {"error": f"invalid_grant {got.raw_target}"})

    server.script(Answer(401, EXPIRED), Answer(path=TOKEN_PATH, respond=echo))
    record = await engine.fire(request(server))
    text: Any = str(record.to_storage())
    assert "invalid_grant" in text
    assert "old-refresh" not in text and "cs-123456" not in text


async def test_a_refused_client_is_reported_at_once_without_waiting_for_the_keyring(
    server: ScriptedServer, engine: Engine, store: MemorySecretStore, monkeypatch: Any
) -> None:
    """invalid_client: the application's credentials, which no rotated pair fixes."""
    monkeypatch.setattr(token_refresh, "_RELOAD_WAITS", (30.0,))  # would time the test out
    refused = {"error": "invalid_client", "error_description": "Invalid client data"}
    server.script(Answer(401, EXPIRED), Answer(401, refused, path=TOKEN_PATH))
    record = await engine.fire(request(server))
    assert record.outcome is Outcome.AUTH
    assert record.diagnosis is not None and "invalid_client" in record.diagnosis.cause


async def test_a_refresh_waits_for_another_process_holding_the_lock_then_uses_its_pair(
    server: ScriptedServer, engine: Engine, store: MemorySecretStore
) -> None:
    other_process = KeyringTokenSink(store)  # the same lock file, as another process uses
    server.script(Answer(401, EXPIRED), Answer(200, OK))
    with other_process.refresh_lock("app", timeout=1) as locked:
        assert locked
        fired = asyncio.ensure_future(engine.fire(request(server)))
        await asyncio.sleep(0.3)  # the call meets its 401 and waits for the lock
        for key, value in OTHER.items():
            store.set("app", key, value)
    record = await fired
    assert record.outcome is Outcome.OK
    assert refreshes(server) == []  # nothing spent: the pair stored meanwhile was used
    assert server.received[-1].json()["auth"] == OTHER["access_token"]


class UnlockedSink(KeyringTokenSink):
    """A sink without the refresh lock (as a process that does not take it)."""

    refresh_lock = None  # type: ignore[assignment]


async def test_without_the_lock_the_keyring_is_re_read_until_the_winner_has_stored(
    server: ScriptedServer, store: MemorySecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(token_refresh, "_RELOAD_WAITS", (0.05, 0.1, 0.2, 0.4, 0.8, 1.6))

    def winner_stores_later(got: Received) -> Answer:
        def store_pair() -> None:
            for key, value in OTHER.items():
                store.set("app", key, value)

        threading.Timer(0.05, store_pair).start()  # after our refresh was refused
        return Answer(400, REFUSED)

    server.script(
        Answer(401, EXPIRED), Answer(path=TOKEN_PATH, respond=winner_stores_later), Answer(200, OK)
    )
    async with httpx.AsyncClient() as client:
        engine = Engine(
            client, secret_sink=UnlockedSink(store), settings=EngineSettings(timeout=10)
        )
        record = await engine.fire(request(server))
    assert record.outcome is Outcome.OK, record.diagnosis
    assert server.received[-1].json()["auth"] == OTHER["access_token"]


async def test_a_call_that_finds_the_token_already_refreshed_masks_the_new_pair(
    server: ScriptedServer, sink: FlakySink
) -> None:
    # Two calls (or two bulk batches) sent with the old token and both refused: the
    # first refreshes, the second finds the new pair already there. Its redactor was
    # made before the refresh, so the keeper must teach it the pair it hands out.
    fresh = {"access_token": "fresh-access-77", "refresh_token": "fresh-refresh-77"}
    server.script(Answer(200, fresh, path=TOKEN_PATH))
    profile = request(server).profile
    first, second = Redactor(OLD), Redactor(OLD)
    async with httpx.AsyncClient() as client:
        keeper = token_refresh.SharedBitrixTokens(client, sink)
        keeper.current(profile, OLD)  # both calls started with the old pair
        await keeper.renew(profile, OLD, OLD["access_token"], 5, first)
        renewal = await keeper.renew(profile, OLD, OLD["access_token"], 5, second)
    assert renewal.tokens.access_token == fresh["access_token"]
    assert "another call had just refreshed it" in renewal.note
    assert len(refreshes(server)) == 1
    for redactor in (first, second):
        masked = redactor.mask(f'{{"auth": "{fresh["access_token"]}"}} {fresh["refresh_token"]}')
        assert "fresh-" not in masked, masked


async def test_a_call_that_waited_for_anothers_refresh_masks_the_new_token(
    server: ScriptedServer, engine: Engine
) -> None:
    """Two calls on one expired token: the one that finds the other's fresh pair must
    learn it too, or its retried request is recorded with the token in the clear."""
    new = {"access_token": "fresh-access-Zq7", "refresh_token": "fresh-refresh-Zq7"}
    call_path = "/rest/crm.automation.trigger.json"
    server.script(
        Answer(401, EXPIRED, path=call_path),
        Answer(401, EXPIRED, path=call_path),
        Answer(200, new, path=TOKEN_PATH, delay=1.0),  # both 401s are in before it
        Answer(200, OK, path=call_path),
        Answer(200, OK, path=call_path),
    )
    records = await asyncio.gather(engine.fire(request(server)), engine.fire(request(server)))
    assert [record.outcome for record in records] == [Outcome.OK, Outcome.OK]
    assert len(refreshes(server)) == 1
    for record in records:
        stored = json.dumps(record.to_storage())
        assert new["access_token"] not in stored and new["refresh_token"] not in stored
