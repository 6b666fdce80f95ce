"""The sandbox's Bitrix24 `batch`, over real HTTP: commands, halt, PHP's JSON, its refusals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from trigger_desk.sandbox import Sandbox
from trigger_desk.sandbox.bitrix24_batch import resolve_references


@pytest.fixture
def sandbox(sandbox: Sandbox) -> Iterator[Sandbox]:
    """The module's sandbox with nothing counted as triggered yet."""
    sandbox.reset_counters()
    yield sandbox


def batch(http: httpx.Client, sandbox: Sandbox, body: dict[str, Any]) -> httpx.Response:
    return http.post(f"/rest/1/{sandbox.seed.bitrix_webhook_secret}/batch", json=body)


def test_commands_run_and_come_back_by_key(sandbox: Sandbox, http: httpx.Client) -> None:
    body = {
        "halt": 0,
        "cmd": {
            "first": "crm.automation.trigger?target=DEAL_1&code=c5u4m",
            "second": "crm.automation.trigger.json?target=LEAD_25",
        },
    }
    response = batch(http, sandbox, body)
    assert response.status_code == 200
    answer = response.json()
    result = answer["result"]
    assert result["result"] == {"first": True, "second": True}
    assert result["result_error"] == []  # PHP writes an empty map as a list
    assert result["result_total"] == [] and result["result_next"] == []
    assert set(result["result_time"]) == {"first", "second"}
    assert result["result_time"]["first"]["duration"] >= 0
    assert {"start", "finish", "duration"} <= set(answer["time"])
    assert sandbox.triggered == {"DEAL_1": 1, "LEAD_25": 1}
    assert [firing.detail.get("code") for firing in sandbox.fired] == ["c5u4m", None]


def test_a_list_of_commands_answers_as_lists(sandbox: Sandbox, http: httpx.Client) -> None:
    cmd = [f"crm.automation.trigger?target=DEAL_{n}" for n in (1, 2, 3)]
    result = batch(http, sandbox, {"cmd": cmd}).json()["result"]
    assert result["result"] == [True, True, True]
    assert isinstance(result["result_time"], list) and len(result["result_time"]) == 3


