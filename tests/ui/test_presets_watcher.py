"""Preset files changed on disk show up without a restart; disk work runs off the loop.

The synchronous tests use `qtbot.waitUntil` (a Qt loop, no asyncio: disk work inline);
the async ones run on the qasync loop from tests/ui/conftest.py, where the panel's disk
work goes to its worker thread as in the app.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import Until
from tests.ui.presets_fixtures import BITRIX_NAMES, WON, seeded_store
from trigger_desk.core.calls import find_call
from trigger_desk.core.model import Platform
from trigger_desk.store.presets import Preset, PresetStore
from trigger_desk.ui.presets.panel import PresetsPanel
from trigger_desk.ui.presets.watcher import PresetsWatcher

NEW = Preset("Pulled from git", "bitrix24.trigger", {"target": "LEAD_3", "code": "hot"})


def test_a_file_written_by_someone_else_shows_up(qtbot: QtBot, tmp_path: Path) -> None:
    store = seeded_store(tmp_path / "presets")
    # Polling off: the file watcher alone must notice a new file.
    panel = PresetsPanel(store, Platform.BITRIX24, poll_ms=0)
    qtbot.addWidget(panel)
    assert "Pulled from git" not in panel.shown_names()
    PresetStore(tmp_path / "presets").save(NEW)  # the CLI, or another window
    qtbot.waitUntil(lambda: "Pulled from git" in panel.shown_names(), timeout=5000)


def test_a_file_replaced_in_place_and_one_removed_show_up(qtbot: QtBot, tmp_path: Path) -> None:
    store = seeded_store(tmp_path / "presets")
    panel = PresetsPanel(store, Platform.BITRIX24, poll_ms=300)
    qtbot.addWidget(panel)
    # What `git pull` does: a new version renamed over the old file, another deleted.
    data = json.loads(store.export(WON.name))
    data["description"] = "Changed upstream"
    staged = tmp_path / "presets" / ".git-tmp"
    staged.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(staged, store.path_for(WON.name))
    (tmp_path / "presets" / "list-triggers.json").unlink()

    def updated() -> bool:
        won = next((p for p in panel.presets() if p.name == WON.name), None)
        return won is not None and won.description == "Changed upstream"

    qtbot.waitUntil(updated, timeout=5000)
    qtbot.waitUntil(lambda: "List triggers" not in panel.shown_names(), timeout=5000)


def test_polling_sees_a_folder_that_did_not_exist_yet(qtbot: QtBot, tmp_path: Path) -> None:
    store = PresetStore(tmp_path / "later")  # nothing to watch yet
    watcher = PresetsWatcher(store, poll_ms=100)
    watcher.start()
    try:
        with qtbot.waitSignal(watcher.changed, timeout=5000):
            store.save(NEW)
    finally:
        watcher.stop()
        watcher.deleteLater()


def test_no_change_no_signal(qtbot: QtBot, tmp_path: Path) -> None:
    store = seeded_store(tmp_path / "presets")
    watcher = PresetsWatcher(store, poll_ms=50)
    watcher.start()
    try:
        with qtbot.assertNotEmitted(watcher.changed, wait=400):
            store.get(WON.name)  # reading changes nothing
    finally:
        watcher.stop()
        watcher.deleteLater()


async def test_on_the_qasync_loop_disk_work_runs_in_a_worker_thread(
    qtbot: QtBot, tmp_path: Path, until: Until
) -> None:
    store = seeded_store(tmp_path / "presets")
    seen_threads: set[str] = set()
    real_scan = store.scan

    def scan() -> tuple[list[Preset], list]:  # type: ignore[type-arg]
        seen_threads.add(threading.current_thread().name)
        return real_scan()

    store.scan = scan  # type: ignore[method-assign]
    panel = PresetsPanel(store, Platform.BITRIX24, poll_ms=200)
    panel.show()
    try:
        await until(lambda: panel.presets(), what="the first load")
        assert [p.name for p in panel.presets()] == BITRIX_NAMES
        assert seen_threads and threading.main_thread().name not in seen_threads

        # Rename through the panel: the file moves, the list follows.
        panel.select("List triggers")
        panel.rename_action.trigger()
        dialog = panel.dialog
        assert dialog is not None
        dialog.name.setText("All triggers")  # type: ignore[attr-defined]
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()  # type: ignore[attr-defined]
        await until(lambda: "All triggers" in panel.shown_names(), what="the renamed row")
        assert (tmp_path / "presets" / "all-triggers.json").is_file()
        assert not (tmp_path / "presets" / "list-triggers.json").exists()

        # Someone else's change arrives while the loop runs.
        PresetStore(tmp_path / "presets").save(NEW)
        await until(lambda: "Pulled from git" in panel.shown_names(), what="the pulled preset")

        # Saving over an existing name asks first, then replaces, from the worker thread.
        call = find_call("bitrix24.trigger")
        assert call is not None
        dialog = panel.save_as_preset(call, {"target": "DEAL_8", "code": "won"}, None, None)
        dialog.name.setText(WON.name)
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
        await until(lambda: dialog.confirm_box is not None, what="the replace question")
        assert dialog.confirm_box is not None
        dialog.confirm_box.button(QMessageBox.StandardButton.Yes).click()
        await until(lambda: store.get(WON.name).values["target"] == "DEAL_8", what="the save")
        await until(lambda: panel.dialog is None, what="the dialog to close")
    finally:
        panel.watcher.stop()
        await panel.wait_idle()
        panel.close()
        panel.deleteLater()
