"""`trigger-desk profiles ...`: settings by --set, secrets from stdin or a hidden prompt."""

from __future__ import annotations

import getpass
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail

from tests.conftest import unique_profile_name
from tests.support.cli import CUSTOM_TRIGGER_ID, Cli, sandbox_profile_commands
from trigger_desk.sandbox import Sandbox
from trigger_desk.store.paths import profiles_path
from trigger_desk.store.secrets import SERVICE, KeyringSecretStore, MemorySecretStore

API_KEY = "IST.pytest-api-key-abcdefgh1234"
SITE_ID = "5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch, MemorySecretStore())


def add_wix(cli: Cli, name: str = "shop", *extra: str, stdin: str = f"api_key={API_KEY}\n") -> int:
    return cli(
        "profiles",
        "add",
        name,
        "--platform",
        "wix",
        "--auth",
        "api-key",
        "--set",
        f"site_id={SITE_ID}",
        *extra,
        stdin=stdin,
    ).code


def test_add_list_show_remove(cli: Cli) -> None:
    assert add_wix(cli) == 0
    webhook = "https://acme.bitrix24.com/rest/7/hook0secret0value/"
    added = cli(
        "profiles",
        "add",
        "acme",
        "--platform",
        "bitrix24",
        "--auth",
        "webhook",
        stdin=f"# pasted from the portal\n\nwebhook_url={webhook}\n",
    )
    assert added.code == 0, added.text
    assert "hook0secret0value" not in added.text
    assert cli.store.get("acme", "webhook_url") == webhook

    listing = cli("profiles", "list")
    assert listing.code == 0
    rows = [line.split() for line in listing.out.splitlines()[2:]]
    assert rows == [
        ["acme", "bitrix24", "webhook", "https://acme.bitrix24.com"],
        ["shop", "wix", "api-key", "https://www.wixapis.com"],
    ]

    shown = cli("profiles", "show", "shop")
    assert shown.code == 0
    assert f"site_id: {SITE_ID}" in shown.out
    assert "api_base: https://www.wixapis.com (default)" in shown.out
    assert "api_key: set, ends ••••1234" in shown.out
    assert API_KEY not in shown.text

    hook = cli("profiles", "show", "acme")
    assert "webhook_url: set (https://acme.bitrix24.com/rest/7/••••/)" in hook.out
    assert "portal: https://acme.bitrix24.com" in hook.out and "user_id: 7" in hook.out
    assert "hook0secret0value" not in hook.text and "lue/" not in hook.text

    removed = cli("profiles", "remove", "shop")
    assert removed.code == 0
    assert cli.store.get("shop", "api_key") is None
    assert [line.split()[0] for line in cli("profiles", "list").out.splitlines()[2:]] == ["acme"]
    unknown = cli("profiles", "show", "shop")
    assert unknown.code == 2 and "  shop: unknown profile. Known profiles: 'acme'." in unknown.err


def test_no_profiles_yet(cli: Cli) -> None:
    result = cli("profiles", "list")
    assert result.code == 0 and "No profiles yet" in result.out


def test_a_secret_given_with_set_is_refused_and_nothing_stored(cli: Cli) -> None:
    result = cli(
        "profiles",
        "add",
        "shop",
        "--platform",
        "wix",
        "--auth",
        "api-key",
        "--set",
        f"site_id={SITE_ID}",
        "--set",
        f"api_key={API_KEY}",
    )
    assert result.code == 2
    assert "  api_key: is a secret and may not be given with --set" in result.err
    assert API_KEY not in result.text
    assert not profiles_path().exists()
    assert isinstance(cli.store, MemorySecretStore) and len(cli.store) == 0


def test_stdin_line_errors_name_the_line_not_its_content(cli: Cli) -> None:
    code = add_wix(cli, stdin=f"api_key={API_KEY}\n{API_KEY}\n")
    result = cli(
        "profiles",
        "add",
        "shop",
        "--platform",
        "wix",
        "--auth",
        "api-key",
        "--set",
        f"site_id={SITE_ID}",
        stdin=f"api_key={API_KEY}\n{API_KEY}\n",
    )
    assert code == 2 and result.code == 2
    assert "standard input line 2: expected KEY=VALUE" in result.err
    assert API_KEY not in result.text
    assert not profiles_path().exists()


@pytest.mark.parametrize(
    ("argv", "stdin", "field"),
    [
        (["--platform", "wix", "--auth", "api-key", "--set", f"site_id={SITE_ID}"], "", "api_key"),
        (
            ["--platform", "wix", "--auth", "api-key", "--set", f"site_id={SITE_ID}"],
            f"api_key={API_KEY}\ntoken=abc\n",
            "standard input line 2",  # an unknown key: named by line, never repeated
        ),
        (["--platform", "wix", "--auth", "api-key"], f"api_key={API_KEY}\n", "site_id"),
        (["--platform", "wix", "--auth", "webhook"], "", "--auth"),
        (
            ["--platform", "bitrix24", "--auth", "webhook"],
            "webhook_url=https://acme.bitrix24.com/x\n",
            "webhook_url",
        ),
        (
            [
                "--platform",
                "bitrix24",
                "--auth",
                "oauth",
                "--set",
                "portal=http://acme.bitrix24.com",
                "--set",
                "client_id=app",
            ],
            "client_secret=abcdefgh\naccess_token=abcdefgh\nrefresh_token=abcdefgh\n",
            "portal",
        ),
        (
            [
                "--platform",
                "wix",
                "--auth",
                "api-key",
                "--set",
                f"site_id={SITE_ID}",
                "--set",
                "colour=blue",
            ],
            f"api_key={API_KEY}\n",
            "settings",
        ),
    ],
)
def test_bad_profiles_are_refused_naming_the_field(
    cli: Cli, argv: list[str], stdin: str, field: str
) -> None:
    result = cli("profiles", "add", "p", *argv, stdin=stdin)
    assert result.code == 2, result.text
    assert f"{field}: " in result.err
    assert API_KEY not in result.text
    assert "Traceback" not in result.text
    assert not profiles_path().exists()
    assert isinstance(cli.store, MemorySecretStore) and len(cli.store) == 0


