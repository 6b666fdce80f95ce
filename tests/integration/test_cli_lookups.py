"""`trigger-desk stages` and `trigger-desk items` against the sandbox portal."""

# ruff: noqa: RUF001  (Cyrillic titles on purpose)

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import Cli, add_sandbox_profiles, closed_port_url
from trigger_desk.core.rate_limit import limiter_key, profile_rate_limit
from trigger_desk.sandbox import Sandbox
from trigger_desk.store.paths import history_db_path
from trigger_desk.store.profiles import ProfileStore
from trigger_desk.store.rate_limits import SharedLimiter, rate_limits_path
from trigger_desk.store.secrets import MemorySecretStore


def stages_of(result_json: dict[str, object]) -> dict[object, list[str]]:
    categories = result_json["categories"]
    assert isinstance(categories, list)
    return {c["name"]: [s["id"] for s in c["stages"]] for c in categories}


def targets(result_json: dict[str, object]) -> list[str]:
    items = result_json["items"]
    assert isinstance(items, list)
    return [item["target"] for item in items]


# --- stages --------------------------------------------------------------------------------


def test_deal_funnels_and_their_stages_in_two_requests(cli: Cli, sandbox: Sandbox) -> None:
    result = cli("stages", "--profile", "b24", "--type", "deal", "--json")
    assert result.code == 0, result.text
    data = result.json()
    assert [(c["id"], c["name"]) for c in data["categories"]] == [
        (0, "General"),
        (7, "Repairs"),
        (9, "Ремонт квартир"),
    ]
    assert stages_of(data)["Repairs"] == ["C7:NEW", "C7:EXECUTING", "C7:WON", "C7:LOSE"]
    general = data["categories"][0]["stages"]
    assert general[2] == {"id": "EXECUTING", "name": "In Progress", "semantics": "process"}
    assert general[3]["semantics"] == "success" and general[4]["semantics"] == "failure"
    assert data["requests"] == 2
    methods = [r.path.rsplit("/", 1)[1] for r in sandbox.received]
    assert methods == ["crm.category.list.json", "batch.json"]


def test_leads_have_one_stage_list_with_a_null_funnel(cli: Cli) -> None:
    data = cli("stages", "--profile", "b24", "--type", "LEAD", "--json").json()
    [category] = data["categories"]
    assert category["id"] is None
    assert [s["name"] for s in category["stages"]][:2] == ["Unprocessed", "In Progress"]
    assert data["requests"] == 1


def test_smart_process_funnels_plain_output(cli: Cli) -> None:
    result = cli("stages", "--profile", "b24-app", "--type", "DYNAMIC_128")
    assert result.code == 0, result.text
    assert "Deliveries  [id 5]" in result.out and "Returns  [id 6]" in result.out
    assert "DT128_6:CLIENT" in result.out and "At client" in result.out


# --- items ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("acme", ["DEAL_1", "DEAL_2", "DEAL_7"]),
        ("РОМАШКА", ["DEAL_3", "DEAL_8"]),
        ("котла", ["DEAL_3", "DEAL_8"]),
    ],
)
def test_items_by_title_any_case_latin_and_cyrillic(
    cli: Cli, sandbox: Sandbox, title: str, expected: list[str]
) -> None:
    result = cli("items", "--profile", "b24", "--type", "DEAL", "--title", title, "--json")
    assert result.code == 0, result.text
    data = result.json()
    assert targets(data) == expected and data["total"] == len(expected)
    assert data["requests"] == 1
    assert sandbox.received[-1].json["filter"] == {"%title": title}


def test_item_fields_and_plain_output(cli: Cli) -> None:
    data = cli("items", "--profile", "b24", "--type", "DEAL", "--title", "Globex", "--json").json()
    assert data["items"] == [
        {
            "id": 5,
            "title": "Globex roof repair",
            "stage_id": "C7:NEW",
            "category_id": 7,
            "target": "DEAL_5",
        }
    ]
    plain = cli("items", "--profile", "b24", "--type", "LEAD", "--title", "звонок")
    assert plain.code == 0
    assert "LEAD_2\tIN_PROCESS\t\tЗвонок: ООО Ромашка" in plain.out
    assert "1 of 1 item(s), 1 request(s)" in plain.err


