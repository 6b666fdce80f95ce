"""Connects the history pane and the presets panels to the platform tabs.

The three parts know nothing of each other: each emits what the user asked for (re-run
this call, load that preset, save this as a preset), and this module turns it into
actions on the right platform tab. It is built once the back end is up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QStackedWidget

from trigger_desk.core.calls import find_call
from trigger_desk.core.model import Platform
from trigger_desk.core.record import CallRecord
from trigger_desk.core.replay import values_from_request
from trigger_desk.store.paths import presets_dir
from trigger_desk.store.presets import Preset, PresetStore
from trigger_desk.ui.history.pane import HistoryPane
from trigger_desk.ui.presets.panel import PresetsPanel
from trigger_desk.ui.presets.watcher import PresetsWatcher

if TYPE_CHECKING:
    from trigger_desk.services.facade import Services
    from trigger_desk.ui.shell.main_window import MainWindow
    from trigger_desk.ui.tab.platform_tab import PlatformTab

_KEEP_ROWS = "history/keep_rows"
_KEEP_DAYS = "history/keep_days"


def _setting_int(settings: QSettings | None, key: str) -> int | None:
    if settings is None:
        return None
    try:
        value = int(str(settings.value(key, 0) or 0))
    except ValueError:
        return None
    return value if value > 0 else None


class Workbench(QObject):
    """Owns the history pane and the presets panels, and wires them to the tabs."""

    def __init__(
        self, window: MainWindow, services: Services, settings: QSettings | None = None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings

        self.history = HistoryPane(services.history)
        if services.history is None:
            self.history.show_unavailable(" ".join(services.problems) or "History is unavailable.")
        window.set_history_widget(self.history)
        window.set_record_widget(self.history.record_view)
        self.history.record_view.startSandbox.connect(window.try_sandbox)  # a refused call
        # The call just fired and a call selected in history show in the same view.
        window.callFinished.connect(self.history.show_fired)
        self.history.recordShown.connect(
            lambda record: window.show_record() if record is not None else None
        )
        self.history.set_wide(window.is_history_wide())
        self.history.rerunRequested.connect(self.rerun)
        self.history.loadRequested.connect(self.load_record)
        self.history.savePresetRequested.connect(self.save_record_as_preset)
        self.history.cancelEventRequested.connect(self._prefill)
        self.history.retentionApplied.connect(self._remember_retention)

        self.presets = PresetStore(presets_dir())
        self.watcher = PresetsWatcher(self.presets, window)
        self.watcher.start()
        self.panels: dict[Platform, PresetsPanel] = {}
        self._stack = QStackedWidget(window)
        self._stack.setAccessibleName("Presets")
        for platform in Platform:
            panel = PresetsPanel(self.presets, platform, watcher=self.watcher)
            panel.loadRequested.connect(self.load_preset)
            panel.runRequested.connect(self.run_preset)
            self._stack.addWidget(panel)
            self.panels[platform] = panel
            tab = window.platform_tab(platform)
            tab.savePresetRequested.connect(lambda tab=tab: self.save_form_as_preset(tab))
            tab.callCancelled.connect(self._cancelled)
        window.set_presets_widget(self._stack)
        window.tabs.currentChanged.connect(self._stack.setCurrentIndex)
        self._stack.setCurrentIndex(max(0, window.tabs.currentIndex()))
        self._apply_saved_retention()

    # --- loading into a tab ------------------------------------------------------------

    def _load(
        self,
        platform: Platform,
        call_id: str,
        profile: str | None,
        values: Mapping[str, Any],
        payload: Any,
    ) -> PlatformTab | None:
        """Show the tab, pick call and profile, and replace the form's values."""
        call = find_call(call_id)
        tab = self._window.show_platform(platform)
        if call is None or not tab.select_call(call_id):
            self._say(f"Trigger Desk does not know the call {call_id!r}.")
            return None
        if profile and not tab.select_profile(profile):
            self._say(f"Profile {profile!r} no longer exists: pick another one, then fire.")
        form = tab.current_form()
        if form is None:
            return None
        form.set_values({name: values.get(name, "") for name in call.field_names})
        form.set_payload(payload)
        tab.update_preview()
        return tab

    def _cancelled(self, title: str, profile: str) -> None:
        self.history.table.clearSelection()
        self.history.record_view.show_cancelled(title, profile)
        self._window.show_record()

    def _say(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 10_000)

    def load_record(self, record: CallRecord) -> PlatformTab | None:
        call = find_call(record.call_id)
        if call is None:
            self._say(f"Trigger Desk does not know the call {record.call_id!r}.")
            return None
        values, payload = values_from_request(call, record.request)
        tab = self._load(call.platform, call.id, record.profile, values, payload)
        if tab is not None:
            tab.mark_preset_values(None, set())
        return tab

    def rerun(self, record: CallRecord) -> None:
        """Fire a past call again as it was (same profile, values and payload)."""
        tab = self.load_record(record)
        profile = tab.current_profile() if tab is not None else None
        if tab is not None and profile is not None and profile.name == record.profile:
            tab.fire()  # never with another profile than the one the call was made with

    def _prefill(self, call_id: str, values: dict[str, str], profile: str) -> None:
        call = find_call(call_id)
        tab = self._load(call.platform, call_id, profile, values, None) if call else None
        if tab is not None:
            tab.mark_preset_values(None, set())

    # --- presets -----------------------------------------------------------------------

    def load_preset(self, preset: Preset) -> PlatformTab | None:
        call = find_call(preset.call)
        if call is None:
            self._say(f"Preset {preset.name!r} names an unknown call {preset.call!r}.")
            return None
        tab = self._load(call.platform, call.id, preset.profile, preset.values, preset.payload)
        if tab is not None:
            tab.mark_preset_values(preset.name, set(preset.values))
        return tab

    def run_preset(self, preset: Preset) -> None:
        tab = self.load_preset(preset)
        if tab is not None:
            tab.fire()

    def save_form_as_preset(self, tab: PlatformTab) -> None:
        call, form = tab.current_call(), tab.current_form()
        if call is None or form is None:
            return
        profile = tab.current_profile()
        self.panels[tab.platform].save_as_preset(
            call, form.values(), form.payload_state().value, profile.name if profile else None
        )

    def save_record_as_preset(self, record: CallRecord) -> None:
        call = find_call(record.call_id)
        if call is None:
            return
        values, payload = values_from_request(call, record.request)
        self.panels[call.platform].save_as_preset(call, values, payload, record.profile)

    # --- history retention -----------------------------------------------------------

    def _remember_retention(self, max_rows: object, max_age_days: object) -> None:
        if self._settings is None:
            return
        self._settings.setValue(_KEEP_ROWS, int(max_rows) if isinstance(max_rows, int) else 0)
        self._settings.setValue(
            _KEEP_DAYS, int(max_age_days) if isinstance(max_age_days, int) else 0
        )

    def _apply_saved_retention(self) -> None:
        rows, days = (
            _setting_int(self._settings, _KEEP_ROWS),
            _setting_int(self._settings, _KEEP_DAYS),
        )
        if rows is not None or days is not None:
            self.history.apply_retention(rows, days)

    async def close(self) -> None:
        """Let queued disk work finish, then stop watching the presets folder."""
        self.watcher.stop()
        await asyncio.gather(
            self.history.wait_idle(), *(panel.wait_idle() for panel in self.panels.values())
        )
