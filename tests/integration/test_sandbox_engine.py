"""The real engine against the sandbox: both sides must agree on the documented requests.

Profiles and secrets come from `sandbox_profiles`, exactly what `trigger-desk sandbox`
prints, so these tests also prove the printed profiles work.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import httpx
import pytest

from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine, EngineSettings
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord
from trigger_desk.sandbox import Sandbox, sandbox_profiles

TRIGGER_ID = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"


class SavedSecrets:
    def __init__(self) -> None:
        self.saved: list[tuple[str, dict[str, str]]] = []

    def save(self, profile: str, secrets: Mapping[str, str]) -> None:
        self.saved.append((profile, dict(secrets)))


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running
        assert running.errors == []


@pytest.fixture
async def engine() -> AsyncIterator[tuple[Engine, SavedSecrets]]:
    sink = SavedSecrets()
    async with httpx.AsyncClient() as client:
        settings = EngineSettings(timeout=5, connect_timeout=2, backoff_base=0.01)
        yield Engine(client, secret_sink=sink, settings=settings), sink


def profile_named(sandbox: Sandbox, name: str) -> tuple[Profile, dict[str, str]]:
    [entry] = [p for p in sandbox_profiles(sandbox.base_url, sandbox.seed) if p["name"] == name]
    profile = Profile(
        entry["name"], Platform(entry["platform"]), AuthKind(entry["auth"]), entry["settings"]
    )
    return profile, dict(entry["secrets"])


async def fire(
    engine: Engine,
    sandbox: Sandbox,
    profile_name: str,
    call_id: str,
    values: dict[str, Any],
    payload: Any = None,
    secrets: dict[str, str] | None = None,
) -> CallRecord:
    call = find_call(call_id)
    assert call is not None
    profile, stored = profile_named(sandbox, profile_name)
    return await engine.fire(CallRequest(call, profile, secrets or stored, values, payload))


CALLS = [
    ("sandbox-webhook", "bitrix24.trigger", {"target": "DEAL_57", "code": "c5u4m"}, None),
    ("sandbox-oauth", "bitrix24.trigger", {"target": "LEAD_25"}, None),
    (
        "sandbox-oauth",
        "bitrix24.trigger.execute",
        {"CODE": "c5u4m", "OWNER_TYPE_ID": "2", "OWNER_ID": "6"},
        None,
    ),
    ("sandbox-oauth", "bitrix24.trigger.list", {}, None),
    ("sandbox-oauth", "bitrix24.trigger.add", {"CODE": "paid", "NAME": "Paid"}, None),
    ("sandbox-oauth", "bitrix24.trigger.delete", {"CODE": "call_done"}, None),
    ("sandbox-wix-key", "wix.run-trigger", {"triggerId": TRIGGER_ID}, {"firstName": "Amy"}),
    ("sandbox-wix-app", "wix.run-trigger", {"triggerId": TRIGGER_ID}, None),
    ("sandbox-wix-app", "wix.report-event", {"triggerKey": "my_trigger"}, {"name": "John Doe"}),
    (
        "sandbox-wix-app",
        "wix.cancel-event",
        {"triggerKey": "my_trigger", "externalEntityId": "16ef8c9c-413e-4d5f-b77d-8c67c3c8ae0c"},
        None,
    ),
]


@pytest.mark.parametrize(("profile", "call_id", "values", "payload"), CALLS)
async def test_every_call_succeeds_with_the_printed_profiles(
    sandbox: Sandbox,
    engine: tuple[Engine, SavedSecrets],
    profile: str,
    call_id: str,
    values: dict[str, Any],
    payload: Any,
) -> None:
    record = await fire(engine[0], sandbox, profile, call_id, values, payload)
    assert record.outcome is Outcome.OK, record.diagnosis
    sent = sandbox.received[-1]
    call = find_call(call_id)
    assert call is not None
    if call.platform is Platform.BITRIX24:
        assert sent.path.endswith(f"/{call.method}.json")
    else:
        assert sent.path == f"/wix{call.method}"
        assert record.platform_request_id  # x-wix-request-id kept


async def test_expired_token_is_refreshed_exactly_once(
    sandbox: Sandbox, engine: tuple[Engine, SavedSecrets]
) -> None:
    engine_, sink = engine
    sandbox.expire_bitrix_token()
    values = {"CODE": "c5u4m", "OWNER_TYPE_ID": "2", "OWNER_ID": "6"}
    first, second = await asyncio.gather(
        fire(engine_, sandbox, "sandbox-oauth", "bitrix24.trigger.execute", values),
        fire(engine_, sandbox, "sandbox-oauth", "bitrix24.trigger.execute", values),
    )
    assert first.outcome is Outcome.OK and second.outcome is Outcome.OK
    assert sandbox.token_refreshes == 1
    assert sink.saved == [
        (
            "sandbox-oauth",
            {
                "access_token": sandbox.bitrix_access_token,
                "refresh_token": sandbox.bitrix_refresh_token,
            },
        )
    ]


async def test_a_spent_refresh_token_is_an_auth_outcome(
    sandbox: Sandbox, engine: tuple[Engine, SavedSecrets]
) -> None:
    engine_, _ = engine
    _, secrets = profile_named(sandbox, "sandbox-oauth")
    # Someone else refreshed first: the stored refresh token is spent.
    async with httpx.AsyncClient() as http:
        spent = await http.get(
            f"{sandbox.bitrix_oauth_server}/oauth/token/",
            params={
                "grant_type": "refresh_token",
                "client_id": sandbox.seed.bitrix_client_id,
                "client_secret": secrets["client_secret"],
                "refresh_token": secrets["refresh_token"],
            },
        )
    assert spent.status_code == 200
    sandbox.expire_bitrix_token(secrets["access_token"])
    record = await fire(engine_, sandbox, "sandbox-oauth", "bitrix24.trigger.list", {})
    assert record.outcome is Outcome.AUTH


async def test_misbehaviour_comes_back_as_the_right_outcome(
    sandbox: Sandbox, engine: tuple[Engine, SavedSecrets]
) -> None:
    engine_ = engine[0]
    values = {"target": "DEAL_57"}
    sandbox.set_mode(rate_limit_times=1)
    record = await fire(engine_, sandbox, "sandbox-webhook", "bitrix24.trigger", values)
    assert (record.outcome, record.attempts) == (Outcome.OK, 2)
    sandbox.set_mode(html_502_times=1)
    record = await fire(engine_, sandbox, "sandbox-webhook", "bitrix24.trigger", values)
    assert record.outcome is Outcome.SERVER_ERROR
    sandbox.set_mode(drop_times=1)
    record = await fire(engine_, sandbox, "sandbox-webhook", "bitrix24.trigger", values)
    assert (record.outcome, record.attempts) == (Outcome.NETWORK, 1)  # never retried
    sandbox.set_mode(redirect_times=1)
    record = await fire(engine_, sandbox, "sandbox-webhook", "bitrix24.trigger", values)
    assert record.outcome is Outcome.REJECTED and "localhost" in (
        record.diagnosis.cause if record.diagnosis else ""
    )


async def test_wrong_webhook_secret_is_an_auth_outcome(
    sandbox: Sandbox, engine: tuple[Engine, SavedSecrets]
) -> None:
    secrets = {"webhook_url": f"{sandbox.base_url}/rest/1/wrongsecret/"}
    record = await fire(
        engine[0],
        sandbox,
        "sandbox-webhook",
        "bitrix24.trigger",
        {"target": "DEAL_1"},
        secrets=secrets,
    )
    assert (record.outcome, record.status) == (Outcome.AUTH, 401)
