"""The form for one call, generated entirely from its CallSpec: no per-call code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.calls import CallSpec
from trigger_desk.core.validation import FieldError, check_payload
from trigger_desk.ui.shell.theme import small_font
from trigger_desk.ui.tab.field_row import REQUIRED_MARK, FieldRow
from trigger_desk.ui.tab.json_editor import JsonEditor, PayloadState

# Letters the window's fixed controls already use as mnemonics (Alt+letter).
RESERVED_MNEMONICS = frozenset("FRTHPCILYOXGSA")


def pick_mnemonic(text: str, used: set[str]) -> int | None:
    """Index of the first letter in `text` not yet used as a mnemonic (marks it used)."""
    for index, char in enumerate(text):
        if char.isalpha() and char.upper() not in used:
            used.add(char.upper())
            return index
    return None


class CallForm(QWidget):
    """Inputs for a call's fields (and its payload editor when it takes one).

    Every rule comes from the declaration: labels, required marks, help, choices,
    the live check (`validation.check_field`) and the payload rules.
    """

    changed = Signal()

    def __init__(self, call: CallSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.call = call
        self.rows: dict[str, FieldRow] = {}
        self.payload_editor: JsonEditor | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        # The fields scroll on their own, so a long form never pushes the payload editor
        # (or the Fire button) out of sight; a splitter shares the height between them.
        self.fields_scroll = QScrollArea(self)
        self.fields_scroll.setWidgetResizable(True)
        self.fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        fields_page = QWidget()
        fields_layout = QVBoxLayout(fields_page)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_box = QGroupBox("Fields", fields_page)
        form = QFormLayout(fields_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        used = set(RESERVED_MNEMONICS)
        for spec in call.fields:
            row = FieldRow(spec, fields_box)
            index = pick_mnemonic(spec.label, used)
            if index is not None:
                row.set_mnemonic(index)
            row.changed.connect(self.changed)
            form.addRow(row.label, row.cell)
            self.rows[spec.name] = row
        self.alternate_path: QCheckBox | None = None
        if call.alternate_method:
            # A second documented address (Wix's SDK path): offered, never the default.
            # Short text: the path itself is in the tooltip and the request preview.
            self.alternate_path = QCheckBox("Use the SDK's path", fields_box)
            self.alternate_path.setAccessibleName("Use the alternate path")
            self.alternate_path.setToolTip(
                f"{call.method} is the documented path; this sends to {call.alternate_method} "
                "instead (the Wix JavaScript SDK's address)."
            )
            self.alternate_path.toggled.connect(self.changed)
            form.addRow(self.alternate_path)
            when = QLabel("When the documented path answers 404, try the SDK's.", fields_box)
            when.setWordWrap(True)
            when.setFont(small_font(when.font()))
            form.addRow(when)
        if call.fields:
            if any(spec.required for spec in call.fields):
                legend = QLabel(f"{REQUIRED_MARK} required", fields_box)
                legend.setFont(small_font(legend.font()))
                form.addRow(legend)
        else:
            none = QLabel("This call takes no fields: Fire sends it as it is.", fields_box)
            none.setWordWrap(True)
            form.addRow(none)
        fields_layout.addWidget(fields_box)
        fields_layout.addStretch(1)
        self.fields_scroll.setWidget(fields_page)
        # Never narrower than the fields themselves (they scroll up and down, not across).
        bar = self.fields_scroll.verticalScrollBar().sizeHint().width()
        self.fields_scroll.setMinimumWidth(fields_page.minimumSizeHint().width() + bar)
        # Let the tab's background show through (QScrollArea fills its widget by default).
        fields_page.setAutoFillBackground(False)
        self.fields_scroll.viewport().setAutoFillBackground(False)

        self.splitter: QSplitter | None = None
        if call.payload is None:
            layout.addWidget(self.fields_scroll)
            return
        payload_box = QGroupBox(f"Payload ({call.payload.key})", self)
        box_layout = QVBoxLayout(payload_box)
        self.payload_editor = JsonEditor(
            call.payload, lambda value: check_payload(call, value), payload_box
        )
        self.payload_editor.changed.connect(self.changed)
        box_layout.addWidget(self.payload_editor)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.fields_scroll)
        self.splitter.addWidget(payload_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter)

    # --- values ---------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """Every field's raw text, by the platform's field name (empty ones left out)."""
        return {name: row.value() for name, row in self.rows.items() if row.value().strip()}

    def set_values(self, values: Mapping[str, Any]) -> list[str]:
        """Fill fields by name; returns the names this call does not have."""
        unknown = []
        for name, value in values.items():
            row = self.rows.get(name)
            if row is None:
                unknown.append(name)
            else:
                row.set_value("" if value is None else str(value))
        return unknown

    def use_alternate_path(self) -> bool:
        return self.alternate_path is not None and self.alternate_path.isChecked()

    def payload_state(self) -> PayloadState:
        return self.payload_editor.state() if self.payload_editor else PayloadState()

    def set_payload(self, value: Any) -> None:
        if self.payload_editor is not None:
            self.payload_editor.set_payload(value)

    def fill_examples(self) -> None:
        """Put the documented example into every empty field (and an empty payload)."""
        for row in self.rows.values():
            if not row.value().strip():
                row.set_value(row.spec.example)
        if self.payload_editor is not None and not self.payload_editor.text().strip():
            self.payload_editor.insert_example()

    # --- checking -------------------------------------------------------------------

    def validate(self) -> bool:
        """Check every field and the payload now, showing each message; True when fine."""
        fields_ok = all([row.validate() for row in self.rows.values()])
        payload_ok = self.payload_editor.validate() if self.payload_editor else True
        return fields_ok and payload_ok

    def show_errors(self, errors: Iterable[FieldError]) -> list[FieldError]:
        """Put each error at its field; returns those that belong to no field here."""
        elsewhere: list[FieldError] = []
        payload_errors: list[FieldError] = []
        for error in errors:
            row = self.rows.get(error.field)
            if row is not None:
                row.show_error(error.message)
            elif self.payload_editor is not None and (
                error.field == "payload" or error.field.startswith("payload.")
            ):
                payload_errors.append(error)
            else:
                elsewhere.append(error)
        if payload_errors and self.payload_editor is not None:
            self.payload_editor.show_errors(payload_errors)
        return elsewhere

    def focus_first_problem(self) -> None:
        for row in self.rows.values():
            if row.message.text():
                row.focus()
                return
        if self.payload_editor is not None and self.payload_editor.problems:
            self.payload_editor.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def messages(self) -> dict[str, str]:
        """The message now shown at each field (for tests and assistive summaries)."""
        shown = {name: row.message.text() for name, row in self.rows.items()}
        if self.payload_editor is not None:
            shown["payload"] = "\n".join(self.payload_editor.problems)
        return {name: text for name, text in shown.items() if text}