def test_a_stage_name_in_several_funnels_is_bad_input_naming_them(cli: Cli) -> None:
    result = cli("items", "--profile", "b24", "--type", "DEAL", "--stage", "In Progress")
    assert result.code == 2
    assert "--stage" in result.err and "General (0)" in result.err and "Repairs (7)" in result.err
    as_json = cli("items", "--profile", "b24", "--type", "DEAL", "--stage", "in progress", "--json")
    assert as_json.code == 2
    data = as_json.json()
    assert data["outcome"] == "invalid_input" and data["errors"][0]["field"] == "--stage"
    assert data["items"] == [] and data["requests"] == 2


def test_stage_by_id_or_by_name_within_a_funnel(cli: Cli) -> None:
    by_id = cli("items", "--profile", "b24", "--type", "DEAL", "--stage", "C9:EXECUTING", "--json")
    assert targets(by_id.json()) == ["DEAL_3"]
    by_name = cli(
        "items", "--profile", "b24", "--type", "DEAL",
        "--category", "ремонт квартир", "--stage", "новая", "--json",
    )  # fmt: skip
    assert targets(by_name.json()) == ["DEAL_4"]
    unknown = cli("items", "--profile", "b24", "--type", "DEAL", "--stage", "Nowhere")
    assert (
        unknown.code == 2 and "no stage 'Nowhere'" in unknown.err and "In Progress" in unknown.err
    )


def test_category_by_id_needs_no_look_up(cli: Cli, sandbox: Sandbox) -> None:
    data = cli("items", "--profile", "b24", "--type", "DEAL", "--category", "9", "--json").json()
    assert targets(data) == ["DEAL_3", "DEAL_4"] and data["requests"] == 1
    unknown = cli("items", "--profile", "b24", "--type", "DEAL", "--category", "Sales")
    assert unknown.code == 2 and "--category" in unknown.err and "Repairs (7)" in unknown.err
    leads = cli("items", "--profile", "b24", "--type", "LEAD", "--category", "1")
    assert leads.code == 2 and "LEAD has no funnels" in leads.err


def test_repairs_in_progress_exported_to_csv(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "repairs.csv"
    result = cli(
        "items", "--profile", "b24-app", "--type", "DEAL",
        "--category", "Repairs", "--stage", "In Progress", "--output", str(path),
    )  # fmt: skip
    assert result.code == 0, result.text
    assert f"Wrote {path}" in result.err
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["ID", "TITLE", "STAGE_ID", "CATEGORY_ID", "target"],
        ["1", "Acme: boiler repair", "C7:EXECUTING", "7", "DEAL_1"],
    ]
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--type", "CONTACT"], "--type"),
        (["--type", "DYNAMIC_12"], "--type"),
        (["--type", "DEAL", "--limit", "0"], "--limit"),
        (["--type", "DEAL", "--limit", "x"], "--limit"),
        (["--type", "DEAL", "--output", "/no/such/folder/x.csv"], "--output"),
        ([], "--type"),
    ],
)
def test_bad_input_names_the_option_and_sends_nothing(
    cli: Cli, sandbox: Sandbox, argv: list[str], field: str
) -> None:
    result = cli("items", "--profile", "b24", *argv)
    assert result.code == 2 and field in result.err and "Traceback" not in result.err
    assert sandbox.received == []
    as_json = cli("items", "--profile", "b24", *argv, "--json")
    assert as_json.code == 2 and as_json.json()["errors"][0]["field"] == field


def test_a_wix_profile_is_bad_input(cli: Cli) -> None:
    result = cli("stages", "--profile", "wix", "--type", "DEAL")
    assert result.code == 2 and "look-ups read Bitrix24 portals" in result.err


# --- errors from the portal ----------------------------------------------------------------


