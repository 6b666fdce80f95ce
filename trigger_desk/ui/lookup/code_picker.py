"""`CODE` of crm.automation.trigger.execute as an editable combo fed by the portal.

The list comes from `crm.automation.trigger.list` (OAuth profiles only), looked up the
first time the list is opened (or on Reload), off the GUI thread; typing a code still
works, so a trigger the list does not show (or a portal that cannot be asked) never
blocks firing. Each entry reads "NAME (CODE)"; choosing it puts the CODE in the box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from trigger_desk.core.model import AuthKind, Platform, Profile
from trigger_desk.services.portal_lookups import PortalLookups
from trigger_desk.ui.lookup.runner import LookupRunner


class CodePicker(QComboBox):
    """Editable combo around the field's own line edit (its value stays the typed text).

    `noted(text)` says why the list is empty or could not be loaded ("" when fine).
    """

    noted = Signal(str)

    def __init__(
        self,
        line: QLineEdit,
        lookups: PortalLookups,
        profile: Callable[[], Profile | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._lookups = lookups
        self._profile = profile
        self._line = line
        self._loaded_for: str | None = None
        self._open_when_loaded = False
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setLineEdit(line)  # the form row keeps reading and writing this line edit
        self.setCompleter(None)  # type: ignore[arg-type]  # entries read "NAME (CODE)": never complete into the box
        self.setAccessibleName(line.accessibleName() or "CODE")
        self.setToolTip(self.tr("Choose one of the application's triggers, or type a code"))
        self.runner = LookupRunner(self)
        self.activated.connect(self._chosen)
        self.note = ""  # why the list is empty, when it is (shown as the only entry's tip)

    def showPopup(self) -> None:
        """Open the list, looking the codes up first when this profile has none yet."""
        profile = self._profile()
        if profile is not None and profile.name != self._loaded_for and self._can_list(profile):
            self._open_when_loaded = True
            self.load()
            return
        super().showPopup()

    def _can_list(self, profile: Profile) -> bool:
        if profile.platform is Platform.BITRIX24 and profile.auth is AuthKind.OAUTH:
            return True
        self.note = self.tr("The trigger list needs an OAuth profile; type the code.")
        self.setToolTip(self.note)
        return False

    def load(self, *, refresh: bool = False) -> None:
        """Look the codes up for the current profile (from the cache unless `refresh`)."""
        profile = self._profile()
        if profile is None or not self._can_list(profile):
            return
        if refresh:
            self._lookups.refresh(profile)
        self.setToolTip(self.tr("Loading the application's triggers…"))
        self.runner.start(
            lambda: self._lookups.trigger_codes(profile),
            lambda codes: self._fill(profile, codes),
            self._failed,
        )

    def _fill(self, profile: Profile, codes: list[tuple[str, str]]) -> None:
        text = self._line.text()
        self.blockSignals(True)
        self.clear()
        for code, name in codes:
            self.addItem(f"{name} ({code})" if name else code, code)
        self.setCurrentIndex(-1)
        self.blockSignals(False)
        self.setEditText(text)  # loading never changes what was typed
        self._loaded_for = profile.name
        self.note = "" if codes else self.tr("This application has registered no triggers.")
        self.noted.emit(self.note)
        self.setToolTip(
            self.note or self.tr("Choose one of the application's triggers, or type a code")
        )
        if self._open_when_loaded:
            self._open_when_loaded = False
            super().showPopup()

    def _failed(self, text: str) -> None:
        self._open_when_loaded = False
        self.note = self.tr("Could not list the triggers: %1").replace("%1", text)
        self.noted.emit(self.note)
        self.setToolTip(self.note)

    def codes(self) -> list[str]:
        return [str(self.itemData(i)) for i in range(self.count())]

    def _chosen(self, index: int) -> None:
        code = self.itemData(index)
        if code:
            self.setEditText(str(code))