def test_replacing_is_explicit(cli: Cli) -> None:
    assert add_wix(cli) == 0
    again = cli(
        "profiles",
        "add",
        "shop",
        "--platform",
        "wix",
        "--auth",
        "api-key",
        "--set",
        f"site_id={SITE_ID}",
        stdin="api_key=another-key-0000\n",
    )
    assert again.code == 2 and "already exists" in again.err
    assert "--replace" in again.err  # the way out is named
    assert cli.store.get("shop", "api_key") == API_KEY
    assert add_wix(cli, "shop", "--replace", stdin="api_key=another-key-0000\n") == 0
    assert cli.store.get("shop", "api_key") == "another-key-0000"


def test_secrets_are_prompted_with_hidden_input_on_a_terminal(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    prompts: list[str] = []

    def hidden_input(prompt: str = "") -> str:
        prompts.append(prompt)
        return {
            "client_secret: ": "cs-0123456789",
            "access_token: ": "at-0123456789",
            "refresh_token: ": "rt-0123456789",
        }[prompt]

    monkeypatch.setattr(getpass, "getpass", hidden_input)
    monkeypatch.setattr(sys, "stdin", Terminal())
    from trigger_desk.cli import main

    code = main(
        [
            "profiles",
            "add",
            "app",
            "--platform",
            "bitrix24",
            "--auth",
            "oauth",
            "--set",
            "portal=https://acme.bitrix24.com",
            "--set",
            "client_id=local.1",
        ],
        secret_store=cli.store,
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert prompts == ["client_secret: ", "access_token: ", "refresh_token: "]
    assert cli.store.get("app", "refresh_token") == "rt-0123456789"
    assert "0123456789" not in captured.out + captured.err


def test_no_usable_keyring_writes_nothing(cli: Cli) -> None:
    result = cli(
        "profiles",
        "add",
        "shop",
        "--platform",
        "wix",
        "--auth",
        "api-key",
        "--set",
        f"site_id={SITE_ID}",
        stdin=f"api_key={API_KEY}\n",
        store=KeyringSecretStore(fail.Keyring()),
    )
    assert result.code == 2
    assert "Cannot use the OS keyring" in result.err and "fail" in result.err
    assert API_KEY not in result.text
    assert not profiles_path().exists()


# --- the real Secret Service -------------------------------------------------------------------


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running


def files_under(dirs: dict[str, Path]) -> list[Path]:
    return [path for root in dirs.values() for path in root.rglob("*") if path.is_file()]


@pytest.mark.keyring
def test_four_profiles_through_the_real_keyring_fire_and_leave_no_secret_on_disk(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    real_keyring: KeyringSecretStore,
    sandbox: Sandbox,
    isolated_dirs: dict[str, Path],
) -> None:
    cli = Cli(capsys, monkeypatch, real_keyring)
    names = {}
    outputs = []
    for args, stdin in sandbox_profile_commands(sandbox):
        name = unique_profile_name()
        names[args[0]] = name
        result = cli("profiles", "add", name, *args[1:], stdin=stdin)
        assert result.code == 0, result.text
        outputs.append(result.text)

    # The Secret Service holds them under service trigger-desk, one item per secret.
    import keyring

    seed = sandbox.seed
    assert keyring.get_password(SERVICE, f"{names['wix']}:api_key") == seed.wix_api_key
    assert (
        keyring.get_password(SERVICE, f"{names['b24']}:webhook_url") == sandbox.bitrix_webhook_url
    )

    calls = {
        "b24": ["bitrix24.trigger", "--set", "target=DEAL_57"],
        "b24-app": [
            "bitrix24.trigger.execute",
            "--set",
            "CODE=c5u4m",
            "--set",
            "OWNER_TYPE_ID=2",
            "--set",
            "OWNER_ID=6",
        ],
        "wix": ["wix.run-trigger", "--set", f"triggerId={CUSTOM_TRIGGER_ID}"],
        "wix-app": [
            "wix.report-event",
            "--set",
            "triggerKey=form_submitted",
            "--payload",
            '{"name": "Amy"}',
        ],
    }
    for kind, argv in calls.items():
        for extra in (["--json"], ["--dry-run"], []):
            result = cli("fire", *argv, "--profile", names[kind], *extra)
            assert result.code == 0, result.text
            outputs.append(result.text)
        shown = cli("profiles", "show", names[kind])
        assert shown.code == 0 and "not set" not in shown.out and ": set" in shown.out
        outputs.append(shown.text)
    outputs.append(cli("profiles", "list").text)
    outputs.append(cli("history", "list").text)
    outputs.append(cli("history", "export", "--format", "har").text)

    secrets = [
        seed.bitrix_webhook_secret,
        seed.bitrix_client_secret,
        seed.bitrix_access_token,
        seed.bitrix_refresh_token,
        seed.wix_api_key,
        seed.wix_app_secret,
    ]
    everything = "\n".join(outputs)
    for path in files_under(isolated_dirs):
        everything += path.read_bytes().decode("utf-8", "replace")
    for secret in secrets:
        assert secret not in everything

    for name in names.values():
        assert cli("profiles", "remove", name).code == 0
    assert keyring.get_password(SERVICE, f"{names['wix']}:api_key") is None
