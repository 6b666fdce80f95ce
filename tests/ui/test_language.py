"""The window's language: system languages, the remembered choice, both catalogues."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from trigger_desk.core.calls import CALLS
from trigger_desk.core.validation import check_field
from trigger_desk.ui.shell.language import (
    SYSTEM,
    chosen,
    pick_language,
    remember,
)
from trigger_desk.ui.widgets.core_text import tr_core

PICK = """
import sys, tempfile
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from trigger_desk.ui.shell.language import install_translators, remember
app = QApplication([])
settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
if len(sys.argv) > 1:
    remember(settings, sys.argv[1])
box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
language = install_translators(app, settings)
box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
print(language, box.buttons()[0].text())
"""


def _start(env: dict[str, str], *args: str) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    result = subprocess.run(
        [sys.executable, "-c", PICK, *args],
        env={**base, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "ru_RU.UTF-8"}, "ru Отмена"),
        ({"LANG": "de_DE.UTF-8"}, "en Cancel"),
        ({"LANG": "C.UTF-8"}, "en Cancel"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"}, "ru Отмена"),
        ({"LANG": "ru_RU.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en Cancel"),
        ({"LANG": "de_DE.UTF-8", "LANGUAGE": "uk:ru:en"}, "ru Отмена"),
    ],
)
def test_the_system_language_is_followed(env: dict[str, str], expected: str) -> None:
    assert _start(env) == expected


def test_the_settings_choice_overrides_the_system() -> None:
    assert _start({"LANG": "ru_RU.UTF-8"}, "en") == "en Cancel"
    assert _start({"LANG": "en_US.UTF-8"}, "ru") == "ru Отмена"


def test_pick_language_falls_back_to_english() -> None:
    assert pick_language(SYSTEM, ["fr-FR", "ru-RU", "en"]) == "ru"
    assert pick_language(SYSTEM, ["fr-FR", "de"]) == "en"
    assert pick_language(SYSTEM, ["en-US", "ru"]) == "en"
    assert pick_language("ru", ["en-US"]) == "ru"


def test_the_choice_is_remembered(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    assert chosen(settings) == SYSTEM
    remember(settings, "ru")
    again = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    assert chosen(again) == "ru"
    remember(again, "xx")  # hand-edited nonsense reads as System
    assert chosen(again) == SYSTEM


def test_core_texts_are_russian(russian: None) -> None:
    for call in CALLS.values():
        assert tr_core(call.title) != call.title, call.id
        assert tr_core(call.help) != call.help, call.id
        for field in call.fields:
            assert tr_core(field.label) != field.label, field.name
    target = CALLS["bitrix24.trigger"].field("target")
    assert target is not None
    problem = check_field(target, "DEAL_0")
    assert problem is not None
    assert tr_core(problem).startswith("id элемента после подчёркивания")
    assert "Пример: target=DEAL_57" in tr_core(problem)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.buttons()[0].text() == "Отмена"  # Qt's own qtbase_ru


def test_english_after_the_russian_test(qapp: QApplication) -> None:
    assert QCoreApplication.translate("core", "Deal") == "Deal"


@pytest.mark.parametrize(
    ("count", "words"), [(1, "значение"), (3, "значения"), (5, "значений"), (21, "значение")]
)
def test_russian_plural_forms(russian: None, count: int, words: str) -> None:
    source = "“{name}” asks for %n value(s) each time it is used:"
    text = QCoreApplication.translate("PresetVariablesDialog", source, "", count)
    assert text == f"«{{name}}» при каждом использовании спрашивает {count} {words}:"


@pytest.mark.parametrize(("count", "words"), [(1, "value"), (2, "values")])
def test_english_plural_forms(qapp: QApplication, count: int, words: str) -> None:
    source = "“{name}” asks for %n value(s) each time it is used:"
    text = QCoreApplication.translate("PresetVariablesDialog", source, "", count)
    assert text == f"“{{name}}” asks for {count} {words} each time it is used:"
