"""The core rules for hostile input: the strict JSON loader, bounded file reads, control
characters, and the one mask-then-cut for history bodies."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from trigger_desk.core.control_chars import control_problem, terminal_safe
from trigger_desk.core.input_files import InputFileRefused, read_text_file
from trigger_desk.core.redact import Redactor
from trigger_desk.core.stored_body import MAX_STORED_BODY, body_for_history
from trigger_desk.core.strict_json import MAX_JSON_DEPTH, JsonRefused, loads_strict


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        (nested(MAX_JSON_DEPTH + 1), "payload", "nested more than 64"),
        (nested(1_000_000), "payload", "nested more than 64"),
        ('{"a": {"b": [0, NaN]}}', "payload.a.b[1]", "NaN"),
        ("Infinity", "payload", "Infinity"),
        ('{"x": 9223372036854775808}', "payload.x", "64 bits"),
        ('{"x": -9223372036854775809}', "payload.x", "64 bits"),
        ('{"x": 2e308}', "payload.x", "too large"),
        ('["ok", "\\udc00"]', "payload[1]", "surrogate"),
        ('{"a": 1,}', "payload", "line 1, column 9"),
    ],
)
def test_the_loader_refuses_and_names_the_place(text: str, where: str, words: str) -> None:
    with pytest.raises(JsonRefused) as refused:
        loads_strict(text)
    assert refused.value.where == where and words in refused.value.reason


def test_the_loader_takes_what_the_platforms_take() -> None:
    text = json.dumps(
        {
            "deep": json.loads(nested(MAX_JSON_DEPTH - 1)),
            "edges": [9223372036854775807, -9223372036854775808, 1.5e300, "\U0001f600"],
        }
    )
    assert loads_strict(text)["edges"][0] == 2**63 - 1


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_bytes(b"ok\xc3("), "not UTF-8 text (byte 2 is 0xc3)"),
        (lambda p: os.mkfifo(p), "named pipe"),
        (lambda p: p.symlink_to(p), "loop"),
        (lambda p: p.mkdir(), "folder"),
        (lambda p: None, "no such file"),
        (lambda p: p.write_bytes(b"x" * 1025), "at most 1,024 bytes"),
    ],
)
def test_files_that_cannot_be_read_say_why(tmp_path: Path, make: object, words: str) -> None:
    path = tmp_path / "input.json"
    make(path)  # type: ignore[operator]
    with pytest.raises(InputFileRefused) as refused:
        read_text_file(path, 1024)
    assert words in str(refused.value) and str(path) in str(refused.value)


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf{}")
    assert read_text_file(path, 1024) == "{}"


@pytest.mark.parametrize("text", ["a\nb", "a\x00", "a\x1b", "a\x7f", "a\x85", "a\x9b", "\udcff"])
def test_control_characters_are_refused(text: str) -> None:
    assert control_problem(text) is not None


def test_ordinary_text_and_allowed_controls_pass() -> None:
    assert control_problem("Café — 東京 ok") is None
    assert control_problem("line\nnext\ttab", allow="\n\t") is None


def test_terminal_safe_shows_escapes_and_keeps_json_meaning() -> None:
    hostile = "\x1b[31mred\x1b]0;title\x07\x9b2J\rX\u202e\udcff"
    shown = terminal_safe(hostile + "\nnext\tline\r\n")
    for raw in ("\x1b", "\x07", "\x9b", "\r", "\u202e", "\udcff"):
        assert raw not in shown
    assert shown.endswith("\nnext\tline\n")
    as_json = json.dumps({"body": hostile}, ensure_ascii=False)
    assert json.loads(terminal_safe(as_json)) == json.loads(as_json)


def test_history_bodies_are_masked_before_they_are_cut() -> None:
    secret = "S" * 40
    redactor = Redactor({"api_key": secret})
    # The secret straddles the cut: cutting first would keep its first 20 characters.
    text = "x" * (MAX_STORED_BODY - 20) + secret + "y" * 100
    stored, note = body_for_history(text, redactor, what="request body", size=len(text))
    assert "S" not in stored and len(stored) == MAX_STORED_BODY
    assert note is not None and f"{len(text):,} bytes" in note and "left out" in note
    small, none = body_for_history("short " + secret, redactor, what="answer", size=46)
    assert small == "short ****" and none is None
