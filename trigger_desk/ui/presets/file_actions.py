"""What `PresetsPanel` does to preset files: rename, duplicate, delete, import, export.

A mixin of the panel (it uses the panel's store, disk worker, message line and
selection), kept apart so each file stays a size one can read in one go. Every disk
access runs off the event loop; questions are window-modal and never block it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from trigger_desk.store.presets import Preset, PresetExists, file_stem
from trigger_desk.ui.presets.name_dialog import PresetNameDialog
from trigger_desk.ui.shell.theme import Tone
from trigger_desk.ui.widgets.question_box import ask

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from trigger_desk.store.presets import PresetStore
    from trigger_desk.ui.presets.model import PresetsModel
    from trigger_desk.ui.presets.watcher import DiskWork


# Typed as the widget it is mixed into; at run time a plain class (Qt allows one Qt base).
_Widget = QWidget if TYPE_CHECKING else object


class PresetFileActions(_Widget):  # type: ignore[misc,valid-type]
    """Rename, duplicate, delete, import and export, for `PresetsPanel` to inherit."""

    if TYPE_CHECKING:  # what the panel provides
        store: PresetStore
        model: PresetsModel
        _work: DiskWork
        confirm_box: QMessageBox | None
        file_dialog: QFileDialog | None

        def selected_preset(self) -> Preset | None: ...
        def show_message(self, text: str | None, tone: Tone = Tone.INFO) -> None: ...
        def reload(self) -> None: ...
        def _open(self, dialog: QDialog) -> None: ...
        def _after_change(self, text: str, *, select: str | None = None) -> None: ...
        def _select_after_reload(self, name: str) -> None: ...

    def _taken_names(self, but: str = "") -> set[str]:
        return {preset.name for preset in self.model.presets() if preset.name != but}

    def rename_selected(self) -> None:
        preset = self.selected_preset()
        if preset is not None:
            old, store = preset.name, self.store
            self._ask_name(
                "Rename preset",
                f"New name for “{old}”:",
                old,
                self._taken_names(but=old),
                lambda new: store.rename(old, new),
                "Renamed to “{}”.",
            )

    def duplicate_selected(self) -> None:
        preset = self.selected_preset()
        if preset is not None:
            old, store = preset.name, self.store
            self._ask_name(
                "Duplicate preset",
                f"Name for the copy of “{old}”:",
                f"{old} (copy)",
                self._taken_names(),
                lambda new: store.duplicate(old, new),
                "Saved the copy “{}”.",
            )

    def _ask_name(
        self,
        title: str,
        prompt: str,
        start: str,
        taken: set[str],
        work: Callable[[str], Preset],
        done_text: str,
    ) -> None:
        dialog = PresetNameDialog(title, prompt, start, taken, self)
        dialog.chosen.connect(
            lambda new: self._name_op(dialog, lambda: work(new), done_text.format(new), new)
        )
        self._open(dialog)

    def _name_op(
        self,
        dialog: PresetNameDialog,
        work: Callable[[], Preset],
        text: str,
        new: str,
    ) -> None:
        # The dialog may have been closed (Escape) while the disk work ran.
        def done(_preset: Preset) -> None:
            if shiboken6.isValid(dialog):
                dialog.accept()
            self._after_change(text, select=new)

        def failed(error: Exception) -> None:
            if shiboken6.isValid(dialog):
                dialog.refuse(str(error))
            else:
                self.show_message(str(error), Tone.ERROR)

        self._work.run(work, done, failed)

    def delete_selected(self) -> None:
        preset = self.selected_preset()
        if preset is None:
            return
        store, name = self.store, preset.name
        self.confirm_box = ask(
            self,
            "Delete preset",
            f"Delete the preset “{name}”?\n\nIts file is removed from the presets "
            "folder (in a shared folder, for everyone after the next sync).",
            yes="Delete",
            no="Cancel",
            no_button=QMessageBox.StandardButton.Cancel,
            on_yes=lambda: self._work.run(
                lambda: store.remove(name),
                lambda _none: self._after_change(f"Deleted “{name}”."),
                lambda error: self.show_message(f"Not deleted: {error}", Tone.ERROR),
            ),
            on_closed=lambda: setattr(self, "confirm_box", None),
        )

    # --- import and export ----------------------------------------------------------------

    def choose_import(self) -> None:
        dialog = QFileDialog(self, "Import presets", str(Path.home()))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(["Preset files (*.json)", "All files (*)"])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(lambda paths: self.import_files([Path(p) for p in paths]))
        dialog.finished.connect(lambda _result: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        dialog.open()

    def import_files(self, paths: Sequence[Path], *, force: bool = False) -> None:
        """Import preset files; asks before replacing presets that exist, reports refusals."""
        store = self.store

        def work() -> tuple[list[str], list[Path], list[str]]:
            imported: list[str] = []
            existing: list[Path] = []
            refused: list[str] = []
            for path in paths:
                try:
                    imported.append(store.import_file(path, force=force).name)
                except PresetExists:
                    existing.append(path)
                except Exception as error:  # each file's own message names file and field
                    refused.append(str(error))
            return imported, existing, refused

        self._work.run(work, self._imported, lambda e: self.show_message(str(e), Tone.ERROR))

    def _imported(self, result: tuple[list[str], list[Path], list[str]]) -> None:
        imported, existing, refused = result
        lines = []
        if imported:
            lines.append("Imported " + ", ".join(f"“{name}”" for name in imported) + ".")
        lines += refused
        tone = Tone.ERROR if refused else Tone.OK
        self.show_message("\n".join(lines) or None, tone)
        if imported:
            self.reload()
            self._select_after_reload(imported[-1])
        if existing:
            self._ask_replace_imports(existing)

    def _ask_replace_imports(self, paths: list[Path]) -> None:
        names = ", ".join(path.name for path in paths)
        self.confirm_box = ask(
            self,
            "Replace presets",
            f"{names}: a preset of the same name exists already. Replace it with the imported one?",
            yes="Replace",
            no="Keep existing",
            on_yes=lambda: self.import_files(paths, force=True),
            on_closed=lambda: setattr(self, "confirm_box", None),
        )

    def choose_export(self) -> None:
        preset = self.selected_preset()
        if preset is None:
            return
        suggested = Path.home() / f"{file_stem(preset.name)}.json"
        dialog = QFileDialog(self, f"Export “{preset.name}”", str(suggested))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("json")
        dialog.setNameFilters(["Preset files (*.json)", "All files (*)"])
        dialog.selectFile(str(suggested))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.export_to(preset.name, Path(path)))
        dialog.finished.connect(lambda _result: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        dialog.open()

    def export_to(self, name: str, path: Path) -> None:
        """Write preset `name`'s file text to `path` (what teammates import)."""
        store = self.store

        def work() -> None:
            path.write_text(store.export(name), encoding="utf-8", newline="\n")

        self._work.run(
            work,
            lambda _none: self.show_message(f"Exported “{name}” to {path}.", Tone.OK),
            lambda error: self.show_message(f"Not exported: {error}", Tone.ERROR),
        )
