"""The translation files keep up with the code: nothing new untranslated, nothing stale.

The check runs pyside6-lupdate over the package into a copy of each .ts and compiles each
.ts with pyside6-lrelease, then compares with the committed files (what
`scripts/update-translations.py` would write).
"""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP, Msg

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "trigger_desk" / "i18n"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "scripts" / "update-translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ts_and_qm_match_the_code() -> None:
    assert _script().stale() == []


def test_a_new_text_in_the_code_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = _script()
    extra = tmp_path / "extra.py"
    extra.write_text('QT_TRANSLATE_NOOP("core", "A text nobody translated yet")\n')
    sources = script.sources
    monkeypatch.setattr(script, "sources", lambda: [*sources(), extra])
    assert any("trigger_desk_ru.ts" in problem for problem in script.stale())


@pytest.mark.parametrize("language", ["ru", "en"])
def test_no_unfinished_or_vanished_message(language: str) -> None:
    root = ET.parse(I18N / f"trigger_desk_{language}.ts").getroot()
    bad = [
        (message.findtext("source"), translation.get("type"))
        for message in root.iter("message")
        if (translation := message.find("translation")) is not None
        and translation.get("type") in {"unfinished", "vanished", "obsolete"}
    ]
    assert bad == []


def test_russian_keeps_every_placeholder() -> None:
    """A template's {names} and %n must survive translation, or filling it in breaks."""
    import re

    root = ET.parse(I18N / "trigger_desk_ru.ts").getroot()
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        forms = [f.text or "" for f in message.iter("numerusform")] or [
            message.findtext("translation") or ""
        ]
        names = sorted(re.findall(r"\{\w*\}", source))
        for form in forms:
            assert sorted(re.findall(r"\{\w*\}", form)) == names, (source, form)
            assert ("%n" in form) == ("%n" in source) or message.get("numerus") == "yes", source


def test_marks_leave_english_for_the_cli() -> None:
    assert QT_TRANSLATE_NOOP("core", "Deal") == "Deal"
    message = Msg("smart-process type ids start at {first}", first=128)
    assert message == "smart-process type ids start at 128"
    assert message.template == "smart-process type ids start at {first}"
    assert dict(message.values) == {"first": 128}


def test_every_count_is_a_plural_message() -> None:
    """A "%n" text outside tr() (lupdate extracts QCoreApplication.translate's count
    poorly) would lose its plural forms: every one must be numerus in the .ts."""
    root = ET.parse(I18N / "trigger_desk_ru.ts").getroot()
    for message in root.iter("message"):
        if "%n" in (message.findtext("source") or ""):
            assert message.get("numerus") == "yes", message.findtext("source")


def test_every_message_has_its_context() -> None:
    """pyside6-lupdate loses a class's context after some constructs (one-line stubs in
    an `if` in the class body): such a text could never be found at run time."""
    root = ET.parse(I18N / "trigger_desk_ru.ts").getroot()
    assert [c.findtext("name") for c in root.iter("context") if not c.findtext("name")] == []
