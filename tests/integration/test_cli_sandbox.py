"""`trigger-desk fire` against the sandbox: every call with each auth kind it accepts, bad
input that never reaches the server, and each kind of failure with its exit code."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support.cli import (
    CONTRACT_KEYS,
    CUSTOM_TRIGGER_ID,
    ENTITY_ID,
    PHASES,
    Cli,
    closed_port_url,
    history_count,
    sandbox_secrets,
)
from trigger_desk.sandbox import Sandbox


def assert_no_secret(sandbox: Sandbox, text: str) -> None:
    for secret in sandbox_secrets(sandbox):
        assert secret not in text


def wix_path(sandbox: Sandbox, path: str) -> str:
    return urlsplit(sandbox.wix_api_base).path + path


# --- every call, each auth kind: ok, history id, timings, exactly the documented request ------

CALLS: list[Any] = [
    pytest.param(
        "b24",
        ["bitrix24.trigger", "--set", "target=DEAL_57", "--set", "code=won"],
        "/rest/1/{webhook}/crm.automation.trigger.json",
        {"target": "DEAL_57", "code": "won"},
        id="trigger-webhook",
    ),
    pytest.param(
        "b24-app",
        ["bitrix24.trigger", "--set", "target=LEAD_25"],
        "/rest/crm.automation.trigger.json",
        {"target": "LEAD_25", "auth": "{access}"},
        id="trigger-oauth",
    ),
    pytest.param(
        "b24-app",
        [
            "bitrix24.trigger.execute",
            "--set",
            "CODE=c5u4m",
            "--set",
            "OWNER_TYPE_ID=2",
            "--set",
            "OWNER_ID=6",
        ],
        "/rest/crm.automation.trigger.execute.json",
        {"CODE": "c5u4m", "OWNER_TYPE_ID": 2, "OWNER_ID": 6, "auth": "{access}"},
        id="execute-oauth",
    ),
    pytest.param(
        "b24-app",
        ["bitrix24.trigger.list"],
        "/rest/crm.automation.trigger.list.json",
        {"auth": "{access}"},
        id="list-oauth",
    ),
    pytest.param(
        "wix",
        [
            "wix.run-trigger",
            "--set",
            f"triggerId={CUSTOM_TRIGGER_ID}",
            "--payload",
            '{"firstName": "Amy", "age": 50}',
        ],
        "{wix}/v1/trigger-custom",
        {"triggerId": CUSTOM_TRIGGER_ID, "payload": {"firstName": "Amy", "age": 50}},
        id="run-trigger-api-key",
    ),
    pytest.param(
        "wix-app",
        ["wix.run-trigger", "--set", f"triggerId={CUSTOM_TRIGGER_ID}"],
        "{wix}/v1/trigger-custom",
        {"triggerId": CUSTOM_TRIGGER_ID},
        id="run-trigger-app-oauth",
    ),
    pytest.param(
        "wix-app",
        [
            "wix.report-event",
            "--set",
            "triggerKey=form_submitted",
            "--set",
            f"externalEntityId={ENTITY_ID}",
            "--set",
            "idempotency.key=pytest-1",
            "--set",
            "idempotency.ttlInMilliseconds=60000",
            "--payload",
            '{"name": "Amy", "age": 50}',
        ],
        "{wix}/automations/v1/events/report",
        {
            "triggerKey": "form_submitted",
            "externalEntityId": ENTITY_ID,
            "idempotency": {"key": "pytest-1", "ttlInMilliseconds": "60000"},
            "payload": {"name": "Amy", "age": 50},
        },
        id="report-event-app-oauth",
    ),
]


@pytest.mark.parametrize(("profile", "argv", "path", "body"), CALLS)
def test_each_call_is_accepted_and_sent_exactly_as_documented(
    cli: Cli, sandbox: Sandbox, profile: str, argv: list[str], path: str, body: dict[str, Any]
) -> None:
    seed = sandbox.seed
    result = cli("fire", *argv, "--profile", profile, "--json")
    assert result.code == 0, result.text
    data = result.json()
    assert set(data) >= CONTRACT_KEYS
    assert data["ok"] is True and data["outcome"] == "ok" and data["call"] == argv[0]
    assert isinstance(data["history_id"], int)
    assert set(data["timings_ms"]) == PHASES and data["timings_ms"]["total"] > 0
    assert_no_secret(sandbox, result.text)

    received = sandbox.received[-1]
    assert received.method == "POST"
    assert received.path == path.format(
        webhook=seed.bitrix_webhook_secret, wix=wix_path(sandbox, "")
    )
    expected = {
        key: (sandbox.bitrix_access_token if value == "{access}" else value)
        for key, value in body.items()
    }
    assert received.json == expected
    assert received.headers["content-type"] == "application/json"
    assert received.headers["accept"] == "application/json"
    if profile == "wix":
        assert received.headers["authorization"] == seed.wix_api_key
        assert received.headers["wix-site-id"] == seed.wix_site_id
    elif profile == "wix-app":
        assert received.headers["authorization"].startswith("OauthNG")
        assert "wix-site-id" not in received.headers
    else:
        assert "authorization" not in received.headers
    assert history_count() == 1


def test_add_then_delete_an_application_trigger(cli: Cli, sandbox: Sandbox) -> None:
    added = cli(
        "fire",
        "bitrix24.trigger.add",
        "--profile",
        "b24-app",
        "--set",
        "CODE=pytest_code",
        "--set",
        "NAME=Added by pytest",
    )
    assert added.code == 0, added.text
    assert sandbox.app_triggers["pytest_code"] == "Added by pytest"
    deleted = cli(
        "fire", "bitrix24.trigger.delete", "--profile", "b24-app", "--set", "CODE=pytest_code"
    )
    assert deleted.code == 0, deleted.text
    assert "pytest_code" not in sandbox.app_triggers


def test_report_then_cancel_an_event(cli: Cli, sandbox: Sandbox) -> None:
    entity = "0b6c2f0e-7a41-4c1e-9d0e-3a5b7c9d1e2f"
    report = cli(
        "fire",
        "wix.report-event",
        "--profile",
        "wix-app",
        "--set",
        "triggerKey=my_trigger",
        "--set",
        f"externalEntityId={entity}",
        "--payload",
        '{"name": "Amy"}',
    )
    assert report.code == 0, report.text
    cancel = cli(
        "fire",
        "wix.cancel-event",
        "--profile",
        "wix-app",
        "--set",
        "triggerKey=my_trigger",
        "--set",
        f"externalEntityId={entity}",
        "--json",
    )
    assert cancel.code == 0, cancel.text
    assert sandbox.received[-1].json == {"triggerKey": "my_trigger", "externalEntityId": entity}
    assert [
        event.cancelled for event in sandbox.wix_events if event.external_entity_id == entity
    ] == [True]


def test_expired_bitrix_token_is_refreshed_once_and_kept(cli: Cli, sandbox: Sandbox) -> None:
    refreshes = sandbox.token_refreshes
    sandbox.expire_bitrix_token()
    first = cli(
        "fire", "bitrix24.trigger", "--profile", "b24-app", "--set", "target=DEAL_1", "--json"
    )
    assert first.code == 0, first.text
    assert any("refreshed" in note for note in first.json()["notes"])
    assert sandbox.token_refreshes == refreshes + 1
    # The new pair is in the (injected) keyring: the next run uses it without refreshing.
    assert cli.store.get("b24-app", "refresh_token") == sandbox.bitrix_refresh_token
    assert cli.store.get("b24-app", "access_token") == sandbox.bitrix_access_token
    second = cli("fire", "bitrix24.trigger", "--profile", "b24-app", "--set", "target=DEAL_1")
    assert second.code == 0, second.text
    assert sandbox.token_refreshes == refreshes + 1
    assert_no_secret(sandbox, first.text + second.text)


# --- bad input never reaches the sandbox ---------------------------------------------------------

BAD_INPUTS = [
    pytest.param(["bitrix24.trigerr", "--profile", "b24"], "bitrix24.trigerr", id="unknown-call"),
    pytest.param(
        ["bitrix24.trigger", "--profile", "prod", "--set", "target=DEAL_1"],
        "prod",
        id="unknown-profile",
    ),
    pytest.param(
        [
            "bitrix24.trigger.execute",
            "--profile",
            "b24",
            "--set",
            "CODE=c5u4m",
            "--set",
            "OWNER_TYPE_ID=2",
            "--set",
            "OWNER_ID=6",
        ],
        "b24",
        id="auth-kind",
    ),
    pytest.param(
        ["bitrix24.trigger", "--profile", "b24", "--set", "target=deal_57"],
        "target",
        id="bad-field",
    ),
    pytest.param(
        ["bitrix24.trigger", "--profile", "b24", "--set", "Target=DEAL_57"],
        "Target",
        id="field-as-typed",
    ),
    pytest.param(
        [
            "wix.report-event",
            "--profile",
            "wix-app",
            "--set",
            "triggerKey=my_trigger",
            "--payload",
            '{"name": null}',
        ],
        "payload.name",
        id="bad-payload",
    ),
    pytest.param(
        [
            "wix.report-event",
            "--profile",
            "wix-app",
            "--set",
            "triggerKey=my_trigger",
            "--payload",
            '{"name": "x"',
        ],
        "payload",
        id="payload-not-json",
    ),
    pytest.param(
        ["wix.cancel-event", "--profile", "wix-app", "--set", "triggerKey=my_trigger"],
        "externalEntityId",
        id="missing-required",
    ),
]


@pytest.mark.parametrize(("argv", "field"), BAD_INPUTS)
def test_bad_input_exits_2_and_the_sandbox_receives_nothing(
    cli: Cli, sandbox: Sandbox, argv: list[str], field: str
) -> None:
    grants = sandbox.wix_token_grants
    for extra in ([], ["--json"], ["--dry-run"]):
        result = cli("fire", *argv, *extra)
        assert result.code == 2, result.text
        if extra == ["--json"]:
            data = result.json()
            assert data["outcome"] == "invalid_input" and data["ok"] is False
            assert field in [error["field"] for error in data["errors"]]
        else:
            assert f"\n  {field}: " in result.err
        assert "Traceback" not in result.text
    assert sandbox.received == []
    assert sandbox.wix_token_grants == grants  # not even a token was asked for
    assert history_count() == 0


def test_dry_run_sends_nothing_and_masks_secrets(cli: Cli, sandbox: Sandbox) -> None:
    for profile, argv in (
        ("b24", ["bitrix24.trigger", "--set", "target=DEAL_57"]),
        ("b24-app", ["bitrix24.trigger", "--set", "target=DEAL_57"]),
        ("wix", ["wix.run-trigger", "--set", f"triggerId={CUSTOM_TRIGGER_ID}"]),
        ("wix-app", ["wix.run-trigger", "--set", f"triggerId={CUSTOM_TRIGGER_ID}"]),
    ):
        for extra in ([], ["--json"]):
            result = cli("fire", *argv, "--profile", profile, "--dry-run", *extra)
            assert result.code == 0, result.text
            assert_no_secret(sandbox, result.text)
    assert sandbox.received == []
    assert history_count() == 0


# --- failures: the right outcome, a hint, exit 1 or 3, and a history row ---------------------


def fire_json(cli: Cli, *argv: str) -> tuple[int, dict[str, Any]]:
    result = cli("fire", *argv, "--json")
    return result.code, result.json()


def test_wrong_credentials_exit_1_auth(cli: Cli, sandbox: Sandbox) -> None:
    stdin = f"webhook_url={sandbox.base_url}/rest/1/notTheSecret1/\n"
    assert (
        cli(
            "profiles", "add", "wrong", "--platform", "bitrix24", "--auth", "webhook", stdin=stdin
        ).code
        == 0
    )
    code, data = fire_json(cli, "bitrix24.trigger", "--profile", "wrong", "--set", "target=DEAL_1")
    assert code == 1
    assert data["outcome"] == "auth" and data["status"] == 401
    assert data["error"]["code"] == "NO_AUTH_FOUND" and data["hint"]
    assert "notTheSecret1" not in str(data)
    assert isinstance(data["history_id"], int) and history_count() == 1


@pytest.mark.parametrize("target", ["DEAL_999999", "LEAD_424242", "DYNAMIC_999_5"])
def test_target_not_found_is_explained_with_both_readings(
    cli: Cli, sandbox: Sandbox, target: str
) -> None:
    # DEAL is a valid type: the answer cannot be blamed on the type name alone.
    result = cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", f"target={target}")
    assert result.code == 1, result.text
    assert "Refused by Bitrix24: Target is not found." in result.out
    assert "no item of that type with this id" in result.out
    assert "Check that the item exists" in result.out
    assert "Server error" not in result.out


def test_rate_limited_exit_1_after_bounded_retries(cli: Cli, sandbox: Sandbox) -> None:
    sandbox.set_mode(rate_limit=True, retry_after=0)
    code, data = fire_json(
        cli, "wix.run-trigger", "--profile", "wix", "--set", f"triggerId={CUSTOM_TRIGGER_ID}"
    )
    assert code == 1
    assert data["outcome"] == "rate_limited" and data["status"] == 429 and data["hint"]
    assert data["attempts"] == 5 and len(sandbox.received) == 5
    assert history_count() == 1


def test_html_502_exit_1_server_error(cli: Cli, sandbox: Sandbox) -> None:
    sandbox.set_mode(html_502=True)
    code, data = fire_json(cli, "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1")
    assert code == 1
    assert data["outcome"] == "server_error" and data["status"] == 502 and data["hint"]
    assert history_count() == 1
    human = cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1")
    assert human.code == 1 and "Server error (server_error) · HTTP 502" in human.out
    assert "502 Bad Gateway" in human.out  # the proxy's page, shown as text


def test_dropped_connection_exit_3_and_not_retried(cli: Cli, sandbox: Sandbox) -> None:
    sandbox.set_mode(drop=True)
    code, data = fire_json(cli, "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1")
    assert code == 3
    assert data["outcome"] == "network" and data["response"] is None
    assert "may have received" in data["hint"]
    assert len(sandbox.received) == 1
    assert history_count() == 1


def test_slow_answer_with_timeout_exit_3(cli: Cli, sandbox: Sandbox) -> None:
    sandbox.set_mode(slow=2)
    code, data = fire_json(
        cli, "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1", "--timeout", "0.3"
    )
    assert code == 3 and data["outcome"] == "timeout"
    assert history_count() == 1


def test_refused_connection_exit_3(cli: Cli) -> None:
    stdin = f"webhook_url={closed_port_url()}/rest/1/abcdefgh123/\n"
    assert (
        cli(
            "profiles", "add", "gone", "--platform", "bitrix24", "--auth", "webhook", stdin=stdin
        ).code
        == 0
    )
    code, data = fire_json(cli, "bitrix24.trigger", "--profile", "gone", "--set", "target=DEAL_1")
    assert code == 3
    assert data["outcome"] == "network" and data["hint"]
    assert history_count() == 1


def test_moved_portal_is_reported_not_followed(cli: Cli, sandbox: Sandbox) -> None:
    sandbox.set_mode(redirect=True)
    result = cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1")
    assert result.code == 1
    assert "Update the profile" in result.out
    assert len(sandbox.received) == 1
    assert_no_secret(sandbox, result.text)
