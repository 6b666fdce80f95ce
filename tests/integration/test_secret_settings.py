"""Settings that carry secrets are refused, hand-edited ones are never echoed, and
secret input is never printed back (the CLI in-process, real files, a real sandbox)."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import Cli
from trigger_desk.sandbox import Sandbox
from trigger_desk.store.paths import profiles_path
from trigger_desk.store.secrets import MemorySecretStore

HOOK_SECRET = "Hs7Kk2Ww9Qq4"
PASSWORD = "Pw7Zz2Xx9Cc4"
TOKEN = "Tq7Bb2Nn9Mm4"
GUID = "5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c"
OAUTH_SECRETS = "client_secret=cs-123456\naccess_token=at-123456\nrefresh_token=rt-123456\n"

SECRET_VALUES = [
    f"https://acme.bitrix24.com/rest/1/{HOOK_SECRET}/",  # a webhook URL as the portal
    f"https://acme.bitrix24.com/rest/1/{HOOK_SECRET}/crm.automation.trigger.json",
    f"https://admin:{PASSWORD}@acme.bitrix24.com",
    f"https://{PASSWORD}@acme.bitrix24.com",  # a token as the user name
    f"admin:{PASSWORD}@acme.bitrix24.com",  # the scheme left out
    f"https://acme.bitrix24.com/?access_token={TOKEN}",
]
ALL = (HOOK_SECRET, PASSWORD, TOKEN)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch, MemorySecretStore())


def add_oauth(cli: Cli, setting: str, value: str) -> tuple[int, str]:
    settings = {"portal": "https://acme.bitrix24.com", "client_id": "local.1"}
    settings[setting] = value
    sets = [arg for key, given in settings.items() for arg in ("--set", f"{key}={given}")]
    result = cli(
        "profiles", "add", "app", "--platform", "bitrix24", "--auth", "oauth", *sets,
        stdin=OAUTH_SECRETS,
    )  # fmt: skip
    return result.code, result.text


@pytest.mark.parametrize("value", SECRET_VALUES)
@pytest.mark.parametrize("setting", ["portal", "oauth_server", "client_id"])
def test_a_setting_carrying_a_secret_is_refused_by_name(cli: Cli, setting: str, value: str) -> None:
    code, text = add_oauth(cli, setting, value)
    assert code == 2, text
    assert f"{setting}: holds" in text
    assert not [secret for secret in ALL if secret in text]
    assert not profiles_path().exists()


@pytest.mark.parametrize("value", SECRET_VALUES[2:])
def test_wix_api_base_with_credentials_is_refused(cli: Cli, value: str) -> None:
    value = value.replace("acme.bitrix24.com", "www.wixapis.com")
    result = cli(
        "profiles", "add", "shop", "--platform", "wix", "--auth", "api-key",
        "--set", f"site_id={GUID}", "--set", f"api_base={value}",
        stdin="api_key=IST.abcdefgh\n",
    )  # fmt: skip
    assert result.code == 2
    assert "api_base: holds" in result.text
    assert not [secret for secret in ALL if secret in result.text]


def write_profiles(portal: str) -> None:
    profiles_path().parent.mkdir(parents=True, exist_ok=True)
    entry = {
        "name": "app",
        "platform": "bitrix24",
        "auth": "oauth",
        "settings": {"portal": portal, "client_id": "local.1"},
    }
    profiles_path().write_text(json.dumps({"version": 1, "profiles": [entry]}))


@pytest.mark.parametrize("value", SECRET_VALUES)
def test_a_hand_edited_secret_setting_is_masked_said_and_refused_for_calls(
    cli: Cli, value: str
) -> None:
    write_profiles(value)
    listed = cli("profiles", "list")
    shown = cli("profiles", "show", "app")
    cli.store.set("app", "client_secret", "cs-123456")
    cli.store.set("app", "access_token", "at-123456")
    cli.store.set("app", "refresh_token", "rt-123456")
    fired = cli(
        "fire", "bitrix24.trigger", "--profile", "app",
        "--set", "target=DEAL_1", "--set", "code=c5u4m", "--json",
    )  # fmt: skip
    for result in (listed, shown, fired):
        assert not [secret for secret in ALL if secret in result.text], result.text
    assert listed.code == 0 and "****" in listed.out
    assert "Warning: profile 'app': portal in" in listed.err
    assert shown.code == 0 and "****" in shown.out and "Warning" in shown.err
    assert fired.code == 2
    answer = fired.json()
    assert answer["outcome"] == "invalid_input" and answer["request"] is None
    assert [error["field"] for error in answer["errors"]] == ["portal"]


def test_saving_another_profile_rewrites_the_file_without_the_secret(cli: Cli) -> None:
    write_profiles(f"https://acme.bitrix24.com/rest/1/{HOOK_SECRET}/")
    added = cli(
        "profiles", "add", "shop", "--platform", "wix", "--auth", "api-key",
        "--set", f"site_id={GUID}", stdin="api_key=IST.abcdefgh\n",
    )  # fmt: skip
    assert added.code == 0, added.text
    assert HOOK_SECRET not in profiles_path().read_text()


@pytest.mark.parametrize(
    "stdin",
    [
        "IST.abc==\n",  # a key pasted without KEY=: its own "=" makes it look like one
        "api_key=IST.abcdefgh\nIST.abc==\n",
        "IST.abcdefgh\n",
        "=IST.abcdefgh\n",
        "API_KEY=IST.abcdefgh\n",  # a near miss is not echoed either
    ],
)
def test_a_secret_line_without_a_known_key_is_never_echoed(cli: Cli, stdin: str) -> None:
    result = cli(
        "profiles", "add", "shop", "--platform", "wix", "--auth", "api-key",
        "--set", f"site_id={GUID}", stdin=stdin,
    )  # fmt: skip
    assert result.code == 2
    assert "IST.abc" not in result.text
    line = stdin.splitlines().index(stdin.splitlines()[-1]) + 1
    assert f"standard input line {line}" in result.err
    assert "api_key" in result.err  # says what it expects
    assert not profiles_path().exists()


def test_the_sandbox_profiles_are_still_accepted(cli: Cli) -> None:
    with Sandbox() as sandbox:
        webhook = cli(
            "profiles", "add", "hook", "--platform", "bitrix24", "--auth", "webhook",
            stdin=f"webhook_url={sandbox.bitrix_webhook_url}\n",
        )  # fmt: skip
        assert webhook.code == 0, webhook.text
        assert sandbox.seed.bitrix_webhook_secret not in profiles_path().read_text()