def test_unknown_smart_process_is_explained(cli: Cli) -> None:
    result = cli("items", "--profile", "b24", "--type", "DYNAMIC_129", "--json")
    assert result.code == 1
    data = result.json()
    assert data["error"] == {"code": "NOT_FOUND", "message": "Smart process not found"}
    assert "no smart process" in data["hint"] and "/crm/type/ID/" in data["hint"]
    stages = cli("stages", "--profile", "b24", "--type", "DYNAMIC_129")
    assert stages.code == 1 and "crm.category.list failed (NOT_FOUND" in stages.err


def test_missing_scope_and_no_crm_access_are_explained(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox
) -> None:
    cli = Cli(capsys, monkeypatch, MemorySecretStore())
    seed = sandbox.seed
    for name, user, secret in (
        ("noscope", 4, seed.bitrix_no_scope_webhook_secret),
        ("nocrm", 2, seed.bitrix_no_crm_webhook_secret),
    ):
        hook = f"{sandbox.base_url}/rest/{user}/{secret}/"
        added = cli("profiles", "add", name, "--platform", "bitrix24", "--auth", "webhook",
                    stdin=f"webhook_url={hook}\n")  # fmt: skip
        assert added.code == 0, added.text
    scope = cli("stages", "--profile", "noscope", "--type", "DEAL", "--json")
    assert scope.code == 1 and scope.json()["error"]["code"] == "insufficient_scope"
    assert "crm" in scope.json()["hint"] and "Edit the webhook" in scope.json()["hint"]
    denied = cli("items", "--profile", "nocrm", "--type", "DEAL", "--title", "acme")
    assert denied.code == 1 and "CRM access check" in denied.err
    assert seed.bitrix_no_crm_webhook_secret not in denied.text


def test_no_answer_is_exit_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = Cli(capsys, monkeypatch, MemorySecretStore())
    hook = f"{closed_port_url()}/rest/1/secretsecret/"
    cli("profiles", "add", "gone", "--platform", "bitrix24", "--auth", "webhook",
        stdin=f"webhook_url={hook}\n")  # fmt: skip
    result = cli("items", "--profile", "gone", "--type", "DEAL", "--json")
    assert result.code == 3 and result.json()["outcome"] == "network"
    assert "secretsecret" not in result.text


def test_an_expired_oauth_token_is_refreshed_once_and_stored(cli: Cli, sandbox: Sandbox) -> None:
    sandbox.expire_bitrix_token()
    result = cli("items", "--profile", "b24-app", "--type", "QUOTE", "--json")
    assert result.code == 0, result.text
    assert targets(result.json())[:1] == ["QUOTE_1"] and result.json()["total"] == 1000
    assert cli.store.get("b24-app", "access_token") == sandbox.bitrix_access_token
    assert sandbox.bitrix_access_token not in result.text


# --- a big list through batch ---------------------------------------------------------------


@pytest.fixture
def busy_portal() -> Iterator[Sandbox]:
    """A portal with 5,600 deals in Repairs -> In Progress, under the standard limit."""
    with Sandbox(bitrix_limit="50/2") as portal:
        portal.seed_items("DEAL", 5599, stage="C7:EXECUTING", title="Boiler check")
        yield portal
        assert portal.errors == []


