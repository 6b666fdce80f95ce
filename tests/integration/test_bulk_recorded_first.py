"""No bulk item on the wire without its history row: a `bulk run` process killed the
moment the portal has a batch (real processes, a real loopback portal, the real history
file; the CLI reads its webhook from the real keyring)."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from tests.integration.test_bulk_processes import add_hook, cli, deals, start
from tests.support.batch_server import BatchPortal
from tests.support.bulk import run_args
from trigger_desk.store.history import HistoryStore, RowState
from trigger_desk.store.paths import history_db_path
from trigger_desk.store.secrets import KeyringSecretStore

pytestmark = pytest.mark.keyring
__all__ = ["cli"]  # the fixture, shared


def settled(portal: BatchPortal) -> None:
    """Until the portal has answered every request it received and no new one came in
    for a while (a request the killed client wrote may still sit in a socket)."""
    deadline, quiet_since, seen = time.monotonic() + 30, time.monotonic(), -1
    while time.monotonic() < deadline:
        with portal.lock:
            now = (portal.state.requests, portal.state.active)
        if now != (seen, 0) or now[1]:
            seen, quiet_since = now[0], time.monotonic()
        elif time.monotonic() - quiet_since > 1.0:
            return
        time.sleep(0.05)


def shown(run_id: str) -> dict[int, dict[str, object]]:
    result = cli("bulk", "show", run_id, "--json")
    assert result.returncode == 0, result.stderr
    return {row["row"]: row for row in json.loads(result.stdout)["rows"]}


def test_a_run_killed_with_a_batch_on_the_wire_leaves_rows_and_resume_sends_none_again(
    real_keyring: KeyringSecretStore, portal: BatchPortal, tmp_path: Path
) -> None:
    profile = add_hook(portal, "none")
    portal.state.hold_batch = 3  # two batches answered, the third caught on the wire
    total = 400
    process = start(*run_args(profile, deals(tmp_path / "deals.csv", total)))
    assert portal.state.held.wait(60), "the run never sent its third batch"
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=10)
    held = {int(target.split("_")[1]) for target in portal.state.held_targets}
    assert len(held) == 50
    portal.state.release.set()  # the portal runs them (the client is gone)
    settled(portal)  # and anything else the dead process had already written to it

    run_id = json.loads(cli("bulk", "list", "--json").stdout)["runs"][0]["run_id"]
    rows = shown(run_id)
    unknown = {row for row, data in rows.items() if data["state"] == "unknown"}
    # The held batch (and any other the second worker had out): unknown, since their
    # process is gone, each with its own history row that reads "no answer recorded".
    assert held <= unknown
    assert {data["state"] for data in rows.values()} <= {"ok", "unknown", "pending"}
    with HistoryStore(history_db_path()) as history:
        for row in unknown:
            history_id = rows[row]["history_id"]
            assert isinstance(history_id, int)
            assert history.state(history_id) is RowState.INTERRUPTED
            record = history.get(history_id)
            assert record is not None and record.diagnosis is None
            assert RowState.INTERRUPTED.description in record.notes
            assert f"Bulk run {run_id}, row {row}:" in " ".join(record.notes)
            assert f"DEAL_{row}" in record.request.body  # its own command, masked request
            assert "bulkwebhooksecret7" not in record.request.url
        # `bulk show` and history agree: every answered item's row is complete.
        for data in rows.values():
            if data["state"] == "ok":
                assert history.state(int(str(data["history_id"]))) is RowState.DONE

    before = dict(portal.state.fired)
    resumed = cli("bulk", "resume", run_id, "--json")
    assert resumed.returncode == 3, resumed.stderr  # the unknown ones still have no answer
    assert json.loads(resumed.stdout)["unknown"] == len(unknown)
    for row in unknown:  # none of them sent again
        assert portal.state.fired[f"DEAL_{row}"] == before.get(f"DEAL_{row}", 0)
    for row in set(range(1, total + 1)) - unknown:  # every other item ran exactly once
        assert portal.state.fired[f"DEAL_{row}"] == 1

    first = dict(portal.state.fired)
    again = cli("bulk", "resume", run_id, "--resend-unknown", "--json")
    assert again.returncode == 0, again.stderr
    for row in range(1, total + 1):  # the unknown ones sent once more, nothing else
        extra = 1 if row in unknown else 0
        assert portal.state.fired[f"DEAL_{row}"] == first.get(f"DEAL_{row}", 0) + extra
    with HistoryStore(history_db_path()) as history:
        for data in shown(run_id).values():
            assert data["state"] == "ok"
            assert history.state(int(str(data["history_id"]))) is RowState.DONE
