"""Servers that echo what they were sent: no secret reaches a record, history, its search
index, `history show/list --json` or the JSON and HAR exports, in any encoding.

A real loopback server answers with the request it received (query string as sent,
percent-encoded; body; headers), JSON-escaped the way PHP does (`\\/`), in bodies, error
texts and headers: token endpoints that refuse a refresh, and ordinary calls.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.support.cli import Cli
from tests.support.scripted_server import Answer, Received, ScriptedServer
from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import MAX_STORED_BODY, CallRequest, Engine, EngineSettings
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord
from trigger_desk.store.history import HistoryFilter, HistoryStore
from trigger_desk.store.paths import history_db_path
from trigger_desk.store.secrets import MemorySecretStore

GUID = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"


def secret(*chunks: str, tail: str = "&é") -> str:
    """A secret of distinctive chunks joined by characters every encoding changes
    (`tail` ASCII for those sent in a header)."""
    return "/".join(chunks[:2]) + "+" + "=".join(chunks[2:]) + tail


# Each chunk is unique: finding one anywhere means some form of its secret leaked.
CLIENT_SECRET = secret("Cs7Qx2Kt", "Cs8Vb3Nn", "Cs9Zr4Ww")
ACCESS = secret("Ac7Lm2Hh", "Ac8Pp3Jj", "Ac9Tt4Gg")
REFRESH = secret("Rf7Mm2Dd", "Rf8Ss3Ff", "Rf9Yy4Uu")
NEW_ACCESS = secret("Na7Ee2Ii", "Na8Oo3Aa", "Na9Uu4Bb")
NEW_REFRESH = secret("Nr7Cc2Vv", "Nr8Bb3Xx", "Nr9Kk4Ll")
APP_SECRET = secret("As7Dd2Qq", "As8Ww3Ee", "As9Rr4Tt")
WIX_TOKEN = secret("Wt7Yy2Pp", "Wt8Hh3Gg", "Wt9Ff4Dd", tail="&<")
API_KEY = secret("Ak7Jj2Kk", "Ak8Zz3Cc", "Ak9Vv4Nn", tail="&>")
HOOK = "Wh7Gg2Ss9Mm4Tt"  # a webhook secret is one path segment
SECRETS = (CLIENT_SECRET, ACCESS, REFRESH, NEW_ACCESS, NEW_REFRESH, APP_SECRET, WIX_TOKEN, API_KEY)
CHUNKS = [
    chunk
    for value in SECRETS
    for chunk in value.replace("/", " ").replace("+", " ").replace("=", " ").split()
    if len(chunk) == 8
] + [HOOK]


def echo(status: int, **fields: str) -> Callable[[Received], Answer]:
    """An answer repeating the request in every field named, PHP-style JSON, and a header."""

    def respond(got: Received) -> Answer:
        said = f"{got.method} {got.raw_target} {got.body.decode()} {json.dumps(got.headers)}"
        body = json.dumps({name: f"{text} {said}" for name, text in fields.items()})
        return Answer(
            status,
            body.replace("/", "\\/").encode(),
            headers={"Content-Type": "application/json", "X-Echo": got.raw_target},
        )

    return respond


def leaks(text: str) -> list[str]:
    return [chunk for chunk in CHUNKS if chunk in text]


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    running = ScriptedServer().start()
    yield running
    running.stop()


@pytest.fixture
def history() -> Iterator[HistoryStore]:
    store = HistoryStore(history_db_path())  # where the CLI's history commands look
    yield store
    store.close()


@pytest.fixture
async def engine(history: HistoryStore) -> AsyncIterator[Engine]:
    async with httpx.AsyncClient() as client:
        settings = EngineSettings(timeout=5, connect_timeout=2, backoff_base=0.01)
        yield Engine(client, history=history, settings=settings)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch, MemorySecretStore())


def oauth(server: ScriptedServer) -> tuple[Profile, dict[str, str]]:
    settings = {"portal": server.base_url, "client_id": "local.1", "oauth_server": server.base_url}
    return Profile("app", Platform.BITRIX24, AuthKind.OAUTH, settings), {
        "client_secret": CLIENT_SECRET,
        "access_token": ACCESS,
        "refresh_token": REFRESH,
    }


def wix_app(server: ScriptedServer) -> tuple[Profile, dict[str, str]]:
    settings = {"app_id": GUID, "instance_id": GUID, "api_base": server.base_url}
    return Profile("wapp", Platform.WIX, AuthKind.APP_OAUTH, settings), {"app_secret": APP_SECRET}


def fire_request(call_id: str, profile: Profile, secrets: dict[str, str]) -> CallRequest:
    call = find_call(call_id)
    assert call is not None
    values: dict[str, Any] = (
        {"target": "DEAL_5", "code": "c5u4m"}
        if call.platform is Platform.BITRIX24
        else {"triggerId": GUID}
    )
    return CallRequest(call, profile, secrets, values, {"k": "v"} if call.payload else None)


def assert_nothing_leaked(record: CallRecord, history: HistoryStore, cli: Cli) -> None:
    """The record, the raw database (rows and search index), search, and every CLI view."""
    assert record.history_id is not None
    assert leaks(json.dumps(record.to_storage())) == []
    with sqlite3.connect(history_db_path()) as raw:
        stored = json.dumps(raw.execute("SELECT * FROM calls").fetchall())
        indexed = json.dumps(raw.execute("SELECT * FROM calls_fts").fetchall())
    assert leaks(stored) == [] and leaks(indexed) == []
    for chunk in CHUNKS:
        assert history.count(HistoryFilter(text=chunk)) == 0, chunk
    views = [
        cli("history", "show", str(record.history_id), "--json"),
        cli("history", "show", str(record.history_id)),
        cli("history", "list", "--json"),
        cli("history", "export", "--format", "json"),
        cli("history", "export", "--format", "har"),
    ]
    for view in views:
        assert view.code == 0, view.text
        assert leaks(view.text) == [], view.text
    assert "****" in views[0].out  # the echo is there, masked


async def test_refused_bitrix24_refresh_echoing_everything_leaks_nothing(
    server: ScriptedServer, engine: Engine, history: HistoryStore, cli: Cli
) -> None:
    server.script(
        Answer(401, {"error": "expired_token", "error_description": "The access token expired."}),
        Answer(path="/oauth/token/", respond=echo(400, error="invalid_grant", message="sent:")),
    )
    profile, secrets = oauth(server)
    record = await engine.fire(fire_request("bitrix24.trigger", profile, secrets))
    await engine.flush()
    refresh = server.received[1]
    assert refresh.query["client_secret"] == [CLIENT_SECRET]  # the echo really holds it
    assert record.outcome is Outcome.AUTH
    assert record.diagnosis is not None and "invalid_grant" in record.diagnosis.cause
    assert_nothing_leaked(record, history, cli)


async def test_new_tokens_echoed_by_the_retried_call_are_masked(
    server: ScriptedServer, engine: Engine, history: HistoryStore, cli: Cli
) -> None:
    server.script(
        Answer(401, {"error": "expired_token", "error_description": "The access token expired."}),
        Answer(
            200, {"access_token": NEW_ACCESS, "refresh_token": NEW_REFRESH}, path="/oauth/token/"
        ),
        Answer(respond=echo(400, error="ERROR_CORE", error_description="you sent:")),
    )
    profile, secrets = oauth(server)
    record = await engine.fire(fire_request("bitrix24.trigger", profile, secrets))
    await engine.flush()
    assert server.received[2].json()["auth"] == NEW_ACCESS
    assert record.outcome is Outcome.REJECTED
    assert_nothing_leaked(record, history, cli)


async def test_refused_wix_token_echoing_the_app_secret_leaks_nothing(
    server: ScriptedServer, engine: Engine, history: HistoryStore, cli: Cli
) -> None:
    server.script(Answer(path="/oauth2/token", respond=echo(400, message="bad client:")))
    profile, secrets = wix_app(server)
    record = await engine.fire(fire_request("wix.run-trigger", profile, secrets))
    await engine.flush()
    assert server.received[0].json()["client_secret"] == APP_SECRET
    assert record.outcome is Outcome.AUTH
    assert_nothing_leaked(record, history, cli)


async def test_wix_call_echoing_its_token_and_api_key_leaks_nothing(
    server: ScriptedServer, engine: Engine, history: HistoryStore, cli: Cli
) -> None:
    server.script(
        Answer(200, {"access_token": WIX_TOKEN, "expires_in": 3600}, path="/oauth2/token"),
        Answer(respond=echo(401, message="Unauthorized:", details="")),
        Answer(200, {"access_token": WIX_TOKEN + "2", "expires_in": 3600}, path="/oauth2/token"),
        Answer(respond=echo(500, message="Oops:")),
    )
    profile, secrets = wix_app(server)
    record = await engine.fire(fire_request("wix.run-trigger", profile, secrets))
    await engine.flush()
    assert record.status == 500
    api_profile = Profile(
        "wkey", Platform.WIX, AuthKind.API_KEY, {"site_id": GUID, "api_base": server.base_url}
    )
    server.script(Answer(respond=echo(403, message="key was:")))
    keyed = await engine.fire(fire_request("wix.run-trigger", api_profile, {"api_key": API_KEY}))
    await engine.flush()
    assert server.received[-1].headers["Authorization"] == API_KEY
    assert_nothing_leaked(record, history, cli)
    assert_nothing_leaked(keyed, history, cli)


async def test_webhook_secret_echoed_encoded_in_url_body_and_header_is_masked(
    server: ScriptedServer, engine: Engine, history: HistoryStore, cli: Cli
) -> None:
    server.script(Answer(respond=echo(400, error="ERROR", error_description="for")))
    profile = Profile("hook", Platform.BITRIX24, AuthKind.WEBHOOK, {})
    secrets = {"webhook_url": f"{server.base_url}/rest/1/{HOOK}/"}
    record = await engine.fire(fire_request("bitrix24.trigger", profile, secrets))
    await engine.flush()
    assert_nothing_leaked(record, history, cli)


@pytest.mark.parametrize("shift", [1, 3, 4, len(CLIENT_SECRET) - 1])
async def test_a_secret_straddling_the_stored_body_cut_leaks_no_prefix(
    server: ScriptedServer, engine: Engine, history: HistoryStore, shift: int
) -> None:
    """The body is kept up to MAX_STORED_BODY characters, masked before it is cut."""
    filler = "x" * (MAX_STORED_BODY - shift)  # the secret starts `shift` before the cut
    body = filler + CLIENT_SECRET + "y" * 50
    server.script(Answer(400, body.encode(), headers={"Content-Type": "text/plain"}))
    profile, secrets = oauth(server)
    record = await engine.fire(fire_request("bitrix24.trigger", profile, secrets))
    await engine.flush()
    stored = history.get(record.history_id or 0)
    assert stored is not None and stored.response is not None and record.response is not None
    for kept in (record.response.body, stored.response.body):
        assert len(kept) == MAX_STORED_BODY
        assert kept[: len(filler)] == filler
        assert kept[len(filler) :] == ("****" + "y" * 50)[:shift]
    assert any("history keeps its first" in note for note in record.notes)


@pytest.mark.parametrize("shift", [1, 5, 12])
async def test_a_secret_straddling_the_error_snippet_cut_leaks_no_prefix(
    server: ScriptedServer, engine: Engine, history: HistoryStore, cli: Cli, shift: int
) -> None:
    """A page that is not JSON is quoted (its first 200 characters) in the error."""
    page = "<html>" + "p" * (200 - 6 - shift) + CLIENT_SECRET + " tail</html>"
    server.script(Answer(502, page))
    profile, secrets = oauth(server)
    record = await engine.fire(fire_request("bitrix24.trigger", profile, secrets))
    await engine.flush()
    assert record.diagnosis is not None and record.diagnosis.error_message is not None
    assert record.diagnosis.error_message.startswith("<html>ppp")
    assert CLIENT_SECRET[:shift] not in record.diagnosis.error_message
    assert_nothing_leaked(record, history, cli)


@pytest.mark.parametrize("json_output", [True, False])
def test_cli_fire_output_of_an_echoed_refresh_leaks_nothing(
    server: ScriptedServer, cli: Cli, json_output: bool
) -> None:
    profile, secrets = oauth(server)
    sets = [arg for key, value in profile.settings.items() for arg in ("--set", f"{key}={value}")]
    added = cli(
        "profiles", "add", "app", "--platform", "bitrix24", "--auth", "oauth", *sets,
        stdin="".join(f"{key}={value}\n" for key, value in secrets.items()),
    )  # fmt: skip
    assert added.code == 0, added.text
    server.script(
        Answer(401, {"error": "expired_token", "error_description": "The access token expired."}),
        Answer(path="/oauth/token/", respond=echo(400, error="invalid_grant", message="sent:")),
    )
    fired = cli(
        "fire", "bitrix24.trigger", "--profile", "app", "--set", "target=DEAL_5",
        "--set", "code=c5u4m", *(["--json"] if json_output else []),
    )  # fmt: skip
    assert fired.code == 1, fired.text
    assert "invalid_grant" in fired.text
    assert leaks(fired.text) == []
    shown = cli("history", "show", "1", "--json")
    assert shown.code == 0 and leaks(shown.text) == []
