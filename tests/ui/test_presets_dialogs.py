"""The variables dialog and the save dialog, with real widgets over a real presets folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.presets_fixtures import FORM, WON
from trigger_desk.core.calls import find_call
from trigger_desk.store.presets import Preset, PresetStore
from trigger_desk.ui.presets.save_dialog import SavePresetDialog
from trigger_desk.ui.presets.variables_dialog import PresetVariablesDialog

Ok = QDialogButtonBox.StandardButton.Ok
Save = QDialogButtonBox.StandardButton.Save


@pytest.fixture
def store(tmp_path: Path) -> PresetStore:
    return PresetStore(tmp_path / "presets")


# --- variables ------------------------------------------------------------------------


def test_variables_dialog_asks_for_each_variable_and_returns_the_values(qtbot: QtBot) -> None:
    preset = Preset(
        "Two vars",
        "wix.report-event",
        values={"triggerKey": "{{key}}", "externalEntityId": "{{id}}"},
        payload={"email": "{{email}}", "again": "{{key}}"},
    )
    dialog = PresetVariablesDialog(preset)
    qtbot.addWidget(dialog)
    assert list(dialog.inputs) == ["key", "id", "email"]
    # Accessible names are the variable names; help under each says where it goes.
    assert [line.accessibleName() for line in dialog.inputs.values()] == ["key", "id", "email"]
    assert "Used in triggerKey, payload." in dialog.inputs["key"].accessibleDescription()
    submitted: list[dict[str, str]] = []
    dialog.filled.connect(submitted.append)
    dialog.inputs["key"].setText("form_submitted")
    dialog.inputs["id"].setText("16ef8c9c-413e-4d5f-b77d-8c67c3c8ae0c")
    dialog.inputs["email"].setText("ann@example.com")
    dialog.buttons.button(Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert submitted == [
        {
            "key": "form_submitted",
            "id": "16ef8c9c-413e-4d5f-b77d-8c67c3c8ae0c",
            "email": "ann@example.com",
        }
    ]
    filled = dialog.filled_preset()
    assert filled.payload == {"email": "ann@example.com", "again": "form_submitted"}


def test_variables_are_required(qtbot: QtBot) -> None:
    dialog = PresetVariablesDialog(FORM)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.buttons.button(Ok).click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "email: " not in dialog.error_text()  # the message sits at the input itself
    assert dialog.messages["email"].text() == "is required: give a value."
    assert dialog.focusWidget() is dialog.inputs["email"]


def test_a_value_that_breaks_the_fields_rule_is_shown_at_the_variable(qtbot: QtBot) -> None:
    dialog = PresetVariablesDialog(WON)
    qtbot.addWidget(dialog)
    dialog.inputs["deal"].setText("fifty-seven")
    dialog.buttons.button(Ok).click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    message = dialog.messages["deal"].text()
    assert message.startswith("makes target 'DEAL_fifty-seven': must be TYPENAME_ID")
    dialog.inputs["deal"].setText("57")
    assert dialog.messages["deal"].text() == ""  # cleared as soon as the value changes
    dialog.buttons.button(Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.filled_preset().values == {"target": "DEAL_57", "code": "won"}


# --- saving ---------------------------------------------------------------------------


def test_save_dialog_refuses_a_bad_name_and_writes_nothing(
    qtbot: QtBot, store: PresetStore
) -> None:
    dialog = SavePresetDialog.from_values(
        "bitrix24.trigger", {"target": "DEAL_57"}, None, "portal", store=store
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.buttons.button(Save).click()
    assert "needs a name" in dialog.name_message.text()
    dialog.name.setText("---")
    assert "at least one letter or digit" in dialog.name_message.text()  # live
    dialog.buttons.button(Save).click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.focusWidget() is dialog.name
    assert not store.directory.exists() or list(store.directory.iterdir()) == []


def test_save_dialog_saves_a_good_name_with_a_variable(qtbot: QtBot, store: PresetStore) -> None:
    dialog = SavePresetDialog.from_values(
        "bitrix24.trigger", {"target": "DEAL_57", "code": "won"}, None, "portal", store=store
    )
    qtbot.addWidget(dialog)
    saved: list[Preset] = []
    dialog.saved.connect(saved.append)
    dialog.name.setText("Move a deal to Won")
    dialog.description.setText("Any deal, asked each time")
    target = dialog.rows["target"]
    target.ask.setChecked(True)
    # DEAL_57 suggests asking for its id part; a bare name asks for the whole value.
    assert target.variable.isEnabled() and target.variable.text() == "DEAL_{{deal}}"
    assert target.variable.accessibleName() == "Variable name for target"
    target.variable.setText("deal")
    assert target.shown.text() == "{{deal}}  (was DEAL_57)"
    assert '"target": "{{deal}}"' in dialog.preview.toPlainText()  # the file, live
    dialog.buttons.button(Save).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    path = store.directory / "move-a-deal-to-won.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["values"] == {"target": "{{deal}}", "code": "won"}
    assert data["profile"] == "portal"
    assert data["description"] == "Any deal, asked each time"
    assert path.read_text(encoding="utf-8") == dialog.preview.toPlainText()
    assert [p.name for p in saved] == ["Move a deal to Won"]
    assert PresetStore.variables(saved[0]) == ["deal"]


def test_ask_as_can_ask_for_part_of_a_value(qtbot: QtBot, store: PresetStore) -> None:
    dialog = SavePresetDialog.from_values(
        "bitrix24.trigger", {"target": "DEAL_57", "code": "won"}, None, None, store=store
    )
    qtbot.addWidget(dialog)
    dialog.name.setText("Won deal")
    target = dialog.rows["target"]
    target.ask.setChecked(True)  # the suggestion: DEAL_{{deal}}
    assert target.shown.text() == "DEAL_{{deal}}  (was DEAL_57)"
    dialog.buttons.button(Save).click()
    saved = store.get("Won deal")
    assert saved.values == {"target": "DEAL_{{deal}}", "code": "won"}
    assert PresetStore.variables(saved) == ["deal"]

    # Editing it shows the part again, not the whole value's name.
    again = SavePresetDialog.for_preset(store, saved)
    qtbot.addWidget(again)
    assert again.rows["target"].ask.isChecked()
    assert again.rows["target"].variable.text() == "DEAL_{{deal}}"
    # A broken template is refused at its row, nothing written.
    again.rows["target"].variable.setText("DEAL_{{2 words}}")
    again.buttons.button(Save).click()
    assert "must hold a variable name" in again.rows["target"].message.text()
    assert store.get("Won deal").values["target"] == "DEAL_{{deal}}"


def test_unbound_preset_has_no_profile(qtbot: QtBot, store: PresetStore) -> None:
    dialog = SavePresetDialog.from_values("bitrix24.trigger.list", {}, None, "portal", store=store)
    qtbot.addWidget(dialog)
    dialog.name.setText("List")
    dialog.bind_profile.setChecked(False)
    dialog.buttons.button(Save).click()
    assert store.get("List").profile is None


def test_a_bad_variable_name_is_shown_at_its_row(qtbot: QtBot, store: PresetStore) -> None:
    dialog = SavePresetDialog.from_values(
        "bitrix24.trigger", {"target": "DEAL_57"}, None, None, store=store
    )
    qtbot.addWidget(dialog)
    dialog.name.setText("Deal")
    dialog.rows["target"].ask.setChecked(True)
    dialog.rows["target"].variable.setText("2 words")
    dialog.buttons.button(Save).click()
    assert "'2 words' cannot name a variable" in dialog.rows["target"].message.text()
    assert not store.exists("Deal")


def test_the_stores_field_errors_are_shown_at_the_field(qtbot: QtBot, store: PresetStore) -> None:
    dialog = SavePresetDialog.from_values(
        "bitrix24.trigger", {"target": "deal 57", "code": "won"}, None, None, store=store
    )
    qtbot.addWidget(dialog)
    dialog.name.setText("Broken target")
    dialog.buttons.button(Save).click()
    assert "must be TYPENAME_ID" in dialog.rows["target"].message.text()
    assert dialog.banner.text() == ""
    assert not store.exists("Broken target")
    # Making the bad value a variable saves it: it is checked once filled, before sending.
    dialog.rows["target"].ask.setChecked(True)
    dialog.buttons.button(Save).click()
    assert store.get("Broken target").values["target"] == "{{target}}"


def test_an_existing_name_is_replaced_only_when_confirmed(qtbot: QtBot, store: PresetStore) -> None:
    store.save(WON)
    dialog = SavePresetDialog.from_values(
        "bitrix24.trigger", {"target": "DEAL_1", "code": "won"}, None, None, store=store
    )
    qtbot.addWidget(dialog)
    dialog.name.setText("Move deal to Won")
    dialog.buttons.button(Save).click()
    box = dialog.confirm_box
    assert box is not None and "already exists" in box.text()
    box.button(QMessageBox.StandardButton.No).click()
    assert store.get("Move deal to Won").values == WON.values
    assert "This name is taken" in dialog.name_message.text()
    dialog.buttons.button(Save).click()
    box = dialog.confirm_box
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    assert store.get("Move deal to Won").values == {"target": "DEAL_1", "code": "won"}
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_editing_keeps_variables_and_a_new_name_moves_the_file(
    qtbot: QtBot, store: PresetStore
) -> None:
    whole = Preset("Any target", "bitrix24.trigger", {"target": "{{target}}", "code": "won"})
    store.save(whole)
    dialog = SavePresetDialog.for_preset(store, whole)
    qtbot.addWidget(dialog)
    assert dialog.rows["target"].ask.isChecked()
    assert dialog.rows["target"].variable.text() == "target"
    assert not dialog.rows["code"].ask.isChecked()
    assert not dialog.bind_profile.isEnabled()  # no profile to bind to
    dialog.name.setText("Any deal target")
    dialog.buttons.button(Save).click()
    assert store.get("Any deal target").values == whole.values
    assert not store.exists("Any target")
    assert not (store.directory / "any-target.json").exists()


def test_from_values_takes_a_call_id_and_refuses_unknown_ones(store: PresetStore) -> None:
    with pytest.raises(ValueError, match="unknown call id"):
        SavePresetDialog.from_values("bitrix24.nope", {}, None, None, store=store)
    call = find_call("wix.report-event")
    assert call is not None


def test_from_values_defaults_to_the_presets_folder(
    qtbot: QtBot, isolated_dirs: dict[str, Path]
) -> None:
    dialog = SavePresetDialog.from_values("wix.cancel-event", {}, None, None)
    qtbot.addWidget(dialog)
    assert dialog.store.directory == isolated_dirs["config"] / "trigger-desk" / "presets"
