"""What `PresetsPanel` does with a preset: run it, load it, save or edit one.

A mixin of the panel, like `file_actions`: a preset with `{{variables}}` asks for them
first (remembering the last answers); the save and edit dialogs reload the list and
select the preset once it is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from trigger_desk.core.calls import CallSpec
from trigger_desk.store.presets import Preset, PresetStore
from trigger_desk.ui.presets.save_dialog import SavePresetDialog
from trigger_desk.ui.presets.variables_dialog import PresetVariablesDialog, filled_preset
from trigger_desk.ui.shell.theme import Tone

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QDialog

# Typed as the widget it is mixed into; at run time a plain class (Qt allows one Qt base).
_Widget = QWidget if TYPE_CHECKING else object


class PresetUseActions(_Widget):  # type: ignore[misc,valid-type]
    """Run, load, save and edit, for `PresetsPanel` to inherit."""

    if TYPE_CHECKING:  # what the panel provides
        store: PresetStore
        dialog: QDialog | None
        _last_variables: dict[str, dict[str, str]]
        runRequested: SignalInstance
        loadRequested: SignalInstance
        listChanged: SignalInstance

        def selected_preset(self) -> Preset | None: ...
        def select(self, name: str) -> bool: ...
        def show_message(self, text: str | None, tone: Tone = Tone.INFO) -> None: ...
        def reload(self) -> None: ...

    # --- run and load ------------------------------------------------------------------

    def run_selected(self) -> None:
        """Fire the selected preset: ask for its variables first, if it has any."""
        self._use_selected(self.runRequested, "Fire")

    def load_selected(self) -> None:
        """Put the selected preset in the form (variables asked for first)."""
        self._use_selected(self.loadRequested, "Load")

    def _use_selected(self, signal: Any, action: str) -> None:
        preset = self.selected_preset()
        if preset is None:
            return
        if not PresetStore.variables(preset):
            signal.emit(preset)
            return
        dialog = PresetVariablesDialog(
            preset, self, initial=self._last_variables.get(preset.name), action=action
        )

        def filled(values: dict[str, str]) -> None:
            self._last_variables[preset.name] = dict(values)
            signal.emit(filled_preset(preset, values))

        dialog.filled.connect(filled)
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result, d=dialog: self._closed(d))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    # --- saving, editing ----------------------------------------------------------------

    def save_as_preset(
        self,
        call: CallSpec,
        values: dict[str, Any],
        payload: Any = None,
        profile: str | None = None,
    ) -> SavePresetDialog:
        """Open the save dialog for a call (from the form or history) over this folder;
        the list reloads and selects the new preset once it is saved."""
        dialog = SavePresetDialog(self.store, call, values, payload, profile=profile, parent=self)
        dialog.saved.connect(self._saved)
        self._open(dialog)
        return dialog

    def edit_selected(self) -> None:
        preset = self.selected_preset()
        if preset is None:
            return
        dialog = SavePresetDialog.for_preset(self.store, preset, self)
        dialog.saved.connect(self._saved)
        self._open(dialog)

    def _saved(self, preset: Preset) -> None:
        self._after_change(f"Saved “{preset.name}”.", select=preset.name)

    def _after_change(self, text: str, *, select: str | None = None) -> None:
        self.show_message(text, Tone.OK)
        self.reload()
        if select is not None:
            # Once the reload has answered (inline without a loop, else on the next one).
            self._select_after_reload(select)

    def _select_after_reload(self, name: str) -> None:
        if self.select(name):
            return

        def once() -> None:
            self.listChanged.disconnect(once)
            self.select(name)

        self.listChanged.connect(once)
