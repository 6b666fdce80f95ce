"""A real history for the history pane's tests: calls fired by the real engine at a real
loopback server, recorded by the real HistoryStore in a temporary SQLite file.

`make_history` fires one call of each kind the pane must show (accepted, refused,
server error, dropped connection, a Wix event with an externalEntityId) plus a row
left behind by a store that closed mid-call (interrupted).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.calls import call_request
from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.core.engine import CallRequest, Engine, EngineSettings
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.record import CallRecord
from trigger_desk.store.history import HistoryStore

HOOK_SECRET = "hooksecret42xyz"
API_KEY = "IST.secret-api-key-0123456789"
EXTERNAL_ID = "16ef8c9c-413e-4d5f-b77d-8c67c3c8ae0c"
WIX_REQUEST_ID = "1718809827.55213947122511"
OK_TIME = {
    "start": 1718809827.1,
    "finish": 1718809827.2,
    "duration": 0.1,
    "processing": 0.05,
    "date_start": "2024-06-19T15:10:27+00:00",
    "date_finish": "2024-06-19T15:10:28+00:00",
}


@dataclass
class FiredHistory:
    """The store and the records fired into it, by name."""

    store: HistoryStore
    records: dict[str, CallRecord]

    def id(self, name: str) -> int:
        history_id = self.records[name].history_id
        assert history_id is not None
        return history_id


def webhook_profile(server: ScriptedServer) -> tuple[Profile, dict[str, str]]:
    return (
        Profile("portal-hook", Platform.BITRIX24, AuthKind.WEBHOOK, {}),
        {"webhook_url": f"{server.base_url}/rest/7/{HOOK_SECRET}/"},
    )


def wix_profile(server: ScriptedServer) -> tuple[Profile, dict[str, str]]:
    return (
        Profile(
            "wix-site",
            Platform.WIX,
            AuthKind.API_KEY,
            {"site_id": "9a3e1f52-site", "api_base": server.base_url},
        ),
        {"api_key": API_KEY},
    )


async def make_history(path: Path, server: ScriptedServer) -> FiredHistory:
    """Fire the standard set of calls at `server`, recorded into a store at `path`."""
    store = HistoryStore(path)
    hook, hook_secrets = webhook_profile(server)
    wix, wix_secrets = wix_profile(server)
    records: dict[str, CallRecord] = {}
    async with httpx.AsyncClient() as client:
        engine = Engine(
            client,
            history=store,
            settings=EngineSettings(timeout=5, connect_timeout=2, backoff_base=0.01),
        )

        async def fire(name: str, answer: Answer, request: CallRequest) -> None:
            server.script(answer)
            records[name] = await engine.fire(request)

        await fire(
            "hook_ok",
            Answer(200, {"result": True, "time": OK_TIME}),
            call_request(
                "bitrix24.trigger", hook, hook_secrets, {"target": "DEAL_57", "code": "c5u4m"}
            ),
        )
        await fire(
            "wix_event",
            Answer(
                200,
                {"activationIds": ["5b2c9f0e-0f2b-4c7e-9d3a-1f6c2b7d8e90"]},
                headers={"x-wix-request-id": WIX_REQUEST_ID},
            ),
            call_request(
                "wix.report-event",
                wix,
                wix_secrets,
                {"triggerKey": "form_submitted", "externalEntityId": EXTERNAL_ID},
                {"name": "John Doe"},
            ),
        )
        await fire(
            "wix_404",
            Answer(
                404,
                {"message": "Trigger not found", "details": {}},
                headers={"x-wix-request-id": "1718809900.1"},
            ),
            call_request(
                "wix.run-trigger",
                wix,
                wix_secrets,
                {"triggerId": "a0f95461-4fea-4971-b2d8-86128ae3e6e9"},
                {"firstName": "Amy"},
            ),
        )
        await fire(
            "html_502",
            Answer(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"),
            call_request("bitrix24.trigger", hook, hook_secrets, {"target": "LEAD_25"}),
        )
        await fire(
            "dropped",
            Answer(drop=True),
            call_request("bitrix24.trigger", hook, hook_secrets, {"target": "DEAL_60"}),
        )
        await fire(
            "hook_refused",
            Answer(400, {"error": "", "error_description": "Target is not found", "time": OK_TIME}),
            call_request(
                "bitrix24.trigger", hook, hook_secrets, {"target": "DEAL_58", "code": "c5u4m"}
            ),
        )
        await engine.aclose()  # history rows are completed by a writer thread: wait for it
    # A row begun by a store that then closed (as if the program had stopped mid-call).
    records["interrupted"] = begin_and_abandon(path, records["hook_ok"])
    return FiredHistory(store, records)


def begin_and_abandon(path: Path, like: CallRecord) -> CallRecord:
    """Begin a call like `like` in another store on the same file, then close that store."""
    record = CallRecord.from_storage(like.to_storage())
    record.diagnosis = None
    record.response = None
    record.timings_ms = {}
    record.history_id = None
    with HistoryStore(path) as other:
        other.begin(record)
    return record
