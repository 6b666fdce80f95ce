"""One platform's tab: profile, call, generated form, Fire, the calls in flight.

Its request preview is built here but shown by the window, beside the form (with the
record view); a finished call goes out as `callFinished` to the record view.


The tab decides nothing about the platforms itself: the form, its checks and the
request all come from the call declarations, through the engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.calls import CallSpec, calls_for
from trigger_desk.core.model import Platform, Profile
from trigger_desk.core.record import CallRecord
from trigger_desk.core.validation import FieldError, InvalidInput, check_auth
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import Tone, small_font
from trigger_desk.ui.tab.call_form import CallForm
from trigger_desk.ui.tab.call_picker import CallPicker
from trigger_desk.ui.tab.inflight_list import InFlightList
from trigger_desk.ui.tab.profile_picker import ProfilePicker
from trigger_desk.ui.tab.profiles import TabProfiles
from trigger_desk.ui.tab.request_preview import RequestPreview
from trigger_desk.ui.widgets.empty_state import EmptyState
from trigger_desk.ui.widgets.field_message import FieldMessage
from trigger_desk.ui.widgets.tasks import report_task_error

if TYPE_CHECKING:
    from trigger_desk.services.facade import Services

_LOADING, _EMPTY, _COMPOSE = range(3)


class PlatformTab(TabProfiles, QWidget):
    """Everything needed to fire one platform's calls.

    Signals: `callFinished(record)` for every finished call, `callCancelled(title,
    profile)` for one cancelled before its answer, `sandboxRequested()` from
    the first-run state, `profilesChanged()` after a profile was added, edited or removed.
    """

    callFinished = Signal(object)
    callCancelled = Signal(str, str)  # call title, profile name
    sandboxRequested = Signal()
    savePresetRequested = Signal()
    profilesChanged = Signal()

    def __init__(self, platform: Platform, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.platform = platform
        self.setAccessibleName(platform.label)
        self._services: Services | None = None
        self._secrets: dict[str, dict[str, str]] = {}
        self._forms: dict[str, CallForm] = {}
        self._tasks: dict[int, asyncio.Task[Any]] = {}
        self._background: set[asyncio.Task[Any]] = set()
        self._closing = False  # set by cancel_all(): no new background work after it
        self._seq = 0
        self._wanted_profile = ""

        self.pages = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        loading = QLabel("Starting…", self)
        loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(loading)
        self.empty = EmptyState(platform, self)
        self.empty.addProfile.connect(self.add_profile)
        self.empty.trySandbox.connect(self.sandboxRequested)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self._build_compose())
        self.pages.setCurrentIndex(_LOADING)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(150)
        self._preview_timer.timeout.connect(self.update_preview)
        self.call_picker.callChanged.connect(self._call_changed)
        self.profile_picker.profileChanged.connect(self._profile_changed)
        first = self.call_picker.current()
        self._call_changed(first.id if first else "")

    def _build_compose(self) -> QWidget:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        self.profile_picker = ProfilePicker(left)
        self.profile_picker.addRequested.connect(self.add_profile)
        self.profile_picker.editRequested.connect(self.edit_profile)
        self.profile_picker.removeRequested.connect(self.remove_profile)
        left_layout.addWidget(self.profile_picker)
        self.call_picker = CallPicker(calls_for(self.platform), left)
        left_layout.addWidget(self.call_picker)
        self.forms = QStackedWidget(left)
        left_layout.addWidget(self.forms, 1)

        self.form_problem = FieldMessage(left, tone=Tone.WARNING)
        self.form_problem.setObjectName("form-problem")
        left_layout.addWidget(self.form_problem)
        fire_row = QHBoxLayout()
        self.fire_button = QPushButton(icon("fire"), "F&ire", left)
        self.fire_button.setAccessibleName("Fire")
        self.fire_button.setToolTip("Send this call now (Ctrl+Enter)")
        self.fire_button.setIconSize(QSize(18, 18))
        self.fire_button.setMinimumWidth(96)
        self.fire_button.setDefault(True)
        self.fire_button.clicked.connect(self.fire)
        shortcut = QLabel("Ctrl+Enter", left)
        shortcut.setFont(small_font(shortcut.font()))
        self.examples_button = QPushButton(icon("example"), "Examp&les", left)
        self.examples_button.setAccessibleName("Fill with examples")
        self.examples_button.setToolTip("Put the documented example into every empty field")
        self.examples_button.clicked.connect(self.fill_examples)
        self.save_preset_button = QPushButton(icon("save"), "Save pre&set…", left)
        self.save_preset_button.setAccessibleName("Save as preset")
        self.save_preset_button.setToolTip("Keep this call and its values as a reusable preset")
        self.save_preset_button.clicked.connect(self.savePresetRequested)
        fire_row.addWidget(self.fire_button)
        fire_row.addWidget(shortcut)
        fire_row.addStretch(1)
        fire_row.addWidget(self.save_preset_button)
        fire_row.addWidget(self.examples_button)
        left_layout.addLayout(fire_row)
        self.inflight = InFlightList(left)
        left_layout.addWidget(self.inflight)

        # Shown by the window beside the form, so it keeps its place on Fire.
        self.preview = RequestPreview(left)
        self.preview.hide()
        return left

    # --- wiring to the back end -----------------------------------------------------

    @property
    def services(self) -> Services | None:
        return self._services

    async def attach(self, services: Services) -> None:
        """Use the booted back end: load this platform's profiles."""
        self._services = services
        await self.reload_profiles()

    async def reload_profiles(self, select: str | None = None) -> None:
        if self._services is None:
            return
        try:
            profiles = await self._services.list_profiles(self.platform)
        except Exception as error:  # a broken profiles file: say so, keep the window up
            self.pages.setCurrentIndex(_COMPOSE)
            self.form_problem.show_message(f"Cannot read the profiles: {error}")
            return
        if select is not None:
            self._secrets.pop(select, None)
        wanted = select or self.profile_picker.current_name() or self._wanted_profile
        self.profile_picker.set_profiles(profiles, wanted or None)
        self.pages.setCurrentIndex(_COMPOSE if profiles else _EMPTY)

    # --- current state (also the API for presets and history) -----------------------

    def current_call(self) -> CallSpec | None:
        return self.call_picker.current()

    def current_profile(self) -> Profile | None:
        return self.profile_picker.current()

    def current_form(self) -> CallForm | None:
        call = self.current_call()
        return self._form_for(call) if call else None

    def select_call(self, call_id: str) -> bool:
        return self.call_picker.select(call_id)

    def select_profile(self, name: str) -> bool:
        self._wanted_profile = name
        return self.profile_picker.select(name)

    def set_values(self, values: Mapping[str, Any], payload: Any = None) -> list[str]:
        """Fill the current form; returns field names the call does not have."""
        form = self.current_form()
        if form is None:
            return list(values)
        unknown = form.set_values(values)
        if payload is not None:
            form.set_payload(payload)
        return unknown

    def mark_preset_values(self, preset: str | None, fields: set[str]) -> None:
        """Mark the fields whose values came from `preset` (None clears every mark)."""
        form = self.current_form()
        if form is not None:
            for name, row in form.rows.items():
                row.mark_origin(preset if preset and name in fields else None)

    def fill_examples(self) -> None:
        form = self.current_form()
        if form is not None:
            form.fill_examples()

    def _form_for(self, call: CallSpec) -> CallForm:
        form = self._forms.get(call.id)
        if form is None:
            form = CallForm(call, self.forms)
            form.changed.connect(self._preview_timer.start)
            self.forms.addWidget(form)
            self._forms[call.id] = form
        return form

    def _call_changed(self, call_id: str) -> None:
        call = self.current_call()
        if call is None:
            return
        self.forms.setCurrentWidget(self._form_for(call))
        self._check_auth()
        self.update_preview()

    def _profile_changed(self, name: str) -> None:
        if name:
            self._wanted_profile = name
        self._check_auth()
        self.update_preview()

    def _check_auth(self) -> None:
        call, profile = self.current_call(), self.current_profile()
        problem = check_auth(call, profile) if call and profile else None
        self.form_problem.show_message(problem.message if problem else None, Tone.WARNING)

    # --- preview ----------------------------------------------------------------------

    def update_preview(self) -> None:
        """Rebuild the request preview from the form (the timer debounces typing)."""
        services, call, profile = self._services, self.current_call(), self.current_profile()
        if services is None or call is None or profile is None:
            self.preview.show_message("Choose a profile and a call to see the request.")
            return
        secrets = self._secrets.get(profile.name)
        if secrets is None:
            self.preview.show_message("Reading the profile's secrets from the keyring…")
            self._spawn(self._load_secrets(profile))
            return
        form = self._form_for(call)
        state = form.payload_state()
        if not state.ok:
            self.preview.show_problems([FieldError("payload", state.error or "")])
            return
        from trigger_desk.core.engine import CallRequest

        request = CallRequest(
            call,
            profile,
            secrets,
            form.values(),
            state.value,
            use_alternate_path=form.use_alternate_path(),
        )
        try:
            self.preview.show_preview(services.engine.preview(request))
        except InvalidInput as invalid:
            self.preview.show_problems(invalid.errors)

    async def _load_secrets(self, profile: Profile) -> None:
        from trigger_desk.store.secrets import KeyringUnavailable

        assert self._services is not None
        try:
            self._secrets[profile.name] = await self._services.secrets_for(profile)
        except KeyringUnavailable as error:
            self.form_problem.show_message(str(error), Tone.ERROR)
            self.preview.show_message("The profile's secrets cannot be read: see the message.")
            return
        if self.current_profile() == profile:
            self.update_preview()

    # --- firing -----------------------------------------------------------------------

    def fire(self) -> asyncio.Task[Any] | None:
        """Check the form and send the call as a task; None when refused (nothing sent)."""
        services, call, profile = self._services, self.current_call(), self.current_profile()
        if services is None or call is None:
            return None
        if profile is None:
            self.form_problem.show_message(
                f"Add a {self.platform.label} profile first (Add… next to Profile).", Tone.WARNING
            )
            return None
        form = self._form_for(call)
        problem = check_auth(call, profile)
        if not form.validate() or problem is not None:
            if problem is not None:
                self.form_problem.show_message(problem.message, Tone.ERROR)
            form.focus_first_problem()
            return None
        self._seq += 1
        key = self._seq
        task = asyncio.ensure_future(
            self._fire(
                key,
                call,
                profile,
                form.values(),
                form.payload_state().value,
                form.use_alternate_path(),
            )
        )
        task.add_done_callback(report_task_error)
        self._tasks[key] = task
        self.inflight.add(key, f"{call.title} · {profile.name}", task.cancel)
        return task

    async def _fire(
        self,
        key: int,
        call: CallSpec,
        profile: Profile,
        values: dict[str, str],
        payload: Any,
        alternate: bool = False,
    ) -> CallRecord | None:
        from trigger_desk.core.engine import CallRequest
        from trigger_desk.store.secrets import KeyringUnavailable

        assert self._services is not None
        try:
            # Read fresh every time: a token refresh may have replaced what was cached.
            secrets = await self._services.secrets_for(profile)
            self._secrets[profile.name] = secrets
            request = CallRequest(
                call, profile, secrets, values, payload, use_alternate_path=alternate
            )
            record = await self._services.engine.fire(request)
        except InvalidInput as invalid:
            rest = self._form_for(call).show_errors(invalid.errors)
            self.form_problem.show_message(
                "\n".join(str(error) for error in rest) or None, Tone.ERROR
            )
            return None
        except KeyringUnavailable as error:
            self.form_problem.show_message(str(error), Tone.ERROR)
            return None
        except asyncio.CancelledError:
            self.callCancelled.emit(call.title, profile.name)
            raise
        finally:
            self.inflight.remove(key)
            self._tasks.pop(key, None)
        self.callFinished.emit(record)
        return record

    def in_flight(self) -> dict[int, asyncio.Task[Any]]:
        return dict(self._tasks)

    async def settled(self) -> None:
        """Wait until the tab's own follow-up work (reloading profiles after a save,
        reading a profile's secrets) is done, including work that work started."""
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)

    async def cancel_all(self) -> None:
        """Cancel every call in flight and wait until each has closed its history row."""
        self._closing = True  # widgets torn down later must not start new work
        tasks = list(self._tasks.values()) + list(self._background)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _spawn(self, coro: Any) -> None:
        if self._closing:
            coro.close()  # shutting down: e.g. a combo cleared while the window is destroyed
            return
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        task.add_done_callback(report_task_error)

    # --- settings ---------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        prefix = self.platform.value
        settings.setValue(f"{prefix}/profile", self.profile_picker.current_name())
        call = self.current_call()
        settings.setValue(f"{prefix}/call", call.id if call else "")

    def restore_state(self, settings: QSettings) -> None:
        prefix = self.platform.value
        self._wanted_profile = str(settings.value(f"{prefix}/profile", "") or "")
        call_id = str(settings.value(f"{prefix}/call", "") or "")
        if call_id:
            self.select_call(call_id)
