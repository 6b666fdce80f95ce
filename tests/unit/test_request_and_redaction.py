"""Requests match the reference pages exactly, and secrets never leave unmasked."""

from __future__ import annotations

import json
import shlex
from typing import Any

import pytest

from trigger_desk.core.calls import find_call
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.core.redact import Redactor
from trigger_desk.core.request import base_url_problem, build_request
from trigger_desk.core.validation import InvalidInput, validate_call

WEBHOOK_URL = "https://acme.bitrix24.com/rest/7/s3cr3tw3bh00k/"
SECRET = "s3cr3tw3bh00k"


def build(
    call_id: str,
    profile: Profile,
    secrets: dict[str, str],
    values: dict[str, Any],
    payload: object = None,
):
    call = find_call(call_id)
    assert call is not None
    typed = validate_call(call, profile, values, payload)
    return build_request(call, profile, secrets, typed, payload)


def test_webhook_trigger_goes_to_documented_path_with_json() -> None:
    profile = Profile("p", Platform.BITRIX24, AuthKind.WEBHOOK, {})
    request = build(
        "bitrix24.trigger",
        profile,
        {"webhook_url": WEBHOOK_URL},
        {"target": "DEAL_57", "code": "c5u4m"},
    )
    assert request.method == "POST"
    assert (
        request.url == "https://acme.bitrix24.com/rest/7/s3cr3tw3bh00k/crm.automation.trigger.json"
    )
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"
    assert json.loads(request.body_bytes()) == {"target": "DEAL_57", "code": "c5u4m"}


def test_oauth_execute_puts_auth_in_body_and_numbers_as_numbers() -> None:
    profile = Profile(
        "p", Platform.BITRIX24, AuthKind.OAUTH, {"portal": "https://acme.bitrix24.com/"}
    )
    request = build(
        "bitrix24.trigger.execute",
        profile,
        {"access_token": "tok-123456"},
        {"CODE": "c5u4m", "OWNER_TYPE_ID": "2", "OWNER_ID": "6"},
    )
    assert request.url == "https://acme.bitrix24.com/rest/crm.automation.trigger.execute.json"
    assert json.loads(request.body_bytes()) == {
        "CODE": "c5u4m",
        "OWNER_TYPE_ID": 2,
        "OWNER_ID": 6,
        "auth": "tok-123456",
    }


def test_wix_api_key_headers_and_nested_idempotency() -> None:
    profile = Profile("p", Platform.WIX, AuthKind.API_KEY, {"site_id": "site-1"})
    request = build(
        "wix.report-event",
        profile,
        {"api_key": "IST.key-abcdef"},
        {
            "triggerKey": "form_submitted",
            "idempotency.key": "k1",
            "idempotency.ttlInMilliseconds": "60000",
        },
        {"name": "John Doe"},
    )
    assert request.url == "https://www.wixapis.com/automations/v1/events/report"
    assert request.headers["Authorization"] == "IST.key-abcdef"  # raw key, no prefix
    assert request.headers["wix-site-id"] == "site-1"
    assert json.loads(request.body_bytes()) == {
        "triggerKey": "form_submitted",
        "idempotency": {"key": "k1", "ttlInMilliseconds": "60000"},
        "payload": {"name": "John Doe"},
    }


def test_plain_http_only_for_loopback() -> None:
    assert base_url_problem("http://127.0.0.1:8080/bitrix24") is None
    assert base_url_problem("http://localhost/x") is None
    assert base_url_problem("http://[::1]:9/x") is None
    assert "loopback" in (base_url_problem("http://acme.bitrix24.com") or "")
    profile = Profile(
        "p", Platform.WIX, AuthKind.API_KEY, {"site_id": "s", "api_base": "http://wix.example.com"}
    )
    with pytest.raises(InvalidInput, match="api_base"):
        build(
            "wix.run-trigger",
            profile,
            {"api_key": "k" * 10},
            {"triggerId": "a0f95461-4fea-4971-b2d8-86128ae3e6e9"},
        )


def test_masked_record_and_curl_hold_no_secret() -> None:
    profile = Profile("p", Platform.BITRIX24, AuthKind.WEBHOOK, {})
    secrets = {"webhook_url": WEBHOOK_URL}
    request = build("bitrix24.trigger", profile, secrets, {"target": "DEAL_57"})
    redactor = Redactor(secrets)
    masked = request.masked(redactor)
    assert SECRET not in masked.url and "acme.bitrix24.com/rest/7/****/" in masked.url
    curl = request.as_curl(redactor)
    assert SECRET not in curl
    assert "$TRIGGER_DESK_WEBHOOK_SECRET" in curl
    assert shlex.split(curl)[-1].endswith(
        "/rest/7/$TRIGGER_DESK_WEBHOOK_SECRET/crm.automation.trigger.json"
    )


