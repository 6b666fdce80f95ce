"""The first call of a fresh process is timed as itself, not with the HTTP stack's
first-use imports (they once added ~60 ms to `total` beside phases summing to ~2 ms)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.scripted_server import server_process

_FIRE_ONCE = """
import asyncio, json, sys
import httpx
from trigger_desk.core.calls import find_call
from trigger_desk.core.engine import CallRequest, Engine
from trigger_desk.core.model import AuthKind, Platform, Profile

async def main():
    async with httpx.AsyncClient() as client:
        engine = Engine(client)
        call = find_call("bitrix24.trigger")
        profile = Profile("p", Platform.BITRIX24, AuthKind.WEBHOOK, {})
        secrets = {"webhook_url": sys.argv[1] + "/rest/1/firstcall/"}
        record = await engine.fire(CallRequest(call, profile, secrets, {"target": "DEAL_1"}))
        print(json.dumps(record.timings_ms))

asyncio.run(main())
"""


def test_first_call_total_is_its_own_exchange() -> None:
    root = Path(__file__).resolve().parents[2]
    with server_process() as base_url:
        done = subprocess.run(
            [sys.executable, "-c", _FIRE_ONCE, base_url],
            capture_output=True,
            text=True,
            cwd=root,
            timeout=60,
            check=True,
        )
    timings = json.loads(done.stdout)
    phases = sum(timings[name] for name in ("connect", "tls", "send", "wait", "receive"))
    # What is left is bookkeeping between phases: well under the imports' tens of ms.
    assert timings["total"] - phases < 25, timings
