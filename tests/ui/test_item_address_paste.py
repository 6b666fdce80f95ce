"""An item address copied from the browser and pasted into the form fills its fields."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QLineEdit

from tests.ui.test_form import make_form
from trigger_desk.ui.tab.target_editor import TargetEditor

DEAL = "https://portal.bitrix24.com/crm/deal/details/57/"
CONTACT = "https://portal.bitrix24.com/crm/contact/details/5/"


def paste(line: QLineEdit, text: str) -> None:
    QApplication.clipboard().setText(text)
    line.setFocus()
    line.paste()


def test_an_address_pasted_into_target_becomes_typename_id(qtbot: Any) -> None:
    form = make_form(qtbot, "bitrix24.trigger")
    editor = form.rows["target"].input
    assert isinstance(editor, TargetEditor)
    paste(editor.item_id, DEAL)
    assert form.values()["target"] == "DEAL_57"
    assert "target" not in form.messages()
    editor.set_value("")
    paste(editor.item_id, "https://portal.bitrix24.com/crm/type/128/details/5/")
    assert form.values()["target"] == "DYNAMIC_128_5"


def test_an_address_pasted_into_owner_id_fills_the_owner_type_too(qtbot: Any) -> None:
    form = make_form(qtbot, "bitrix24.trigger.execute")
    owner_id = form.rows["OWNER_ID"].input
    assert isinstance(owner_id, QLineEdit)
    paste(owner_id, "https://portal.bitrix24.com/crm/lead/details/12/")
    values = form.values()
    assert (values["OWNER_TYPE_ID"], values["OWNER_ID"]) == ("1", "12")


def test_a_contact_address_is_kept_and_the_field_says_why(qtbot: Any) -> None:
    form = make_form(qtbot, "bitrix24.trigger")
    editor = form.rows["target"].input
    assert isinstance(editor, TargetEditor)
    paste(editor.item_id, CONTACT)
    assert editor.item_id.text() == CONTACT
    assert "contacts have no automation triggers" in form.messages()["target"]

    form = make_form(qtbot, "bitrix24.trigger.execute")
    owner_id = form.rows["OWNER_ID"].input
    assert isinstance(owner_id, QLineEdit)
    paste(owner_id, CONTACT)
    assert "contacts have no automation triggers" in form.messages()["OWNER_ID"]
