"""Under the Russian catalogues every view speaks Russian (what stays English is allowed
by name in tests/ui/english_left.py: platform names, API field names, codes, examples)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from tests.support.scripted_server import Answer, ScriptedServer
from tests.ui.conftest import Until, add_webhook_profile
from tests.ui.english_left import english_left, english_words
from trigger_desk.core.calls import CALLS
from trigger_desk.core.model import AUTH_SCHEMES, Platform
from trigger_desk.core.record import CallRecord
from trigger_desk.services.facade import Services
from trigger_desk.store.preset_file import Preset
from trigger_desk.ui.presets.variables_dialog import PresetVariablesDialog
from trigger_desk.ui.shell.error_dialog import ErrorDialog
from trigger_desk.ui.shell.main_window import MainWindow
from trigger_desk.ui.shell.profile_dialog import ProfileDialog
from trigger_desk.ui.shell.settings_dialog import SettingsDialog
from trigger_desk.ui.tab.call_form import CallForm
from trigger_desk.ui.tab.call_picker import CallPicker
from trigger_desk.ui.widgets.empty_state import EmptyState


def test_the_detector_catches_english_and_allows_names() -> None:
    assert english_words("Fire webhook trigger") == ["Fire", "trigger"]
    assert english_words("Элемент (target) *") == []
    assert english_words("например DEAL_57, см. https://apidocs.bitrix24.com/x") == []
    assert english_words("Вызов crm.automation.trigger для OWNER_TYPE_ID") == []
    assert english_words("Save profile") == ["Save", "profile"]


def _check(widget: QWidget, data: tuple[str, ...] = ()) -> None:
    left = english_left(widget, data)
    assert left == [], "\n".join(left)


@pytest.mark.parametrize("call_id", list(CALLS))
def test_call_forms(russian: None, qtbot: Any, call_id: str) -> None:
    form = CallForm(CALLS[call_id])
    qtbot.addWidget(form)
    form.validate()  # the messages at the fields, too
    _check(form)


@pytest.mark.parametrize("platform", list(Platform))
def test_call_picker_and_empty_state(russian: None, qtbot: Any, platform: Platform) -> None:
    picker = CallPicker([c for c in CALLS.values() if c.platform is platform])
    empty = EmptyState(platform)
    for widget in (picker, empty):
        qtbot.addWidget(widget)
        _check(widget)


@pytest.mark.parametrize(("platform", "kind"), list(AUTH_SCHEMES))
async def test_profile_dialogs(
    russian: None, qtbot: Any, services: Services, platform: Platform, kind: Any
) -> None:
    dialog = ProfileDialog(services, platform)
    qtbot.addWidget(dialog)
    dialog.auth.setCurrentIndex(dialog.auth.findData(kind.value))
    _check(dialog)


def test_settings_error_and_preset_dialogs(russian: None, qtbot: Any, tmp_path: Any) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    preset = Preset(
        name="deal",
        call="bitrix24.trigger",
        values={"target": "DEAL_{{deal}}", "code": "{{code}}"},
    )
    variables = PresetVariablesDialog(preset)
    variables.inputs["deal"].setText("x")
    variables._submit()
    for widget in (
        SettingsDialog(settings),
        ErrorDialog("ValueError: 42", "Traceback…", "/tmp/trigger-desk.log"),
        variables,
    ):
        qtbot.addWidget(widget)
        _check(widget, data=("deal",))


def test_without_the_russian_catalogue_english_is_found(qtbot: Any) -> None:
    form = CallForm(CALLS["bitrix24.trigger"])
    qtbot.addWidget(form)
    left = "\n".join(english_left(form))
    assert "target type" in left
    assert "Clear target" in left


async def test_the_main_window_speaks_russian(
    russian: None, window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    """Menus, tabs, the empty states, history and presets; then a fired call's result,
    its history row and details, and an error the platform answered."""
    _check(window)
    server.script(
        Answer(200, {"result": True, "time": {"start": 1.0, "finish": 1.01, "duration": 0.01}}),
        Answer(400, {"error": "", "error_description": "Target is not found"}),
    )
    assert window.services is not None
    await add_webhook_profile(window.services, server.base_url)
    tab = window.show_platform(Platform.BITRIX24)
    await tab.reload_profiles()
    assert tab.select_call("bitrix24.trigger")
    tab.set_values({"target": "DEAL_57", "code": "c5u4m"})
    finished: list[CallRecord] = []
    window.callFinished.connect(finished.append)
    for count in (1, 2):
        task = tab.fire()
        assert task is not None
        await task
        await until(lambda count=count: len(finished) == count, what="the call to finish")
        # The profile's name and what the portal answered stay as they are.
        _check(window, data=("portal", "Target", "is", "not", "found"))
