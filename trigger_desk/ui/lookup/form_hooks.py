"""Where the look-ups join a call's form: "Find…" beside `target` and `OWNER_ID`, and the
CODE picker of crm.automation.trigger.execute. The tab calls `install_lookups` once
per form it builds; nothing else in the tab knows about look-ups.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from trigger_desk.core.crm_types import parse_crm_type
from trigger_desk.core.lookups import Item
from trigger_desk.core.model import Platform, Profile
from trigger_desk.services.portal_lookups import PortalLookups
from trigger_desk.ui.lookup.code_picker import CodePicker
from trigger_desk.ui.lookup.find_dialog import FindItemDialog
from trigger_desk.ui.shell.theme import Tone
from trigger_desk.ui.tab.field_row import FieldRow
from trigger_desk.ui.tab.target_editor import TargetEditor

if TYPE_CHECKING:
    from trigger_desk.ui.tab.call_form import CallForm
    from trigger_desk.ui.tab.platform_tab import PlatformTab

EXECUTE_CALL = "bitrix24.trigger.execute"


def lookups_for(tab: PlatformTab) -> PortalLookups | None:
    """The tab's look-ups (one cache per window's services), None before `attach`."""
    services = tab.services
    if services is None:
        return None
    kept: PortalLookups | None = getattr(tab, "_portal_lookups", None)
    if kept is None:
        kept = PortalLookups(services)
        tab._portal_lookups = kept  # type: ignore[attr-defined]
    return kept


def install_lookups(tab: PlatformTab, form: CallForm) -> None:
    """Add the look-up controls to a Bitrix24 form's rows that can use them."""
    if tab.platform is not Platform.BITRIX24:
        return
    rows = form.rows
    target = rows.get("target")
    if target is not None and isinstance(target.input, TargetEditor):
        editor = target.input
        button = _find_button(target, editor)
        layout = editor.layout()
        assert layout is not None
        layout.addWidget(button)
        button.clicked.connect(
            lambda: _open_find(tab, target, _editor_type(editor), _fill_target(target))
        )
    owner = rows.get("OWNER_ID")
    owner_type = rows.get("OWNER_TYPE_ID")
    if owner is not None and owner_type is not None and isinstance(owner.input, QLineEdit):
        button = _find_button(owner, owner.input)
        _beside(owner, owner.input, button)
        button.clicked.connect(
            lambda: _open_find(
                tab, owner, _type_name(owner_type.value()), _fill_owner(owner, owner_type)
            )
        )
    code = rows.get("CODE")
    if form.call.id == EXECUTE_CALL and code is not None and isinstance(code.input, QLineEdit):
        lookups = lookups_for(tab)
        if lookups is not None:
            picker = CodePicker(code.input, lookups, tab.current_profile, code.cell)
            _replace(code, code.input, picker)
            picker.noted.connect(lambda text: code.message.show_message(text or None, Tone.WARNING))
            form.code_picker = picker  # type: ignore[attr-defined]


def _find_button(row: FieldRow, near: QWidget) -> QPushButton:
    button = QPushButton(QCoreApplication.translate("Lookups", "Find…"), near)
    button.setAccessibleName(
        QCoreApplication.translate("Lookups", "Find %1 on the portal").replace("%1", row.spec.name)
    )
    button.setToolTip(
        QCoreApplication.translate("Lookups", "Look the item up by part of its title")
    )
    button.setObjectName(f"find-{row.spec.name}")
    return button


def _beside(row: FieldRow, widget: QWidget, button: QPushButton) -> None:
    box = QWidget(row.cell)
    line = QHBoxLayout(box)
    line.setContentsMargins(0, 0, 0, 0)
    _replace(row, widget, box)
    line.addWidget(widget, 1)
    line.addWidget(button)


def _replace(row: FieldRow, widget: QWidget, by: QWidget) -> None:
    layout = row.cell.layout()
    assert isinstance(layout, QVBoxLayout)
    index = layout.indexOf(widget)
    layout.removeWidget(widget)
    layout.insertWidget(index, by)


def _editor_type(editor: TargetEditor) -> str:
    name = str(editor.type_combo.currentData() or "DEAL")
    return f"DYNAMIC_{editor.smart_type.value()}" if name == "DYNAMIC_" else name


def _type_name(owner_type_id: str) -> str:
    from trigger_desk.core.calls.rules import OWNER_TYPES

    text = owner_type_id.strip()
    names = {str(type_id): name for type_id, name, _ in OWNER_TYPES}
    if text in names:
        return names[text]
    return f"DYNAMIC_{text}" if text.isascii() and text.isdigit() else "DEAL"


def _fill_target(row: FieldRow) -> Callable[[Item], None]:
    return lambda item: row.set_value(item.target)


def _fill_owner(owner: FieldRow, owner_type: FieldRow) -> Callable[[Item], None]:
    def fill(item: Item) -> None:
        crm_type = parse_crm_type(item.target.rsplit("_", 1)[0])
        owner_type.set_value(str(crm_type.entity_type_id))
        owner.set_value(str(item.id))

    return fill


def _open_find(
    tab: PlatformTab, row: FieldRow, crm_type: str, fill: Callable[[Item], None]
) -> None:
    profile: Profile | None = tab.current_profile()
    lookups = lookups_for(tab)
    if profile is None or lookups is None or profile.platform is not Platform.BITRIX24:
        row.show_error(
            QCoreApplication.translate(
                "Lookups", "Choose a Bitrix24 profile first: the look-up asks its portal."
            )
        )
        return
    dialog = FindItemDialog(lookups, profile, crm_type, tab)
    dialog.picked.connect(fill)
    dialog.finished.connect(lambda _code: row.focus())
    dialog.finished.connect(dialog.deleteLater)
    tab.find_dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
