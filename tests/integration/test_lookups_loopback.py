"""Look-ups against a scripted loopback server (exact requests, PHP's JSON, failures)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.cli import Cli
from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.core.calls.bitrix24_lookups import CATEGORY_LIST, ITEM_LIST
from trigger_desk.core.crm_types import parse_crm_type
from trigger_desk.core.lookups import ItemListing, ItemQuery, list_stages
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.portal_client import LookupFailed, PortalClient
from trigger_desk.sandbox import Sandbox
from trigger_desk.store.secrets import MemorySecretStore

SECRET = "loopbacksecret9"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer().start()
    yield srv
    srv.stop()


def webhook_profile(base: str) -> tuple[Profile, dict[str, str]]:
    profile = Profile("loop", Platform.BITRIX24, AuthKind.WEBHOOK, {"portal": base})
    return profile, {"webhook_url": f"{base}/rest/1/{SECRET}/"}


def page(first_id: int, count: int) -> dict[str, Any]:
    items = [{"id": n, "title": f"Deal {n}", "stageId": "C7:EXECUTING", "categoryId": 7}
             for n in range(first_id, first_id + count)]  # fmt: skip
    return {"items": items}


def batch_answer(keys: list[str], first_ids: list[int], sizes: list[int]) -> dict[str, Any]:
    results = {
        key: page(first, size) for key, first, size in zip(keys, first_ids, sizes, strict=True)
    }
    return {"result": {"result": results, "result_error": [], "result_total": {},
                       "result_next": {}, "result_time": []}, "time": {}}  # fmt: skip


async def listing(
    base: str, query: ItemQuery, calls: list[str] | None = None
) -> tuple[list[int], ItemListing, PortalClient]:
    profile, secrets = webhook_profile(base)

    async def acquire() -> None:
        if calls is not None:
            calls.append("acquire")

    async def refused() -> None:
        if calls is not None:
            calls.append("refused")

    async with httpx.AsyncClient() as client:
        portal = PortalClient(
            client,
            profile,
            secrets,
            acquire=acquire,
            on_rate_limited=refused,
            rate_limit_waits=(0.01,),
        )
        run = ItemListing(query)
        ids = [item.id async for item in run.items(portal)]
    return ids, run, portal


def test_pages_through_batch_with_the_exact_commands(server: ScriptedServer) -> None:
    total = 5600
    first = {"result": page(1, 50), "total": total, "next": 50, "time": {}}
    server.script(Answer(200, first, path=f"/rest/1/{SECRET}/crm.item.list.json"))
    starts = list(range(50, total, 50))
    for chunk in (starts[:50], starts[50:100], starts[100:]):
        keys = [f"p{s}" for s in chunk]
        server.script(Answer(200, batch_answer(keys, [s + 1 for s in chunk], [50] * len(chunk))))
    query = ItemQuery(parse_crm_type("DEAL"), title="Деал", stage_id="C7:EXECUTING")
    calls: list[str] = []
    ids, run, portal = asyncio.run(listing(server.base_url, query, calls))
    assert ids == list(range(1, total + 1)) and run.total == total
    assert portal.requests == 4 and calls == ["acquire"] * 4
    assert [r.path for r in server.received] == [f"/rest/1/{SECRET}/crm.item.list.json"] + [
        f"/rest/1/{SECRET}/batch.json"
    ] * 3
    assert server.received[0].json() == {
        "entityTypeId": 2,
        "select": ["id", "title", "stageId", "categoryId"],
        "filter": {"%title": "Деал", "stageId": "C7:EXECUTING"},
        "order": {"id": "ASC"},
        "start": 0,
    }
    batch = server.received[1].json()
    assert batch["halt"] == 1 and len(batch["cmd"]) == 50
    assert batch["cmd"]["p50"] == (
        "crm.item.list?entityTypeId=2&select[0]=id&select[1]=title&select[2]=stageId"
        "&select[3]=categoryId&filter[%25title]=%D0%94%D0%B5%D0%B0%D0%BB"
        "&filter[stageId]=C7%3AEXECUTING&order[id]=ASC&start=50"
    )
    assert len(server.received[3].json()["cmd"]) == 11


def test_the_limit_stops_paging_early(server: ScriptedServer) -> None:
    server.script(Answer(200, {"result": page(1, 50), "total": 900, "next": 50}))
    server.script(Answer(200, batch_answer(["p50", "p100"], [51, 101], [50, 50])))
    ids, _, portal = asyncio.run(
        listing(server.base_url, ItemQuery(parse_crm_type("DEAL"), limit=120))
    )
    assert ids == list(range(1, 121)) and portal.requests == 2
    assert list(server.received[1].json()["cmd"]) == ["p50", "p100"]


def test_php_lists_for_numeric_batch_keys(server: ScriptedServer) -> None:
    categories = [
        {"id": 0, "name": "General", "sort": 100},
        {"id": 1, "name": "Service", "sort": 200},
    ]
    server.script(Answer(200, {"result": {"categories": categories}, "total": 2}))
    stage = {"STATUS_ID": "NEW", "NAME": "New", "SORT": "10", "SEMANTICS": None}
    won = {"STATUS_ID": "C1:WON", "NAME": "Won", "SORT": "20", "SEMANTICS": "S", "EXTRA": []}
    # keys "0" and "1" are 0..n-1: PHP writes the maps as lists
    server.script(Answer(200, {"result": {"result": [[stage], [won]], "result_error": [],
                                          "result_total": [1, 1], "result_next": [],
                                          "result_time": []}}))  # fmt: skip
    profile, secrets = webhook_profile(server.base_url)

    async def run() -> Any:
        async with httpx.AsyncClient() as client:
            return await list_stages(PortalClient(client, profile, secrets), parse_crm_type("DEAL"))

    general, service = asyncio.run(run())
    assert (general.id, general.stages[0].id, general.stages[0].semantics) == (0, "NEW", "process")
    assert (service.name, service.stages[0].semantics) == ("Service", "success")
    assert server.received[1].json()["cmd"] == {
        "0": "crm.status.list?filter[ENTITY_ID]=DEAL_STAGE",
        "1": "crm.status.list?filter[ENTITY_ID]=DEAL_STAGE_1",
    }


def test_query_limit_is_waited_out_and_sent_again(server: ScriptedServer) -> None:
    refused = {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}
    server.script(Answer(503, refused), Answer(200, {"result": page(1, 3), "total": 3}))
    calls: list[str] = []
    ids, _, portal = asyncio.run(listing(server.base_url, ItemQuery(parse_crm_type("LEAD")), calls))
    assert ids == [1, 2, 3] and portal.requests == 2
    assert calls == ["acquire", "refused", "acquire"]


def test_a_page_failing_half_way_still_prints_one_json_object(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    server: ScriptedServer,
    tmp_path: Path,
) -> None:
    cli = Cli(capsys, monkeypatch, MemorySecretStore())
    added = cli("profiles", "add", "loop", "--platform", "bitrix24", "--auth", "webhook",
                stdin=f"webhook_url={server.base_url}/rest/1/{SECRET}/\n")  # fmt: skip
    assert added.code == 0, added.text
    server.script(Answer(200, {"result": page(1, 50), "total": 80, "next": 50}))
    error = {"p50": {"error": "INVALID_ARG_VALUE",
                     "error_description": "Invalid filter: field 'title' has invalid value"}}  # fmt: skip
    server.script(Answer(200, {"result": {"result": [], "result_error": error}}))
    path = tmp_path / "out.csv"
    result = cli("items", "--profile", "loop", "--type", "DEAL", "--json", "--output", str(path))
    assert result.code == 1
    data = result.json()
    assert len(data["items"]) == 50 and data["total"] == 80 and data["requests"] == 2
    assert data["error"]["code"] == "INVALID_ARG_VALUE" and "crm.item.fields" in data["hint"]
    assert not path.exists() and not list(tmp_path.glob(".*.tmp"))  # no half-written CSV
    assert SECRET not in result.text


@pytest.mark.parametrize(
    ("call", "params", "code", "words"),
    [
        (CATEGORY_LIST, {"entityTypeId": 1}, "ENTITY_TYPE_NOT_SUPPORTED", "has no funnels"),
        (ITEM_LIST, {"entityTypeId": 2, "filter": {"bogus": 1}}, "INVALID_ARG_VALUE", "filter"),
        (ITEM_LIST, {"entityTypeId": 2, "order": {"id": "UP"}}, "INVALID_ARG_VALUE", "ASC or DESC"),
        (ITEM_LIST, {"entityTypeId": 150}, "NOT_FOUND", "smart process"),
    ],
)
def test_the_sandbox_refusals_are_diagnosed(
    call: Any, params: dict[str, Any], code: str, words: str
) -> None:
    with Sandbox() as sandbox:
        profile, _ = webhook_profile(sandbox.base_url)
        secrets = {"webhook_url": sandbox.bitrix_webhook_url}

        async def run() -> LookupFailed:
            async with httpx.AsyncClient() as client:
                with pytest.raises(LookupFailed) as failed:
                    await PortalClient(client, profile, secrets).call(call, params)
                return failed.value

        failure = asyncio.run(run())
    assert failure.answered and failure.diagnosis.error_code == code
    assert failure.diagnosis.outcome is Outcome.REJECTED
    assert words in failure.diagnosis.hint


def test_terminal_escapes_in_titles_are_neutralised(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, server: ScriptedServer
) -> None:
    cli = Cli(capsys, monkeypatch, MemorySecretStore())
    cli("profiles", "add", "loop", "--platform", "bitrix24", "--auth", "webhook",
        stdin=f"webhook_url={server.base_url}/rest/1/{SECRET}/\n")  # fmt: skip
    hostile = {"id": 9, "title": "\x1b]0;owned\x07red\nline", "stageId": "NEW", "categoryId": 0}
    server.script(Answer(200, {"result": {"items": [hostile]}, "total": 1}))
    result = cli("items", "--profile", "loop", "--type", "DEAL")
    assert result.code == 0
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "DEAL_9\tNEW\t0\t\\u001b]0;owned\\u0007red\\nline" in result.out
    hostile["title"] = "\u202edlrow\x85"  # a bidi override and a C1 control
    server.script(Answer(200, {"result": {"items": [hostile]}, "total": 1}))
    as_json = cli("items", "--profile", "loop", "--type", "DEAL", "--json")
    assert "\u202e" not in as_json.out and "\x85" not in as_json.out
    assert as_json.json()["items"][0]["title"] == "\u202edlrow\x85"  # same meaning
