"""`trigger-desk bulk` for Wix (one call at a time, idempotency keys per item) and
against the built-in sandbox's own `batch` and bucket."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.batch_server import BatchPortal
from tests.support.bulk import GUID, bulk, deals
from tests.support.cli import Cli
from trigger_desk.sandbox import Sandbox
from trigger_desk.store.bulk_journal import BulkJournal
from trigger_desk.store.paths import history_db_path
from trigger_desk.store.secrets import MemorySecretStore


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch, MemorySecretStore())


def test_wix_report_event_one_by_one_with_keys_per_row(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    portal.state.wix_window = (5, 0.5)
    result = cli(
        "profiles",
        "add",
        "site",
        "--platform",
        "wix",
        "--auth",
        "api-key",
        "--set",
        "site_id=site-1",
        "--set",
        f"api_base={portal.base_url}",
        "--set",
        "rate_limit=5/0.5",
        stdin="api_key=wix-key-secret\n",
    )
    assert result.code == 0, result.err
    items = tmp_path / "orders.csv"
    items.write_text("order,entity\n" + "".join(f"{i},{GUID}\n" for i in range(1, 13)))
    run = cli(
        "bulk",
        "run",
        "wix.report-event",
        "--profile",
        "site",
        "--items",
        str(items),
        "--set",
        "triggerKey=order_paid",
        "--set",
        "externalEntityId={{entity}}",
        "--payload",
        '{"order": "{{order}}"}',
        "--json",
    )
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["ok"] == 12 and data["requests"] == 12
    assert portal.state.refused_429 == 0
    assert sorted(portal.state.wix_keys) == sorted(f"{data['run_id']}-{i}" for i in range(1, 13))


def test_against_the_sandbox_bucket(cli: Cli, tmp_path: Path) -> None:
    with Sandbox(bitrix_limit="10/20") as sandbox:
        result = cli(
            "profiles", "add", "sbx", "--platform", "bitrix24", "--auth", "webhook",
            "--set", "rate_limit=10/20", stdin=f"webhook_url={sandbox.bitrix_webhook_url}\n",
        )  # fmt: skip
        assert result.code == 0, result.err
        code, data = bulk(cli, deals(tmp_path, 1000), profile="sbx")
        assert code == 0 and data["ok"] == 1000 and data["requests"] == 20
        assert sandbox.refused["bitrix24_503"] == 0
        assert sandbox.triggered == {f"DEAL_{i}": 1 for i in range(1, 1001)}


def test_resume_resends_wix_report_events_whose_answer_was_lost(
    cli: Cli, portal: BatchPortal, tmp_path: Path
) -> None:
    result = cli(
        "profiles", "add", "site", "--platform", "wix", "--auth", "api-key",
        "--set", "site_id=site-1", "--set", f"api_base={portal.base_url}",
        "--set", "rate_limit=none", stdin="api_key=wix-key-secret\n",
    )  # fmt: skip
    assert result.code == 0, result.err
    items = tmp_path / "orders.csv"
    items.write_text("order\n" + "".join(f"{i}\n" for i in range(1, 6)))
    run = cli(
        "bulk", "run", "wix.report-event", "--profile", "site", "--items", str(items),
        "--set", "triggerKey=order_paid", "--payload", '{"order": "{{order}}"}', "--json",
    )  # fmt: skip
    run_id = str(json.loads(run.out)["run_id"])
    # As if the process had died with rows 3 and 4 on the wire.
    journal = BulkJournal(history_db_path())
    journal.mark_sent(run_id, [3, 4], [None, None])
    journal.close()
    assert json.loads(cli("bulk", "show", run_id, "--json").out)["unknown"] == 2
    resumed = cli("bulk", "resume", run_id, "--json")
    assert resumed.code == 0, resumed.err
    assert json.loads(resumed.out)["requests"] == 2
    # Sent again with the same keys: Wix received them twice and counted each event once.
    assert portal.state.wix_keys[f"{run_id}-3"] == 2 and portal.state.wix_keys[f"{run_id}-1"] == 1
    assert set(portal.state.wix_events.values()) == {1}


def test_wix_run_trigger_against_the_sandbox_window(cli: Cli, tmp_path: Path) -> None:
    trigger_id = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"  # known to the sandbox
    with Sandbox(wix_limit="4/0.5") as sandbox:
        result = cli(
            "profiles", "add", "site", "--platform", "wix", "--auth", "api-key",
            "--set", f"site_id={sandbox.seed.wix_site_id}",
            "--set", f"api_base={sandbox.wix_api_base}", "--set", "rate_limit=4/0.5",
            stdin=f"api_key={sandbox.seed.wix_api_key}\n",
        )  # fmt: skip
        assert result.code == 0, result.err
        items = tmp_path / "people.csv"
        items.write_text("name\n" + "".join(f"P{i}\n" for i in range(1, 11)))
        run = cli(
            "bulk", "run", "wix.run-trigger", "--profile", "site", "--items", str(items),
            "--set", f"triggerId={trigger_id}", "--payload", '{"name": "{{name}}"}', "--json",
        )  # fmt: skip
        assert run.code == 0, run.err
        data = json.loads(run.out)
        assert data["ok"] == 10 and data["requests"] == 10
        assert sandbox.refused["wix_429"] == 0
        assert sandbox.triggered[trigger_id] == 10
