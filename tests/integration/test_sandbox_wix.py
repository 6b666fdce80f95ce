"""The sandbox's Wix API over real HTTP: RunTrigger, ReportEvent, CancelEvent, app tokens."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from trigger_desk.sandbox import Sandbox

TRIGGER_ID = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"
ENTITY = "16ef8c9c-413e-4d5f-b77d-8c67c3c8ae0c"
RUN = "/wix/v1/trigger-custom"
SDK_RUN = "/wix/_serverless/crm-automations-utils/v1/trigger-custom"
REPORT = "/wix/automations/v1/events/report"
CANCEL = "/wix/automations/v1/events/cancel"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running
        assert running.errors == []


def key_headers(sandbox: Sandbox) -> dict[str, str]:
    return {"Authorization": sandbox.seed.wix_api_key, "wix-site-id": sandbox.seed.wix_site_id}


def grant(http: httpx.Client, sandbox: Sandbox, **overrides: str) -> httpx.Response:
    seed = sandbox.seed
    body = {
        "grant_type": "client_credentials",
        "client_id": seed.wix_app_id,
        "client_secret": seed.wix_app_secret,
        "instance_id": seed.wix_instance_id,
        **overrides,
    }
    return http.post("/wix/oauth2/token", json=body)


@pytest.fixture
def app_headers(http: httpx.Client, sandbox: Sandbox) -> dict[str, str]:
    return {"Authorization": grant(http, sandbox).json()["access_token"]}


def app_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["x-wix-request-id"]
    body: dict[str, Any] = response.json()
    error = body["details"]["applicationError"]
    assert error["code"] == code and error["description"] and error["data"] == {}
    assert body["message"]
    return body


def violations(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 400, response.text
    assert response.headers["x-wix-request-id"]
    fields: list[dict[str, str]] = response.json()["details"]["validationError"]["fieldViolations"]
    assert all(set(v) == {"field", "description", "violatedRule"} for v in fields)
    return fields


# --- RunTrigger -----------------------------------------------------------------------


def test_run_trigger_with_an_api_key(sandbox: Sandbox, http: httpx.Client) -> None:
    payload = {"firstName": "Amy", "age": 50}
    response = http.post(
        RUN, json={"triggerId": TRIGGER_ID, "payload": payload}, headers=key_headers(sandbox)
    )
    assert (response.status_code, response.json()) == (200, {})
    assert response.headers["x-wix-request-id"]
    [fired] = sandbox.fired
    assert (fired.call_id, fired.detail["payload"], fired.detail["app_id"]) == (
        "wix.run-trigger",
        payload,
        None,
    )


def test_run_trigger_at_the_sdk_path_with_an_app_token(
    sandbox: Sandbox, http: httpx.Client, app_headers: dict[str, str]
) -> None:
    response = http.post(SDK_RUN, json={"triggerId": TRIGGER_ID}, headers=app_headers)
    assert (response.status_code, response.json()) == (200, {})
    assert sandbox.fired[0].detail["app_id"] == sandbox.seed.wix_app_id


def test_run_trigger_argument_errors(sandbox: Sandbox, http: httpx.Client) -> None:
    headers = key_headers(sandbox)
    [v] = violations(http.post(RUN, json={"triggerId": "not-a-guid"}, headers=headers))
    assert (v["field"], v["violatedRule"]) == ("triggerId", "FORMAT")
    [v] = violations(http.post(RUN, json={}, headers=headers))
    assert (v["field"], v["violatedRule"]) == ("triggerId", "REQUIRED_FIELD")
    [v] = violations(
        http.post(RUN, json={"triggerId": TRIGGER_ID, "payload": [1]}, headers=headers)
    )
    assert v["field"] == "payload"
    unknown = "00000000-0000-4000-8000-000000000000"
    app_error(
        http.post(RUN, json={"triggerId": unknown}, headers=headers), 404, "TRIGGER_NOT_FOUND"
    )
    response = http.post(RUN, content=b"not json", headers=headers)
    app_error(response, 400, "INVALID_ARGUMENT")
    assert sandbox.fired == []


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "IST.unknown"}, 401),
        ({"wix-site-id": "x"}, 401),
        ({"Authorization": "<key>"}, 403),  # no site id
        ({"Authorization": "<key>", "wix-account-id": "acc"}, 403),  # site-level call
        ({"Authorization": "<key>", "wix-site-id": "<site>", "wix-account-id": "acc"}, 403),
        ({"Authorization": "<key>", "wix-site-id": "00000000-0000-4000-8000-000000000000"}, 403),
    ],
)
def test_api_key_header_rules(
    sandbox: Sandbox, http: httpx.Client, headers: dict[str, str], status: int
) -> None:
    filled = {
        name: value.replace("<key>", sandbox.seed.wix_api_key).replace(
            "<site>", sandbox.seed.wix_site_id
        )
        for name, value in headers.items()
    }
    response = http.post(RUN, json={"triggerId": TRIGGER_ID}, headers=filled)
    app_error(response, status, "UNAUTHENTICATED" if status == 401 else "PERMISSION_DENIED")


def test_api_key_without_permission(sandbox: Sandbox, http: httpx.Client) -> None:
    headers = {
        "Authorization": sandbox.seed.wix_limited_api_key,
        "wix-site-id": sandbox.seed.wix_site_id,
    }
    body = app_error(
        http.post(RUN, json={"triggerId": TRIGGER_ID}, headers=headers), 403, "PERMISSION_DENIED"
    )
    assert "SCOPE.CRM.ACCESS-VERTICALS-BY-AUTOMATIONS" in body["message"]


def test_authorization_is_the_raw_token_without_prefix(
    sandbox: Sandbox, http: httpx.Client, app_headers: dict[str, str]
) -> None:
    bearer = {"Authorization": f"Bearer {app_headers['Authorization']}"}
    app_error(
        http.post(RUN, json={"triggerId": TRIGGER_ID}, headers=bearer), 401, "UNAUTHENTICATED"
    )


# --- app tokens ------------------------------------------------------------------------


def test_token_grant_is_counted_and_invalidation_answers_401(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    response = grant(http, sandbox)
    assert response.status_code == 200 and response.headers["x-wix-request-id"]
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 14400 and body["access_token"]
    assert sandbox.wix_token_grants == 1
    sent = sandbox.received[-1]
    assert sent.json["grant_type"] == "client_credentials"

    headers = {"Authorization": body["access_token"]}
    assert http.post(RUN, json={"triggerId": TRIGGER_ID}, headers=headers).status_code == 200
    sandbox.invalidate_wix_tokens()
    app_error(
        http.post(RUN, json={"triggerId": TRIGGER_ID}, headers=headers), 401, "UNAUTHENTICATED"
    )
    fresh = {"Authorization": grant(http, sandbox).json()["access_token"]}
    assert http.post(RUN, json={"triggerId": TRIGGER_ID}, headers=fresh).status_code == 200
    assert sandbox.wix_token_grants == 2


def test_token_grant_refusals(sandbox: Sandbox, http: httpx.Client) -> None:
    app_error(grant(http, sandbox, client_secret="wrong"), 401, "UNAUTHENTICATED")
    app_error(
        grant(http, sandbox, instance_id="00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND"
    )
    [v] = violations(grant(http, sandbox, grant_type="refresh_token"))
    assert v["field"] == "grant_type"
    assert sandbox.wix_token_grants == 0


# --- ReportEvent ------------------------------------------------------------------------


def test_report_event_returns_activation_ids_or_empty(
    sandbox: Sandbox, http: httpx.Client, app_headers: dict[str, str]
) -> None:
    body = {"triggerKey": "my_trigger", "payload": {"name": "John Doe"}, "externalEntityId": ENTITY}
    response = http.post(REPORT, json=body, headers=app_headers)
    assert response.status_code == 200 and response.headers["x-wix-request-id"]
    [activation] = response.json()["activationIds"]
    assert len(activation) == 36
    # A trigger no automation uses yet answers {}.
    response = http.post(
        REPORT, json={"triggerKey": "form_submitted", "payload": {}}, headers=app_headers
    )
    assert (response.status_code, response.json()) == (200, {})
    assert [event.trigger_key for event in sandbox.wix_events] == ["my_trigger", "form_submitted"]


def test_repeated_idempotency_key_is_ignored(
    sandbox: Sandbox, http: httpx.Client, app_headers: dict[str, str]
) -> None:
    body = {"triggerKey": "my_trigger", "payload": {"name": "A"}, "idempotency": {"key": "order-1"}}
    first = http.post(REPORT, json=body, headers=app_headers)
    second = http.post(REPORT, json=body, headers=app_headers)
    assert first.json()["activationIds"] and (second.status_code, second.json()) == (200, {})
    assert len(sandbox.wix_events) == 1
    # An expired key (ttl 1 ms) lets the event through again.
    short = {**body, "idempotency": {"key": "order-2", "ttlInMilliseconds": "1"}}
    http.post(REPORT, json=short, headers=app_headers)
    time.sleep(0.01)  # longer than the key's 1 ms TTL
    http.post(REPORT, json=short, headers=app_headers)
    assert len(sandbox.wix_events) == 3


@pytest.mark.parametrize(
    "body", [{"payload": {"name": "A"}}, {"triggerKey": "my_trigger"}, {"triggerKey": ""}]
)
def test_report_event_required_property(
    http: httpx.Client, app_headers: dict[str, str], body: dict[str, Any]
) -> None:
    response = http.post(REPORT, json=body, headers=app_headers)
    assert app_error(response, 400, "REQUIRED_PROPERTY")["message"] == "Missing request payload."


def test_report_event_field_and_payload_rules(
    http: httpx.Client, app_headers: dict[str, str]
) -> None:
    [v] = violations(
        http.post(REPORT, json={"triggerKey": "k" * 101, "payload": {}}, headers=app_headers)
    )
    assert (v["field"], v["violatedRule"]) == ("triggerKey", "MAX_LENGTH")
    payload = {
        "_hidden": 1,
        "bad-key": "x",
        "nested": {"a": 1},
        "rows": [{"deep": [1]}],
        "ok": True,
    }
    found = violations(
        http.post(
            REPORT, json={"triggerKey": "my_trigger", "payload": payload}, headers=app_headers
        )
    )
    assert [v["field"] for v in found] == [
        "payload._hidden",
        "payload.bad-key",
        "payload.nested",
        "payload.rows[0].deep",
    ]
    body = {"triggerKey": "my_trigger", "payload": {"name": "A"}, "externalEntityId": "nope"}
    [v] = violations(http.post(REPORT, json=body, headers=app_headers))
    assert (v["field"], v["violatedRule"]) == ("externalEntityId", "FORMAT")
    body = {
        "triggerKey": "my_trigger",
        "payload": {"name": "A"},
        "idempotency": {"key": "k", "ttlInMilliseconds": "soon"},
    }
    [v] = violations(http.post(REPORT, json=body, headers=app_headers))
    assert v["field"] == "idempotency.ttlInMilliseconds"


@pytest.mark.parametrize("payload", [{"name": 5}, {}, {"name": "A", "age": "old"}])
def test_payload_outside_the_trigger_schema(
    http: httpx.Client, app_headers: dict[str, str], payload: dict[str, Any]
) -> None:
    key = "form_submitted" if "age" in payload else "my_trigger"
    response = http.post(REPORT, json={"triggerKey": key, "payload": payload}, headers=app_headers)
    assert (
        app_error(response, 428, "SCHEMA_VALIDATION_FAILED")["message"]
        == "Schema validation failed."
    )


def test_unknown_and_foreign_trigger_keys(
    sandbox: Sandbox, http: httpx.Client, app_headers: dict[str, str]
) -> None:
    body = {"triggerKey": "no_such_key", "payload": {}}
    app_error(http.post(REPORT, json=body, headers=app_headers), 404, "TRIGGER_NOT_FOUND")
    body = {"triggerKey": "other_app_event", "payload": {"name": "A"}}
    app_error(http.post(REPORT, json=body, headers=app_headers), 403, "PERMISSION_DENIED")
    assert sandbox.wix_events == []


def test_api_key_events_are_refused_unless_switched_on(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    body = {"triggerKey": "my_trigger", "payload": {"name": "A"}}
    app_error(http.post(REPORT, json=body, headers=key_headers(sandbox)), 403, "PERMISSION_DENIED")
    sandbox.set_mode(wix_api_key_events=True)
    assert http.post(REPORT, json=body, headers=key_headers(sandbox)).status_code == 200


# --- CancelEvent ------------------------------------------------------------------------


def test_cancel_event(sandbox: Sandbox, http: httpx.Client, app_headers: dict[str, str]) -> None:
    report = {"triggerKey": "my_trigger", "payload": {"name": "A"}, "externalEntityId": ENTITY}
    http.post(REPORT, json=report, headers=app_headers)
    response = http.post(
        CANCEL, json={"triggerKey": "my_trigger", "externalEntityId": ENTITY}, headers=app_headers
    )
    assert (response.status_code, response.json()) == (200, {})
    assert response.headers["x-wix-request-id"]
    assert [event.cancelled for event in sandbox.wix_events] == [True]
    assert sandbox.fired[-1].call_id == "wix.cancel-event"


def test_cancel_event_errors(http: httpx.Client, app_headers: dict[str, str]) -> None:
    app_error(
        http.post(CANCEL, json={"externalEntityId": ENTITY}, headers=app_headers),
        400,
        "REQUIRED_PROPERTY",
    )
    [v] = violations(http.post(CANCEL, json={"triggerKey": "my_trigger"}, headers=app_headers))
    assert (v["field"], v["violatedRule"]) == ("externalEntityId", "REQUIRED_FIELD")
    [v] = violations(
        http.post(
            CANCEL, json={"triggerKey": "my_trigger", "externalEntityId": "x"}, headers=app_headers
        )
    )
    assert v["violatedRule"] == "FORMAT"
    body = {"triggerKey": "other_app_event", "externalEntityId": ENTITY}
    app_error(http.post(CANCEL, json=body, headers=app_headers), 403, "PERMISSION_DENIED")


def test_unknown_wix_path_is_an_empty_404_with_a_request_id(http: httpx.Client) -> None:
    response = http.post("/wix/v2/nothing-here", json={})
    assert (response.status_code, response.content) == (404, b"")
    assert response.headers["x-wix-request-id"]
    assert http.get(RUN).status_code == 404  # POST only
