"""A platform tab's profile actions: add, edit and remove, through the profile dialog.

A mixin of `PlatformTab` (kept apart to keep each module short); it reads the tab's
services, pickers and secrets cache, declared below.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QWidget

from trigger_desk.core.calls import calls_for
from trigger_desk.core.model import Platform, Profile
from trigger_desk.core.validation import check_auth
from trigger_desk.ui.shell.theme import Tone
from trigger_desk.ui.widgets.question_box import ask

if TYPE_CHECKING:
    from trigger_desk.services.facade import Services
    from trigger_desk.ui.shell.profile_dialog import ProfileDialog
    from trigger_desk.ui.tab.profile_picker import ProfilePicker
    from trigger_desk.ui.widgets.field_message import FieldMessage


class TabProfiles:
    """Profile actions; the tab provides the attributes declared here."""

    platform: Platform
    _services: Services | None
    _secrets: dict[str, dict[str, str]]
    profile_picker: ProfilePicker
    form_problem: FieldMessage
    profilesChanged: SignalInstance
    profile_dialog: ProfileDialog

    if TYPE_CHECKING:

        def current_profile(self) -> Profile | None: ...
        def select_profile(self, name: str) -> bool: ...
        def select_call(self, call_id: str) -> bool: ...
        def set_values(self, values: Mapping[str, Any], payload: Any = None) -> list[str]: ...
        async def reload_profiles(self, select: str | None = None) -> None: ...
        def _spawn(self, coro: Any) -> None: ...

    def _as_widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def add_profile(self) -> None:
        self._open_profile_dialog(None)

    def edit_profile(self) -> None:
        profile = self.current_profile()
        if profile is not None:
            self._open_profile_dialog(profile)

    def _open_profile_dialog(self, profile: Profile | None) -> None:
        if self._services is None:
            return
        from trigger_desk.ui.shell.profile_dialog import ProfileDialog

        dialog = ProfileDialog(self._services, self.platform, profile, self._as_widget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._profile_saved)
        dialog.open()
        self.profile_dialog = dialog  # for tests and the window's bookkeeping

    def _profile_saved(self, profile: Profile, form_values: Mapping[str, str]) -> None:
        self._secrets.pop(profile.name, None)
        self._spawn(self._after_save(profile, dict(form_values)))

    async def _after_save(self, profile: Profile, form_values: dict[str, str]) -> None:
        await self.reload_profiles(select=profile.name)
        self.select_profile(profile.name)
        if form_values:
            # A pasted trigger URL carries target/code: move to the call that takes them.
            fitting = next(
                (
                    call
                    for call in calls_for(self.platform)
                    if set(form_values) <= set(call.field_names)
                    and check_auth(call, profile) is None
                ),
                None,
            )
            if fitting is not None:
                self.select_call(fitting.id)
                self.set_values(form_values)
        self.profilesChanged.emit()

    def remove_profile(self) -> None:
        profile = self.current_profile()
        if profile is None or self._services is None:
            return
        from PySide6.QtWidgets import QMessageBox

        ask(
            self._as_widget(),
            "Remove profile",
            f"Remove the profile {profile.name!r} and its secrets from the keyring?",
            yes="Remove",
            no="Cancel",
            no_button=QMessageBox.StandardButton.Cancel,
            on_yes=lambda: self._spawn(self._remove(profile)),
        )

    async def _remove(self, profile: Profile) -> None:
        from trigger_desk.store.secrets import KeyringUnavailable

        assert self._services is not None
        try:
            await self._services.remove_profile(profile.name)
        except KeyringUnavailable as error:
            self.form_problem.show_message(f"Not removed. {error}", Tone.ERROR)
            return
        self._secrets.pop(profile.name, None)
        await self.reload_profiles()
        self.profilesChanged.emit()
