"""The presets panel with real widgets over a real presets folder (pytest-qt, offscreen).

These tests are synchronous: with no asyncio loop running, the panel's disk work runs
inline, so every click's effect on disk is there when the click returns. The threaded
path (qasync, as in the app) is covered in test_presets_watcher.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.presets_fixtures import BITRIX_NAMES, FORM, WON, seeded_store
from trigger_desk.core.model import Platform
from trigger_desk.store.presets import Preset, PresetStore
from trigger_desk.ui.presets.model import PresetsModel
from trigger_desk.ui.presets.panel import PresetsPanel
from trigger_desk.ui.presets.save_dialog import PresetNameDialog, SavePresetDialog
from trigger_desk.ui.presets.variables_dialog import PresetVariablesDialog


@pytest.fixture
def store(tmp_path: Path) -> PresetStore:
    return seeded_store(tmp_path / "presets")


@pytest.fixture
def panel(qtbot: QtBot, store: PresetStore) -> PresetsPanel:
    widget = PresetsPanel(store, Platform.BITRIX24, poll_ms=0)
    qtbot.addWidget(widget)
    widget.resize(360, 640)
    widget.show()
    return widget


def row_index(panel: PresetsPanel, name: str) -> QModelIndex:
    for row in range(panel.proxy.rowCount()):
        index = panel.proxy.index(row, 0)
        if index.data() == name:
            return index
    raise AssertionError(f"{name!r} is not shown: {panel.shown_names()}")


def files(store: PresetStore) -> set[str]:
    return {path.name for path in store.directory.iterdir()}


def test_lists_only_this_platforms_presets_and_broken_files(
    qtbot: QtBot, store: PresetStore
) -> None:
    bitrix = PresetsPanel(store, Platform.BITRIX24, poll_ms=0)
    wix = PresetsPanel(store, Platform.WIX, poll_ms=0)
    for widget in (bitrix, wix):
        qtbot.addWidget(widget)
    assert bitrix.shown_names() == [*BITRIX_NAMES, "half-written.json", "typo.json"]
    assert [p.name for p in bitrix.presets()] == BITRIX_NAMES
    assert wix.shown_names() == ["Form submitted", "future.json", "half-written.json"]
    assert bitrix.count_label.text() == "3 presets"
    assert wix.count_label.text() == "1 preset"


def test_broken_files_are_disabled_with_the_reason_shown_and_as_tooltip(
    panel: PresetsPanel,
) -> None:
    typo = row_index(panel, "typo.json")
    assert not typo.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "no field 'taget'" in typo.data(Qt.ItemDataRole.ToolTipRole)
    assert "no field 'taget'" in typo.data(PresetsModel.DetailRole)  # the visible line
    assert "2 files in the presets folder cannot be used" in panel.broken_note.text()
    # A click on a broken row selects nothing, so nothing can be run from it.
    QTest.mouseClick(
        panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualRect(typo).center()
    )
    assert panel.selected_preset() is None
    assert not panel.run_button.isEnabled()


def test_search_filters_by_name_description_and_call(qtbot: QtBot, panel: PresetsPanel) -> None:
    qtbot.keyClicks(panel.search, "won")
    assert panel.shown_names() == ["Move deal to Won"]
    assert panel.count_label.text() == "1 of 3"
    panel.search.clear()
    qtbot.keyClicks(panel.search, "execute")  # the call title, "Execute application trigger"
    assert panel.shown_names() == ["Start onboarding"]
    panel.search.clear()
    qtbot.keyClicks(panel.search, "no such preset")
    assert panel.shown_names() == []
    assert panel.pages.currentWidget() is panel.empty
    assert "No preset matches “no such preset”" in panel.empty.text()
    # Escape clears the search; Down moves from the search to the list.
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.shown_names()[:3] == BITRIX_NAMES
    panel.search.setFocus()
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.list.hasFocus()
    assert panel.list.currentIndex().data() == "List triggers"


def test_double_click_emits_run_with_that_preset(qtbot: QtBot, panel: PresetsPanel) -> None:
    fired: list[Preset] = []
    panel.runRequested.connect(fired.append)
    index = row_index(panel, "Start onboarding")
    where = panel.list.visualRect(index).center()
    # A real double-click: press and release, then the double-click event.
    QTest.mousePress(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    QTest.mouseRelease(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert fired == []
    QTest.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert len(fired) == 1
    assert isinstance(fired[0], Preset)
    assert fired[0].name == "Start onboarding"
    assert fired[0].values == {"CODE": "onboard", "OWNER_TYPE_ID": 3, "OWNER_ID": 6}


def test_enter_runs_and_a_single_click_does_not(qtbot: QtBot, panel: PresetsPanel) -> None:
    fired: list[Preset] = []
    panel.runRequested.connect(fired.append)
    index = row_index(panel, "List triggers")
    QTest.mouseClick(
        panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualRect(index).center()
    )
    assert panel.selected_preset() is not None and fired == []
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert [p.name for p in fired] == ["List triggers"]


def test_run_asks_for_variables_and_emits_the_filled_preset(
    qtbot: QtBot, panel: PresetsPanel
) -> None:
    assert panel.select("Move deal to Won")
    fired: list[Preset] = []
    panel.runRequested.connect(fired.append)
    panel.run_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, PresetVariablesDialog)
    assert fired == []  # nothing before the values are given
    dialog.inputs["deal"].setText("57")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert len(fired) == 1
    assert fired[0].values == {"target": "DEAL_57", "code": "won"}
    assert fired[0].profile == "portal" and fired[0].name == "Move deal to Won"
    # The next run offers the value given last time.
    panel.run_button.click()
    again = panel.dialog
    assert isinstance(again, PresetVariablesDialog)
    assert again.inputs["deal"].text() == "57"
    again.reject()


def test_load_into_form_emits_load_requested(qtbot: QtBot, panel: PresetsPanel) -> None:
    panel.select("Start onboarding")
    with qtbot.waitSignal(panel.loadRequested, timeout=2000) as loaded:
        panel.load_button.click()
    assert loaded.args[0].name == "Start onboarding"


def test_rename_moves_the_file_on_disk(
    qtbot: QtBot, panel: PresetsPanel, store: PresetStore
) -> None:
    panel.select("Start onboarding")
    panel.rename_action.trigger()
    dialog = panel.dialog
    assert isinstance(dialog, PresetNameDialog)
    dialog.name.setText("Onboard the contact")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "start-onboarding.json" not in files(store)
    data = json.loads((store.directory / "onboard-the-contact.json").read_text(encoding="utf-8"))
    assert data["name"] == "Onboard the contact" and data["call"] == "bitrix24.trigger.execute"
    assert panel.selected_preset() is not None
    assert panel.selected_preset().name == "Onboard the contact"
    assert panel.dialog is None
    assert "Renamed" in panel.message.text()


def test_rename_refuses_a_taken_name_and_stays_open(
    qtbot: QtBot, panel: PresetsPanel, store: PresetStore
) -> None:
    panel.select("Start onboarding")
    panel.rename_action.trigger()
    dialog = panel.dialog
    assert isinstance(dialog, PresetNameDialog)
    dialog.name.setText("list TRIGGERS")  # same file name as "List triggers"
    assert "another preset has this name" in dialog.message.text()
    # A Wix preset's name is not in this list, but the store refuses it all the same.
    dialog.name.setText(FORM.name)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "exists" in dialog.message.text()
    assert dialog.isVisible()
    assert "start-onboarding.json" in files(store)
    dialog.reject()


def test_duplicate_writes_a_second_file(
    qtbot: QtBot, panel: PresetsPanel, store: PresetStore
) -> None:
    panel.select("Move deal to Won")
    panel.duplicate_action.trigger()
    dialog = panel.dialog
    assert isinstance(dialog, PresetNameDialog)
    assert dialog.name.text() == "Move deal to Won (copy)"
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert {"move-deal-to-won.json", "move-deal-to-won-copy.json"} <= files(store)
    copy = store.get("Move deal to Won (copy)")
    assert copy.values == WON.values and copy.profile == "portal"
    assert "Move deal to Won (copy)" in panel.shown_names()


def test_delete_asks_first_then_removes_the_file(
    qtbot: QtBot, panel: PresetsPanel, store: PresetStore
) -> None:
    panel.select("List triggers")
    panel.delete_action.trigger()
    box = panel.confirm_box
    assert box is not None and "List triggers" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert "list-triggers.json" in files(store)
    panel.delete_action.trigger()
    box = panel.confirm_box
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    assert "list-triggers.json" not in files(store)
    assert "List triggers" not in panel.shown_names()


def test_delete_key_in_the_list_asks_to_delete(qtbot: QtBot, panel: PresetsPanel) -> None:
    panel.select("List triggers")
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert panel.confirm_box is not None
    panel.confirm_box.reject()


def test_edit_opens_the_save_dialog_prefilled_and_saves_in_place(
    qtbot: QtBot, panel: PresetsPanel, store: PresetStore
) -> None:
    panel.select("Move deal to Won")
    panel.edit_action.trigger()
    dialog = panel.dialog
    assert isinstance(dialog, SavePresetDialog)
    assert dialog.name.text() == "Move deal to Won"
    assert dialog.bind_profile.isChecked()
    dialog.description.setText("Won, from the panel")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.confirm_box is None  # its own name: no "replace?" question
    assert store.get("Move deal to Won").description == "Won, from the panel"
    assert panel.selected_preset() is not None


def test_export_and_import_through_the_file_dialogs(
    qtbot: QtBot, panel: PresetsPanel, store: PresetStore, tmp_path: Path
) -> None:
    target = tmp_path / "shared" / "won.json"
    target.parent.mkdir()
    panel.select("Move deal to Won")
    panel.export_action.trigger()
    assert panel.file_dialog is not None
    panel.file_dialog.fileSelected.emit(str(target))
    assert target.read_text(encoding="utf-8") == store.export("Move deal to Won")

    store.remove("Move deal to Won")
    panel.reload()
    assert "Move deal to Won" not in panel.shown_names()
    panel.import_action.trigger()
    assert panel.file_dialog is not None
    panel.file_dialog.filesSelected.emit([str(target)])
    assert store.get("Move deal to Won").values == WON.values
    assert panel.selected_preset() is not None
    assert panel.selected_preset().name == "Move deal to Won"


def test_import_asks_before_replacing_and_names_refused_files(
    qtbot: QtBot, panel: PresetsPanel, store: PresetStore, tmp_path: Path
) -> None:
    changed = json.loads(store.export("Move deal to Won"))
    changed["description"] = "From a teammate"
    incoming = tmp_path / "won.json"
    incoming.write_text(json.dumps(changed), encoding="utf-8")
    junk = tmp_path / "junk.json"
    junk.write_text("not json", encoding="utf-8")
    panel.import_files([incoming, junk])
    assert "junk.json: refused: not JSON" in panel.message.text()
    box = panel.confirm_box
    assert box is not None and "won.json" in box.text()
    box.button(QMessageBox.StandardButton.No).click()
    assert store.get("Move deal to Won").description == WON.description
    panel.import_files([incoming])
    box = panel.confirm_box
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    assert store.get("Move deal to Won").description == "From a teammate"


def test_save_as_preset_from_the_form_reloads_and_selects_it(
    qtbot: QtBot, panel: PresetsPanel, store: PresetStore
) -> None:
    from trigger_desk.core.calls import find_call

    call = find_call("bitrix24.trigger")
    assert call is not None
    dialog = panel.save_as_preset(call, {"target": "DEAL_9", "code": "lost"}, None, "portal")
    dialog.name.setText("Lose deal 9")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert store.get("Lose deal 9").values == {"target": "DEAL_9", "code": "lost"}
    assert panel.selected_preset() is not None
    assert panel.selected_preset().name == "Lose deal 9"


def test_empty_folder_says_how_to_get_presets(qtbot: QtBot, tmp_path: Path) -> None:
    widget = PresetsPanel(PresetStore(tmp_path / "none-yet"), Platform.WIX, poll_ms=0)
    qtbot.addWidget(widget)
    assert widget.pages.currentWidget() is widget.empty
    assert "No Wix presets yet" in widget.empty.text()
    assert not widget.run_button.isEnabled()


def test_context_menu_offers_every_action(qtbot: QtBot, panel: PresetsPanel) -> None:
    index = row_index(panel, "Move deal to Won")
    panel.list.customContextMenuRequested.emit(panel.list.visualRect(index).center())
    menu = panel.context_menu
    assert menu is not None
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert texts == [
        "Run",
        "Load into form",
        "Edit…",
        "Rename…",
        "Duplicate…",
        "Delete…",
        "Import…",
        "Export…",
    ]
    assert all(action.isEnabled() for action in menu.actions())
    menu.close()


def test_every_control_has_an_accessible_name(qtbot: QtBot, panel: PresetsPanel) -> None:
    def unnamed(root: QWidget) -> list[str]:
        controls = (
            root.findChildren(QAbstractButton)
            + root.findChildren(QLineEdit)
            + root.findChildren(QAbstractItemView)
        )
        return [
            f"{type(w).__name__} {w.objectName()}"
            for w in controls
            if not w.accessibleName() and w.isVisibleTo(root)
        ]

    assert unnamed(panel) == []
    panel.select("Move deal to Won")
    for open_dialog in (panel.run_selected, panel.edit_selected, panel.rename_selected):
        open_dialog()
        dialog = panel.dialog
        assert dialog is not None
        assert unnamed(dialog) == [], type(dialog).__name__
        dialog.reject()
