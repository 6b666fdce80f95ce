"""Hostile input at the command line: every case is bad input (exit 2, one sentence, one
JSON object under --json, nothing sent), and what comes back is printed harmlessly.

Run in-process against a real loopback server that records what reached it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import Cli, history_count
from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.store.history import HistoryStore
from trigger_desk.store.paths import history_db_path
from trigger_desk.store.secrets import MemorySecretStore

SITE_ID = "5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c"
GUID = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"
RUN_TRIGGER = ["fire", "wix.run-trigger", "--profile", "wix", "--set", f"triggerId={GUID}"]
# ESC-based sequences (CSI colour, OSC window title ended by BEL), a C1 CSI, a bare CR.
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;owned\x07 \x9b2J \rover"


@pytest.fixture(scope="module")
def running_server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def server(running_server: ScriptedServer) -> ScriptedServer:
    running_server.answers.clear()
    running_server.received.clear()
    return running_server


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch, MemorySecretStore())


@pytest.fixture
def profiles(cli: Cli, server: ScriptedServer) -> None:
    base = server.base_url
    for args, stdin in (
        (
            [
                "wix",
                "--platform",
                "wix",
                "--auth",
                "api-key",
                "--set",
                f"site_id={SITE_ID}",
                "--set",
                f"api_base={base}",
            ],
            "api_key=IST.hostile-test-key-0123456789\n",
        ),
        (
            ["b24", "--platform", "bitrix24", "--auth", "webhook"],
            f"webhook_url={base}/rest/1/webhooksecret123/\n",
        ),
        (
            [
                "b24-app",
                "--platform",
                "bitrix24",
                "--auth",
                "oauth",
                "--set",
                f"portal={base}",
                "--set",
                "client_id=local.app.1",
                "--set",
                f"oauth_server={base}",
            ],
            "client_secret=cs-0123456789\naccess_token=at-0123456789\nrefresh_token=rt-012345678\n",
        ),
    ):
        result = cli("profiles", "add", *args, stdin=stdin)
        assert result.code == 0, result.text


def assert_bad_input(cli: Cli, argv: list[str], *words: str) -> None:
    """Exit 2 with a sentence holding `words`, in text and as one JSON object."""
    text = cli(*argv)
    assert text.code == 2, text.text
    assert "Traceback" not in text.text and "unexpected error" not in text.text
    for word in words:
        assert word in text.err, text.err
    as_json = cli(*argv, "--json")
    assert as_json.code == 2, as_json.text
    data = json.loads(as_json.out)  # one JSON document, nothing else on stdout
    assert isinstance(data, dict) and data["ok"] is False
    assert data["outcome"] == "invalid_input"
    found = json.dumps(data, ensure_ascii=False)
    for word in words:
        assert word in found, found


# --- JSON from --payload and @FILE ----------------------------------------------------------

DEEP = "[" * 65 + "]" * 65
VERY_DEEP = "[" * 200_000 + "]" * 200_000


@pytest.mark.usefixtures("profiles")
@pytest.mark.parametrize(
    ("payload", "words"),
    [
        pytest.param('{"a": ' + DEEP + "}", ["nested more than 64 levels"], id="65-deep"),
        pytest.param('{"a": ' + VERY_DEEP + "}", ["nested more than 64 levels"], id="200k-deep"),
        pytest.param('{"n": NaN}', ["payload.n", "NaN"], id="nan"),
        pytest.param('{"n": [1, Infinity]}', ["payload.n[1]", "Infinity"], id="infinity"),
        pytest.param('{"n": -Infinity}', ["payload.n", "-Infinity"], id="minus-infinity"),
        pytest.param('{"n": 1e999}', ["payload.n", "too large"], id="float-overflow"),
        pytest.param('{"id": 18446744073709551616}', ["payload.id", "64 bits"], id="past-64-bits"),
        pytest.param('{"id": ' + "9" * 5000 + "}", ["payload.id", "64 bits"], id="5000-digits"),
        pytest.param('{"s": "\\ud800"}', ["payload.s", "surrogate"], id="lone-surrogate"),
        pytest.param('{"\\udfff": 1}', ["surrogate"], id="surrogate-key"),
        # What undecodable argv bytes become (surrogateescape): the platforms cannot read it.
        pytest.param('{"s": "\udcff"}', ["payload.s", "not UTF-8"], id="argv-bytes"),
        pytest.param('{"a": 1', ["not JSON", "line 1"], id="malformed"),
    ],
)
def test_hostile_payload_json_is_bad_input(
    cli: Cli, server: ScriptedServer, payload: str, words: list[str]
) -> None:
    assert_bad_input(cli, [*RUN_TRIGGER, "--payload", payload], *words)
    assert server.received == [] and history_count() == 0


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _loop(path: Path) -> Path:
    path.symlink_to(path)
    return path


def _sparse(path: Path) -> Path:
    with path.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)  # past the 16 MB limit, without writing it
    return path


@pytest.mark.usefixtures("profiles")
@pytest.mark.parametrize(
    ("make", "words"),
    [
        pytest.param(
            lambda p: p.write_bytes(b'{"a": "caf\xe9"}') and p,
            ["not UTF-8", "byte 10"],
            id="latin-1",
        ),
        pytest.param(_fifo, ["named pipe"], id="fifo"),
        pytest.param(_loop, ["loop"], id="symlink-loop"),
        pytest.param(_sparse, ["17.0 MB", "at most 16.0 MB"], id="too-big"),
        pytest.param(lambda p: p.mkdir() or p, ["folder"], id="folder"),
        pytest.param(lambda p: p.write_text('{"a": NaN}') and p, ["payload.a", "NaN"], id="nan"),
    ],
)
def test_payload_files_that_cannot_be_read_are_bad_input(
    cli: Cli, server: ScriptedServer, tmp_path: Path, make: object, words: list[str]
) -> None:
    path = make(tmp_path / "payload.json")  # type: ignore[operator]
    assert_bad_input(cli, [*RUN_TRIGGER, "--payload", f"@{path}"], *words)
    assert server.received == []


# --- values that passed a rule by accident -------------------------------------------------


EXECUTE = ("bitrix24.trigger.execute", "b24-app", {"CODE": "a", "OWNER_TYPE_ID": "2"})
# (call, profile, --set values, the field the refusal names)
LOOSE = [
    ("bitrix24.trigger", "b24", {"target": "DEAL_5\n"}, "target"),
    ("bitrix24.trigger", "b24", {"target": "DEAL_\u0665"}, "target"),  # Arabic-Indic 5
    ("bitrix24.trigger", "b24", {"target": "DEAL_" + "9" * 20}, "target"),
    ("bitrix24.trigger", "b24", {"target": "DEAL_5", "code": "won\n"}, "code"),
    ("bitrix24.trigger", "b24", {"target": "DEAL_5", "code": "\u212aey"}, "code"),  # Kelvin K
    ("bitrix24.trigger", "b24", {"target": "DEAL_5", "code": "w\x00n"}, "code"),
    ("bitrix24.trigger", "b24", {"tar\x1bget": "DEAL_5"}, "tar\x1bget"),
    ("wix.cancel-event", "wix", {"triggerKey": "k\x1b[2J", "externalEntityId": "e"}, "triggerKey"),
    ("wix.cancel-event", "wix", {"triggerKey": "k", "externalEntityId": "e\x85"}, "externalEntityId"),
    ("wix.run-trigger", "wix", {"triggerId": f"{GUID}\n"}, "triggerId"),
    ("wix.report-event", "wix", {"triggerKey": "k", "idempotency.ttlInMilliseconds": "\u0661\u0662"}, "idempotency.ttlInMilliseconds"),
    (*EXECUTE[:2], {**EXECUTE[2], "OWNER_ID": "\u0661\u0662"}, "OWNER_ID"),
    (*EXECUTE[:2], {**EXECUTE[2], "OWNER_ID": "1_2"}, "OWNER_ID"),
    (*EXECUTE[:2], {**EXECUTE[2], "OWNER_ID": "12\n"}, "OWNER_ID"),
    (*EXECUTE[:2], {**EXECUTE[2], "OWNER_ID": "18446744073709551616"}, "OWNER_ID"),
]  # fmt: skip


@pytest.mark.usefixtures("profiles")
@pytest.mark.parametrize(("call", "profile", "values", "field"), LOOSE)
def test_values_that_pass_a_loose_rule_are_refused(
    cli: Cli, server: ScriptedServer, call: str, profile: str, values: dict[str, str], field: str
) -> None:
    argv = [call, "--profile", profile]
    for name, value in values.items():
        argv += ["--set", f"{name}={value}"]
    result = cli("fire", *argv, "--json")
    assert result.code == 2, result.text
    data = json.loads(result.out)
    assert field in [error["field"] for error in data["errors"]], data["errors"]
    assert server.received == [] and history_count() == 0
    text = cli("fire", *argv)
    assert text.code == 2 and "\x1b" not in text.err and "\x00" not in text.err


@pytest.mark.usefixtures("profiles")
def test_a_payload_key_with_a_trailing_newline_is_refused(cli: Cli, server: ScriptedServer) -> None:
    argv = ["wix.report-event", "--profile", "wix", "--set", "triggerKey=k"]
    result = cli("fire", *argv, "--payload", '{"name\\n": 1}', "--json")
    assert result.code == 2, result.text
    assert "payload.name\n" in [error["field"] for error in json.loads(result.out)["errors"]]
    assert server.received == []


@pytest.mark.usefixtures("profiles")
def test_good_values_still_pass(cli: Cli, server: ScriptedServer) -> None:
    server.script(Answer(200, {"result": True}))
    result = cli(
        "fire",
        "bitrix24.trigger",
        "--profile",
        "b24",
        "--set",
        "target=DEAL_5",
        "--set",
        "code=Won.1-a_b",
    )
    assert result.code == 0, result.text
    assert server.received[0].json() == {"target": "DEAL_5", "code": "Won.1-a_b"}


# --- history ids and limits ---------------------------------------------------------------


@pytest.mark.parametrize("with_history", [False, True], ids=["no-database", "database"])
@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["history", "show", "18446744073709551616"], "ID"),
        (["history", "show", "9" * 5000], "ID"),
        (["history", "show", "-1"], "ID"),
        (["history", "show", "0"], "ID"),
        (["history", "show", "\u0661\u0662"], "ID"),
        (["history", "show", "1_0"], "ID"),
        (["history", "show", "1\n"], "ID"),
        (["history", "list", "--limit", "0"], "--limit"),
        (["history", "list", "--limit", "-5"], "--limit"),
        (["history", "list", "--limit", "18446744073709551616"], "--limit"),
        (["history", "list", "--limit", "\u0661\u0660"], "--limit"),
        (["history", "list", "--limit", "ten"], "--limit"),
    ],
)
def test_history_ids_and_limits_are_checked(
    cli: Cli,
    server: ScriptedServer,
    request: pytest.FixtureRequest,
    with_history: bool,
    argv: list[str],
    field: str,
) -> None:
    if with_history:
        request.getfixturevalue("profiles")
        server.script(Answer(200, {"result": True}))
        assert (
            cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_5").code == 0
        )
    result = cli(*argv)
    assert result.code == 2, result.text
    assert field in result.err and "Traceback" not in result.err
    as_json = cli(*argv, "--json")
    assert as_json.code == 2, as_json.text
    data = json.loads(as_json.out)
    assert data["ok"] is False and data["errors"][0]["field"] == field


# --- what comes back is shown, never obeyed -----------------------------------------------


@pytest.mark.usefixtures("profiles")
def test_escape_sequences_from_a_server_are_neutralised(cli: Cli, server: ScriptedServer) -> None:
    body = {"code": "X" + ESCAPES, "message": "refused " + ESCAPES}
    server.script(Answer(400, body), Answer(400, body))
    text = cli(*RUN_TRIGGER)
    assert text.code == 1, text.text
    printed = text.out + text.err
    for raw in ("\x1b", "\x07", "\x9b", "\r"):
        assert raw not in printed
    assert "\\u001b[31mred" in printed  # shown, so the user sees what was sent
    history_id = text.out.rpartition("History id: ")[2].split()[0]
    shown = cli("history", "show", history_id)
    assert shown.code == 0 and "\x1b" not in shown.out and "\x9b" not in shown.out
    as_json = cli(*RUN_TRIGGER, "--json")
    assert "\x1b" not in as_json.out and "\x9b" not in as_json.out
    # Still JSON, and it still says exactly what the server sent.
    assert json.loads(as_json.out)["response"]["body"]["message"] == "refused " + ESCAPES


# --- big bodies --------------------------------------------------------------------------------


@pytest.mark.usefixtures("profiles")
def test_a_10_mb_payload_is_sent_whole_and_kept_at_256_kb(
    cli: Cli, server: ScriptedServer, tmp_path: Path
) -> None:
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"data": "x" * (10 * 1024 * 1024)}), encoding="utf-8")
    server.script(Answer(200, {}))
    result = cli(*RUN_TRIGGER, "--payload", f"@{big}", "--json")
    assert result.code == 0, result.text
    assert len(server.received[0].body) > 10 * 1024 * 1024  # sent whole
    record = json.loads(result.out)
    with HistoryStore(history_db_path()) as store:
        stored = store.get(record["history_id"])
    assert stored is not None
    assert len(stored.request.body) == 256 * 1024
    note = next(note for note in stored.notes if "request body" in note)
    assert f"{len(server.received[0].body):,} bytes" in note and "left out" in note
    size = sum(
        p.stat().st_size for p in history_db_path().parent.glob(history_db_path().name + "*")
    )
    assert size < 3 * 1024 * 1024, size


@pytest.mark.usefixtures("profiles")
@pytest.mark.parametrize("timeout", ["nan", "inf", "-1", "0", "1e9"])
def test_odd_timeouts_are_bad_input(cli: Cli, server: ScriptedServer, timeout: str) -> None:
    assert_bad_input(cli, [*RUN_TRIGGER, "--timeout", timeout], "--timeout")
    assert server.received == []