def test_5600_items_take_four_list_requests_and_two_look_ups(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    busy_portal: Sandbox,
    tmp_path: Path,
) -> None:
    cli = Cli(capsys, monkeypatch, MemorySecretStore())
    add_sandbox_profiles(cli, busy_portal)
    path = tmp_path / "in-progress.csv"
    result = cli(
        "items", "--profile", "b24", "--type", "DEAL", "--category", "Repairs",
        "--stage", "In Progress", "--json", "--output", str(path),
    )  # fmt: skip
    assert result.code == 0, result.err
    data = result.json()
    assert data["total"] == 5600 and data["requests"] == 6
    found = targets(data)
    assert len(found) == 5600 and len(set(found)) == 5600
    assert found[:2] == ["DEAL_1", "DEAL_1001"] and found[-1] == "DEAL_6599"
    methods = [r.path.rsplit("/", 1)[1] for r in busy_portal.received]
    assert (
        methods
        == ["crm.category.list.json", "batch.json", "crm.item.list.json"] + ["batch.json"] * 3
    )
    pages = [len(r.json["cmd"]) for r in busy_portal.received[3:]]
    assert pages == [50, 50, 11]  # 111 pages after the first, 50 a request
    assert busy_portal.refused == {"bitrix24_503": 0, "wix_429": 0}
    with path.open(encoding="utf-8", newline="") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) == 5600
    limited = cli("items", "--profile", "b24", "--type", "DEAL", "--stage", "C7:EXECUTING",
                  "--limit", "120", "--json")  # fmt: skip
    assert len(limited.json()["items"]) == 120 and limited.json()["requests"] == 4


def test_the_entry_point_sends_look_ups_to_the_command_line() -> None:
    process = subprocess.run(
        [sys.executable, "-m", "trigger_desk", "items", "--type", "DEAL"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert process.returncode == 2 and "--profile" in process.stderr


def test_look_ups_count_against_the_bucket_bulk_runs_share(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox
) -> None:
    cli = Cli(capsys, monkeypatch, MemorySecretStore())
    # A bucket that barely drains: its level after the look-up counts the requests made.
    added = cli("profiles", "add", "paced", "--platform", "bitrix24", "--auth", "webhook",
                "--set", "rate_limit=50/0.0001",
                stdin=f"webhook_url={sandbox.bitrix_webhook_url}\n")  # fmt: skip
    assert added.code == 0, added.text
    result = cli("items", "--profile", "paced", "--type", "DEAL", "--category", "Repairs",
                 "--stage", "In Progress", "--json")  # fmt: skip
    assert result.code == 0 and result.json()["requests"] == 3
    profile = ProfileStore().get("paced")
    assert profile is not None
    limiter = SharedLimiter(rate_limits_path(history_db_path()))
    try:
        level = limiter.level(limiter_key(profile, {"webhook_url": sandbox.bitrix_webhook_url}),
                              profile_rate_limit(profile))  # fmt: skip
    finally:
        limiter.close()
    assert 2.9 < level <= 3.0
    bad = cli("profiles", "add", "odd", "--platform", "bitrix24", "--auth", "webhook",
              "--set", "rate_limit=fast", stdin=f"webhook_url={sandbox.bitrix_webhook_url}\n")  # fmt: skip
    assert bad.code == 2  # refused when stored: a look-up never meets a bad plan


def test_repairs_in_progress_exported_then_fired_in_bulk_every_item_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with Sandbox(bitrix_limit="50/2") as portal:
        portal.seed_items("DEAL", 119, stage="C7:EXECUTING", title="Boiler check")
        portal.seed_items("DEAL", 30, stage="C7:NEW", title="Not this one")
        cli = Cli(capsys, monkeypatch, MemorySecretStore())
        add_sandbox_profiles(cli, portal)
        path = tmp_path / "repairs.csv"
        exported = cli("items", "--profile", "b24", "--type", "DEAL", "--category", "Repairs",
                       "--stage", "In Progress", "--output", str(path))  # fmt: skip
        assert exported.code == 0, exported.text
        portal.reset_counters()
        fired = cli("bulk", "run", "bitrix24.trigger", "--profile", "b24", "--items", str(path),
                    "--set", "code=c5u4m", "--json")  # fmt: skip
        assert fired.code == 0, fired.text
        summary = json.loads(fired.out)
        assert (summary["items"], summary["ok"], summary["requests"]) == (120, 120, 3)
        expected = {"DEAL_1": 1, **{f"DEAL_{n}": 1 for n in range(1001, 1120)}}
        assert portal.triggered == expected  # the CSV's target column, every item once
        assert portal.refused == {"bitrix24_503": 0, "wix_429": 0}
        assert portal.errors == []
