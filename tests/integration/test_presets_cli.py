"""`trigger-desk presets ...` and `fire --preset` against the sandbox."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import (
    CUSTOM_TRIGGER_ID,
    Cli,
    history_count,
    sandbox_secrets,
)
from trigger_desk.sandbox import ReceivedRequest, Sandbox
from trigger_desk.store.paths import presets_dir


def sent(request: ReceivedRequest) -> dict[str, Any]:
    """What identifies a request on the wire; X-Request-ID is fresh for every call."""
    headers = {
        k: v for k, v in request.headers.items() if k not in ("x-request-id", "content-length")
    }
    return {
        "method": request.method,
        "path": request.path,
        "headers": headers,
        "body": request.json,
    }


# --- the round trip ---------------------------------------------------------------------------

ROUND_TRIPS = [
    pytest.param(
        [
            "Move deal to Won",
            "bitrix24.trigger",
            "--profile",
            "b24",
            "--set",
            "target=DEAL_{{deal}}",
            "--set",
            "code=won",
        ],
        ["--var", "deal=57"],
        ["bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_57", "--set", "code=won"],
        id="bitrix24-webhook",
    ),
    pytest.param(
        [
            "Greet",
            "wix.run-trigger",
            "--set",
            f"triggerId={CUSTOM_TRIGGER_ID}",
            "--payload",
            '{"firstName": "{{first}}", "tags": [{"name": "{{tag}}"}], "age": 50}',
            "--description",
            "Say hello",
        ],
        ["--profile", "wix", "--var", "first=Amy", "--var", "tag=vip"],
        [
            "wix.run-trigger",
            "--profile",
            "wix",
            "--set",
            f"triggerId={CUSTOM_TRIGGER_ID}",
            "--payload",
            '{"firstName": "Amy", "tags": [{"name": "vip"}], "age": 50}',
        ],
        id="wix-api-key-payload",
    ),
    pytest.param(
        [
            "Execute",
            "bitrix24.trigger.execute",
            "--profile",
            "b24-app",
            "--set",
            "CODE=c5u4m",
            "--set",
            "OWNER_TYPE_ID=2",
            "--set",
            "OWNER_ID={{id}}",
        ],
        ["--var", "id=6"],
        [
            "bitrix24.trigger.execute",
            "--profile",
            "b24-app",
            "--set",
            "CODE=c5u4m",
            "--set",
            "OWNER_TYPE_ID=2",
            "--set",
            "OWNER_ID=6",
        ],
        id="bitrix24-oauth-typed",
    ),
]


@pytest.mark.parametrize(("save", "fire_args", "by_hand"), ROUND_TRIPS)
def test_save_export_remove_import_fire_sends_the_same_request_as_by_hand(
    cli: Cli,
    sandbox: Sandbox,
    tmp_path: Path,
    save: list[str],
    fire_args: list[str],
    by_hand: list[str],
) -> None:
    name = save[0]
    saved = cli("presets", "save", *save)
    assert saved.code == 0, saved.text
    exported_file = tmp_path / "shared" / "preset.json"
    exported_file.parent.mkdir()
    assert cli("presets", "export", name, "--output", str(exported_file)).code == 0
    exported = exported_file.read_text(encoding="utf-8")
    for secret in sandbox_secrets(sandbox):
        assert secret not in exported
    assert str(tmp_path) not in exported and str(presets_dir()) not in exported
    assert cli("presets", "export", name).out == exported  # stdout gives the same text

    assert cli("presets", "remove", name).code == 0
    assert cli("presets", "show", name).code == 2
    imported = cli("presets", "import", str(exported_file))
    assert imported.code == 0, imported.text

    fired = cli("fire", "--preset", name, *fire_args, "--json")
    assert fired.code == 0, fired.text
    manual = cli("fire", *by_hand, "--json")
    assert manual.code == 0, manual.text
    preset_request, hand_request = sandbox.received[-2:]
    assert sent(preset_request) == sent(hand_request)
    assert fired.json()["request"]["body"] == manual.json()["request"]["body"]


def test_preset_file_is_stable_and_has_the_documented_fields(cli: Cli) -> None:
    assert (
        cli(
            "presets",
            "save",
            "Won",
            "bitrix24.trigger",
            "--profile",
            "b24",
            "--set",
            "code=won",
            "--set",
            "target=DEAL_{{deal}}",
            "--description",
            "Move a deal to Won",
        ).code
        == 0
    )
    text = cli("presets", "export", "Won").out
    data = json.loads(text)
    assert list(data) == ["version", "name", "description", "call", "profile", "values", "payload"]
    assert data == {
        "version": 1,
        "name": "Won",
        "description": "Move a deal to Won",
        "call": "bitrix24.trigger",
        "profile": "b24",
        "values": {"target": "DEAL_{{deal}}", "code": "won"},
        "payload": None,
    }
    assert (presets_dir() / "won.json").read_text(encoding="utf-8") == text


# --- firing a preset --------------------------------------------------------------------------


@pytest.fixture
def won(cli: Cli) -> None:
    result = cli(
        "presets",
        "save",
        "Won",
        "bitrix24.trigger",
        "--profile",
        "b24",
        "--set",
        "target=DEAL_{{deal}}",
        "--set",
        "code={{code}}",
    )
    assert result.code == 0, result.text


@pytest.mark.usefixtures("won")
def test_unfilled_variable_exits_2_naming_it(cli: Cli, sandbox: Sandbox) -> None:
    result = cli("fire", "--preset", "Won", "--var", "deal=57")
    assert result.code == 2
    assert "  code: variable is not filled" in result.err and "--var code=VALUE" in result.err
    as_json = cli("fire", "--preset", "Won", "--json")
    assert as_json.code == 2
    assert as_json.json()["call"] == "bitrix24.trigger"
    assert sorted(e["field"] for e in as_json.json()["errors"]) == ["code", "deal"]
    assert sandbox.received == [] and history_count() == 0


@pytest.mark.usefixtures("won")
def test_unknown_variable_is_refused(cli: Cli, sandbox: Sandbox) -> None:
    result = cli(
        "fire", "--preset", "Won", "--var", "deal=1", "--var", "code=won", "--var", "dael=2"
    )
    assert result.code == 2
    assert "  dael: preset 'Won' has no variable 'dael'; its variables: deal, code" in result.err
    assert sandbox.received == []


@pytest.mark.usefixtures("won")
def test_filled_values_are_checked_before_sending(cli: Cli, sandbox: Sandbox) -> None:
    result = cli("fire", "--preset", "Won", "--var", "deal=x", "--var", "code=won")
    assert result.code == 2
    assert "  target: " in result.err and "TYPENAME_ID" in result.err
    result = cli("fire", "--preset", "Won", "--var", "deal=5", "--var", "code=no way")
    assert result.code == 2 and "  code: " in result.err
    assert sandbox.received == []


@pytest.mark.usefixtures("won")
def test_set_and_profile_override_the_preset(cli: Cli, sandbox: Sandbox) -> None:
    result = cli(
        "fire",
        "--preset",
        "Won",
        "--profile",
        "b24-app",
        "--var",
        "deal=5",
        "--var",
        "code=won",
        "--set",
        "code=lost",
    )
    assert result.code == 0, result.text
    assert sandbox.received[-1].path == "/rest/crm.automation.trigger.json"
    assert sandbox.received[-1].json == {
        "target": "DEAL_5",
        "code": "lost",
        "auth": sandbox.bitrix_access_token,
    }


@pytest.mark.usefixtures("won")
def test_preset_dry_run(cli: Cli, sandbox: Sandbox) -> None:
    result = cli(
        "fire", "--preset", "Won", "--var", "deal=5", "--var", "code=won", "--dry-run", "--json"
    )
    assert result.code == 0, result.text
    assert result.json()["body"] == {"target": "DEAL_5", "code": "won"}
    assert sandbox.received == []


def test_preset_without_profile_needs_one(cli: Cli, sandbox: Sandbox) -> None:
    assert (
        cli(
            "presets", "save", "Any", "wix.run-trigger", "--set", f"triggerId={CUSTOM_TRIGGER_ID}"
        ).code
        == 0
    )
    result = cli("fire", "--preset", "Any")
    assert result.code == 2 and "  --profile: preset 'Any' names no profile" in result.err
    assert cli("fire", "--preset", "Any", "--profile", "wix").code == 0
    assert len(sandbox.received) == 1


def test_unknown_preset_and_call_with_preset(cli: Cli, sandbox: Sandbox) -> None:
    result = cli("fire", "--preset", "Nope")
    assert result.code == 2 and "  Nope: no preset named 'Nope'" in result.err
    both = cli("fire", "bitrix24.trigger", "--preset", "Nope")
    assert both.code == 2 and "not both" in both.err
    assert sandbox.received == []


# --- presets save checks what it can --------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["p", "bitrix24.trigerr"], "bitrix24.trigerr"),
        (["p", "bitrix24.trigger", "--set", "tagret=DEAL_1"], "tagret"),
        (["p", "bitrix24.trigger", "--set", "target=DEAL"], "target"),
        (["p", "bitrix24.trigger", "--set", "target=DEAL_1", "--profile", "ghost"], "ghost"),
        (["p", "bitrix24.trigger.execute", "--set", "CODE=x", "--profile", "b24"], "b24"),
        (
            ["p", "wix.report-event", "--set", "triggerKey=k", "--payload", '{"a-b": 1}'],
            "payload.a-b",
        ),
        (
            ["p", "wix.run-trigger", "--set", f"triggerId={CUSTOM_TRIGGER_ID}", "--payload", "{"],
            "payload",
        ),
        (["", "bitrix24.trigger", "--set", "target=DEAL_1"], "name"),
    ],
)
def test_save_refuses_what_can_be_checked_early(cli: Cli, argv: list[str], field: str) -> None:
    result = cli("presets", "save", *argv)
    assert result.code == 2, result.text
    assert f"{field}: " in result.err
    assert "Traceback" not in result.err
    assert not presets_dir().exists() or list(presets_dir().iterdir()) == []


def test_save_accepts_variables_where_rules_would_refuse(cli: Cli) -> None:
    result = cli(
        "presets",
        "save",
        "Later",
        "bitrix24.trigger.execute",
        "--set",
        "CODE={{code}}",
        "--set",
        "OWNER_TYPE_ID={{type}}",
        "--set",
        "OWNER_ID={{id}}",
    )
    assert result.code == 0, result.text
    assert "Variables: code, type, id" in result.out
    assert "--var code=VALUE --var type=VALUE --var id=VALUE" in result.out


def test_save_does_not_replace_without_force(cli: Cli) -> None:
    assert cli("presets", "save", "P", "bitrix24.trigger", "--set", "target=DEAL_1").code == 0
    again = cli("presets", "save", "P", "bitrix24.trigger", "--set", "target=DEAL_2")
    assert again.code == 2 and "exists" in again.err
    assert '"target": "DEAL_1"' in cli("presets", "show", "P").out
    assert (
        cli("presets", "save", "P", "bitrix24.trigger", "--set", "target=DEAL_2", "--force").code
        == 0
    )
    assert '"target": "DEAL_2"' in cli("presets", "show", "P").out


def test_list_show_remove(cli: Cli) -> None:
    assert "No presets yet" in cli("presets", "list").out
    assert (
        cli(
            "presets",
            "save",
            "Won",
            "bitrix24.trigger",
            "--profile",
            "b24",
            "--set",
            "target=DEAL_{{deal}}",
            "--description",
            "Move to Won",
        ).code
        == 0
    )
    (presets_dir() / "broken.json").write_text("{", encoding="utf-8")
    listing = cli("presets", "list")
    assert listing.code == 0
    assert listing.out.splitlines()[2].split() == [
        "Won",
        "bitrix24.trigger",
        "b24",
        "deal",
        "Move",
        "to",
        "Won",
    ]
    assert "skipped broken.json" in listing.err
    shown = cli("presets", "show", "Won")
    assert '"call": "bitrix24.trigger"' in shown.out and "Variables: deal" in shown.out
    assert "fire --preset Won --var deal=VALUE" in shown.out
    assert cli("presets", "remove", "Won").code == 0
    missing = cli("presets", "remove", "Won")
    assert missing.code == 2 and "no preset named 'Won'" in missing.err


# --- import safety ------------------------------------------------------------------------------


def preset_json(**changes: Any) -> str:
    data: dict[str, Any] = {
        "version": 1,
        "name": "Shared",
        "description": "",
        "call": "bitrix24.trigger",
        "profile": None,
        "values": {"target": "DEAL_{{deal}}"},
        "payload": None,
    }
    data.update(changes)
    return json.dumps(data, indent=2)


REFUSED = [
    pytest.param("this is not json", "not JSON", id="not-json"),
    pytest.param(preset_json(version=99), "unknown preset version 99", id="unknown-version"),
    pytest.param(
        preset_json(call="wix.nope"), "call: unknown call id 'wix.nope'", id="unknown-call"
    ),
    pytest.param(
        preset_json(values={"CODE": "x"}),
        "CODE: bitrix24.trigger has no field 'CODE'",
        id="unknown-field",
    ),
    pytest.param(preset_json(values={"target": "DEAL_0"}), "target: the item id", id="broken-rule"),
    pytest.param(
        preset_json(values={"target": "DEAL_1", "code": "a b"}),
        "code: may hold only",
        id="broken-rule-2",
    ),
    pytest.param(
        preset_json(call="wix.report-event", values={"triggerKey": "k"}, payload={"_x": 1}),
        "payload._x",
        id="broken-payload-rule",
    ),
    pytest.param(
        preset_json(values={"target": "https://p.bitrix24.com/rest/1/abcdef123/"}),
        "secret",
        id="webhook-secret",
    ),
]


@pytest.mark.parametrize(("text", "says"), REFUSED)
def test_every_refused_import_names_the_file_and_the_field(
    cli: Cli, tmp_path: Path, text: str, says: str
) -> None:
    assert cli("presets", "save", "Shared", "bitrix24.trigger", "--set", "target=DEAL_9").code == 0
    before = (presets_dir() / "shared.json").read_text(encoding="utf-8")
    incoming = tmp_path / "incoming.json"
    incoming.write_text(text, encoding="utf-8")
    for force in ([], ["--force"]):
        result = cli("presets", "import", str(incoming), *force)
        assert result.code == 2, result.text
        assert f"{incoming}: refused" in result.err
        assert says in result.err
        assert "Traceback" not in result.err
    # Nothing existing was touched, nothing new was written.
    assert (presets_dir() / "shared.json").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in presets_dir().iterdir()) == ["shared.json"]


def test_import_over_an_existing_preset_needs_force(cli: Cli, tmp_path: Path) -> None:
    assert cli("presets", "save", "Shared", "bitrix24.trigger", "--set", "target=DEAL_9").code == 0
    incoming = tmp_path / "incoming.json"
    incoming.write_text(preset_json(), encoding="utf-8")
    refused = cli("presets", "import", str(incoming))
    assert refused.code == 2 and f"{incoming}: refused" in refused.err and "exists" in refused.err
    assert '"target": "DEAL_9"' in cli("presets", "show", "Shared").out
    forced = cli("presets", "import", str(incoming), "--force")
    assert forced.code == 0, forced.text
    assert '"target": "DEAL_{{deal}}"' in cli("presets", "show", "Shared").out


def test_import_of_a_missing_or_binary_file(cli: Cli, tmp_path: Path) -> None:
    missing = cli("presets", "import", str(tmp_path / "nope.json"))
    assert missing.code == 2 and "nope.json" in missing.err and "cannot read" in missing.err
    binary = tmp_path / "blob.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = cli("presets", "import", str(binary))
    assert result.code == 2 and "blob.json" in result.err
