"""`trigger-desk bulk` in-process against a real loopback portal that answers `batch`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.batch_server import BatchPortal
from tests.support.bulk import add_hook, bulk, deals
from tests.support.cli import Cli
from trigger_desk.store.bulk_journal import BulkJournal
from trigger_desk.store.history import HistoryStore
from trigger_desk.store.paths import history_db_path
from trigger_desk.store.secrets import MemorySecretStore


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch, MemorySecretStore())


def test_a_run_fires_every_item_once_fifty_per_batch(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    add_hook(cli, portal, "rate_limit=none")
    code, data = bulk(cli, deals(tmp_path, 120))
    assert code == 0
    assert {k: data[k] for k in ("items", "ok", "failed", "unknown", "pending", "requests")} == {
        "items": 120,
        "ok": 120,
        "failed": 0,
        "unknown": 0,
        "pending": 0,
        "requests": 3,
    }
    assert portal.state.requests == 3
    assert portal.state.fired == {f"DEAL_{i}": 1 for i in range(1, 121)}

    listed = json.loads(cli("bulk", "list", "--json").out)["runs"]
    assert [run["run_id"] for run in listed] == [data["run_id"]]
    assert listed[0]["call"] == "bitrix24.trigger" and listed[0]["ok"] == 120
    shown = json.loads(cli("bulk", "show", str(data["run_id"]), "--json").out)
    assert [row["row"] for row in shown["rows"]] == list(range(1, 121))
    assert {row["state"] for row in shown["rows"]} == {"ok"}
    # Each item has its own history row, readable like a single call's.
    with HistoryStore(history_db_path()) as history:
        record = history.get(int(shown["rows"][56]["history_id"]))
    assert record is not None and record.ok and record.call_id == "bitrix24.trigger"
    assert any(f"Bulk run {data['run_id']}, row 57" in note for note in record.notes)
    assert "bulkwebhooksecret7" not in json.dumps(record.to_storage())
    assert "DEAL_57" in record.request.body


def test_a_bad_row_is_bad_input_and_nothing_is_sent(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    add_hook(cli, portal)
    items = tmp_path / "deals.csv"
    items.write_text("ID,TITLE\n1,a\n2,b\nx7,c\n4,d\n")
    result = cli(
        "bulk",
        "run",
        "bitrix24.trigger",
        "--profile",
        "hook",
        "--items",
        str(items),
        "--set",
        "target=DEAL_{{ID}}",
        "--set",
        "code=c5u4m",
    )
    assert result.code == 2
    assert "row 3, column ID: target:" in result.err and "nothing was sent" in result.err
    assert portal.state.requests == 0
    assert json.loads(cli("bulk", "list", "--json").out) == {"runs": []}
    as_json = cli(
        "bulk",
        "run",
        "bitrix24.trigger",
        "--profile",
        "hook",
        "--items",
        str(items),
        "--set",
        "target=DEAL_{{ID}}",
        "--json",
    )
    assert as_json.code == 2 and json.loads(as_json.out)["outcome"] == "invalid_input"


def test_missing_column_and_bad_rate_limit_are_bad_input(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    add_hook(cli, portal)
    result = cli(
        "bulk",
        "run",
        "bitrix24.trigger",
        "--profile",
        "hook",
        "--items",
        str(deals(tmp_path, 3)),
        "--set",
        "target=DEAL_{{DEAL}}",
        "--set",
        "code=c5u4m",
    )
    assert result.code == 2 and "no column 'DEAL'" in result.err
    refused = cli(
        "profiles",
        "add",
        "fast",
        "--platform",
        "bitrix24",
        "--auth",
        "webhook",
        "--set",
        "rate_limit=turbo",
        stdin=f"webhook_url={portal.webhook_url}\n",
    )
    assert refused.code == 2 and "rate_limit" in refused.err and "enterprise" in refused.err
    assert portal.state.requests == 0


def test_refused_items_fail_with_their_own_diagnosis(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    add_hook(cli, portal, "rate_limit=none")
    portal.state.bad_targets = {"DEAL_3", "DEAL_60"}
    code, data = bulk(cli, deals(tmp_path, 70))
    assert code == 1
    assert (data["ok"], data["failed"], data["unknown"]) == (68, 2, 0)
    shown = json.loads(cli("bulk", "show", str(data["run_id"]), "--json").out)
    failed = [row for row in shown["rows"] if row["state"] == "failed"]
    assert [row["row"] for row in failed] == [3, 60]
    assert {row["outcome"] for row in failed} == {"rejected"}
    with HistoryStore(history_db_path()) as history:
        record = history.get(int(failed[0]["history_id"]))
    assert record is not None and record.diagnosis is not None
    assert record.diagnosis.error_message == "Target is not found."
    assert record.status == 400 and "'target'" in record.diagnosis.cause


def test_operation_time_limit_commands_are_sent_again_after_the_reset(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    add_hook(cli, portal, "rate_limit=none")
    portal.state.time_limited.update({"DEAL_2": 1, "DEAL_5": 1})
    code, data = bulk(cli, deals(tmp_path, 10))
    assert code == 0 and data["ok"] == 10 and data["requests"] == 2
    assert portal.state.fired == {f"DEAL_{i}": 1 for i in range(1, 11)}


def test_the_portal_bucket_is_never_overflowed(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    portal.state.bucket = (5.0, 20.0)
    add_hook(cli, portal, "rate_limit=5/20")
    code, data = bulk(cli, deals(tmp_path, 600))
    assert code == 0 and data["requests"] == 12
    assert portal.state.refused_503 == 0


def test_a_refused_hit_is_sent_again_and_runs_once(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    portal.state.bucket = (2.0, 20.0)  # a stricter portal than the profile says
    add_hook(cli, portal, "rate_limit=none")
    code, data = bulk(cli, deals(tmp_path, 300))
    assert code == 0 and data["ok"] == 300
    assert portal.state.refused_503 > 0
    assert data["requests"] == 6 + portal.state.refused_503
    assert set(portal.state.fired.values()) == {1}


def test_overload_stops_the_run_with_items_left_pending(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    add_hook(cli, portal, "rate_limit=none")
    portal.state.overloaded = True
    result = cli(
        "bulk",
        "run",
        "bitrix24.trigger",
        "--profile",
        "hook",
        "--items",
        str(deals(tmp_path, 80)),
        "--set",
        "target=DEAL_{{ID}}",
        "--set",
        "code=c5u4m",
    )
    assert result.code == 3
    assert "support" in result.err  # the hint: contact Bitrix24 support
    assert "80 pending" in result.out and portal.state.fired == {}


def test_oauth_batch_refreshes_an_expired_token_once(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    portal.state.expired_tokens = {"old-token"}
    result = cli(
        "profiles",
        "add",
        "app",
        "--platform",
        "bitrix24",
        "--auth",
        "oauth",
        "--set",
        f"portal={portal.base_url}",
        "--set",
        "client_id=local.1",
        "--set",
        f"oauth_server={portal.base_url}",
        "--set",
        "rate_limit=none",
        stdin="client_secret=cs\naccess_token=old-token\nrefresh_token=old-refresh\n",
    )
    assert result.code == 0, result.err
    code, data = bulk(cli, deals(tmp_path, 60), profile="app")
    assert code == 0 and data["ok"] == 60
    assert portal.state.refreshes == 1
    assert cli.store.get("app", "access_token") == "fresh-token-1"  # stored at once
    shown = json.loads(cli("bulk", "show", str(data["run_id"]), "--json").out)
    with HistoryStore(history_db_path()) as history:
        record = history.get(int(shown["rows"][0]["history_id"]))
    assert record is not None and record.ok
    stored = json.dumps(record.to_storage())
    assert "fresh-token-1" not in stored and "old-token" not in stored  # auth masked
    assert '"auth"' in record.request.body
    assert set(portal.state.fired.values()) == {1}


def test_dry_run_plans_and_masks(cli: Cli, portal: BatchPortal, tmp_path: Path) -> None:
    add_hook(cli, portal)
    code, plan = bulk(cli, deals(tmp_path, 3000), "--dry-run")
    assert code == 0 and portal.state.requests == 0
    assert (plan["items"], plan["requests"]) == (3000, 60)
    assert plan["estimated_s"] == pytest.approx(5.2, abs=0.1)
    first = plan["first_request"]
    assert isinstance(first, dict) and first["url"].endswith("/batch")
    assert "bulkwebhooksecret7" not in json.dumps(plan)
    assert first["body"]["cmd"]["0"] == "crm.automation.trigger?target=DEAL_1&code=c5u4m"
    assert len(first["body"]["cmd"]) == 50 and first["body"]["halt"] == 0


def test_windows_1251_semicolon_export_works_as_it_comes(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    add_hook(cli, portal, "rate_limit=none")
    items = tmp_path / "export.csv"
    text = 'ID;Название;Стадия\r\n7;"Сделка\r\nна две строки";Новая\r\n8;Другая;Новая\r\n'  # noqa: RUF001
    items.write_bytes(text.encode("cp1251"))
    dry = cli(
        "bulk",
        "run",
        "bitrix24.trigger",
        "--profile",
        "hook",
        "--items",
        str(items),
        "--set",
        "target=DEAL_{{ID}}",
        "--set",
        "code=c5u4m",
        "--dry-run",
    )
    assert "Windows-1251" in dry.out and "items:     2" in dry.out
    code, _ = bulk(cli, items)
    assert code == 0 and portal.state.fired == {"DEAL_7": 1, "DEAL_8": 1}


def test_resume_refuses_a_live_run_and_unknown_runs(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    add_hook(cli, portal, "rate_limit=none")
    _, data = bulk(cli, deals(tmp_path, 5))
    journal = BulkJournal(history_db_path())
    lock = journal.hold(str(data["run_id"]))
    try:
        busy = cli("bulk", "resume", str(data["run_id"]))
        assert busy.code == 2 and "still running" in busy.err
    finally:
        lock.release()
        journal.close()
    missing = cli("bulk", "show", "nope", "--json")
    assert missing.code == 2 and json.loads(missing.out)["outcome"] == "invalid_input"
    again = cli("bulk", "resume", str(data["run_id"]), "--json")
    assert again.code == 0 and json.loads(again.out)["requests"] == 0
    assert set(portal.state.fired.values()) == {1}


def test_the_plan_counts_what_other_runs_left_in_the_bucket(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    add_hook(cli, portal)  # the standard plan
    code, _ = bulk(cli, deals(tmp_path, 500, name="first.csv"))  # 10 requests, at once
    assert code == 0
    _, plan = bulk(cli, deals(tmp_path, 3000), "--dry-run")
    # 60 requests with ~10 still in the bucket: later than from an empty bucket (5.25 s).
    assert 5.5 < float(str(plan["estimated_s"])) <= 10.25


def test_a_profile_address_the_request_cannot_use_is_bad_input(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    add_hook(cli, portal, "rate_limit=none")
    cli.store.set("hook", "webhook_url", "ftp://acme.bitrix24.com/rest/1/x/")  # edited by hand
    result = cli(
        "bulk", "run", "bitrix24.trigger", "--profile", "hook", "--items", str(deals(tmp_path, 3)),
        "--set", "target=DEAL_{{ID}}", "--set", "code=c5u4m",
    )  # fmt: skip
    assert result.code == 2 and "webhook_url" in result.err
    assert portal.state.requests == 0
    assert json.loads(cli("bulk", "list", "--json").out) == {"runs": []}


def test_an_unreachable_portal_leaves_items_pending(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    from tests.support.cli import closed_port_url

    result = cli(
        "profiles", "add", "gone", "--platform", "bitrix24", "--auth", "webhook",
        "--set", "rate_limit=none", stdin=f"webhook_url={closed_port_url()}/rest/1/abc/\n",
    )  # fmt: skip
    assert result.code == 0, result.err
    code, data = bulk(cli, deals(tmp_path, 120), profile="gone")
    # Nothing could have run: pending (resume sends them), not unknown; exit 3.
    assert code == 3 and (data["pending"], data["unknown"], data["ok"]) == (120, 0, 0)
    assert 1 <= int(str(data["requests"])) <= 2  # each worker stopped at the closed door


def test_the_trigger_desk_script_routes_bulk_to_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from trigger_desk.__main__ import main as script_main

    assert script_main(["trigger-desk", "bulk", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"runs": []}
