"""Session-only sandbox profiles (no usable keyring) keep refreshed Bitrix24 tokens in
memory, quietly: a real refusing keyring backend, a real sandbox, the real engine."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import keyring.backends.fail
import pytest

from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine, EngineSettings
from trigger_desk.core.outcome import Outcome
from trigger_desk.services.build import keyring_refusal
from trigger_desk.services.facade import SESSION_SUFFIX, Services
from trigger_desk.services.session_tokens import Session, SessionAwareTokenSink
from trigger_desk.store.profiles import ProfileStore
from trigger_desk.store.secret_sink import KeyringTokenSink
from trigger_desk.store.secrets import KeyringSecretStore

EXECUTE = {"CODE": "c5u4m", "OWNER_TYPE_ID": "2", "OWNER_ID": "6"}


@pytest.fixture
async def keyless(tmp_path: Path) -> AsyncIterator[Services]:
    """The back end as `build_services` makes it when no keyring is usable."""
    store = KeyringSecretStore(keyring.backends.fail.Keyring())
    session: Session = {}
    sink = SessionAwareTokenSink(KeyringTokenSink(store, tmp_path / "locks"), session)
    client = httpx.AsyncClient()
    services = Services(
        engine=Engine(client, secret_sink=sink, settings=EngineSettings(timeout=10)),
        profiles=ProfileStore(tmp_path / "profiles.json"),
        secret_store=store,
        keyring_problem=keyring_refusal(store),
        sandbox_port=0,
        session=session,
    )
    services.closers.append(client.aclose)
    yield services
    await services.aclose()


async def fire_oauth(services: Services) -> tuple[Outcome | None, list[str], str]:
    [profile] = [p for p in await services.list_profiles() if p.name.startswith("sandbox-oauth")]
    call = find_call("bitrix24.trigger.execute")
    assert call is not None
    secrets = await services.secrets_for(profile)
    engine = services.engine
    assert isinstance(engine, Engine)
    record = await engine.fire(CallRequest(call, profile, secrets, EXECUTE))
    return record.outcome, record.notes, profile.name


async def test_a_refresh_for_a_session_profile_stays_in_memory_quietly(
    keyless: Services,
) -> None:
    await keyless.start_sandbox()
    sandbox = keyless.sandbox
    assert sandbox is not None
    name = f"sandbox-oauth{SESSION_SUFFIX}"
    before = dict(keyless.session[name][1])
    for round_ in (1, 2):  # the second refresh spends the first one's refresh token
        await asyncio.to_thread(sandbox.expire_bitrix_token)
        outcome, notes, fired = await fire_oauth(keyless)
        assert fired == name
        assert outcome is Outcome.OK, notes
        assert sandbox.token_refreshes == round_
        said = " ".join(notes)
        assert "kept for this session" in said
        assert "could not store" not in said and "keyring" not in said
    after = keyless.session[name][1]
    assert after["access_token"] != before["access_token"]
    assert after["refresh_token"] != before["refresh_token"]
    assert after["client_secret"] == before["client_secret"]
    engine = keyless.engine
    assert isinstance(engine, Engine)
    assert engine.unsaved_token_profiles == []
    await engine.aclose()
    assert engine.closing_notes == []  # nothing to tell at exit
