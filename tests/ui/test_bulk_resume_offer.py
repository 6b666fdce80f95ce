"""A run left unfinished by a killed process is offered for resume at the next start:
a quiet bar (not a modal), and resuming sends only what was never sent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from tests.support.batch_server import BatchPortal
from tests.ui.conftest import Until
from tests.ui.test_window_accessibility import tree, unnamed_controls
from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.services.facade import Services
from trigger_desk.ui.bulk.resume_bar import ResumeBar

# A process that journals 100 items, marks the first 50 sent (as the runner does before
# the wire), holds the run, and is then killed with SIGKILL by the test.
_CHILD = textwrap.dedent(
    """
    import sys, time
    from trigger_desk.store.bulk_fill import FilledItem
    from trigger_desk.store.bulk_journal import BulkJournal

    journal = BulkJournal(sys.argv[1])
    journal.create_run("crashed-1", "bitrix24.trigger", "portal", "2026-12-05T02:00:00+00:00",
                       "deals.csv", {"ready": False})
    lock = journal.hold("crashed-1")
    journal.add_items("crashed-1", (
        FilledItem(row, {"target": f"DEAL_{row}", "code": "c5u4m"}, None) for row in range(1, 101)
    ))
    journal.update_meta("crashed-1", {"ready": True})
    journal.mark_sent("crashed-1", list(range(1, 51)), [None] * 50)
    print("ready", flush=True)
    time.sleep(600)
    """
)


def killed_run(history: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(history)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=10)


async def test_a_killed_run_is_offered_and_resumed_without_resending_unknown_items(
    qtbot: Any, services: Services, portal: BatchPortal, until: Until
) -> None:
    killed_run(services.history.path)
    profile = Profile("portal", Platform.BITRIX24, AuthKind.WEBHOOK, {"rate_limit": "none"})
    await services.save_profile(profile, {"webhook_url": portal.webhook_url})

    bar = ResumeBar()
    qtbot.addWidget(bar)
    bar.show()
    await bar.refresh(services)
    assert bar.isVisible()
    text = bar.text.text()
    assert "crashed-1" in text and "0 ok" in text and "50 without answer" in text
    assert "50 not sent" in text
    assert unnamed_controls(tree(bar)) == []

    bar.resume_button.click()
    await until(lambda: bar.dialog is not None, what="the dialog")
    dialog = bar.dialog
    assert dialog is not None and not dialog.isModal()
    await until(lambda: dialog.task is not None and dialog.task.done(), 30, "the resume")
    assert "50 ok" in dialog.results_page.summary.text()
    assert "50 without answer" in dialog.results_page.summary.text()
    # Only the never-sent half went out; the half whose answer was lost was not re-sent.
    assert set(portal.state.fired) == {f"DEAL_{i}" for i in range(51, 101)}
    assert not bar.isVisible()
    dialog.close()
    dialog.deleteLater()

    await bar.refresh(services)  # 50 unknown remain: still offered, until dismissed
    assert bar.isVisible()
    bar.dismiss_button.click()
    assert not bar.isVisible()
    await until(lambda: not bar._tasks, what="the dismissal saved")
    await bar.refresh(services)
    assert not bar.isVisible()


async def test_the_window_offers_it_at_start_in_a_bar_not_a_modal(
    qtbot: Any, services: Services, until: Until
) -> None:
    from PySide6.QtWidgets import QApplication

    from trigger_desk.ui.shell.main_window import MainWindow

    killed_run(services.history.path)
    window = MainWindow()
    window.show()
    try:
        await window.attach(services)
        await until(lambda: window.resume_bar.isVisible(), what="the resume offer")
        assert "crashed-1" in window.resume_bar.text.text()
        assert QApplication.activeModalWidget() is None
    finally:
        await window.shutdown()
        window.deleteLater()


async def test_fire_for_many_sits_beside_fire_and_opens_with_the_forms_values(
    qtbot: Any, services: Services, portal: BatchPortal, until: Until
) -> None:
    from trigger_desk.ui.shell.main_window import MainWindow

    profile = Profile("portal", Platform.BITRIX24, AuthKind.WEBHOOK, {"rate_limit": "none"})
    await services.save_profile(profile, {"webhook_url": portal.webhook_url})
    window = MainWindow()
    window.show()
    try:
        await window.attach(services)
        tab = window.show_platform(Platform.BITRIX24)
        await tab.reload_profiles()
        tab.select_profile("portal")
        tab.select_call("bitrix24.trigger")
        tab.set_values({"code": "c5u4m"})
        assert tab.bulk_button.accessibleName() == "Fire for many"
        tab.bulk_button.click()
        dialog = tab.bulk_button.dialog
        assert dialog is not None and dialog.isVisible() and not dialog.isModal()
        dialog.source_page.sources.setCurrentIndex(1)
        dialog.source_page.pasted.setPlainText("https://x.bitrix24.com/crm/deal/details/3/")
        dialog.source_page.check_button.click()
        await until(lambda: dialog.task is not None and dialog.task.done(), what="the check")
        dialog.source_page.fire_button.click()
        dialog.source_page.confirm_button.click()
        await until(lambda: dialog.pages.currentWidget() is dialog.results_page, 30, "results")
        assert portal.state.fired == {"DEAL_3": 1}
        dialog.close()
    finally:
        await window.shutdown()
        window.deleteLater()
