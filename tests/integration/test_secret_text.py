"""Secrets that cannot be sent (non-ASCII, control characters, edge whitespace) are bad
input at the secret: named, never echoed, nothing sent (CLI in-process, real sandbox)."""

from __future__ import annotations

import httpx
import pytest

from tests.support.cli import Cli
from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine, EngineSettings
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.validation import InvalidInput
from trigger_desk.sandbox import Sandbox

TRIGGER = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"
WIX_FIRE = ("wix.run-trigger", "--set", f"triggerId={TRIGGER}")
B24_FIRE = ("bitrix24.trigger", "--set", "target=DEAL_57", "--set", "code=c5u4m")
BAD_SECRETS = [
    "IST.abcdé123",  # a Latin letter with an accent
    "IST.\u0430bcd123",  # a Cyrillic letter that looks like the Latin "a"
    "IST.abcd\x1b123",  # a control character
    "IST.abcd123\t",  # edge whitespace a hand-made keyring item kept
]


@pytest.mark.parametrize("bad", BAD_SECRETS)
def test_a_stored_api_key_that_cannot_be_sent_is_bad_input(
    cli: Cli, sandbox: Sandbox, bad: str
) -> None:
    cli.store.set("wix", "api_key", bad)  # as if stored by hand, past `profiles add`
    result = cli("fire", *WIX_FIRE, "--profile", "wix")
    assert result.code == 2, result.text
    assert "api_key: the api_key of profile 'wix'" in result.err
    assert bad.strip() not in result.text and "Traceback" not in result.text
    as_json = cli("fire", *WIX_FIRE, "--profile", "wix", "--json")
    assert as_json.code == 2 and as_json.json()["outcome"] == "invalid_input"
    assert sandbox.received == []


def test_tokens_and_webhook_secrets_are_checked_too(cli: Cli, sandbox: Sandbox) -> None:
    cli.store.set("b24-app", "access_token", "tok\x1b3n")  # goes in the body as `auth`
    execute = ("--set", "CODE=c5u4m", "--set", "OWNER_TYPE_ID=2", "--set", "OWNER_ID=6")
    result = cli("fire", "bitrix24.trigger.execute", "--profile", "b24-app", *execute)
    assert result.code == 2 and "access_token: " in result.err
    hook = cli.store.get("b24", "webhook_url") or ""
    cli.store.set("b24", "webhook_url", hook.rstrip("/") + "é/")  # the secret path segment
    result = cli("fire", *B24_FIRE, "--profile", "b24")
    assert result.code == 2 and "webhook_url: " in result.err
    assert "é" not in result.text
    assert sandbox.received == []


@pytest.mark.parametrize("bad", BAD_SECRETS[:3])
def test_profiles_add_refuses_such_a_secret_by_name(cli: Cli, bad: str) -> None:
    result = cli(
        "profiles", "add", "shop", "--platform", "wix", "--auth", "api-key",
        "--set", "site_id=5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c",
        stdin=f"api_key={bad}\n",
    )  # fmt: skip
    assert result.code == 2, result.text
    assert "api_key" in result.err and bad not in result.text
    assert cli.store.get("shop", "api_key") is None


async def test_the_engine_refuses_before_sending(sandbox: Sandbox) -> None:
    call = find_call("wix.run-trigger")
    assert call is not None
    profile = Profile(
        "shop", Platform.WIX, AuthKind.API_KEY,
        {"site_id": sandbox.seed.wix_site_id, "api_base": sandbox.wix_api_base},
    )  # fmt: skip
    async with httpx.AsyncClient() as client:
        engine = Engine(client, settings=EngineSettings(timeout=5))
        request = CallRequest(call, profile, {"api_key": "IST.ключ"}, {"triggerId": TRIGGER})
        with pytest.raises(InvalidInput) as refused:
            await engine.fire(request)
        with pytest.raises(InvalidInput):
            engine.preview(request)
    assert [error.field for error in refused.value.errors] == ["api_key"]
    assert "ключ" not in str(refused.value)
    assert sandbox.received == []


async def test_a_wix_app_token_that_cannot_be_sent_is_a_token_refusal() -> None:
    """A server handing out a non-ASCII app token: told, not a UnicodeEncodeError."""
    call = find_call("wix.run-trigger")
    assert call is not None
    server = ScriptedServer().start()
    try:
        server.script(Answer(200, {"access_token": "tökén", "expires_in": 3600}))
        profile = Profile(
            "app", Platform.WIX, AuthKind.APP_OAUTH,
            {"app_id": "a1", "instance_id": "i1", "api_base": server.base_url},
        )  # fmt: skip
        async with httpx.AsyncClient() as client:
            engine = Engine(client, settings=EngineSettings(timeout=5))
            request = CallRequest(call, profile, {"app_secret": "s3cret"}, {"triggerId": TRIGGER})
            record = await engine.fire(request)
        assert record.outcome is not Outcome.OK
        assert record.diagnosis is not None and "token" in record.diagnosis.cause.lower()
        assert len(server.received) == 1  # the token request only
    finally:
        server.stop()
