"""Which connection profile a tab uses, with Add, Edit and Remove."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from trigger_desk.core.model import Profile
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import small_font


class ProfilePicker(QWidget):
    """A combo of the platform's profiles ("name — auth kind") and three buttons.

    `profileChanged(name)` fires with '' when there is none.
    """

    profileChanged = Signal(str)
    addRequested = Signal()
    editRequested = Signal()
    removeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._profiles: dict[str, Profile] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("&Profile", self)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName("Profile")
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.setMinimumContentsLength(10)  # the form fits a 1024 px window
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.label.setBuddy(self.combo)
        # Icon buttons keep the row narrow; each has a tooltip and an accessible name.
        self.add_button = self._tool_button("plus", "Add profile…")
        self.edit_button = self._tool_button("pencil", "Edit profile…")
        self.remove_button = self._tool_button("trash", "Remove profile")
        self.auth_label = QLabel(self)
        self.auth_label.setFont(small_font(self.auth_label.font()))
        for widget in (
            self.label,
            self.combo,
            self.auth_label,
            self.add_button,
            self.edit_button,
            self.remove_button,
        ):
            layout.addWidget(widget)
        layout.setStretchFactor(self.combo, 1)

        self.combo.currentIndexChanged.connect(self._changed)
        self.add_button.clicked.connect(self.addRequested)
        self.edit_button.clicked.connect(self.editRequested)
        self.remove_button.clicked.connect(self.removeRequested)
        self._update_buttons()

    def _tool_button(self, icon_name: str, text: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon(icon_name))
        button.setText(text)
        button.setToolTip(text)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        button.setAutoRaise(False)
        return button

    def set_profiles(self, profiles: Sequence[Profile], select: str | None = None) -> None:
        """Replace the list, keeping (or moving to) `select` when it is there."""
        keep = select if select is not None else self.current_name()
        self._profiles = {profile.name: profile for profile in profiles}
        self.combo.blockSignals(True)
        self.combo.clear()
        for profile in profiles:
            self.combo.addItem(profile.name, profile.name)
            index = self.combo.count() - 1
            self.combo.setItemData(
                index, f"{profile.name}: {profile.auth.label}", Qt.ItemDataRole.ToolTipRole
            )
        index = self.combo.findData(keep) if keep else -1
        self.combo.setCurrentIndex(index if index >= 0 else (0 if profiles else -1))
        self.combo.blockSignals(False)
        self._changed()

    def current_name(self) -> str:
        data = self.combo.currentData()
        return str(data) if data else ""

    def current(self) -> Profile | None:
        return self._profiles.get(self.current_name())

    def select(self, name: str) -> bool:
        index = self.combo.findData(name)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        return index >= 0

    def names(self) -> list[str]:
        return list(self._profiles)

    def _changed(self, _index: int = 0) -> None:
        self._update_buttons()
        self.profileChanged.emit(self.current_name())

    def _update_buttons(self) -> None:
        profile = self.current()
        self.auth_label.setText(profile.auth.label if profile else "")
        has = profile is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)