def test_curl_uses_env_placeholders_for_headers_and_body_secrets() -> None:
    profile = Profile(
        "p", Platform.BITRIX24, AuthKind.OAUTH, {"portal": "https://acme.bitrix24.com"}
    )
    secrets = {
        "access_token": "at-verysecret",
        "refresh_token": "rt-verysecret",
        "client_secret": "cs-verysecret",
    }
    request = build("bitrix24.trigger.list", profile, secrets, {})
    curl = request.as_curl(Redactor(secrets))
    assert "at-verysecret" not in curl and "$TRIGGER_DESK_ACCESS_TOKEN" in curl
    wix = Profile("w", Platform.WIX, AuthKind.API_KEY, {"site_id": "s"})
    curl = build(
        "wix.run-trigger",
        wix,
        {"api_key": "IST.key-abcdef"},
        {"triggerId": "a0f95461-4fea-4971-b2d8-86128ae3e6e9"},
    ).as_curl(Redactor({"api_key": "IST.key-abcdef"}))
    assert "IST.key-abcdef" not in curl and '"Authorization: $TRIGGER_DESK_API_KEY"' in curl


def test_redactor_masks_every_form_of_a_secret() -> None:
    redactor = Redactor({"api_key": "key/with+special=chars", "webhook_url": WEBHOOK_URL})
    text = (
        "a key/with+special=chars b key%2Fwith%2Bspecial%3Dchars c key%2Fwith%2Bspecial%3Dchars "
        + SECRET
    )
    masked = redactor.mask(text)
    assert "special" not in masked and SECRET not in masked
    # Unknown webhook URLs are masked too (second line of defence).
    assert "zzzzzz" not in redactor.mask("see https://other.bitrix24.com/rest/12/zzzzzz/crm.x")
    assert redactor.mask_headers({"Authorization": "anything"}) == {"Authorization": "****"}


@pytest.mark.parametrize(
    "echoed",
    [
        "k/y+z=w&é",  # as is
        "k%2Fy%2Bz%3Dw%26%C3%A9",  # percent-encoded
        "k%2fy%2bz%3dw%26%c3%a9",  # lower-case hex
        "k%2fy%2Bz%3dw%26%C3%a9",  # mixed
        "k/y%2Bz%3Dw%26%C3%A9",  # `/` kept (urllib's default)
        "k%2Fy%2Bz%3Dw%26%C3%A9".replace("%20", "+"),
        "k/y+z=w&\\u00e9",  # JSON-escaped
        "k\\/y+z=w&\\u00e9",  # JSON-escaped by PHP
        "k/y+z=w&\\u00E9",  # JSON-escaped with upper-case hex (Java, .NET)
        "k/y+z=w&amp;é",  # HTML-escaped
        "k%252Fy%252Bz%253Dw%2526%25C3%25A9",  # encoded twice (a URL inside a URL)
    ],
)
def test_redactor_masks_a_secret_in_each_form_a_server_may_echo_it(echoed: str) -> None:
    redactor = Redactor({"client_secret": "k/y+z=w&é"})
    assert redactor.mask(f"you sent {echoed}!") == "you sent ****!"


@pytest.mark.parametrize(
    "echoed",
    [
        "t~k!n%20*",  # JavaScript's encodeURIComponent keeps ~ ! * ( ) '
        "t%7Ek%21n%20%2A",  # PHP's rawurlencode (older) encodes ~
        "t%7Ek%21n+%2A",  # PHP's urlencode: ~ encoded, space as +
        "t~k%21n%20%2A",  # Python's quote
    ],
)
def test_redactor_masks_a_secret_as_other_languages_encode_it(echoed: str) -> None:
    redactor = Redactor({"client_secret": "t~k!n *"})
    assert redactor.mask(f"[{echoed}]") == "[****]"


@pytest.mark.parametrize("start", [0, 5, 96, 99, 100, 101])
def test_mask_cut_masks_before_cutting(start: int) -> None:
    redactor = Redactor({"refresh_token": "ABCDEFGH"})
    text = "x" * start + "ABCDEFGH" + "y" * 200
    kept = redactor.mask_cut(text, 100)
    assert len(kept) == 100
    assert kept == ("x" * start + "****" + "y" * 200)[:100]
    # a webhook path cut in the middle of its secret is masked too
    hook = redactor.mask_cut("z" * 90 + "/rest/1/abcdefghij/", 100)
    assert hook.endswith("/rest/1/**") and "abc" not in hook
