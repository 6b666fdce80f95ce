"""Forms come from the call declarations alone: every call, every field, every rule."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from trigger_desk.core.calls import CALLS, CallSpec, find_call
from trigger_desk.core.validation import validate_values
from trigger_desk.ui.tab.call_form import CallForm
from trigger_desk.ui.tab.guid_editor import GuidEditor
from trigger_desk.ui.tab.target_editor import TargetEditor
from trigger_desk.ui.widgets.choice_combo import ChoiceCombo

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def make_form(qtbot: Any, call_id: str) -> CallForm:
    call = find_call(call_id)
    assert call is not None
    form = CallForm(call)
    qtbot.addWidget(form)
    return form


def call(call_id: str) -> CallSpec:
    found = find_call(call_id)
    assert found is not None
    return found


@pytest.mark.parametrize("call_id", sorted(CALLS))
def test_every_declared_field_has_a_labelled_named_row(qtbot: Any, call_id: str) -> None:
    form = make_form(qtbot, call_id)
    spec_call = call(call_id)
    assert list(form.rows) == list(spec_call.field_names)
    for spec in spec_call.fields:
        row = form.rows[spec.name]
        label = row.label.text().replace("&", "")
        assert label == f"{spec.label} ({spec.name})" + (" *" if spec.required else "")
        assert row.label.buddy() is not None
        named = [w for w in form.findChildren(QWidget) if w.accessibleName() == spec.name]
        assert named, f"no input named {spec.name}"
        assert row.help.text().startswith(spec.help)
        assert isinstance(row.help, QLabel) and row.help.wordWrap()
    assert (form.payload_editor is not None) == (spec_call.payload is not None)
    assert (form.alternate_path is not None) == bool(spec_call.alternate_method)


@pytest.mark.parametrize("call_id", sorted(CALLS))
def test_documented_examples_fill_a_valid_form(qtbot: Any, call_id: str) -> None:
    form = make_form(qtbot, call_id)
    form.fill_examples()
    assert form.validate(), form.messages()
    assert form.messages() == {}
    spec_call = call(call_id)
    typed = validate_values(spec_call, form.values())
    assert set(typed) == set(spec_call.field_names)


def test_required_fields_stay_quiet_until_checked(qtbot: Any) -> None:
    form = make_form(qtbot, "bitrix24.trigger.execute")
    assert form.messages() == {}
    assert not form.validate()
    messages = form.messages()
    assert set(messages) == {"CODE", "OWNER_TYPE_ID", "OWNER_ID"}
    assert all("is required" in text for text in messages.values())


def test_a_rule_is_checked_as_the_user_types(qtbot: Any) -> None:
    form = make_form(qtbot, "bitrix24.trigger.execute")
    owner_id = form.rows["OWNER_ID"].input
    assert isinstance(owner_id, QLineEdit)
    QTest.keyClicks(owner_id, "6x")
    assert "must be a whole number" in form.messages()["OWNER_ID"]
    QTest.keyClick(owner_id, Qt.Key.Key_Backspace)
    assert "OWNER_ID" not in form.messages()
    message = form.rows["OWNER_ID"].message
    assert message.isHidden()


def test_owner_types_by_name_and_id_and_smart_processes(qtbot: Any) -> None:
    form = make_form(qtbot, "bitrix24.trigger.execute")
    combo = form.rows["OWNER_TYPE_ID"].input
    assert isinstance(combo, ChoiceCombo) and combo.isEditable()
    items = [combo.itemText(i) for i in range(combo.count())]
    assert "Deal (DEAL) — 2" in items and "Lead (LEAD) — 1" in items
    combo.setCurrentIndex(combo.findText("Deal (DEAL) — 2"))
    assert form.values()["OWNER_TYPE_ID"] == "2"
    combo.setEditText("130")  # a smart process: not in any list, still valid
    assert form.values()["OWNER_TYPE_ID"] == "130"
    assert "OWNER_TYPE_ID" not in form.messages()
    combo.setEditText("6")
    assert "smart-process id of 128 or more" in form.messages()["OWNER_TYPE_ID"]


def test_target_is_type_name_plus_id(qtbot: Any) -> None:
    form = make_form(qtbot, "bitrix24.trigger")
    editor = form.rows["target"].input
    assert isinstance(editor, TargetEditor)
    editor.type_combo.setCurrentIndex(editor.type_combo.findData("DEAL"))
    QTest.keyClicks(editor.item_id, "57")
    assert form.values()["target"] == "DEAL_57"
    assert "target" not in form.messages()

    editor.item_id.clear()
    QTest.keyClicks(editor.item_id, "LEAD_25")  # a whole target typed into the id box
    assert editor.type_combo.currentData() == "LEAD"
    assert editor.item_id.text() == "25"
    assert form.values()["target"] == "LEAD_25"

    form.set_values({"target": "DYNAMIC_128_5"})
    assert editor.smart_type.isVisibleTo(form) and editor.smart_type.value() == 128
    assert form.values()["target"] == "DYNAMIC_128_5"

    editor.type_combo.setCurrentIndex(editor.type_combo.findData("DEAL"))
    editor.item_id.setText("x")
    assert "TYPENAME_ID" in form.messages()["target"]


def test_guid_fields_generate_a_fresh_guid(qtbot: Any) -> None:
    form = make_form(qtbot, "wix.cancel-event")
    editor = form.rows["externalEntityId"].input
    assert isinstance(editor, GuidEditor)
    QTest.keyClicks(editor.line, "not-a-guid")
    assert "GUID" in form.messages()["externalEntityId"]
    editor.generate.click()
    first = form.values()["externalEntityId"]
    assert GUID.match(first)
    assert "externalEntityId" not in form.messages()
    editor.generate.click()
    assert form.values()["externalEntityId"] != first


def test_nested_fields_keep_their_dotted_names(qtbot: Any) -> None:
    form = make_form(qtbot, "wix.report-event")
    form.set_values({"idempotency.key": "order-1", "idempotency.ttlInMilliseconds": "0"})
    assert form.values()["idempotency.key"] == "order-1"
    assert (
        "positive whole number of milliseconds" in form.messages()["idempotency.ttlInMilliseconds"]
    )


def test_values_round_trip_and_unknown_names_are_reported(qtbot: Any) -> None:
    form = make_form(qtbot, "bitrix24.trigger.add")
    unknown = form.set_values({"CODE": "paid", "NAME": "Payment received", "target": "x"})
    assert unknown == ["target"]
    assert form.values() == {"CODE": "paid", "NAME": "Payment received"}


def test_errors_from_elsewhere_land_at_their_fields(qtbot: Any) -> None:
    from trigger_desk.core.validation import FieldError

    form = make_form(qtbot, "wix.report-event")
    rest = form.show_errors(
        [
            FieldError("triggerKey", "server says no"),
            FieldError("payload.bad-key", "key names may hold only A-Z, a-z, 0-9 and _"),
            FieldError("api_base", "is not set in profile 'shop'"),
        ]
    )
    assert [error.field for error in rest] == ["api_base"]
    assert form.messages()["triggerKey"] == "server says no"
    assert "payload.bad-key" in form.messages()["payload"]


def test_mnemonics_do_not_clash_with_the_window(qtbot: Any) -> None:
    from trigger_desk.ui.tab.call_form import RESERVED_MNEMONICS

    for call_id in CALLS:
        form = make_form(qtbot, call_id)
        letters = []
        for row in form.rows.values():
            text = row.label.text()
            if "&" in text:
                letters.append(text[text.index("&") + 1].upper())
        assert len(letters) == len(set(letters))
        assert not set(letters) & RESERVED_MNEMONICS


def test_no_combo_without_a_name(qtbot: Any) -> None:
    for call_id in CALLS:
        form = make_form(qtbot, call_id)
        for combo in form.findChildren(QComboBox):
            assert combo.accessibleName()
