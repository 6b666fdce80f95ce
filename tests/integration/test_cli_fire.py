"""`trigger-desk fire` in-process against a real loopback server: output, --json, exit codes.

The secret store is injected (`main(argv, secret_store=...)`); the keyring path itself is
covered in test_cli_profiles.py and test_cli_subprocess.py with the real Secret Service.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from keyring.backends import fail

from tests.support.cli import (
    CONTRACT_KEYS,
    PHASES,
    Cli,
    closed_port_url,
    history_count,
)
from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.core.calls import CALLS
from trigger_desk.core.model import AUTH_SCHEMES
from trigger_desk.core.record import TIMING_PHASES
from trigger_desk.store.secrets import KeyringSecretStore, MemorySecretStore

WEBHOOK_SECRET = "s3cr3tw3bh00k"
API_KEY = "IST.wix-api-key-0123456789abcdef"
ACCESS_TOKEN = "b24-access-token-0123456789"
REFRESH_TOKEN = "b24-refresh-token-0123456789"
CLIENT_SECRET = "b24-client-secret-0123456789"
APP_SECRET = "wix-app-secret-0123456789"
APP_TOKEN = "wix-app-token-0123456789abcdef"
SECRETS = (
    WEBHOOK_SECRET,
    API_KEY,
    ACCESS_TOKEN,
    REFRESH_TOKEN,
    CLIENT_SECRET,
    APP_SECRET,
    APP_TOKEN,
)
SITE_ID = "5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c"
GUID = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"


def argv(command: str) -> list[str]:
    """A command line as the shell would split it (keeps the test cases on one line)."""
    return shlex.split(command)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch, MemorySecretStore())


def add_profiles(cli: Cli, base: str) -> None:
    """One profile per auth kind, all pointing at `base`, added through the CLI."""
    steps = [
        (
            ["b24", "--platform", "bitrix24", "--auth", "webhook"],
            f"webhook_url={base}/rest/1/{WEBHOOK_SECRET}/\n",
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
            f"client_secret={CLIENT_SECRET}\naccess_token={ACCESS_TOKEN}\nrefresh_token={REFRESH_TOKEN}\n",
        ),
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
            f"api_key={API_KEY}\n",
        ),
        (
            [
                "wix-app",
                "--platform",
                "wix",
                "--auth",
                "app-oauth",
                "--set",
                f"app_id={GUID}",
                "--set",
                f"instance_id={SITE_ID}",
                "--set",
                f"api_base={base}",
            ],
            f"app_secret={APP_SECRET}\n",
        ),
    ]
    for args, stdin in steps:
        result = cli("profiles", "add", *args, stdin=stdin)
        assert result.code == 0, result.text


@pytest.fixture
def profiles(cli: Cli, server: ScriptedServer) -> None:
    add_profiles(cli, server.base_url)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


# --- accepted calls ----------------------------------------------------------------------


@pytest.mark.usefixtures("profiles")
def test_json_object_has_every_contract_key(cli: Cli, server: ScriptedServer) -> None:
    server.script(Answer(200, {"result": True, "time": {"start": 1.5, "duration": 0.01}}))
    result = cli(
        "fire",
        "bitrix24.trigger",
        "--profile",
        "b24",
        "--set",
        "target=DEAL_57",
        "--set",
        "code=won",
        "--json",
    )
    assert result.code == 0, result.text
    data = result.json()
    assert set(data) >= CONTRACT_KEYS
    assert data["ok"] is True and data["outcome"] == "ok" and data["status"] == 200
    assert data["call"] == "bitrix24.trigger"
    assert data["error"] is None
    assert set(data["timings_ms"]) == PHASES and data["timings_ms"]["total"] > 0
    assert set(data["request"]) == {"method", "url", "headers", "body"}
    assert set(data["response"]) == {"headers", "body"}
    assert data["request"]["body"] == {"target": "DEAL_57", "code": "won"}
    assert data["request"]["url"].endswith("/rest/1/****/crm.automation.trigger.json")
    assert isinstance(data["history_id"], int)
    assert_no_secret(result.text)
    [received] = server.received
    assert received.path == f"/rest/1/{WEBHOOK_SECRET}/crm.automation.trigger.json"
    assert received.json() == {"target": "DEAL_57", "code": "won"}
    assert history_count() == 1


@pytest.mark.usefixtures("profiles")
def test_default_output_is_readable(cli: Cli, server: ScriptedServer) -> None:
    server.script(Answer(200, {"activationIds": ["x"]}, headers={"x-wix-request-id": "wix-req-42"}))
    result = cli(
        "fire",
        "wix.report-event",
        "--profile",
        "wix",
        "--set",
        "triggerKey=form_submitted",
        "--set",
        "idempotency.key=order-1",
        "--payload",
        '{"name": "John Doe"}',
    )
    assert result.code == 0, result.text
    lines = result.out.splitlines()
    assert lines[0].startswith("OK (ok) · HTTP 200 · wix.report-event")
    assert any(line.startswith("Timings: connect ") and "total" in line for line in lines)
    assert '"activationIds"' in result.out
    assert "History id: 1" in result.out
    assert "x-wix-request-id: wix-req-42" in result.out  # named as Wix support names it
    # The API key was only a warning-worthy auth kind for ReportEvent: said on stderr.
    assert "unconfirmed" in result.out + result.err
    assert_no_secret(result.text)
    [received] = server.received
    assert received.path == "/automations/v1/events/report"
    assert received.headers["Authorization"] == API_KEY
    assert received.headers["wix-site-id"] == SITE_ID
    assert received.json() == {
        "triggerKey": "form_submitted",
        "idempotency": {"key": "order-1"},
        "payload": {"name": "John Doe"},
    }


@pytest.mark.usefixtures("profiles")
def test_each_auth_kind_fires(cli: Cli, server: ScriptedServer) -> None:
    server.script(
        Answer(200, {"result": True}),
        Answer(
            200,
            {"access_token": APP_TOKEN, "token_type": "Bearer", "expires_in": 14400},
            path="/oauth2/token",
        ),
        Answer(200, {}, path="/v1/trigger-custom"),
    )
    r1 = cli(
        "fire",
        "bitrix24.trigger.execute",
        "--profile",
        "b24-app",
        "--set",
        "CODE=paid",
        "--set",
        "OWNER_TYPE_ID=2",
        "--set",
        "OWNER_ID=6",
        "--json",
    )
    r2 = cli(
        "fire",
        "wix.run-trigger",
        "--profile",
        "wix-app",
        "--set",
        f"triggerId={GUID}",
        "--payload",
        '{"firstName": "Amy"}',
        "--json",
    )
    assert (r1.code, r2.code) == (0, 0), r1.text + r2.text
    execute, token, run = server.received
    assert execute.path == "/rest/crm.automation.trigger.execute.json"
    assert execute.json() == {
        "CODE": "paid",
        "OWNER_TYPE_ID": 2,
        "OWNER_ID": 6,
        "auth": ACCESS_TOKEN,
    }
    assert token.json()["client_secret"] == APP_SECRET
    assert run.headers["Authorization"] == APP_TOKEN
    assert run.json() == {"triggerId": GUID, "payload": {"firstName": "Amy"}}
    assert r1.json()["request"]["body"]["auth"] == "****"
    assert_no_secret(r1.text + r2.text)


@pytest.mark.usefixtures("profiles")
def test_payload_from_a_file(cli: Cli, server: ScriptedServer, tmp_path: Path) -> None:
    payload_file = tmp_path / "payload.json"
    payload_file.write_text('{"firstName": "Amy", "age": 50}', encoding="utf-8")
    server.script(Answer(200, {}))
    result = cli(
        "fire",
        "wix.run-trigger",
        "--profile",
        "wix",
        "--set",
        f"triggerId={GUID}",
        "--payload",
        f"@{payload_file}",
    )
    assert result.code == 0, result.text
    assert server.received[0].json()["payload"] == {"firstName": "Amy", "age": 50}


# --- bad input: exit 2, the field named as typed, nothing sent --------------------------------


BAD_INPUTS = [
    pytest.param(
        argv("fire bitrix24.trigerr --profile b24"),
        "bitrix24.trigerr",
        "unknown call id",
        id="unknown-call",
    ),
    pytest.param(
        argv("fire bitrix24.trigger --profile nobody --set target=DEAL_1"),
        "nobody",
        "Known profiles: 'b24', 'b24-app', 'wix', 'wix-app'",
        id="unknown-profile",
    ),
    pytest.param(
        argv("fire bitrix24.trigger --set target=DEAL_1"),
        "--profile",
        "is required",
        id="no-profile",
    ),
    pytest.param(
        argv(
            "fire bitrix24.trigger.execute --profile b24 --set CODE=x --set OWNER_TYPE_ID=2 --set OWNER_ID=1"
        ),
        "b24",
        "application context",
        id="webhook-cannot-execute",
    ),
    pytest.param(
        ["fire", "wix.run-trigger", "--profile", "b24", "--set", f"triggerId={GUID}"],
        "b24",
        "pick a",
        id="wrong-platform",
    ),
    pytest.param(
        argv("fire bitrix24.trigger --profile b24 --set target=DEAL"),
        "target",
        "Example: target=DEAL_57",
        id="bad-target",
    ),
    pytest.param(
        argv("fire bitrix24.trigger --profile b24 --set target=DEAL_1 --set 'code=no spaces'"),
        "code",
        "may hold only",
        id="bad-code",
    ),
    pytest.param(
        argv("fire bitrix24.trigger --profile b24 --set tagret=DEAL_1"),
        "tagret",
        "Did you mean 'target'",
        id="unknown-field",
    ),
    pytest.param(
        argv("fire bitrix24.trigger --profile b24 --set target"),
        "target",
        "FIELD=VALUE",
        id="set-without-equals",
    ),
    pytest.param(
        argv(
            "fire bitrix24.trigger.execute --profile b24-app --set CODE=x --set OWNER_TYPE_ID=6 --set OWNER_ID=-1"
        ),
        "OWNER_TYPE_ID",
        "owner type",
        id="bad-owner-type",
    ),
    pytest.param(
        argv(
            "fire bitrix24.trigger.execute --profile b24-app --set CODE=x --set OWNER_TYPE_ID=2 --set OWNER_ID=abc"
        ),
        "OWNER_ID",
        "whole number",
        id="bad-owner-id",
    ),
    pytest.param(
        argv("fire wix.run-trigger --profile wix --set triggerId=123"),
        "triggerId",
        "GUID",
        id="bad-guid",
    ),
    pytest.param(
        ["fire", "wix.report-event", "--profile", "wix", "--set", "triggerKey=" + "k" * 101],
        "triggerKey",
        "1 to 100",
        id="long-trigger-key",
    ),
    pytest.param(
        [
            "fire",
            "wix.run-trigger",
            "--profile",
            "wix",
            "--set",
            f"triggerId={GUID}",
            "--payload",
            '{"a": 1,}',
        ],
        "payload",
        "line 1, column",
        id="payload-not-json",
    ),
    pytest.param(
        [
            "fire",
            "wix.run-trigger",
            "--profile",
            "wix",
            "--set",
            f"triggerId={GUID}",
            "--payload",
            "[1, 2]",
        ],
        "payload",
        "JSON object",
        id="payload-not-object",
    ),
    pytest.param(
        argv(
            'fire wix.report-event --profile wix --set triggerKey=k --payload \'{"_x": {"y": 1}}\''
        ),
        "payload._x",
        "underscore",
        id="wix-payload-rule",
    ),
    pytest.param(
        argv("fire bitrix24.trigger --profile b24 --set target=DEAL_1 --payload '{}'"),
        "payload",
        "takes no payload",
        id="payload-not-taken",
    ),
    pytest.param(
        [
            "fire",
            "wix.run-trigger",
            "--profile",
            "wix",
            "--set",
            f"triggerId={GUID}",
            "--payload",
            "@/nonexistent/p.json",
        ],
        "payload",
        "cannot read",
        id="payload-file-missing",
    ),
    pytest.param(
        argv("fire bitrix24.trigger --profile b24 --set target=DEAL_1 --timeout 0"),
        "--timeout",
        "positive",
        id="bad-timeout",
    ),
    pytest.param(
        argv("fire bitrix24.trigger --profile b24 --var x=1"),
        "--var",
        "--preset",
        id="var-without-preset",
    ),
]


@pytest.mark.usefixtures("profiles")
@pytest.mark.parametrize(("argv", "field", "says"), BAD_INPUTS)
def test_bad_input_exits_2_names_the_field_and_sends_nothing(
    cli: Cli, server: ScriptedServer, argv: list[str], field: str, says: str
) -> None:
    result = cli(*argv)
    assert result.code == 2, result.text
    assert result.out == ""
    assert "nothing was sent" in result.err
    assert f"  {field}: " in result.err
    assert says in result.err
    assert "Traceback" not in result.text

    as_json = cli(*argv, "--json")
    assert as_json.code == 2
    data = as_json.json()
    assert set(data) >= CONTRACT_KEYS
    assert data["ok"] is False and data["outcome"] == "invalid_input"
    assert data["error"]["code"] is None and says in data["error"]["message"]
    assert field in [error["field"] for error in data["errors"]]
    assert data["hint"]
    for key in ("status", "request", "response", "history_id"):
        assert data[key] is None
    assert data["timings_ms"] == dict.fromkeys(TIMING_PHASES, 0.0)  # same shape, nothing timed
    assert set(data["timings_state"].values()) == {"not_reached"}

    assert server.received == []
    assert history_count() == 0


@pytest.mark.usefixtures("profiles")
def test_every_problem_is_reported_at_once(cli: Cli, server: ScriptedServer) -> None:
    result = cli(
        "fire",
        "bitrix24.trigger",
        "--profile",
        "b24",
        "--set",
        "target=DEAL",
        "--set",
        "code=a b",
        "--set",
        "extra=1",
    )
    assert result.code == 2
    fields = [line.split(":")[0].strip() for line in result.err.splitlines()[1:]]
    assert sorted(fields) == ["code", "extra", "target"]
    assert server.received == []


@pytest.mark.usefixtures("profiles")
def test_malformed_command_line_is_bad_input_too(cli: Cli, server: ScriptedServer) -> None:
    result = cli("fire", "bitrix24.trigger", "--profile", "b24", "--timeout", "soon")
    assert result.code == 2
    assert "--timeout" in result.err and "Traceback" not in result.err
    as_json = cli("fire", "bitrix24.trigger", "--profile", "b24", "--timeout", "soon", "--json")
    assert as_json.code == 2 and as_json.json()["outcome"] == "invalid_input"
    assert server.received == []


def test_no_usable_keyring_is_a_clear_refusal(cli: Cli, server: ScriptedServer) -> None:
    add_profiles(cli, server.base_url)
    no_keyring = KeyringSecretStore(fail.Keyring())
    result = cli(
        "fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1", store=no_keyring
    )
    assert result.code == 2
    assert "Cannot use the OS keyring" in result.err and "Nothing was sent" in result.err
    as_json = cli(
        "fire",
        "bitrix24.trigger",
        "--profile",
        "b24",
        "--set",
        "target=DEAL_1",
        "--json",
        store=no_keyring,
    )
    assert as_json.code == 2 and as_json.json()["outcome"] == "invalid_input"
    assert "keyring" in as_json.json()["error"]["message"]
    assert server.received == []


def test_a_profile_whose_secret_is_gone(cli: Cli, server: ScriptedServer) -> None:
    add_profiles(cli, server.base_url)
    cli.store.delete("wix", "api_key")
    result = cli("fire", "wix.run-trigger", "--profile", "wix", "--set", f"triggerId={GUID}")
    assert result.code == 2
    assert "  api_key: profile 'wix' has no api_key in the keyring" in result.err
    assert "--replace" in result.err
    assert server.received == []


# --- dry run ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("profiles")
def test_dry_run_prints_the_masked_request_and_sends_nothing(
    cli: Cli, server: ScriptedServer
) -> None:
    result = cli(
        "fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_57", "--dry-run"
    )
    assert result.code == 0, result.text
    assert f"POST {server.base_url}/rest/1/****/crm.automation.trigger.json" in result.out
    assert "Accept: application/json" in result.out
    assert '"target": "DEAL_57"' in result.out
    assert "$TRIGGER_DESK_WEBHOOK_SECRET" in result.out  # the cURL copy
    assert_no_secret(result.text)

    wix = cli(
        "fire",
        "wix.run-trigger",
        "--profile",
        "wix",
        "--set",
        f"triggerId={GUID}",
        "--payload",
        '{"a": 1}',
        "--dry-run",
        "--json",
    )
    assert wix.code == 0, wix.text
    request = wix.json()
    assert set(request) == {"method", "url", "headers", "body"}
    assert request["method"] == "POST"
    assert request["url"] == f"{server.base_url}/v1/trigger-custom"
    assert request["headers"]["Authorization"] == "****"
    assert request["headers"]["wix-site-id"] == SITE_ID
    assert request["body"] == {"triggerId": GUID, "payload": {"a": 1}}
    assert_no_secret(wix.text)

    assert server.received == []
    assert history_count() == 0


@pytest.mark.usefixtures("profiles")
def test_dry_run_still_refuses_bad_input(cli: Cli, server: ScriptedServer) -> None:
    result = cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=X", "--dry-run")
    assert result.code == 2 and "  target: " in result.err


# --- refusals and no answer: exit 1 and 3, with a history row ----------------------------------

REFUSALS = [
    pytest.param(
        [Answer(400, {"error": "", "error_description": "Incorrect target format."})],
        "rejected",
        "",
        id="rejected",
    ),
    pytest.param(
        [Answer(401, {"error": "NO_AUTH_FOUND", "error_description": "Wrong authorization data"})],
        "auth",
        "NO_AUTH_FOUND",
        id="auth",
    ),
    pytest.param(
        [
            Answer(
                503,
                {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"},
                headers={"Retry-After": "0"},
            )
        ]
        * 5,
        "rate_limited",
        "QUERY_LIMIT_EXCEEDED",
        id="rate-limited",
    ),
    pytest.param(
        [Answer(502, "<html><body><h1>502 Bad Gateway</h1></body></html>")],
        "server_error",
        None,
        id="html-502",
    ),
]


@pytest.mark.usefixtures("profiles")
@pytest.mark.parametrize(("answers", "outcome", "code"), REFUSALS)
def test_refusals_exit_1_with_outcome_hint_and_history_row(
    cli: Cli, server: ScriptedServer, answers: list[Answer], outcome: str, code: str | None
) -> None:
    server.script(*answers)
    result = cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1", "--json")
    assert result.code == 1, result.text
    data = result.json()
    assert data["ok"] is False and data["outcome"] == outcome
    assert data["hint"]
    if code is not None:
        assert data["error"]["code"] == code
    assert isinstance(data["history_id"], int)
    assert history_count() == 1
    assert len(server.received) == len(answers)
    assert_no_secret(result.text)

    server.script(*answers)
    human = cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1")
    assert human.code == 1
    assert "Cause: " in human.out and "Next step: " in human.out and "History id: 2" in human.out


@pytest.mark.usefixtures("profiles")
@pytest.mark.parametrize(
    ("answer", "line"),
    [
        (
            Answer(400, {"error": "", "error_description": "Incorrect target format."}),
            "Refused by Bitrix24: Incorrect target format.",
        ),
        (
            Answer(401, {"error": "NO_AUTH_FOUND", "error_description": "Wrong auth"}),
            "Refused by Bitrix24: NO_AUTH_FOUND: Wrong auth",
        ),
        (
            Answer(500, {"error": "INTERNAL_SERVER_ERROR", "error_description": "Boom"}),
            "Server error: INTERNAL_SERVER_ERROR: Boom",
        ),
        (Answer(502, "<html><h1>502 Bad Gateway</h1></html>"), "Server error: <html><h1>502"),
    ],
)
def test_the_error_line_says_what_happened(
    cli: Cli, server: ScriptedServer, answer: Answer, line: str
) -> None:
    server.script(answer)
    result = cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1")
    assert result.code == 1
    heading = line.split(":")[0] + ":"
    error_lines = [text for text in result.out.splitlines() if text.startswith(heading)]
    assert len(error_lines) == 1 and line in error_lines[0], result.out
    if answer.status < 500:
        assert "Server error" not in result.out


def test_no_answer_is_not_a_server_error_and_each_cause_is_said_once(cli: Cli) -> None:
    add_profiles(cli, closed_port_url())
    result = cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1")
    assert result.code == 3
    assert "Server error" not in result.out
    lines = result.out.splitlines()
    [first] = [line for line in lines if line.startswith("No answer: ")]
    causes = [line.strip() for line in lines if line.startswith("  caused by ")]
    texts = [first.removeprefix("No answer: "), *(c.removeprefix("caused by ") for c in causes)]
    messages = [text.split(": ", 1)[-1] for text in texts]
    assert len(messages) == len(set(messages)), result.out  # no cause repeated
    assert any("ConnectionRefusedError" in text for text in texts), result.out


def test_refused_connection_exits_3(cli: Cli, server: ScriptedServer) -> None:
    add_profiles(cli, closed_port_url())
    result = cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1", "--json")
    assert result.code == 3, result.text
    data = result.json()
    assert data["outcome"] == "network" and data["status"] is None and data["response"] is None
    assert "refused" in data["hint"]
    assert "`trigger-desk sandbox` (port 8765)" in data["hint"]  # a loopback address
    assert isinstance(data["history_id"], int)
    assert history_count() == 1
    human = cli("fire", "wix.run-trigger", "--profile", "wix", "--set", f"triggerId={GUID}")
    assert human.code == 3
    assert human.out.startswith("Network error (network) · no answer")
    assert_no_secret(result.text + human.text)


@pytest.mark.usefixtures("profiles")
def test_timeout_option_exits_3(cli: Cli, server: ScriptedServer) -> None:
    server.script(Answer(200, {"result": True}, delay=2.0))
    result = cli(
        "fire",
        "bitrix24.trigger",
        "--profile",
        "b24",
        "--set",
        "target=DEAL_1",
        "--timeout",
        "0.3",
        "--json",
    )
    assert result.code == 3, result.text
    data = result.json()
    assert data["outcome"] == "timeout"
    assert "0.3 s" in data["hint"]
    # What was reached is shown; the phase cut off counts its time; the rest says so.
    timings, states = data["timings_ms"], data["timings_state"]
    assert set(timings) == PHASES and all(isinstance(v, float) for v in timings.values())
    assert states == {
        "connect": "done",
        "tls": "skipped",  # plain http://: "not needed"
        "send": "done",
        "wait": "unfinished",
        "receive": "not_reached",
    }
    assert timings["wait"] > 0 and timings["connect"] > 0 and timings["total"] >= timings["wait"]

    server.script(Answer(200, {"result": True}, delay=2.0))
    human = cli(
        "fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1", "--timeout", "0.3"
    )
    [line] = [text for text in human.out.splitlines() if text.startswith("Timings: ")]
    assert "wait " in line and ", did not complete;" in line and "receive not reached" in line
    assert "total 0.0 ms" not in line


@pytest.mark.usefixtures("profiles")
def test_a_dropped_connection_says_which_phase_it_ended_in(
    cli: Cli, server: ScriptedServer
) -> None:
    server.script(Answer(drop=True))
    result = cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1", "--json")
    assert result.code == 3
    states = result.json()["timings_state"]
    assert states["connect"] == "done" and states["receive"] == "not_reached"
    assert states["wait"] == "unfinished"


def test_a_refused_connection_reached_no_phase_after_connect(cli: Cli) -> None:
    add_profiles(cli, closed_port_url())
    result = cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1", "--json")
    assert result.code == 3
    assert result.json()["timings_state"] == {
        "connect": "unfinished",
        "tls": "not_reached",
        "send": "not_reached",
        "wait": "not_reached",
        "receive": "not_reached",
    }


@pytest.mark.usefixtures("profiles")
def test_sdk_path_option(cli: Cli, server: ScriptedServer) -> None:
    server.script(Answer(200, {}))
    result = cli(
        "fire", "wix.run-trigger", "--profile", "wix", "--set", f"triggerId={GUID}", "--sdk-path"
    )
    assert result.code == 0, result.text
    assert server.received[0].path == "/_serverless/crm-automations-utils/v1/trigger-custom"


def test_help_and_usage(cli: Cli) -> None:
    assert cli("--help").code == 0
    bare = cli()
    assert bare.code == 2 and "COMMAND" in bare.err
    assert cli("fire", "--help").out.count("--dry-run") >= 1


def test_fire_help_lists_calls_and_a_calls_fields_from_its_declaration(cli: Cli) -> None:
    listing = cli("fire", "--help")
    assert listing.code == 0
    assert all(call_id in listing.out for call_id in CALLS)
    one = cli("fire", "bitrix24.trigger.execute", "--help")
    assert one.code == 0
    lines = one.out.splitlines()
    assert "  OWNER_TYPE_ID (required, integer): Owner type" in lines
    assert "rule: a positive whole number" in one.out  # OWNER_ID's rule
    assert "2 Deal (DEAL)" in one.out  # the declared choices
    assert "profiles with --auth: oauth" in lines
    payload = cli("fire", "wix.report-event", "--help").out
    assert "Payload (--payload JSON|@FILE" in payload and "triggerKey (required" in payload
    assert cli("fire", "no.such.call", "--help").out == listing.out


def test_profiles_add_help_names_each_auth_kinds_settings_and_secrets(cli: Cli) -> None:
    text = cli("profiles", "add", "--help").out
    for scheme in AUTH_SCHEMES.values():
        assert f"--platform {scheme.platform.value} --auth {scheme.kind.value}" in text
        for key in (*scheme.settings, *scheme.secrets):
            assert key in text
    assert "client_secret (required)" in text and "api_base (default" in text
