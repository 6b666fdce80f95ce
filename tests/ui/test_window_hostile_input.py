"""The window's side of hostile input: the presets panel over bad files, the save dialog
renaming by case only, the payload editor and the call form refusing what the platforms
refuse (or what passed a loose rule by accident).

Synchronous like test_presets_panel.py: with no asyncio loop the disk work runs inline.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.presets_fixtures import WON
from trigger_desk.core.calls import find_call
from trigger_desk.core.model import Platform
from trigger_desk.core.validation import check_payload
from trigger_desk.store.presets import PresetStore
from trigger_desk.ui.presets.panel import PresetsPanel
from trigger_desk.ui.presets.save_dialog import SavePresetDialog
from trigger_desk.ui.tab.call_form import CallForm
from trigger_desk.ui.tab.json_editor import JsonEditor

Save = QDialogButtonBox.StandardButton.Save


@pytest.fixture
def store(tmp_path: Path) -> PresetStore:
    store = PresetStore(tmp_path / "presets")
    store.save(WON)
    return store


def test_the_panel_lists_the_good_presets_next_to_unreadable_files(
    qtbot: QtBot, store: PresetStore
) -> None:
    folder = store.directory
    os.mkfifo(folder / "fifo.json")  # reading it would block the panel's loader forever
    (folder / "loop.json").symlink_to(folder / "loop.json")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "latin.json").write_bytes(b'{"call": "bitrix24.trigger", "name": "Caf\xe9"}')
    with (folder / "big.json").open("wb") as handle:
        handle.truncate(3 * 1024 * 1024)
    panel = PresetsPanel(store, Platform.BITRIX24, poll_ms=0)
    qtbot.addWidget(panel)
    shown = panel.shown_names()
    assert WON.name in shown
    for name in ("fifo.json", "loop.json", "deep.json", "latin.json", "big.json"):
        assert name in shown  # listed as broken, with the reason
    assert "5 files" in panel.broken_note.text()
    assert [p.name for p in panel.presets()] == [WON.name]


def test_editing_a_preset_to_change_only_the_case_of_its_name(
    qtbot: QtBot, store: PresetStore
) -> None:
    dialog = SavePresetDialog.for_preset(store, store.get(WON.name))
    qtbot.addWidget(dialog)
    dialog.name.setText(WON.name.lower())
    dialog.buttons.button(Save).click()
    assert dialog.error_text() == ""
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [p.name for p in store.list()] == [WON.name.lower()]
    assert store.get(WON.name.lower()).values == WON.values


def test_renaming_onto_another_preset_asks_then_replaces_it(
    qtbot: QtBot, store: PresetStore
) -> None:
    other = replace(WON, name="Other", values={"target": "DEAL_2", "code": "other"})
    store.save(other)
    dialog = SavePresetDialog.for_preset(store, store.get("Other"))
    qtbot.addWidget(dialog)
    dialog.name.setText(WON.name)
    dialog.buttons.button(Save).click()
    box = dialog.confirm_box
    assert box is not None and "already exists" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert [p.name for p in store.list()] == [WON.name]
    assert store.get(WON.name).values == other.values


def editor_for(qtbot: Any, call_id: str) -> JsonEditor:
    call = find_call(call_id)
    assert call is not None and call.payload is not None
    editor = JsonEditor(call.payload, lambda value: check_payload(call, value))
    qtbot.addWidget(editor)
    return editor


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"n": NaN}', "payload.n: NaN is not JSON"),
        ('{"n": -Infinity}', "payload.n: -Infinity is not JSON"),
        ('{"id": 18446744073709551616}', "payload.id: the number"),
        ('{"a": ' + "[" * 70 + "]" * 70 + "}", "nested more than 64 levels"),
        ("[" * 100_000 + "]" * 100_000, "nested more than 64 levels"),
        ('{"s": "\\ud800"}', "payload.s: holds a lone UTF-16 surrogate"),
    ],
)
def test_the_payload_editor_refuses_what_the_platforms_refuse(
    qtbot: QtBot, text: str, words: str
) -> None:
    editor = editor_for(qtbot, "wix.run-trigger")
    editor.set_text(text)
    assert not editor.validate()
    assert words in editor.parse_message.text()
    assert not editor.state().ok


def test_importing_a_fifo_in_the_window_is_refused_not_a_hang(
    qtbot: QtBot, store: PresetStore, tmp_path: Path
) -> None:
    panel = PresetsPanel(store, Platform.BITRIX24, poll_ms=0)
    qtbot.addWidget(panel)
    fifo = tmp_path / "shared.json"
    os.mkfifo(fifo)
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(2 * 1024 * 1024)
    panel.import_files([fifo, big])
    assert "shared.json: refused: cannot read: it is a named pipe" in panel.message.text()
    assert "big.json: refused: is 2.0 MB" in panel.message.text()


@pytest.mark.parametrize(
    ("call_id", "values", "field"),
    [
        ("wix.cancel-event", {"triggerKey": "key\x1b[2J", "externalEntityId": "e"}, "triggerKey"),
        ("wix.cancel-event", {"triggerKey": "k", "externalEntityId": "e\x00"}, "externalEntityId"),
        ("bitrix24.trigger", {"target": "DEAL_\u0665", "code": "won"}, "target"),
        ("bitrix24.trigger", {"target": "DEAL_5", "code": "\u212aey"}, "code"),
        (
            "bitrix24.trigger.execute",
            {"CODE": "a", "OWNER_TYPE_ID": "2", "OWNER_ID": "\u0661\u0662"},
            "OWNER_ID",
        ),
        (
            "bitrix24.trigger.execute",
            {"CODE": "a", "OWNER_TYPE_ID": "2", "OWNER_ID": "9" * 20},
            "OWNER_ID",
        ),
    ],
)
def test_the_form_refuses_values_that_pass_a_loose_rule(
    qtbot: QtBot, call_id: str, values: dict[str, str], field: str
) -> None:
    call = find_call(call_id)
    assert call is not None
    form = CallForm(call)
    qtbot.addWidget(form)
    form.set_values(values)
    assert not form.validate()
    assert field in form.messages(), form.messages()
