"""Save a call (from the form or a history row) as a preset, or edit an existing preset.

The call is fixed; the user names the preset, describes it, binds it to the profile or
not, and may turn any field into a `{{variable}}` asked for each time the preset is used.
A read-only preview shows the exact file that will be written. The store's checks run on
Save, off the event loop; its errors are shown at the field they name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.calls import CallSpec, find_call
from trigger_desk.store.presets import (
    Preset,
    PresetError,
    PresetExists,
    PresetStore,
    check_name,
)
from trigger_desk.ui.presets.ask_as import AskAsBox, template_problem, template_value
from trigger_desk.ui.presets.name_dialog import PresetNameDialog
from trigger_desk.ui.presets.watcher import DiskWork
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import fixed_font, small_font
from trigger_desk.ui.tab.field_row import REQUIRED_MARK
from trigger_desk.ui.widgets.field_message import FieldMessage
from trigger_desk.ui.widgets.question_box import ask


class SavePresetDialog(QDialog):
    """Name, description, call (fixed), profile binding, variables, and a file preview.

    `saved(Preset)` is emitted with the preset as stored (values typed by the call's
    rules). When the name is taken by another preset, Save asks before replacing it.
    Editing (`for_preset`) keeps the name's file; a new name moves the preset to it.
    """

    saved = Signal(object)  # Preset

    def __init__(
        self,
        store: PresetStore,
        call: CallSpec,
        values: Mapping[str, Any],
        payload: Any = None,
        *,
        profile: str | None = None,
        name: str = "",
        description: str = "",
        editing: Preset | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.call = call
        self.payload = payload
        self.editing = editing
        self._profile = profile
        self._work = DiskWork(self)
        self._confirm: QMessageBox | None = None
        self.setWindowTitle(f"Edit preset: {editing.name}" if editing else "Save as preset")
        self.setMinimumWidth(620)

        layout = QVBoxLayout(self)
        top = QFormLayout()
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Preset name")
        self.name.setPlaceholderText("e.g. Move deal to Won")
        self.name.setText(name)
        self.name_message = FieldMessage(self)
        self.name_message.setObjectName("preset-name-message")
        self.name.textChanged.connect(self._name_edited)
        top.addRow(
            self._label(f"&Name {REQUIRED_MARK}", self.name),
            self._cell(self.name, self.name_message),
        )
        self.description = QLineEdit(self)
        self.description.setAccessibleName("Description")
        self.description.setPlaceholderText("What it does, for you and your team (optional)")
        self.description.setText(description)
        self.description.textChanged.connect(self._refresh_preview)
        top.addRow(self._label("&Description", self.description), self.description)
        call_text = QLabel(f"{call.title} ({call.id})", self)
        call_text.setAccessibleName(f"Call: {call.title} ({call.id})")
        call_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addRow("Call", call_text)
        self.bind_profile = QCheckBox(self)
        self.bind_profile.setAccessibleName("Bind to profile")
        if profile:
            self.bind_profile.setText(f"&Bind to profile {profile}")
            self.bind_profile.setChecked(editing is None or editing.profile == profile)
            binding_help = (
                "Bound: using the preset selects this profile. Unbound: it uses the profile "
                "selected in the tab, so teammates with other profiles can share it."
            )
        else:
            self.bind_profile.setText("&Bind to a profile")
            self.bind_profile.setEnabled(False)
            binding_help = "No profile is selected: the preset will use the tab's profile."
        self.bind_profile.toggled.connect(self._refresh_preview)
        help_label = self._small(binding_help)
        top.addRow("Profile", self._cell(self.bind_profile, help_label))
        layout.addLayout(top)

        self.values_box = AskAsBox(call, values, self)
        self.values_box.changed.connect(self._refresh_preview)
        self.rows = self.values_box.rows
        layout.addWidget(self.values_box)

        preview_box = QGroupBox("The file that will be saved", self)
        preview_layout = QVBoxLayout(preview_box)
        self.path_label = self._small("")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        preview_layout.addWidget(self.path_label)
        self.preview = QPlainTextEdit(preview_box)
        self.preview.setReadOnly(True)
        self.preview.setFont(fixed_font())
        self.preview.setAccessibleName("Preset file preview")
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        lines = self.preview.fontMetrics().lineSpacing()
        self.preview.setMinimumHeight(lines * 15)  # a typical preset file, whole
        preview_layout.addWidget(self.preview)
        layout.addWidget(preview_box, 1)

        self.banner = FieldMessage(self)
        self.banner.setObjectName("save-preset-error")
        layout.addWidget(self.banner)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setAccessibleName("Save preset")
        save.setIcon(icon("ok"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._refresh_preview()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- construction helpers --------------------------------------------------------

    @classmethod
    def from_values(
        cls,
        call: CallSpec | str,
        values: Mapping[str, Any],
        payload: Any = None,
        profile: str | None = None,
        *,
        store: PresetStore | None = None,
        parent: QWidget | None = None,
    ) -> SavePresetDialog:
        """A dialog for a call as the form has it or a history row recorded it.

        `call` is the CallSpec or its id; `store` defaults to the presets folder
        (`store.paths.presets_dir()`). ValueError for an unknown call id.
        """
        spec = find_call(call) if isinstance(call, str) else call
        if spec is None:
            raise ValueError(f"unknown call id {call!r}")
        if store is None:
            from trigger_desk.store.paths import presets_dir

            store = PresetStore(presets_dir())
        return cls(store, spec, values, payload, profile=profile, parent=parent)

    @classmethod
    def for_preset(
        cls, store: PresetStore, preset: Preset, parent: QWidget | None = None
    ) -> SavePresetDialog:
        """A dialog editing a saved preset (its call must be known)."""
        spec = find_call(preset.call)
        if spec is None:
            raise ValueError(f"unknown call id {preset.call!r}")
        return cls(
            store,
            spec,
            preset.values,
            preset.payload,
            profile=preset.profile,
            name=preset.name,
            description=preset.description,
            editing=preset,
            parent=parent,
        )

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _small(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setFont(small_font(label.font()))
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _cell(self, *widgets: QWidget) -> QWidget:
        cell = QWidget(self)
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        cell_layout.setSpacing(2)
        for widget in widgets:
            widget.setParent(cell)
            cell_layout.addWidget(widget)
        return cell

    def _name_edited(self, text: str) -> None:
        problem = check_name(text) if text else None
        self.name_message.show_message(problem)
        self._refresh_preview()

    def preset(self) -> Preset:
        """The preset as it would be saved now (before the store types its values)."""
        values: dict[str, Any] = {}
        for field_name, controls in self.rows.items():
            if controls.ask.isChecked():
                values[field_name] = template_value(controls.variable.text())
            elif controls.value is not None and str(controls.value) != "":
                values[field_name] = controls.value
        bound = self._profile if self._profile and self.bind_profile.isChecked() else None
        return Preset(
            name=self.name.text().strip(),
            call=self.call.id,
            values=values,
            payload=self.payload,
            profile=bound,
            description=self.description.text().strip(),
        )

    def _refresh_preview(self) -> None:
        preset = self.preset()
        self.preview.setPlainText(preset.to_text())
        if preset.name and check_name(preset.name) is None:
            self.path_label.setText(f"Saved as {self.store.path_for(preset.name)}")
        else:
            self.path_label.setText(f"Saved in {self.store.directory}")

    # --- saving -----------------------------------------------------------------------

    def local_problems(self) -> dict[str, str]:
        """Problems found without the disk: the name, the variable names."""
        found: dict[str, str] = {}
        name = self.name.text()
        problem = check_name(name.strip()) if name.strip() else "a preset needs a name"
        if problem:
            found["name"] = problem
        for field_name, controls in self.rows.items():
            problem = template_problem(controls.variable.text())
            if controls.ask.isChecked() and problem:
                found[field_name] = problem
        return found

    def save(self) -> None:
        """Check, then write off the event loop; asks before replacing another preset."""
        if self._work.busy:
            return
        self._clear_messages()
        found = self.local_problems()
        if found:
            self._show_errors(found)
            return
        self._store(self.preset(), replace=False)

    def _store(self, preset: Preset, *, replace: bool) -> None:
        editing = self.editing
        store = self.store

        def work() -> Preset | None:
            same = editing is not None and editing.name == preset.name
            if not (replace or same) and store.exists(preset.name):
                return None  # ask first
            if editing is not None and store.exists(editing.name):
                return store.update(editing.name, preset, replace=replace)  # may rename
            store.save(preset, replace=replace or same)
            return store.get(preset.name)

        self.buttons.setEnabled(False)
        self._work.run(work, lambda stored: self._stored(preset, stored), self._failed)

    def _stored(self, preset: Preset, stored: Preset | None) -> None:
        self.buttons.setEnabled(True)
        if stored is None:
            self._ask_replace(preset)
            return
        self.saved.emit(stored)
        self.accept()

    def _ask_replace(self, preset: Preset) -> None:
        self._confirm = ask(
            self,
            "Replace preset",
            f"A preset named “{preset.name}” already exists. Replace it with this one?",
            yes="Replace",
            no="Do not replace",
            on_yes=lambda: self._store(preset, replace=True),
            on_no=self._not_replaced,
            on_closed=lambda: setattr(self, "_confirm", None),
        )

    def _not_replaced(self) -> None:
        self.name_message.show_message("This name is taken: choose another one.")
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name.selectAll()

    @property
    def confirm_box(self) -> QMessageBox | None:
        """The open "replace?" question (for tests and assistive summaries)."""
        return self._confirm

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, PresetExists):
            self._show_errors({"name": str(error)})
        elif isinstance(error, PresetError):
            errors = {item.field: item.message for item in error.errors}
            self._show_errors(errors or {"": str(error)})
        else:
            self.banner.show_message(f"Nothing was saved: {error}")

    def _clear_messages(self) -> None:
        self.name_message.show_message(None)
        self.banner.show_message(None)
        for controls in self.rows.values():
            controls.message.show_message(None)

    def _show_errors(self, errors: Mapping[str, str]) -> None:
        """Each message at its field: the name, a value's row, or the banner."""
        elsewhere: list[str] = []
        focus: QWidget | None = None
        for field_name, message in errors.items():
            if field_name == "name":
                self.name_message.show_message(message)
                focus = focus or self.name
            elif field_name in self.rows:
                controls = self.rows[field_name]
                controls.message.show_message(message)
                focus = focus or (controls.variable if controls.ask.isChecked() else controls.ask)
            else:
                elsewhere.append(f"{field_name}: {message}" if field_name else message)
        if elsewhere:
            self.banner.show_message("Not saved. " + "\n".join(elsewhere))
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def error_text(self) -> str:
        """Every message shown in the dialog (for tests)."""
        texts = [self.name_message.text(), self.banner.text()]
        texts += [controls.message.text() for controls in self.rows.values()]
        return "\n".join(text for text in texts if text)


__all__ = ["PresetNameDialog", "SavePresetDialog"]
