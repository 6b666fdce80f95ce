"""Shared set-up for the look-up window tests: the real sandbox, its profiles, a counter."""

from __future__ import annotations

from trigger_desk.core.model import AuthKind, Profile
from trigger_desk.sandbox import Sandbox
from trigger_desk.services.facade import Services


async def sandbox_profile(services: Services, auth: AuthKind = AuthKind.WEBHOOK) -> Profile:
    """Start the sandbox (any free port) and return its Bitrix24 profile of this auth."""
    profiles, _note = await services.start_sandbox()
    return next(p for p in profiles if p.platform.value == "bitrix24" and p.auth is auth)


def method_count(sandbox: Sandbox | None, method: str) -> int:
    """How many requests the sandbox received for one REST method (batches count as batch)."""
    assert sandbox is not None
    names = [r.path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json") for r in sandbox.received]
    return names.count(method)
