"""The engine against a real loopback HTTP server: requests, timings, retries, tokens."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path

import httpx
import pytest

from tests.support.calls import call_request as request
from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.core.engine import Engine, EngineSettings
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord
from trigger_desk.store.history import HistoryStore

GUID = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"
OK_TIME = {
    "start": 1.0,
    "finish": 1.1,
    "duration": 0.1,
    "processing": 0.05,
    "date_start": "2024-06-19T15:10:27+00:00",
    "date_finish": "2024-06-19T15:10:28+00:00",
}


class SavedSecrets:
    """Collects what the engine persists (the keyring path is tested in the CLI tests)."""

    def __init__(self) -> None:
        self.saved: list[tuple[str, dict[str, str]]] = []

    def save(self, profile: str, secrets: Mapping[str, str]) -> None:
        self.saved.append((profile, dict(secrets)))


@pytest.fixture
def history(tmp_path: Path) -> Iterator[HistoryStore]:
    store = HistoryStore(tmp_path / "history.sqlite3")
    yield store
    store.close()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as http:
        yield http


@pytest.fixture
def sink() -> SavedSecrets:
    return SavedSecrets()


@pytest.fixture
def engine(client: httpx.AsyncClient, history: HistoryStore, sink: SavedSecrets) -> Engine:
    return Engine(
        client,
        history=history,
        secret_sink=sink,
        settings=EngineSettings(timeout=5, connect_timeout=2, backoff_base=0.01),
    )


def webhook(server: ScriptedServer) -> tuple[Profile, dict[str, str]]:
    return (
        Profile("hook", Platform.BITRIX24, AuthKind.WEBHOOK, {}),
        {"webhook_url": f"{server.base_url}/rest/1/hooksecret42/"},
    )


def oauth(server: ScriptedServer) -> tuple[Profile, dict[str, str]]:
    profile = Profile(
        "app",
        Platform.BITRIX24,
        AuthKind.OAUTH,
        {"portal": server.base_url, "client_id": "local.1", "oauth_server": server.base_url},
    )
    return profile, {
        "client_secret": "clientsecret9",
        "access_token": "old-access-1",
        "refresh_token": "old-refresh-1",
    }


async def test_webhook_trigger_sends_documented_request_and_records_it(
    server, engine, history
) -> None:
    server.script(Answer(200, {"result": True, "time": OK_TIME}))
    profile, secrets = webhook(server)
    record = await engine.fire(
        request("bitrix24.trigger", profile, secrets, {"target": "DEAL_57", "code": "c5u4m"})
    )
    assert record.outcome is Outcome.OK
    [got] = server.received
    assert got.path == "/rest/1/hooksecret42/crm.automation.trigger.json"
    assert got.json() == {"target": "DEAL_57", "code": "c5u4m"}
    assert (
        got.headers["Content-Type"] == "application/json"
        and got.headers["Accept"] == "application/json"
    )
    assert got.headers["X-Request-ID"] == record.request_id
    assert got.body == record.request.body.encode()  # recorded exactly as sent
    assert record.timings_ms["total"] > 0 and record.timings_ms["connect"] > 0
    # The time block is timing, not an id support could use; Bitrix24 sent no id header.
    assert record.platform_request_id == ""
    await engine.flush()  # history completes in the background
    stored = history.get(record.history_id)
    assert stored is not None and stored.outcome is Outcome.OK
    assert "hooksecret42" not in json.dumps(stored.to_storage())
    assert "/rest/1/****/" in stored.request.url


async def test_a_server_request_id_header_is_kept_and_our_echo_is_not(server, engine) -> None:
    profile, secrets = webhook(server)
    server.script(Answer(200, {"result": True, "time": OK_TIME}, headers={"X-Request-ID": "srv-7"}))
    values = {"target": "DEAL_57"}
    record = await engine.fire(request("bitrix24.trigger", profile, secrets, values))
    assert record.platform_request_id == "srv-7"
    assert record.support_request_id() == ("Server request id", "srv-7")
    server.script(Answer(200, {"result": True}))
    plain = await engine.fire(request("bitrix24.trigger", profile, secrets, values))
    assert plain.support_request_id() == ("X-Request-ID (sent)", plain.request_id)
    # Rows kept by earlier versions held the time block: not shown as an id any more.
    old = CallRecord.from_storage({**plain.to_storage(), "platform_request_id": '{"start":1.0}'})
    assert old.platform_request_id == ""


async def test_expired_token_is_refreshed_once_saved_first_and_reused(server, engine, sink) -> None:
    profile, secrets = oauth(server)
    server.script(
        Answer(
            401,
            {
                "error": "expired_token",
                "error_description": "The access token provided has expired.",
            },
            path="/rest/crm.automation.trigger.json",
        ),
        Answer(
            200,
            {"access_token": "new-access-2", "refresh_token": "new-refresh-2", "expires_in": 3600},
            path="/oauth/token/",
        ),
        Answer(200, {"result": True, "time": OK_TIME}, path="/rest/crm.automation.trigger.json"),
        Answer(200, {"result": True, "time": OK_TIME}, path="/rest/crm.automation.trigger.json"),
    )
    first = await engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_1"}))
    assert first.outcome is Outcome.OK and first.attempts == 2
    assert any("refreshed" in note for note in first.notes)
    token_calls = [r for r in server.received if r.path == "/oauth/token/"]
    assert len(token_calls) == 1
    assert token_calls[0].query == {
        "grant_type": ["refresh_token"],
        "client_id": ["local.1"],
        "client_secret": ["clientsecret9"],
        "refresh_token": ["old-refresh-1"],
    }
    assert sink.saved == [
        ("app", {"access_token": "new-access-2", "refresh_token": "new-refresh-2"})
    ]
    second = await engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_1"}))
    assert second.outcome is Outcome.OK and second.attempts == 1
    bodies = [r.json() for r in server.received if r.path.startswith("/rest/")]
    assert [b["auth"] for b in bodies] == ["old-access-1", "new-access-2", "new-access-2"]
    assert "new-access-2" not in json.dumps(second.to_json_dict())


async def test_two_calls_hitting_expired_token_share_one_refresh(server, engine, sink) -> None:
    profile, secrets = oauth(server)
    expired = {"error": "expired_token", "error_description": "expired"}
    server.script(
        Answer(401, expired, path="/rest/crm.automation.trigger.json"),
        Answer(401, expired, path="/rest/crm.automation.trigger.json"),
        Answer(
            200,
            {"access_token": "new-a", "refresh_token": "new-r"},
            delay=0.3,
            path="/oauth/token/",
        ),
        Answer(200, {"result": True}, path="/rest/crm.automation.trigger.json"),
        Answer(200, {"result": True}, path="/rest/crm.automation.trigger.json"),
    )
    records = await asyncio.gather(
        *(
            engine.fire(request("bitrix24.trigger", profile, secrets, {"target": f"DEAL_{i}"}))
            for i in (1, 2)
        )
    )
    assert [r.outcome for r in records] == [Outcome.OK, Outcome.OK]
    assert len([r for r in server.received if r.path == "/oauth/token/"]) == 1
    assert len(sink.saved) == 1


async def test_refused_refresh_is_auth_with_reauthorize_hint(server, engine, history) -> None:
    profile, secrets = oauth(server)
    server.script(
        Answer(
            401,
            {"error": "expired_token", "error_description": "expired"},
            path="/rest/crm.automation.trigger.json",
        ),
        Answer(
            400,
            {"error": "invalid_grant", "error_description": "Invalid refresh token"},
            path="/oauth/token/",
        ),
    )
    record = await engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_1"}))
    assert record.outcome is Outcome.AUTH
    assert (
        "invalid_grant" in record.diagnosis.cause and "re-authorize" in record.diagnosis.next_step
    )
    await engine.flush()
    assert history.get(record.history_id).outcome is Outcome.AUTH


async def test_rate_limit_is_retried_then_succeeds(server, engine) -> None:
    limited = Answer(
        503, {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}
    )
    server.script(limited, limited, Answer(200, {"result": True}))
    profile, secrets = webhook(server)
    record = await engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_1"}))
    assert record.outcome is Outcome.OK and record.attempts == 3
    assert len(server.received) == 3
    assert sum("rate limited" in note for note in record.notes) == 2


async def test_rate_limit_gives_up_after_five_attempts(server, engine) -> None:
    server.script(*[Answer(503, {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "x"})] * 7)
    profile, secrets = webhook(server)
    record = await engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_1"}))
    assert record.outcome is Outcome.RATE_LIMITED and record.outcome.exit_code == 1
    assert len(server.received) == 5


async def test_wix_429_honours_retry_after(server, engine) -> None:
    server.script(
        Answer(429, {"message": "slow down"}, headers={"Retry-After": "0"}), Answer(200, {})
    )
    profile = Profile(
        "wix", Platform.WIX, AuthKind.API_KEY, {"site_id": "site-1", "api_base": server.base_url}
    )
    record = await engine.fire(
        request("wix.run-trigger", profile, {"api_key": "IST.apikey77"}, {"triggerId": GUID})
    )
    assert record.outcome is Outcome.OK and record.attempts == 2


async def test_timeout_is_not_retried_and_says_it_may_have_run(server, client, history) -> None:
    engine = Engine(
        client, history=history, settings=EngineSettings(timeout=0.3, connect_timeout=0.3)
    )
    server.script(Answer(200, {"result": True}, delay=1.0))
    profile, secrets = webhook(server)
    record = await engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_1"}))
    assert record.outcome is Outcome.TIMEOUT and record.outcome.exit_code == 3
    assert "may have" in record.diagnosis.next_step
    assert len(server.received) == 1
    await engine.flush()
    assert history.get(record.history_id).outcome is Outcome.TIMEOUT


async def test_dropped_connection_is_network_and_not_retried(server, engine) -> None:
    server.script(Answer(drop=True))
    profile, secrets = webhook(server)
    record = await engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_1"}))
    assert record.outcome is Outcome.NETWORK
    assert "dropped" in record.diagnosis.cause
    assert len(server.received) == 1


async def test_refused_connection_is_network(engine) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    profile = Profile("hook", Platform.BITRIX24, AuthKind.WEBHOOK, {})
    record = await engine.fire(
        request(
            "bitrix24.trigger",
            profile,
            {"webhook_url": f"http://127.0.0.1:{port}/rest/1/abcdefgh/"},
            {"target": "DEAL_1"},
        )
    )
    assert record.outcome is Outcome.NETWORK and "refused" in record.diagnosis.cause
    assert record.history_id is not None and "abcdefgh" not in json.dumps(record.to_json_dict())


async def test_html_502_is_server_error(server, engine) -> None:
    server.script(Answer(502, "<html><h1>502 Bad Gateway</h1></html>"))
    profile, secrets = webhook(server)
    record = await engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_1"}))
    assert record.outcome is Outcome.SERVER_ERROR and record.status == 502
    assert "HTML" in record.diagnosis.cause


async def test_renamed_portal_redirect_is_reported_not_followed(server, engine) -> None:
    server.script(
        Answer(
            302,
            "",
            headers={
                "Location": "https://new-name.bitrix24.com/rest/1/hooksecret42/crm.automation.trigger.json"
            },
        )
    )
    profile, secrets = webhook(server)
    record = await engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_1"}))
    assert record.outcome is Outcome.REJECTED
    assert "https://new-name.bitrix24.com" in record.diagnosis.next_step
    assert len(server.received) == 1
    assert "hooksecret42" not in json.dumps(record.to_json_dict())


async def test_an_https_address_serving_plain_http_is_not_blamed_on_a_certificate(
    server, engine
) -> None:
    profile = Profile("hook", Platform.BITRIX24, AuthKind.WEBHOOK, {})
    secrets = {"webhook_url": f"{server.base_url.replace('http:', 'https:')}/rest/1/hooksecret42/"}
    record = await engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_1"}))
    assert record.outcome is Outcome.NETWORK
    diagnosis = record.diagnosis
    assert diagnosis is not None and "TLS (HTTPS) connection failed" in diagnosis.cause
    assert "certificate could not be verified" not in diagnosis.cause
    assert "does it serve HTTPS on that port?" in diagnosis.next_step
    assert server.received == []


async def test_wix_app_token_fetched_once_cached_and_renewed_on_401(server, engine) -> None:
    profile = Profile(
        "app",
        Platform.WIX,
        AuthKind.APP_OAUTH,
        {"app_id": "app-1", "instance_id": "inst-1", "api_base": server.base_url},
    )
    secrets = {"app_secret": "appsecret55"}
    server.script(
        Answer(
            200,
            {"access_token": "wix-token-1", "token_type": "Bearer", "expires_in": 14400},
            path="/oauth2/token",
        ),
        Answer(200, {"activationIds": ["a1"]}, path="/automations/v1/events/report"),
        Answer(200, {}, path="/automations/v1/events/report"),
        Answer(401, {"message": "expired"}, path="/automations/v1/events/report"),
        Answer(200, {"access_token": "wix-token-2", "expires_in": 14400}, path="/oauth2/token"),
        Answer(200, {}, path="/automations/v1/events/report"),
    )
    for _ in range(3):
        record = await engine.fire(
            request(
                "wix.report-event",
                profile,
                secrets,
                {"triggerKey": "form_submitted"},
                {"name": "x"},
            )
        )
        assert record.outcome is Outcome.OK
    token_calls = [r for r in server.received if r.path == "/oauth2/token"]
    assert len(token_calls) == 2
    assert token_calls[0].json() == {
        "grant_type": "client_credentials",
        "client_id": "app-1",
        "client_secret": "appsecret55",
        "instance_id": "inst-1",
    }
    auths = [r.headers["Authorization"] for r in server.received if r.path.endswith("/report")]
    assert auths == ["wix-token-1", "wix-token-1", "wix-token-1", "wix-token-2"]
    assert "wix-token-2" not in json.dumps(record.to_json_dict())


async def test_run_trigger_404_offers_sdk_path(server, engine) -> None:
    profile = Profile(
        "wix", Platform.WIX, AuthKind.API_KEY, {"site_id": "site-1", "api_base": server.base_url}
    )
    server.script(Answer(404, {"message": "Not Found"}), Answer(200, {}))
    record = await engine.fire(
        request("wix.run-trigger", profile, {"api_key": "IST.apikey77"}, {"triggerId": GUID})
    )
    assert record.outcome is Outcome.REJECTED and "SDK" in record.diagnosis.next_step
    retry = request("wix.run-trigger", profile, {"api_key": "IST.apikey77"}, {"triggerId": GUID})
    retry.use_alternate_path = True
    assert (await engine.fire(retry)).outcome is Outcome.OK
    assert server.received[-1].path == "/_serverless/crm-automations-utils/v1/trigger-custom"


async def test_cancel_closes_history_row_and_propagates(server, engine, history) -> None:
    server.script(Answer(200, {"result": True}, delay=2.0))
    profile, secrets = webhook(server)
    task = asyncio.ensure_future(
        engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_1"}))
    )
    while not server.received:  # noqa: ASYNC110 - polling another thread's list
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await engine.flush()
    [row] = history.page(None, 0, 10)
    stored = history.get(row.id)
    assert stored is not None and stored.diagnosis is None
    assert any("Cancelled" in note for note in stored.notes)


async def test_calls_past_the_wire_limit_wait_unsent_and_untimed(server, client, history) -> None:
    engine = Engine(client, history=history, settings=EngineSettings(max_on_wire=2))
    server.script(*[Answer(200, {"result": True}, delay=0.4) for _ in range(4)])
    profile, secrets = webhook(server)
    calls = [
        asyncio.ensure_future(
            engine.fire(request("bitrix24.trigger", profile, secrets, {"target": f"DEAL_{n}"}))
        )
        for n in range(1, 5)
    ]
    while len(server.received) < 2:  # noqa: ASYNC110 - polling another thread's list
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)
    assert len(server.received) == 2  # the other two wait for a turn, unsent
    records = await asyncio.gather(*calls)
    assert [record.ok for record in records] == [True] * 4
    # Each call's time is its own exchange, not its wait for a turn as well: a turn
    # freed only after the first calls' 0.4 s answers, so a total that counted the wait
    # would exceed its own phases by that much, however fast or slow the machine is.
    for record in records:
        phases = sum(
            record.timings_ms[name] for name in ("connect", "tls", "send", "wait", "receive")
        )
        assert record.timings_ms["total"] - phases < 300, record.timings_ms
    await engine.aclose()


async def test_call_cancelled_while_waiting_for_a_turn_was_never_sent(
    server, client, history
) -> None:
    engine = Engine(client, history=history, settings=EngineSettings(max_on_wire=1))
    server.script(Answer(200, {"result": True}, delay=0.5))
    profile, secrets = webhook(server)
    first = asyncio.ensure_future(
        engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_1"}))
    )
    waiting = asyncio.ensure_future(
        engine.fire(request("bitrix24.trigger", profile, secrets, {"target": "DEAL_2"}))
    )
    while not server.received:  # noqa: ASYNC110 - polling another thread's list
        await asyncio.sleep(0.01)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert (await first).ok
    await engine.aclose()
    assert [got.json()["target"] for got in server.received] == ["DEAL_1"]
    rows = history.page(None, 0, 10)
    cancelled = [history.get(row.id) for row in rows if row.outcome is None]
    assert len(cancelled) == 1 and cancelled[0] is not None
    assert any("never sent" in note for note in cancelled[0].notes)
