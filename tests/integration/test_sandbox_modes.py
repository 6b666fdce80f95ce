"""Misbehaviour switches, the control endpoint, and request recording, over real HTTP."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from trigger_desk.sandbox import Sandbox

TRIGGER_ID = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"
RUN = "/wix/v1/trigger-custom"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running
        assert running.errors == []


def fire_bitrix(http: httpx.Client, sandbox: Sandbox, **kwargs: Any) -> httpx.Response:
    path = f"/rest/1/{sandbox.seed.bitrix_webhook_secret}/crm.automation.trigger.json"
    return http.post(path, json={"target": "DEAL_57"}, **kwargs)


def fire_wix(
    http: httpx.Client, sandbox: Sandbox, headers: dict[str, str] | None = None, **kwargs: Any
) -> httpx.Response:
    sent = {"Authorization": sandbox.seed.wix_api_key, "wix-site-id": sandbox.seed.wix_site_id}
    sent.update(headers or {})
    return http.post(RUN, json={"triggerId": TRIGGER_ID}, headers=sent, **kwargs)


def test_rate_limit_on_both_platforms(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.set_mode(rate_limit=True, retry_after=3)
    response = fire_bitrix(http, sandbox)
    assert (response.status_code, response.json()) == (
        503,
        {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"},
    )
    response = fire_wix(http, sandbox)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "3" and response.headers["x-wix-request-id"]
    assert response.json()["details"]["applicationError"]["code"] == "TOO_MANY_REQUESTS"
    assert sandbox.fired == []


def test_rate_limit_times_limits_only_the_next_n_requests(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    sandbox.set_mode(rate_limit_times=2)
    statuses = [fire_bitrix(http, sandbox).status_code, fire_wix(http, sandbox).status_code]
    statuses += [fire_bitrix(http, sandbox).status_code, fire_wix(http, sandbox).status_code]
    assert statuses == [503, 429, 200, 200]
    assert sandbox.modes["rate_limit"] is False and sandbox.modes["rate_limit_times"] is None


def test_html_502_page(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.set_mode(html_502=True)
    for response in (fire_bitrix(http, sandbox), fire_wix(http, sandbox)):
        assert response.status_code == 502
        assert response.headers["content-type"].startswith("text/html")
        assert "<h1>502 Bad Gateway</h1>" in response.text


def test_slow_delays_the_answer(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.set_mode(slow=0.3)
    started = time.monotonic()
    assert fire_bitrix(http, sandbox).status_code == 200
    assert time.monotonic() - started >= 0.3
    with pytest.raises(httpx.ReadTimeout):
        fire_wix(http, sandbox, timeout=0.1)


def test_drop_closes_the_connection_without_an_answer(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.set_mode(drop_times=2)
    with pytest.raises(httpx.RemoteProtocolError):
        fire_bitrix(http, sandbox)
    with pytest.raises(httpx.RemoteProtocolError):
        fire_wix(http, sandbox)
    assert fire_bitrix(http, sandbox).status_code == 200
    # The dropped requests did arrive (the trigger may have run: that is the point).
    assert len(sandbox.received) == 3


def test_operation_time_limit(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.set_mode(operation_time_limit_times=1, retry_after=2)
    response = fire_bitrix(http, sandbox)
    assert response.status_code == 429
    body = response.json()
    assert (body["error"], body["error_description"]) == (
        "OPERATION_TIME_LIMIT",
        "Method is blocked due to operation time limit",
    )
    assert time.time() < body["time"]["operating_reset_at"] <= time.time() + 3
    assert fire_bitrix(http, sandbox).status_code == 200


def test_redirect_to_the_renamed_portal(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.set_mode(redirect=True)
    response = fire_bitrix(http, sandbox, params={"x": "1"})
    assert response.status_code == 302
    location = response.headers["location"]
    secret = sandbox.seed.bitrix_webhook_secret
    assert location == (
        f"http://localhost:{sandbox.port}/rest/1/{secret}/crm.automation.trigger.json?x=1"
    )
    # Sent again to the new address, the call goes through.
    again = httpx.post(location, json={"target": "DEAL_57"}, timeout=5)
    assert again.status_code == 200 and again.json()["result"] is True
    assert fire_wix(http, sandbox).status_code == 200  # Wix has no portal to rename


def test_big_response_pads_successful_answers(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.set_mode(big_response=100_000)
    response = fire_bitrix(http, sandbox)
    assert 100_000 <= len(response.content) <= 100_100
    assert response.json()["result"] is True
    wix = fire_wix(http, sandbox)
    assert len(wix.content) >= 100_000 and wix.status_code == 200


def test_wix_sdk_path_only(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.set_mode(wix_sdk_path_only=True)
    response = fire_wix(http, sandbox)
    assert (response.status_code, response.content) == (404, b"")
    headers = {"Authorization": sandbox.seed.wix_api_key, "wix-site-id": sandbox.seed.wix_site_id}
    sdk = "/wix/_serverless/crm-automations-utils/v1/trigger-custom"
    assert http.post(sdk, json={"triggerId": TRIGGER_ID}, headers=headers).status_code == 200


def test_leaky_bucket_lets_a_burst_of_50_through(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.set_mode(leaky_bucket=True)
    statuses = [fire_bitrix(http, sandbox).status_code for _ in range(80)]
    assert statuses[:50] == [200] * 50
    assert 503 in statuses[50:]


def test_one_request_can_carry_its_own_switches(sandbox: Sandbox, http: httpx.Client) -> None:
    assert fire_wix(http, sandbox, headers={"X-Sandbox-Mode": "html_502"}).status_code == 502
    assert fire_bitrix(http, sandbox, params={"sandbox_mode": "rate_limit"}).status_code == 503
    assert fire_bitrix(http, sandbox).status_code == 200  # nothing stayed switched on
    response = fire_bitrix(http, sandbox, headers={"X-Sandbox-Mode": "explode"})
    assert response.status_code == 400 and "unknown sandbox mode 'explode'" in response.text


def test_token_endpoints_are_never_disturbed(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.set_mode(drop=True)
    seed = sandbox.seed
    refresh = http.get(
        "/bitrix24-oauth/oauth/token/",
        params={
            "grant_type": "refresh_token",
            "client_id": seed.bitrix_client_id,
            "client_secret": seed.bitrix_client_secret,
            "refresh_token": seed.bitrix_refresh_token,
        },
    )
    assert refresh.status_code == 200
    body = {
        "grant_type": "client_credentials",
        "client_id": seed.wix_app_id,
        "client_secret": seed.wix_app_secret,
        "instance_id": seed.wix_instance_id,
    }
    assert http.post("/wix/oauth2/token", json=body).status_code == 200


def test_python_api_refuses_unknown_or_bad_switches(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError, match="unknown sandbox mode 'rate_limited'"):
        sandbox.set_mode(rate_limited=True)
    with pytest.raises(ValueError, match="slow needs a number"):
        sandbox.set_mode(html_502=True, slow="soon")
    assert sandbox.modes["html_502"] is False  # nothing applied from a bad batch
    sandbox.set_mode(html_502=True)
    sandbox.reset_mode()
    assert sandbox.modes["html_502"] is False


def test_control_endpoint(sandbox: Sandbox, http: httpx.Client) -> None:
    response = http.post("/_sandbox/mode", json={"html_502": True, "slow": 0})
    assert response.status_code == 200 and response.json()["html_502"] is True
    assert fire_bitrix(http, sandbox).status_code == 502
    assert http.get("/_sandbox/mode").json()["html_502"] is True
    bad = http.post("/_sandbox/mode", json={"bogus": 1})
    assert bad.status_code == 400 and "unknown sandbox mode 'bogus'" in bad.json()["error"]
    assert http.post("/_sandbox/reset").json()["html_502"] is False
    assert fire_bitrix(http, sandbox).status_code == 200

    assert http.post("/_sandbox/expire-bitrix-token").status_code == 200
    expired = http.post(
        "/rest/crm.automation.trigger.json",
        json={"target": "DEAL_1", "auth": sandbox.seed.bitrix_access_token},
    )
    assert expired.status_code == 401 and expired.json()["error"] == "expired_token"
    state = http.get("/_sandbox/state").json()
    assert state["token_refreshes"] == 0 and state["fired"] == 1
    assert http.get("/_sandbox/nothing").status_code == 404
    # Control calls are not platform requests.
    assert [r.path.startswith("/_sandbox") for r in sandbox.received] == [False] * 3


def test_received_records_exactly_what_arrived(sandbox: Sandbox, http: httpx.Client) -> None:
    path = f"/rest/1/{sandbox.seed.bitrix_webhook_secret}/crm.automation.trigger.json"
    http.post(
        path,
        params={"a": "1"},
        json={"target": "DEAL_57", "code": "c5u4m"},
        headers={"X-Request-ID": "r-1"},
    )
    [got] = sandbox.received
    assert (got.method, got.path, got.raw_query, got.query) == ("POST", path, "a=1", {"a": "1"})
    assert got.json == {"target": "DEAL_57", "code": "c5u4m"}
    assert got.body == b'{"target":"DEAL_57","code":"c5u4m"}'
    assert got.header("X-Request-ID") == "r-1" and got.headers["content-type"] == "application/json"
    assert got.received_at <= time.time()
    sandbox.clear_received()
    assert sandbox.received == []


def test_recording_is_thread_safe(sandbox: Sandbox) -> None:
    def one(index: int) -> int:
        with httpx.Client(base_url=sandbox.base_url, timeout=5) as client:
            path = f"/rest/1/{sandbox.seed.bitrix_webhook_secret}/crm.automation.trigger"
            return client.post(path, json={"target": f"DEAL_{index + 1}"}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(one, range(40)))
    assert statuses == [200] * 40
    targets = sorted(r.json["target"] for r in sandbox.received)
    assert targets == sorted(f"DEAL_{i + 1}" for i in range(40))
    assert len(sandbox.fired) == 40


def test_stopped_sandbox_refuses_connections() -> None:
    sandbox = Sandbox().start()
    base = sandbox.base_url
    with httpx.Client(base_url=base, timeout=2) as client:
        assert fire_bitrix(client, sandbox).status_code == 200
        sandbox.stop()
        # The kept-alive connection is closed too: a new one is refused.
        with pytest.raises(httpx.ConnectError):
            fire_bitrix(client, sandbox)
    with pytest.raises(RuntimeError, match="not running"):
        _ = sandbox.port
