"""The sandbox's Bitrix24 portal and OAuth server, over real HTTP, against the reference pages."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from trigger_desk.sandbox import Sandbox

APP_METHODS = (
    "crm.automation.trigger.execute",
    "crm.automation.trigger.list",
    "crm.automation.trigger.add",
    "crm.automation.trigger.delete",
)
VALID_APP_PARAMS: dict[str, dict[str, Any]] = {
    "crm.automation.trigger.execute": {"CODE": "c5u4m", "OWNER_TYPE_ID": 2, "OWNER_ID": 6},
    "crm.automation.trigger.list": {},
    "crm.automation.trigger.add": {"CODE": "call_done", "NAME": "Call completed"},
    "crm.automation.trigger.delete": {"CODE": "c5u4m"},
}


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running
        assert running.errors == []


def hook(sandbox: Sandbox, method: str, secret: str | None = None, user: int = 1) -> str:
    return f"/rest/{user}/{secret or sandbox.seed.bitrix_webhook_secret}/{method}"


def app_call(
    http: httpx.Client,
    sandbox: Sandbox,
    method: str,
    params: dict[str, Any],
    token: str | None = None,
) -> httpx.Response:
    body = {**params, "auth": token or sandbox.seed.bitrix_access_token}
    return http.post(f"/rest/{method}.json", json=body)


def assert_error(response: httpx.Response, status: int, code: str, text: str) -> None:
    assert (response.status_code, response.json()) == (
        status,
        {"error": code, "error_description": text},
    )


def assert_ok(response: httpx.Response, result: Any = True) -> None:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["result"] == result
    timing = body["time"]
    assert set(timing) == {
        "start",
        "finish",
        "duration",
        "processing",
        "date_start",
        "date_finish",
        "operating",
        "operating_reset_at",
    }
    assert timing["finish"] >= timing["start"] > 0
    assert timing["date_start"].endswith("+00:00")


# --- crm.automation.trigger -----------------------------------------------------------


def test_webhook_trigger_is_accepted_and_fired(sandbox: Sandbox, http: httpx.Client) -> None:
    response = http.post(
        hook(sandbox, "crm.automation.trigger.json"), json={"target": "DEAL_57", "code": "c5u4m"}
    )
    assert_ok(response)
    assert response.headers["content-type"].startswith("application/json")
    [fired] = sandbox.fired
    assert (fired.platform, fired.call_id) == ("bitrix24", "bitrix24.trigger")
    assert fired.detail == {"target": "DEAL_57", "code": "c5u4m", "user_id": 1}


@pytest.mark.parametrize(
    "method", ["crm.automation.trigger", "crm.automation.trigger.json", "crm.automation.trigger/"]
)
def test_method_name_with_or_without_json_suffix(
    sandbox: Sandbox, http: httpx.Client, method: str
) -> None:
    assert_ok(http.post(hook(sandbox, method), json={"target": "LEAD_25"}))


def test_incoming_webhook_trigger_url_works_with_get_and_query(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    # The URL the portal shows for "Track incoming webhook".
    assert_ok(
        http.get(
            hook(sandbox, "crm.automation.trigger/"), params={"target": "DEAL_1", "code": "abc"}
        )
    )
    assert sandbox.fired[0].detail["target"] == "DEAL_1"


def test_form_encoded_body_and_oauth_auth_in_form(sandbox: Sandbox, http: httpx.Client) -> None:
    form = {"target": "DEAL_3", "code": "c5u4m", "auth": sandbox.seed.bitrix_access_token}
    assert_ok(http.post("/rest/crm.automation.trigger", data=form))
    assert sandbox.received[-1].form["target"] == "DEAL_3"


def test_auth_in_the_query_string(sandbox: Sandbox, http: httpx.Client) -> None:
    response = http.post(
        "/rest/crm.automation.trigger.json",
        params={"auth": sandbox.seed.bitrix_access_token},
        json={"target": "DEAL_4"},
    )
    assert_ok(response)


def test_briefed_bitrix24_prefix_is_the_same_portal(sandbox: Sandbox, http: httpx.Client) -> None:
    assert_ok(
        http.post(
            f"/bitrix24{hook(sandbox, 'crm.automation.trigger.json')}", json={"target": "DEAL_2"}
        )
    )


@pytest.mark.parametrize(
    ("params", "text"),
    [
        ({}, "Target is not set."),
        ({"target": ""}, "Target is not set."),
        ({"target": "DEAL57"}, "Incorrect target format."),
        ({"target": "DEAL_abc"}, "Incorrect target format."),
        ({"target": "ELEPHANT_5"}, "Target is not found."),
        ({"target": "DEAL_0"}, "Target is not found."),
        ({"target": "DEAL_1001"}, "Target is not found."),
        ({"target": "DYNAMIC_129_1"}, "Target is not found."),
    ],
)
def test_trigger_target_errors(
    sandbox: Sandbox, http: httpx.Client, params: dict[str, Any], text: str
) -> None:
    assert_error(
        http.post(hook(sandbox, "crm.automation.trigger.json"), json=params), 400, "", text
    )
    assert sandbox.fired == []


def test_smart_process_target_splits_on_the_last_underscore(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    assert_ok(http.post(hook(sandbox, "crm.automation.trigger"), json={"target": "DYNAMIC_128_5"}))


def test_trigger_access_errors_per_user(sandbox: Sandbox, http: httpx.Client) -> None:
    seed, body = sandbox.seed, {"target": "DEAL_57"}
    no_crm = hook(sandbox, "crm.automation.trigger", seed.bitrix_no_crm_webhook_secret, user=2)
    assert_error(http.post(no_crm, json=body), 400, "", "Access denied.")
    read_only = hook(
        sandbox, "crm.automation.trigger", seed.bitrix_read_only_webhook_secret, user=3
    )
    assert_error(
        http.post(read_only, json=body),
        403,
        "ACCESS_DENIED",
        "Access denied! There are no permissions to update the entity.",
    )
    no_scope = hook(sandbox, "crm.automation.trigger", seed.bitrix_no_scope_webhook_secret, user=4)
    assert_error(
        http.post(no_scope, json=body),
        403,
        "insufficient_scope",
        "The request requires higher privileges than provided by the webhook token",
    )


@pytest.mark.parametrize(
    "path",
    [
        "/rest/1/wrongsecret/crm.automation.trigger.json",
        "/rest/2/sandbox0webhook1/crm.automation.trigger.json",  # right secret, wrong user
        "/rest/crm.automation.trigger.json",  # OAuth form without auth
    ],
)
def test_wrong_or_missing_credentials(http: httpx.Client, path: str) -> None:
    response = http.post(path, json={"target": "DEAL_57"})
    assert_error(response, 401, "NO_AUTH_FOUND", "Wrong authorization data")


def test_unknown_access_token(http: httpx.Client) -> None:
    response = http.post(
        "/rest/crm.automation.trigger.json", json={"target": "DEAL_5", "auth": "nope"}
    )
    assert_error(response, 401, "NO_AUTH_FOUND", "Wrong authorization data")


def test_unknown_method(sandbox: Sandbox, http: httpx.Client) -> None:
    response = http.post(hook(sandbox, "crm.automation.triger.json"), json={})
    assert_error(response, 404, "ERROR_METHOD_NOT_FOUND", "Method not found!")


# --- application triggers: execute, list, add, delete ------------------------------------


def test_execute_with_the_applications_token(sandbox: Sandbox, http: httpx.Client) -> None:
    assert_ok(
        app_call(http, sandbox, "crm.automation.trigger.execute", VALID_APP_PARAMS[APP_METHODS[0]])
    )
    [fired] = sandbox.fired
    assert fired.detail == {"CODE": "c5u4m", "OWNER_TYPE_ID": 2, "OWNER_ID": 6, "user_id": 1}


def test_execute_compares_codes_without_case_and_casts_strings(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    params = {"CODE": "C5U4M", "OWNER_TYPE_ID": "2", "OWNER_ID": "6"}
    assert_ok(app_call(http, sandbox, "crm.automation.trigger.execute", params))


@pytest.mark.parametrize("method", APP_METHODS)
def test_app_methods_refuse_a_webhook(sandbox: Sandbox, http: httpx.Client, method: str) -> None:
    response = http.post(hook(sandbox, f"{method}.json"), json=VALID_APP_PARAMS[method])
    assert_error(response, 403, "ACCESS_DENIED", "Access denied! Application context required")


@pytest.mark.parametrize("method", APP_METHODS)
def test_app_methods_need_an_administrator(
    sandbox: Sandbox, http: httpx.Client, method: str
) -> None:
    token = sandbox.seed.bitrix_non_admin_access_token
    response = app_call(http, sandbox, method, VALID_APP_PARAMS[method], token=token)
    assert_error(response, 403, "ACCESS_DENIED", "Access denied! Admin permissions required")


def test_app_methods_check_crm_access_first(sandbox: Sandbox, http: httpx.Client) -> None:
    path = hook(
        sandbox, "crm.automation.trigger.list", sandbox.seed.bitrix_no_crm_webhook_secret, 2
    )
    assert_error(http.post(path, json={}), 400, "", "Access denied.")


@pytest.mark.parametrize(
    ("params", "text"),
    [
        ({"OWNER_TYPE_ID": 2, "OWNER_ID": 6}, "Empty trigger code!"),
        ({"CODE": "", "OWNER_TYPE_ID": 2, "OWNER_ID": 6}, "Empty trigger code!"),
        ({"CODE": "0", "OWNER_TYPE_ID": 2, "OWNER_ID": 6}, "Empty trigger code!"),
        ({"CODE": "bad code!", "OWNER_TYPE_ID": 2, "OWNER_ID": 6}, "Wrong trigger code!"),
        (
            {"CODE": "nope", "OWNER_TYPE_ID": 2, "OWNER_ID": 6},
            "Trigger with code nope is not registered.",
        ),
        ({"CODE": "c5u4m", "OWNER_ID": 6}, "Incorrect parameter OWNER_TYPE_ID."),
        (
            {"CODE": "c5u4m", "OWNER_TYPE_ID": 6, "OWNER_ID": 6},
            "Incorrect parameter OWNER_TYPE_ID.",
        ),
        (
            {"CODE": "c5u4m", "OWNER_TYPE_ID": "abc", "OWNER_ID": 6},
            "Incorrect parameter OWNER_TYPE_ID.",
        ),
        (
            {"CODE": "c5u4m", "OWNER_TYPE_ID": 3, "OWNER_ID": 6},
            "Incorrect parameter OWNER_TYPE_ID.",
        ),
        (
            {"CODE": "c5u4m", "OWNER_TYPE_ID": 129, "OWNER_ID": 6},
            "Incorrect parameter OWNER_TYPE_ID.",
        ),
        ({"CODE": "c5u4m", "OWNER_TYPE_ID": 2}, "Incorrect parameter OWNER_ID."),
        ({"CODE": "c5u4m", "OWNER_TYPE_ID": 2, "OWNER_ID": 0}, "Incorrect parameter OWNER_ID."),
        ({"CODE": "c5u4m", "OWNER_TYPE_ID": 2, "OWNER_ID": -4}, "Incorrect parameter OWNER_ID."),
        ({"CODE": "c5u4m", "OWNER_TYPE_ID": 2, "OWNER_ID": 1001}, "Incorrect parameter OWNER_ID."),
    ],
)
def test_execute_errors(
    sandbox: Sandbox, http: httpx.Client, params: dict[str, Any], text: str
) -> None:
    assert_error(app_call(http, sandbox, "crm.automation.trigger.execute", params), 400, "", text)
    assert sandbox.fired == []


def test_list_add_rename_delete(sandbox: Sandbox, http: httpx.Client) -> None:
    seeded = [
        {"NAME": "Sandbox trigger", "CODE": "c5u4m"},
        {"NAME": "Call completed", "CODE": "call_done"},
    ]
    assert_ok(app_call(http, sandbox, "crm.automation.trigger.list", {}), seeded)

    assert_ok(
        app_call(http, sandbox, "crm.automation.trigger.add", {"CODE": "paid", "NAME": "Paid"})
    )
    # Adding an existing CODE renames the trigger.
    assert_ok(
        app_call(
            http,
            sandbox,
            "crm.automation.trigger.add",
            {"CODE": "paid", "NAME": "Payment received"},
        )
    )
    assert_ok(
        app_call(http, sandbox, "crm.automation.trigger.list", {}),
        [*seeded, {"NAME": "Payment received", "CODE": "paid"}],
    )
    assert_ok(app_call(http, sandbox, "crm.automation.trigger.delete", {"CODE": "c5u4m"}))
    assert "c5u4m" not in sandbox.app_triggers
    response = app_call(http, sandbox, "crm.automation.trigger.delete", {"CODE": "c5u4m"})
    assert_error(response, 400, "", "Trigger not found")
    params = {"CODE": "c5u4m", "OWNER_TYPE_ID": 2, "OWNER_ID": 6}
    response = app_call(http, sandbox, "crm.automation.trigger.execute", params)
    assert_error(response, 400, "", "Trigger with code c5u4m is not registered.")


@pytest.mark.parametrize(
    ("params", "text"),
    [
        ({"NAME": "No code"}, "Empty trigger code!"),
        ({"CODE": "bad code", "NAME": "Bad"}, "Wrong trigger code!"),
        ({"CODE": "fine"}, "Empty trigger name!"),
        ({"CODE": "fine", "NAME": "   "}, "Empty trigger name!"),
    ],
)
def test_add_errors(
    sandbox: Sandbox, http: httpx.Client, params: dict[str, Any], text: str
) -> None:
    assert_error(app_call(http, sandbox, "crm.automation.trigger.add", params), 400, "", text)


@pytest.mark.parametrize(
    ("params", "text"), [({}, "Empty trigger code!"), ({"CODE": "a b"}, "Wrong trigger code!")]
)
def test_delete_code_errors(
    sandbox: Sandbox, http: httpx.Client, params: dict[str, Any], text: str
) -> None:
    assert_error(app_call(http, sandbox, "crm.automation.trigger.delete", params), 400, "", text)


# --- tokens ---------------------------------------------------------------------------


def refresh(
    http: httpx.Client, sandbox: Sandbox, refresh_token: str, **overrides: str
) -> httpx.Response:
    params = {
        "grant_type": "refresh_token",
        "client_id": sandbox.seed.bitrix_client_id,
        "client_secret": sandbox.seed.bitrix_client_secret,
        "refresh_token": refresh_token,
        **overrides,
    }
    return http.get("/bitrix24-oauth/oauth/token/", params=params)


def test_expired_token_then_refresh_then_new_token_works(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    old_access, old_refresh = sandbox.seed.bitrix_access_token, sandbox.seed.bitrix_refresh_token
    sandbox.expire_bitrix_token()
    response = app_call(http, sandbox, "crm.automation.trigger.list", {})
    assert_error(response, 401, "expired_token", "The access token provided has expired.")

    answer = refresh(http, sandbox, old_refresh)
    assert answer.status_code == 200
    tokens = answer.json()
    assert tokens["expires_in"] == 3600
    assert tokens["client_endpoint"] == f"{sandbox.base_url}/rest/"
    assert tokens["member_id"] == sandbox.seed.bitrix_member_id
    assert tokens["domain"] and tokens["scope"] == "crm"
    assert tokens["expires"] >= int(time.time()) + 3590
    assert tokens["access_token"] not in (old_access, "") and tokens["refresh_token"] != old_refresh
    assert (sandbox.bitrix_access_token, sandbox.bitrix_refresh_token) == (
        tokens["access_token"],
        tokens["refresh_token"],
    )
    assert sandbox.token_refreshes == 1

    assert_ok(
        app_call(http, sandbox, "crm.automation.trigger.list", {}, token=tokens["access_token"]),
        [
            {"NAME": "Sandbox trigger", "CODE": "c5u4m"},
            {"NAME": "Call completed", "CODE": "call_done"},
        ],
    )
    # The old refresh token is spent.
    assert_error(
        refresh(http, sandbox, old_refresh),
        400,
        "invalid_grant",
        "Invalid authorization tokens were provided when obtaining access_token",
    )
    assert sandbox.token_refreshes == 1
    # The new one works once.
    assert refresh(http, sandbox, tokens["refresh_token"]).status_code == 200
    assert sandbox.token_refreshes == 2


def test_refresh_without_expiry_keeps_the_old_access_token_until_it_expires(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    assert refresh(http, sandbox, sandbox.seed.bitrix_refresh_token).status_code == 200
    assert_ok(
        app_call(http, sandbox, "crm.automation.trigger.execute", VALID_APP_PARAMS[APP_METHODS[0]])
    )


def test_refresh_with_wrong_client_or_grant(sandbox: Sandbox, http: httpx.Client) -> None:
    live = sandbox.seed.bitrix_refresh_token
    response = refresh(http, sandbox, live, client_secret="wrong")
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"
    response = refresh(http, sandbox, live, grant_type="authorization_code")
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    assert sandbox.token_refreshes == 0
    assert sandbox.bitrix_refresh_token == live  # refused attempts spend nothing


def test_refresh_without_trailing_slash_and_by_post(sandbox: Sandbox, http: httpx.Client) -> None:
    form = {
        "grant_type": "refresh_token",
        "client_id": sandbox.seed.bitrix_client_id,
        "client_secret": sandbox.seed.bitrix_client_secret,
        "refresh_token": sandbox.seed.bitrix_refresh_token,
    }
    assert http.post("/bitrix24-oauth/oauth/token", data=form).status_code == 200


def test_expiring_a_named_token_leaves_the_others(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.expire_bitrix_token(sandbox.seed.bitrix_non_admin_access_token)
    token = sandbox.seed.bitrix_non_admin_access_token
    response = app_call(http, sandbox, "crm.automation.trigger", {"target": "DEAL_1"}, token=token)
    assert response.json()["error"] == "expired_token"
    assert_ok(app_call(http, sandbox, "crm.automation.trigger", {"target": "DEAL_1"}))
    with pytest.raises(KeyError):
        sandbox.expire_bitrix_token("never-issued")