def test_without_halt_one_bad_command_never_stops_the_others(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    cmd = [
        "crm.automation.trigger?target=DEAL_1",
        "crm.automation.trigger?target=DEAL_99999",
        "crm.automation.trigger?target=DEAL_3",
    ]
    result = batch(http, sandbox, {"halt": 0, "cmd": cmd}).json()["result"]
    # keys 0 and 2 are not 0..n-1: PHP keeps the map
    assert result["result"] == {"0": True, "2": True}
    assert result["result_error"] == {
        "1": {"error": "", "error_description": "Target is not found."}
    }
    assert sandbox.triggered == {"DEAL_1": 1, "DEAL_3": 1}


def test_halt_stops_at_the_first_error(sandbox: Sandbox, http: httpx.Client) -> None:
    cmd = {
        "a": "crm.automation.trigger?target=DEAL_1",
        "b": "crm.automation.trigger?target=NOPE",
        "c": "crm.automation.trigger?target=DEAL_3",
    }
    result = batch(http, sandbox, {"halt": 1, "cmd": cmd}).json()["result"]
    assert result["result"] == {"a": True}
    assert list(result["result_error"]) == ["b"]
    assert sandbox.triggered == {"DEAL_1": 1}


def test_more_than_50_commands_is_refused_whole(sandbox: Sandbox, http: httpx.Client) -> None:
    cmd = [f"crm.automation.trigger?target=DEAL_{n}" for n in range(1, 52)]
    response = batch(http, sandbox, {"cmd": cmd})
    assert (response.status_code, response.json()) == (
        400,
        {"error": "ERROR_BATCH_LENGTH_EXCEEDED", "error_description": "Max batch length exceeded"},
    )
    assert sandbox.fired == []
    fifty = batch(http, sandbox, {"cmd": cmd[:50]}).json()["result"]
    assert len(fifty["result"]) == 50 and fifty["result_error"] == []


def test_batch_inside_batch_is_refused(sandbox: Sandbox, http: httpx.Client) -> None:
    cmd = {"inner": "batch?cmd[0]=crm.automation.trigger%3Ftarget%3DDEAL_1"}
    result = batch(http, sandbox, {"cmd": cmd}).json()["result"]
    assert result["result_error"]["inner"]["error"] == "ERROR_BATCH_METHOD_NOT_ALLOWED"
    assert sandbox.fired == []


def test_oauth_batch_carries_auth_once_and_checks_each_command(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    body = {
        "auth": sandbox.bitrix_access_token,
        "cmd": {
            "run": "crm.automation.trigger.execute?CODE=c5u4m&OWNER_TYPE_ID=2&OWNER_ID=6",
            "bad": "crm.automation.trigger.execute?CODE=nope&OWNER_TYPE_ID=2&OWNER_ID=6",
        },
    }
    result = http.post("/rest/batch", json=body).json()["result"]
    assert result["result"] == {"run": True}
    assert result["result_error"]["bad"]["error_description"] == (
        "Trigger with code nope is not registered."
    )
    assert sandbox.triggered == {"DEAL_6": 1}


def test_the_batch_itself_needs_valid_credentials(sandbox: Sandbox, http: httpx.Client) -> None:
    response = http.post("/rest/batch", json={"auth": "wrong", "cmd": ["crm.automation.trigger"]})
    assert (response.status_code, response.json()["error"]) == (401, "NO_AUTH_FOUND")
    sandbox.expire_bitrix_token()
    response = http.post(
        "/rest/batch",
        json={"auth": sandbox.bitrix_access_token, "cmd": ["crm.automation.trigger"]},
    )
    assert (response.status_code, response.json()["error"]) == (401, "expired_token")


def test_a_scope_missing_fails_each_command(sandbox: Sandbox, http: httpx.Client) -> None:
    path = f"/rest/4/{sandbox.seed.bitrix_no_scope_webhook_secret}/batch"
    cmd = {"x": "crm.automation.trigger?target=DEAL_1", "y": "crm.automation.trigger?target=DEAL_2"}
    result = http.post(path, json={"halt": 0, "cmd": cmd}).json()["result"]
    assert result["result"] == []
    assert {key: e["error"] for key, e in result["result_error"].items()} == {
        "x": "insufficient_scope",
        "y": "insufficient_scope",
    }


def test_form_encoded_batch_as_php_clients_send_it(sandbox: Sandbox, http: httpx.Client) -> None:
    content = "halt=0&cmd[a]=crm.automation.trigger%3Ftarget%3DDEAL_7"
    response = http.post(
        f"/rest/1/{sandbox.seed.bitrix_webhook_secret}/batch.json",
        content=content,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.json()["result"]["result"] == {"a": True}


def test_list_commands_report_totals_and_next_and_may_use_earlier_results(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    cmd = {
        "page": "crm.item.list?entityTypeId=2&filter[categoryId]=9&select[]=id&select[]=title",
        "funnels": "crm.category.list?entityTypeId=2",
        "big": "crm.item.list?entityTypeId=1&select[]=id&start=50",
        "fire": "crm.automation.trigger?target=DEAL_$result[page][items][1][id]",
    }
    result = batch(http, sandbox, {"halt": 1, "cmd": cmd}).json()["result"]
    assert result["result_error"] == []
    assert result["result"]["page"]["items"] == [
        {"id": 3, "title": "Ремонт котла — ООО Ромашка"},  # noqa: RUF001
        {"id": 4, "title": "Замена труб на кухне"},
    ]
    assert result["result_total"] == {"page": 2, "funnels": 3, "big": 1000}
    assert result["result_next"] == {"big": 100}
    assert len(result["result"]["big"]["items"]) == 50
    assert sandbox.triggered == {"DEAL_4": 1}


def test_references_fill_whole_values_text_and_leave_unknown_ones() -> None:
    results = {"user": {"UF_DEPARTMENT": [1, 7], "NAME": "Ann"}}
    params = {
        "ID": "$result[user][UF_DEPARTMENT][1]",
        "fields": {"TITLE": "for $result[user][NAME]", "LIST": "$result[user][UF_DEPARTMENT]"},
        "other": "$result[nobody][ID]",
    }
    assert resolve_references(params, results) == {
        "ID": 7,
        "fields": {"TITLE": "for Ann", "LIST": [1, 7]},
        "other": "$result[nobody][ID]",
    }
