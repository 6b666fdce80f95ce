"""The payload editor: parse errors with line and column, the Wix rules, Format."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtGui import QFontDatabase, QGuiApplication, QPalette
from PySide6.QtTest import QTest

from trigger_desk.core.calls import PayloadSpec, find_call
from trigger_desk.core.validation import check_payload
from trigger_desk.ui.tab.json_editor import JsonEditor, parse_state


def editor_for(qtbot: Any, call_id: str) -> JsonEditor:
    call = find_call(call_id)
    assert call is not None and call.payload is not None
    spec: PayloadSpec = call.payload
    editor = JsonEditor(spec, lambda value: check_payload(call, value))
    qtbot.addWidget(editor)
    return editor


def test_a_json_error_shows_line_and_column(qtbot: Any) -> None:
    editor = editor_for(qtbot, "wix.run-trigger")
    editor.set_text('{\n  "firstName": "Amy",\n  "age" 50\n}')
    assert not editor.validate()
    message = editor.parse_message.text()
    assert message.startswith("Line 3, column 9:")
    assert "delimiter" in message
    assert not editor.format_button.isEnabled()
    assert editor.state().line == 3 and editor.state().column == 9
    selections = editor.editor.extraSelections()
    assert selections  # the spot is marked in the text as well
    assert selections[-1].cursor.blockNumber() == 2


def test_typing_fixes_clear_the_error(qtbot: Any) -> None:
    editor = editor_for(qtbot, "wix.run-trigger")
    editor.editor.setFocus()
    QTest.keyClicks(editor.editor, '{"a": ')
    assert not editor.validate()
    QTest.keyClicks(editor.editor, "1}")
    assert editor.validate()
    assert editor.problems == []
    assert editor.editor.extraSelections() == []


def test_wix_payload_rules_are_flagged_inline(qtbot: Any) -> None:
    editor = editor_for(qtbot, "wix.report-event")
    editor.set_text(
        json.dumps({"first-name": "x", "_hidden": 1, "tags": [1], "nested": {"a": 1}, "ok": 2})
    )
    assert not editor.validate()
    problems = "\n".join(editor.problems)
    assert "payload.first-name: key names may hold only" in problems
    assert "payload._hidden: key names may not start with an underscore" in problems
    assert "payload.tags[0]: array items must be objects" in problems
    assert "payload.nested: is an object" in problems
    assert "payload.ok" not in problems
    assert editor.format_button.isEnabled()  # valid JSON, just against the rules


def test_any_object_payload_takes_nesting(qtbot: Any) -> None:
    editor = editor_for(qtbot, "wix.run-trigger")
    editor.set_text('{"nested": {"a": [1, 2]}}')
    assert editor.validate()
    editor.set_text("[1, 2]")
    assert not editor.validate()
    assert "must be a JSON object" in "\n".join(editor.problems)


def test_format_reindents_and_example_inserts(qtbot: Any) -> None:
    editor = editor_for(qtbot, "wix.run-trigger")
    editor.set_text('{"b":1,"a":[1,2]}')
    editor.format_button.click()
    assert editor.text() == json.dumps({"b": 1, "a": [1, 2]}, indent=2)
    editor.example_button.click()
    assert json.loads(editor.text()) == {"firstName": "Amy", "age": 50}


def test_empty_means_no_payload() -> None:
    assert parse_state("  \n ").value is None
    assert parse_state("  \n ").ok


def test_fixed_width_font_numbers_and_palette_colours(qtbot: Any) -> None:
    editor = editor_for(qtbot, "wix.run-trigger")
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    assert editor.editor.font().family() == fixed.family()
    assert editor.editor.accessibleName() == "payload"
    width_one = editor.editor.gutter_width()
    editor.set_text("\n".join(["{"] + ['"k": 1,'] * 120 + ['"z": 0}']))
    assert editor.editor.gutter_width() > width_one  # room for three digits
    key_format = editor._highlighter._formats["key"]
    assert key_format.foreground().color() == QGuiApplication.palette().color(
        QPalette.ColorRole.Link
    )
