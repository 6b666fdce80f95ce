"""Bitrix24 inbound webhook URLs: the shapes accepted, and refusals that never leak the secret."""

from __future__ import annotations

import pytest

from trigger_desk.core.webhook_url import (
    EXAMPLE_WEBHOOK_URL,
    WebhookUrl,
    is_loopback_host,
    parse_webhook_url,
)

SECRET = "q8x2k5m1n7b3v9c4"
BASE = f"https://acme.bitrix24.com/rest/7/{SECRET}"


@pytest.mark.parametrize(
    "text",
    [
        BASE,
        BASE + "/",
        f"  {BASE}/\n",
        BASE + "/crm.automation.trigger",
        BASE + "/crm.automation.trigger/",
        BASE + "/crm.automation.trigger.json",
        "HTTPS://ACME.Bitrix24.com/rest/7/" + SECRET + "/",
    ],
)
def test_accepted_shapes(text: str) -> None:
    parsed = parse_webhook_url(text)
    assert parsed == WebhookUrl("https://acme.bitrix24.com", "7", SECRET, None, None)
    assert parsed.url == f"https://acme.bitrix24.com/rest/7/{SECRET}/"


@pytest.mark.parametrize(
    "suffix",
    [
        "/crm.automation.trigger/?target=DEAL_1&code=abc",
        "/crm.automation.trigger.json?target=DEAL_1&code=abc",
        "/crm.automation.trigger?code=abc&target=DEAL_1",
        "/?target=DEAL_1&code=abc",
    ],
)
def test_trigger_url_gives_target_and_code(suffix: str) -> None:
    parsed = parse_webhook_url(BASE + suffix)
    assert (parsed.target, parsed.code) == ("DEAL_1", "abc")
    assert parsed.url == f"https://acme.bitrix24.com/rest/7/{SECRET}/"  # the query is not kept


def test_blank_query_values_are_none() -> None:
    parsed = parse_webhook_url(BASE + "/crm.automation.trigger/?target=&code=")
    assert parsed.target is None and parsed.code is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765/rest/1/" + SECRET + "/",
        "http://127.5.6.7/rest/1/" + SECRET + "/",
        "http://localhost:8765/rest/1/" + SECRET + "/",
        "http://[::1]:8765/rest/1/" + SECRET + "/",
    ],
)
def test_plain_http_allowed_for_loopback(url: str) -> None:
    assert parse_webhook_url(url).url == url


def test_portal_keeps_port() -> None:
    assert parse_webhook_url(f"https://b24.example.org:8443/rest/1/{SECRET}/").portal == (
        "https://b24.example.org:8443"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (f"acme.bitrix24.com/rest/7/{SECRET}/", "https://"),
        (f"ftp://acme.bitrix24.com/rest/7/{SECRET}/", "https://"),
        (f"http://acme.bitrix24.com/rest/7/{SECRET}/", "only allowed for 127.0.0.1"),
        (f"http://10.0.0.1/rest/7/{SECRET}/", "only allowed for 127.0.0.1"),
        (f"https:///rest/7/{SECRET}/", "portal address is missing"),
        (f"https://admin:pw@acme.bitrix24.com/rest/7/{SECRET}/", "user name or password"),
        (f"https://acme.bitrix24.com/api/7/{SECRET}/", "must start with /rest/"),
        (f"https://acme.bitrix24.com/x/rest/7/{SECRET}/", "must start with /rest/"),
        ("https://acme.bitrix24.com/rest/", "user id is missing"),
        (f"https://acme.bitrix24.com/rest/{SECRET}/", "user id (digits only)"),
        (f"https://acme.bitrix24.com/rest/{SECRET}/crm.automation.trigger/", "user id"),
        ("https://acme.bitrix24.com/rest/7/", "secret is missing"),
        (f"https://acme.bitrix24.com/rest/7//{SECRET}/", "secret is missing"),
        (f"https://acme.bitrix24.com/rest/7/{SECRET}!/", "secret may hold only"),
        (f"https://acme.bitrix24.com/rest/7/{SECRET}/crm.automation.trigger/extra/", "more after"),
        (f"https://acme.bitrix24.com/rest/7/{SECRET}/-bad-/", "method name"),
        (f"https://acme.bitrix24.com/rest/7/{SECRET}/?auth={SECRET}", "only the query parameters"),
        (f"https://acme.bitrix24.com/rest/7/?{SECRET}", "secret is missing"),
        (f"https://acme.bitrix24.com/rest/7/x/?{SECRET}=1", "only the query parameters"),
        (f"https://acme.bitrix24.com/rest/7/{SECRET}/?target=A&target=B", "given twice"),
        (f"https://acme.bitrix24.com/rest/7/{SECRET}/#{SECRET}", "after '#'"),
        (f"https://acme.bitrix24.com/rest/7/{SECRET} /", "spaces"),
        (f"https://acme.bitrix24.com:99999/rest/7/{SECRET}/", "cannot be read"),
        (f"https://[::1/rest/7/{SECRET}/", "cannot be read"),
    ],
)
def test_refusals_show_the_shape_and_never_the_secret(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_webhook_url(text)
    message = str(caught.value)
    assert reason in message
    assert EXAMPLE_WEBHOOK_URL in message
    for shown in (caught.value, caught.value.__cause__, caught.value.__context__):
        assert SECRET not in str(shown)


def test_repr_and_masked_url_hide_the_secret() -> None:
    parsed = parse_webhook_url(BASE + "/crm.automation.trigger/?target=DEAL_1&code=abc")
    assert SECRET not in repr(parsed)
    assert SECRET not in parsed.masked_url
    assert parsed.masked_url.startswith("https://acme.bitrix24.com/rest/7/")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("LOCALHOST", True),
        ("127.0.0.1", True),
        ("127.255.0.9", True),
        ("::1", True),
        ("[::1]", True),
        ("128.0.0.1", False),
        ("localhost.example.com", False),
        ("10.0.0.1", False),
        ("example.com", False),
    ],
)
def test_is_loopback_host(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback
