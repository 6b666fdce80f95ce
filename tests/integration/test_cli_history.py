"""`trigger-desk history list|show|export` after real calls to the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import (
    CONTRACT_KEYS,
    CUSTOM_TRIGGER_ID,
    Cli,
    sandbox_secrets,
)
from trigger_desk.core.record import CallRecord, RequestRecord
from trigger_desk.sandbox import Sandbox
from trigger_desk.store.history import HistoryStore
from trigger_desk.store.paths import history_db_path


@pytest.fixture
def three_calls(cli: Cli, sandbox: Sandbox) -> None:
    """An accepted Bitrix24 call, an accepted Wix call, and an HTML 502."""
    assert cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_57").code == 0
    assert (
        cli(
            "fire",
            "wix.run-trigger",
            "--profile",
            "wix",
            "--set",
            f"triggerId={CUSTOM_TRIGGER_ID}",
            "--payload",
            '{"a": 1}',
        ).code
        == 0
    )
    sandbox.set_mode(html_502=True)
    assert (
        cli("fire", "bitrix24.trigger", "--profile", "b24-app", "--set", "target=DEAL_1").code == 1
    )
    sandbox.reset_mode()


def assert_no_secret(sandbox: Sandbox, text: str) -> None:
    for secret in sandbox_secrets(sandbox):
        assert secret not in text


def test_empty_history(cli: Cli) -> None:
    assert cli("history", "list").out.strip() == "No calls yet."
    assert cli("history", "list", "--json").json() == []
    missing = cli("history", "show", "1")
    assert missing.code == 2 and "  1: no call with this history id" in missing.err
    exported = cli("history", "export", "--format", "har")
    assert exported.code == 0 and exported.json()["log"]["entries"] == []
    assert not history_db_path().exists()  # reading never creates the database


@pytest.mark.usefixtures("three_calls")
def test_list_newest_first(cli: Cli, sandbox: Sandbox) -> None:
    result = cli("history", "list")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == [
        "ID",
        "STARTED",
        "(UTC)",
        "CALL",
        "PROFILE",
        "STATUS",
        "OUTCOME",
        "TOTAL",
        "MS",
    ]
    rows = [line.split() for line in lines[2:]]
    assert [(r[0], r[3], r[4], r[5], r[6]) for r in rows] == [
        ("3", "bitrix24.trigger", "b24-app", "502", "server_error"),
        ("2", "wix.run-trigger", "wix", "200", "ok"),
        ("1", "bitrix24.trigger", "b24", "200", "ok"),
    ]
    limited = cli("history", "list", "--limit", "1")
    assert len(limited.out.splitlines()) == 4 and "(1 of 3 calls" in limited.out
    as_json = cli("history", "list", "--limit", "2", "--json").json()
    assert [row["history_id"] for row in as_json] == [3, 2]
    assert as_json[0]["outcome"] == "server_error" and as_json[0]["hint"]
    assert set(as_json[1]) >= {
        "history_id",
        "started_at",
        "call",
        "profile",
        "status",
        "outcome",
        "total_ms",
        "state",
    }
    assert cli("history", "list", "--limit", "0").code == 2
    assert_no_secret(sandbox, result.text)


@pytest.mark.usefixtures("three_calls")
def test_list_filters_combine(cli: Cli) -> None:
    def ids(*filters: str) -> list[int]:
        result = cli("history", "list", "--json", *filters)
        assert result.code == 0, result.err
        return [row["history_id"] for row in result.json()]

    assert ids("--platform", "wix") == [2]
    assert ids("--call", "bitrix24.trigger") == [3, 1]
    assert ids("--profile", "b24-app") == [3]
    assert ids("--outcome", "ok") == [2, 1]
    assert ids("--platform", "bitrix24", "--outcome", "ok") == [1]
    assert ids("--search", "Bad Gateway") == [3]  # words of the 502 page's body
    assert ids("--profile", "nobody") == []
    text = cli("history", "list", "--outcome", "ok", "--limit", "1")
    assert "(1 of 2 calls" in text.out
    assert cli("history", "list", "--profile", "nobody").out.strip() == (
        "No calls match these filters."
    )
    wrong = cli("history", "list", "--outcome", "fine")
    assert wrong.code == 2 and "--outcome" in wrong.err


def test_list_help_names_its_filters_and_default_limit(cli: Cli) -> None:
    text = cli("history", "list", "--help").out
    for flag in ("--platform", "--call", "--profile", "--outcome", "--search"):
        assert flag in text
    assert "(default 20)" in text


@pytest.mark.usefixtures("three_calls")
def test_show_in_full(cli: Cli, sandbox: Sandbox) -> None:
    result = cli("history", "show", "3")
    assert result.code == 0
    assert result.out.startswith("Server error (server_error) · HTTP 502 · bitrix24.trigger")
    assert "Request:" in result.out and "/rest/crm.automation.trigger.json" in result.out
    assert '"auth": "****"' in result.out
    assert "Response: HTTP 502" in result.out and "Bad Gateway" in result.out
    assert "Timings: connect" in result.out and "Next step:" in result.out
    as_json = cli("history", "show", "2", "--json").json()
    assert set(as_json) >= CONTRACT_KEYS
    assert as_json["history_id"] == 2 and as_json["ok"] is True
    assert as_json["request"]["headers"]["Authorization"] == "****"
    assert as_json["request"]["body"] == {"triggerId": CUSTOM_TRIGGER_ID, "payload": {"a": 1}}
    assert as_json["started_at"] and as_json["state"] == "done"
    assert_no_secret(sandbox, result.text + json.dumps(as_json))
    missing = cli("history", "show", "99")
    assert missing.code == 2 and "  99: no call with this history id" in missing.err


def test_an_interrupted_call_says_no_answer_was_recorded(cli: Cli) -> None:
    history_db_path().parent.mkdir(parents=True, exist_ok=True)
    with HistoryStore(history_db_path()) as store:
        record = CallRecord(
            call_id="bitrix24.trigger",
            platform="bitrix24",
            profile="b24",
            started_at="2026-01-01T10:00:00.000+00:00",
            request=RequestRecord(
                "POST", "https://x/rest/1/****/crm.automation.trigger.json", {}, "{}"
            ),
        )
        store.begin(record)  # ... and the process "dies" before complete()
    result = cli("history", "show", "1")
    assert result.code == 0
    assert "No answer was recorded" in result.out


@pytest.mark.usefixtures("three_calls")
def test_export_har_and_json(cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    har_file = tmp_path / "calls.har"
    result = cli("history", "export", "--format", "har", "--output", str(har_file))
    assert result.code == 0 and str(har_file) in result.err
    har_text = har_file.read_text(encoding="utf-8")
    har = json.loads(har_text)
    assert har["log"]["version"] == "1.2"
    entries = har["log"]["entries"]
    assert len(entries) == 3
    for entry in entries:
        assert {"startedDateTime", "time", "request", "response", "timings"} <= set(entry)
        assert {"send", "wait", "receive"} <= set(entry["timings"])
    assert [entry["response"]["status"] for entry in entries] == [200, 200, 502]

    as_json = cli("history", "export")
    assert as_json.code == 0
    exported = as_json.json()
    assert [item["call"] for item in exported] == [
        "bitrix24.trigger",
        "wix.run-trigger",
        "bitrix24.trigger",
    ]
    assert_no_secret(sandbox, har_text + as_json.out)
    bad = cli("history", "export", "--output", str(tmp_path / "no" / "such" / "dir.json"))
    assert bad.code == 1 and "cannot write" in bad.err


def test_a_damaged_history_is_reported_never_overwritten_and_nothing_is_fired(
    cli: Cli, sandbox: Sandbox
) -> None:
    path = history_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not an SQLite database" * 100)
    before = path.read_bytes()
    listing = cli("history", "list")
    assert listing.code == 2 and str(path) in listing.err
    assert "Traceback" not in listing.err
    sandbox.clear_received()
    fired = cli("fire", "bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_1", "--json")
    assert fired.code == 2
    assert (
        fired.json()["outcome"] == "invalid_input"
        and "Nothing was sent" in fired.json()["error"]["message"]
    )
    assert sandbox.received == []
    assert path.read_bytes() == before
