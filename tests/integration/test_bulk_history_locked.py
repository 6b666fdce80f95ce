"""A bulk run whose history another program locks: bounded wait, the run stops, the
items not sent stay pending (never `failed`), the message names the file; resume sends
each once. Bitrix24 batches and Wix items (refused by the engine before the wire).

The lock is a real SQLite write transaction on the real file, taken by the test the
moment the run asks the shared limiter for its first slot (after the run is journalled).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.support.batch_server import BatchPortal
from tests.support.bulk import GUID, add_hook, bulk, deals
from tests.support.cli import Cli
from trigger_desk.core.rate_limit import RateLimit
from trigger_desk.store.bulk_journal import BulkJournal
from trigger_desk.store.paths import history_db_path
from trigger_desk.store.rate_limits import SharedLimiter
from trigger_desk.store.secrets import MemorySecretStore


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch, MemorySecretStore())


class HistoryLock:
    """Another program's write transaction on the history file, taken at the run's
    first request slot (the run is journalled by then) and held until released."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._holder: sqlite3.Connection | None = None
        self._released = False
        reserve = SharedLimiter.reserve

        def reserve_then_lock(limiter: SharedLimiter, key: str, limit: RateLimit) -> float:
            wait = reserve(limiter, key, limit)
            if self._holder is None and not self._released:
                self._holder = sqlite3.connect(history_db_path(), isolation_level=None)
                self._holder.execute("BEGIN IMMEDIATE")
            return wait

        monkeypatch.setattr(SharedLimiter, "reserve", reserve_then_lock)

    def release(self) -> None:
        assert self._holder is not None, "the run never asked for a slot"
        self._holder.execute("ROLLBACK")
        self._holder.close()
        self._released = True


def states(run_id: str) -> dict[str, int]:
    journal = BulkJournal(history_db_path())
    try:
        return journal.summary(run_id).counts
    finally:
        journal.close()


def test_a_locked_history_stops_a_batch_run_with_nothing_sent_and_items_pending(
    cli: Cli, portal: BatchPortal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_hook(cli, portal, "rate_limit=none")
    lock = HistoryLock(monkeypatch)
    try:
        code, data = bulk(cli, deals(tmp_path, 120))
    finally:
        lock.release()
    assert code == 3  # items without an answer (pending): the contract's "no answer"
    assert data["pending"] == 120 and data["ok"] == data["unknown"] == data["failed"] == 0
    assert data["requests"] == 0 and portal.state.requests == 0  # nothing on the wire
    assert states(str(data["run_id"])) == {"pending": 120}

    resumed = cli("bulk", "resume", str(data["run_id"]), "--json")
    assert resumed.code == 0, resumed.err
    assert json.loads(resumed.out)["ok"] == 120
    assert len(portal.state.fired) == 120 and max(portal.state.fired.values()) == 1


def test_the_stop_message_names_the_history_file(
    cli: Cli, portal: BatchPortal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_hook(cli, portal, "rate_limit=none")
    lock = HistoryLock(monkeypatch)
    try:
        result = cli(
            "bulk", "run", "bitrix24.trigger", "--profile", "hook", "--items",
            str(deals(tmp_path, 3)), "--set", "target=DEAL_{{ID}}", "--set", "code=c5u4m",
        )  # fmt: skip
    finally:
        lock.release()
    assert result.code == 3
    assert str(history_db_path()) in result.err and "locked" in result.err
    assert "Traceback" not in result.err
    assert "bulk resume" in result.out


def test_a_wix_item_the_engine_refuses_stays_pending_and_resume_sends_it_once(
    cli: Cli, portal: BatchPortal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = cli(
        "profiles", "add", "site", "--platform", "wix", "--auth", "api-key",
        "--set", "site_id=site-1", "--set", f"api_base={portal.base_url}",
        "--set", "rate_limit=none", stdin="api_key=wix-key-secret\n",
    )  # fmt: skip
    assert added.code == 0, added.err
    items = tmp_path / "orders.csv"
    items.write_text("order,entity\n" + "".join(f"{i},{GUID}\n" for i in range(1, 6)))
    lock = HistoryLock(monkeypatch)
    try:
        run = cli(
            "bulk", "run", "wix.report-event", "--profile", "site", "--items", str(items),
            "--set", "triggerKey=order_paid", "--set", "externalEntityId={{entity}}",
            "--payload", '{"order": "{{order}}"}', "--json",
        )  # fmt: skip
    finally:
        lock.release()
    assert run.code == 3, run.err
    data = json.loads(run.out)
    # Refused before the wire: never sent, so pending (not `failed`), and nothing arrived.
    assert data["pending"] == 5 and data["failed"] == 0 and data["requests"] == 0
    assert not portal.state.wix_keys
    assert "history" in run.err and str(history_db_path()) in run.err

    resumed = cli("bulk", "resume", str(data["run_id"]), "--json")
    assert resumed.code == 0, resumed.err
    assert json.loads(resumed.out)["ok"] == 5
    run_id = data["run_id"]
    assert dict(portal.state.wix_keys) == {f"{run_id}-{i}": 1 for i in range(1, 6)}
