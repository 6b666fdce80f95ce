"""cURL copies of stored requests: secrets become $TRIGGER_DESK_* variables, and the
command, run by a real shell and curl with those variables set, sends the same call."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

import pytest

from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.core.calls import find_call
from trigger_desk.core.curl import curl_from_record, curl_variables, shell_word
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.record import RequestRecord
from trigger_desk.core.redact import Redactor
from trigger_desk.core.request import build_request
from trigger_desk.core.validation import validate_call

HOOK_SECRET = "hooksecret42xyz"
API_KEY = "IST.eyJraWQiOiJQb3pIX2FD"
ACCESS_TOKEN = "oauth-access-token-777"


@pytest.fixture
def server(server: ScriptedServer) -> ScriptedServer:
    """The shared scripted server, answering `{"result": true}` when nothing is scripted."""
    server.default = Answer(200, {"result": True})
    return server


def stored(
    call_id: str,
    profile: Profile,
    secrets: dict[str, str],
    values: dict[str, Any],
    payload: Any = None,
) -> RequestRecord:
    """What history keeps for a request: built by the real request builder, then masked."""
    call = find_call(call_id)
    assert call is not None
    typed = validate_call(call, profile, values, payload)
    outgoing = build_request(call, profile, secrets, typed, payload)
    return outgoing.masked(Redactor(secrets))


def run_in_shell(command: str, env: dict[str, str]) -> None:
    if shutil.which("curl") is None or shutil.which("sh") is None:
        pytest.skip("needs curl and a POSIX shell on PATH")
    result = subprocess.run(
        ["sh", "-c", command + " --silent --show-error --output /dev/null"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_webhook_secret_becomes_variable_and_curl_reaches_the_same_path(
    server: ScriptedServer,
) -> None:
    profile = Profile("hook", Platform.BITRIX24, AuthKind.WEBHOOK, {})
    secrets = {"webhook_url": f"{server.base_url}/rest/7/{HOOK_SECRET}/"}
    record = stored("bitrix24.trigger", profile, secrets, {"target": "DEAL_57", "code": "c5u4m"})
    assert "/rest/7/****/" in record.url

    command = curl_from_record(record)

    assert HOOK_SECRET not in command and "****" not in command
    assert '/rest/7/"$TRIGGER_DESK_WEBHOOK_SECRET"/crm.automation.trigger.json' in command
    assert curl_variables(command) == ["TRIGGER_DESK_WEBHOOK_SECRET"]
    assert "X-Request-ID" not in command  # a re-sent call gets a fresh id
    run_in_shell(command, {"TRIGGER_DESK_WEBHOOK_SECRET": HOOK_SECRET})
    [got] = server.received
    assert got.path == f"/rest/7/{HOOK_SECRET}/crm.automation.trigger.json"
    assert got.json() == {"target": "DEAL_57", "code": "c5u4m"}
    assert got.headers["Content-Type"] == "application/json"


def test_oauth_auth_in_body_becomes_access_token_variable(server: ScriptedServer) -> None:
    profile = Profile("app", Platform.BITRIX24, AuthKind.OAUTH, {"portal": server.base_url})
    secrets = {
        "access_token": ACCESS_TOKEN,
        "refresh_token": "r-123456",
        "client_secret": "cs-123456",
    }
    record = stored(
        "bitrix24.trigger.execute",
        profile,
        secrets,
        {"CODE": "c5u4m", "OWNER_TYPE_ID": "2", "OWNER_ID": "6"},
    )
    assert json.loads(record.body)["auth"] == "****"

    command = curl_from_record(record)

    assert ACCESS_TOKEN not in command and "****" not in command
    assert curl_variables(command) == ["TRIGGER_DESK_ACCESS_TOKEN"]
    run_in_shell(command, {"TRIGGER_DESK_ACCESS_TOKEN": ACCESS_TOKEN})
    [got] = server.received
    assert got.json() == {"CODE": "c5u4m", "OWNER_TYPE_ID": 2, "OWNER_ID": 6, "auth": ACCESS_TOKEN}


def test_wix_api_key_authorization_becomes_api_key_variable(server: ScriptedServer) -> None:
    profile = Profile(
        "site", Platform.WIX, AuthKind.API_KEY, {"site_id": "site-1", "api_base": server.base_url}
    )
    record = stored(
        "wix.report-event",
        profile,
        {"api_key": API_KEY},
        {"triggerKey": "form_submitted"},
        {"name": "O'Brien $HOME `x` !bang"},
    )
    assert record.headers["Authorization"] == "****"

    command = curl_from_record(record)

    assert API_KEY not in command
    assert curl_variables(command) == ["TRIGGER_DESK_API_KEY"]
    run_in_shell(command, {"TRIGGER_DESK_API_KEY": API_KEY, "HOME": "/should/not/expand"})
    [got] = server.received
    assert got.headers["Authorization"] == API_KEY
    assert got.headers["wix-site-id"] == "site-1"
    # Quotes, $, backticks and ! in the payload travel literally.
    assert got.json() == {
        "triggerKey": "form_submitted",
        "payload": {"name": "O'Brien $HOME `x` !bang"},
    }


def test_wix_token_without_site_id_is_an_access_token() -> None:
    record = RequestRecord(
        "POST",
        "https://www.wixapis.com/v1/trigger-custom",
        {"Authorization": "****", "Content-Type": "application/json"},
        "{}",
    )
    assert curl_variables(curl_from_record(record)) == ["TRIGGER_DESK_ACCESS_TOKEN"]


def test_unknown_masks_stay_masked_and_non_json_body_is_kept() -> None:
    record = RequestRecord(
        "POST", "https://x.example/rest/a.json", {"X-Other": "****"}, 'auth="****" not json'
    )
    command = curl_from_record(record)
    assert "X-Other: ****" in command and "not json" in command
    assert curl_variables(command) == []


def test_shell_word_quotes_literals_and_leaves_only_our_variables_live() -> None:
    assert shell_word("") == "''"
    assert shell_word("plain") == "plain"
    assert shell_word("a b") == "'a b'"
    assert (
        shell_word("Authorization: $TRIGGER_DESK_API_KEY")
        == "'Authorization: '\"$TRIGGER_DESK_API_KEY\""
    )
    assert shell_word("$HOME") == "'$HOME'"
