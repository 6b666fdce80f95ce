"""Telling a call still in flight from one whose program is gone."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from trigger_desk.store.history_session import IN_FLIGHT_LIMIT, Session, process_alive


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=30)  # reaped: the id names no process any more
    return child.pid


def _ago(delta: timedelta) -> str:
    return (datetime.now(UTC) - delta).isoformat(timespec="milliseconds")


def test_process_alive_knows_running_and_finished_processes() -> None:
    assert process_alive(os.getpid())
    assert not process_alive(_dead_pid())
    assert not process_alive(0)


def test_sessions_of_this_process_are_running_while_open() -> None:
    me, other_store = Session(), Session()
    other_store.open()
    recent = _ago(timedelta(seconds=1))
    assert me.still_running(other_store.token, other_store.pid, other_store.host, recent)
    other_store.close()
    assert not me.still_running(other_store.token, other_store.pid, other_store.host, recent)


def test_other_processes_on_this_host_are_checked_by_pid() -> None:
    me = Session()
    recent = _ago(timedelta(seconds=1))
    parent = os.getppid()  # running, and not this process
    assert me.still_running("elsewhere", parent, me.host, recent)
    assert not me.still_running("elsewhere", _dead_pid(), me.host, recent)


def test_other_hosts_and_reused_pids_are_limited_by_age() -> None:
    me = Session()
    recent, old = _ago(timedelta(minutes=5)), _ago(IN_FLIGHT_LIMIT + timedelta(minutes=1))
    assert me.still_running("elsewhere", 4242, "another-host", recent)
    assert not me.still_running("elsewhere", 4242, "another-host", old)
    assert not me.still_running("elsewhere", os.getppid(), me.host, old)
    assert not me.still_running("elsewhere", 4242, "another-host", "not a time")
