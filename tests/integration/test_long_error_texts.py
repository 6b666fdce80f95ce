"""A server echoing megabytes of error text: the diagnosis keeps at most ~2,000 masked
characters and says how many more there were (real engine, real loopback server)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.batch_server import BatchPortal
from tests.support.bulk import bulk, deals
from tests.support.cli import Cli
from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine, EngineSettings
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord
from trigger_desk.store.secrets import MemorySecretStore

SECRET = "Sk7Jj2Hh9Gg4"
TRIGGER = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"
HUGE = 3_000_000
CAP = 2_000 + 60  # the kept text and its "... (N more characters)" note


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    running = ScriptedServer().start()
    yield running
    running.stop()


@pytest.fixture
async def engine() -> AsyncIterator[Engine]:
    async with httpx.AsyncClient() as client:
        yield Engine(client, settings=EngineSettings(timeout=10, max_attempts=2))


def echo(prefix: str) -> str:
    """The secret (as a server echoing the request would) straddling the 2,000 cut."""
    return prefix + "x" * (1_990 - len(prefix)) + SECRET + "y" * HUGE


def assert_capped(record: CallRecord, text: str) -> None:
    assert len(text) < CAP, len(text)
    assert text.endswith(" more characters)") or text.endswith(" more characters)).")
    assert SECRET not in text and SECRET[:6] not in text
    assert SECRET not in str(record.notes)


async def test_a_wix_token_endpoint_echo_is_capped(server: ScriptedServer, engine: Engine) -> None:
    call = find_call("wix.run-trigger")
    assert call is not None
    server.script(Answer(400, {"message": echo("bad app: ")}))
    profile = Profile(
        "app", Platform.WIX, AuthKind.APP_OAUTH,
        {"app_id": "a1", "instance_id": "i1", "api_base": server.base_url},
    )  # fmt: skip
    record = await engine.fire(
        CallRequest(call, profile, {"app_secret": SECRET}, {"triggerId": TRIGGER})
    )
    assert record.outcome is Outcome.AUTH and record.diagnosis is not None
    assert record.diagnosis.cause.startswith("Wix refused to issue an app token (bad app: ")
    assert_capped(record, record.diagnosis.cause)


async def test_a_bitrix24_refresh_refusal_is_capped(server: ScriptedServer, engine: Engine) -> None:
    call = find_call("bitrix24.trigger")
    assert call is not None
    expired = {"error": "expired_token", "error_description": "The access token has expired."}
    server.script(Answer(401, expired), Answer(400, {"error": echo("invalid_grant ")}))
    settings = {"portal": server.base_url, "client_id": "local.1", "oauth_server": server.base_url}
    profile = Profile("app", Platform.BITRIX24, AuthKind.OAUTH, settings)
    secrets = {"client_secret": SECRET, "access_token": "at-000001", "refresh_token": "rt-000001"}
    values = {"target": "DEAL_5", "code": "c5u4m"}
    record = await engine.fire(CallRequest(call, profile, secrets, values))
    assert record.outcome is Outcome.AUTH and record.diagnosis is not None
    assert_capped(record, record.diagnosis.cause)


async def test_a_platform_error_text_is_capped(server: ScriptedServer, engine: Engine) -> None:
    call = find_call("wix.run-trigger")
    assert call is not None
    long_text = "bad trigger: " + "z" * 200_000  # under the stored-body cap: parsed
    server.script(Answer(400, {"message": long_text, "details": {}}))
    profile = Profile(
        "shop", Platform.WIX, AuthKind.API_KEY, {"site_id": "s1", "api_base": server.base_url}
    )
    record = await engine.fire(
        CallRequest(call, profile, {"api_key": "IST.k3y"}, {"triggerId": TRIGGER})
    )
    assert record.diagnosis is not None and record.diagnosis.error_message is not None
    assert len(record.diagnosis.error_message) < CAP
    assert record.diagnosis.error_message.endswith("more characters)")


def test_a_bulk_run_stopped_by_a_refused_refresh_caps_the_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cli = Cli(capsys, monkeypatch, MemorySecretStore())
    with BatchPortal() as portal:
        portal.state.expired_tokens = {"old-token"}
        portal.state.refresh_refusal = {"error": echo("invalid_grant ")}
        result = cli(
            "profiles", "add", "app", "--platform", "bitrix24", "--auth", "oauth",
            "--set", f"portal={portal.base_url}", "--set", "client_id=local.1",
            "--set", f"oauth_server={portal.base_url}", "--set", "rate_limit=none",
            stdin=f"client_secret={SECRET}\naccess_token=old-token\nrefresh_token=old-refresh\n",
        )  # fmt: skip
        assert result.code == 0, result.err
        code, data = bulk(cli, deals(tmp_path, 3), profile="app")
        assert code != 0 and data["pending"] == 3
        rows = cli("bulk", "show", str(data["run_id"]), "--json").json()["rows"]
        row = str(rows[0]["history_id"])
        shown, plain = cli("history", "show", row, "--json"), cli("history", "show", row)
    for text in (shown.out, plain.out + plain.err):
        assert "more characters)" in text
        assert len(text) < 20_000 and SECRET not in text
