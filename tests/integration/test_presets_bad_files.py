"""One bad preset file never breaks the rest: each is skipped with one warning naming
it, and list, show, fire --preset, save and import keep working with the others."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import Cli
from trigger_desk.sandbox import Sandbox
from trigger_desk.store.paths import presets_dir
from trigger_desk.store.presets import PresetStore


def _write(text: str | bytes) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(text.encode() if isinstance(text, str) else text)

    return make


def _preset_text(payload: str) -> str:
    return (
        '{"version": 1, "name": "Odd", "call": "wix.run-trigger", "values": '
        '{"triggerId": "a0f95461-4fea-4971-b2d8-86128ae3e6e9"}, "payload": ' + payload + "}"
    )


def _sparse(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(2 * 1024 * 1024)


# file name -> how it is made, and words its warning holds
BAD_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "deep.json": (
        _write(_preset_text('{"a": ' + "[" * 70 + "]" * 70 + "}")),
        "nested more than 64",
    ),
    "very-deep.json": (_write("[" * 200_000 + "]" * 200_000), "nested more than 64"),
    "nan.json": (_write(_preset_text('{"n": NaN}')), "NaN"),
    "huge-int.json": (_write(_preset_text('{"n": 99999999999999999999}')), "64 bits"),
    "big.json": (_sparse, "at most 1.0 MB"),
    "latin-1.json": (_write(b'{"version": 1, "name": "Caf\xe9"}'), "not UTF-8"),
    "fifo.json": (os.mkfifo, "named pipe"),
    "loop.json": (lambda p: p.symlink_to(p), "loop"),
    "esc\x1b[2J.json": (_write("junk"), "not JSON"),
}


@pytest.fixture
def bad_files(cli: Cli) -> list[str]:
    """A good preset saved through the CLI, next to every kind of bad file."""
    saved = cli("presets", "save", "Deal won", "bitrix24.trigger", "--profile", "b24",
                "--set", "target=DEAL_{{deal}}", "--set", "code=won")  # fmt: skip
    assert saved.code == 0, saved.text
    folder = presets_dir()
    for name, (make, _) in BAD_FILES.items():
        make(folder / name)
    return list(BAD_FILES)


def assert_warned_once_each(stderr: str, files: list[str]) -> None:
    for name in files:
        shown = name.replace("\x1b", "\\u001b")
        lines = [line for line in stderr.splitlines() if f"skipped {shown}:" in line]
        assert len(lines) == 1, (name, stderr)
        assert BAD_FILES[name][1] in lines[0], lines[0]
    assert "\x1b" not in stderr and "Traceback" not in stderr


def test_list_shows_the_good_and_warns_once_about_each_bad(cli: Cli, bad_files: list[str]) -> None:
    listed = cli("presets", "list")
    assert listed.code == 0, listed.text
    assert "Deal won" in listed.out
    assert_warned_once_each(listed.err, bad_files)


def test_fire_save_import_and_show_keep_working(
    cli: Cli, sandbox: Sandbox, tmp_path: Path, bad_files: list[str]
) -> None:
    fired = cli("fire", "--preset", "Deal won", "--var", "deal=5", "--json")
    assert fired.code == 0, fired.text
    assert sandbox.received[-1].json == {"target": "DEAL_5", "code": "won"}

    saved = cli("presets", "save", "Deal lost", "bitrix24.trigger", "--profile", "b24",
                "--set", "target=DEAL_{{deal}}", "--set", "code=lost")  # fmt: skip
    assert saved.code == 0, saved.text
    assert_warned_once_each(saved.err, bad_files)  # it looked at every file for the name

    shared = tmp_path / "shared.json"
    shared.write_text(PresetStore(presets_dir()).export("Deal lost").replace("Deal lost", "Shared"))
    imported = cli("presets", "import", str(shared))
    assert imported.code == 0, imported.text
    shown = cli("presets", "show", "Shared")
    assert shown.code == 0 and '"name": "Shared"' in shown.out

    missing = cli("fire", "--preset", "No such", "--json")
    assert missing.code == 2
    assert json.loads(missing.out)["outcome"] == "invalid_input"
    assert_warned_once_each(missing.err, bad_files)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        pytest.param(os.mkfifo, "named pipe", id="fifo"),
        pytest.param(_sparse, "at most 1.0 MB", id="too-big"),
        pytest.param(_write(b'{"name": "\xff"}'), "not UTF-8", id="latin-1"),
        pytest.param(_write(_preset_text("[" * 100 + "]" * 100)), "nested more than 64", id="deep"),
        pytest.param(lambda p: p.symlink_to(p), "loop", id="loop"),
    ],
)
def test_importing_a_bad_file_is_bad_input(
    cli: Cli, tmp_path: Path, make: Callable[[Path], None], words: str
) -> None:
    path = tmp_path / "shared.json"
    make(path)
    result = cli("presets", "import", str(path))
    assert result.code == 2, result.text
    assert words in result.err and "Traceback" not in result.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_skipped(cli: Cli, bad_files: list[str]) -> None:
    locked = presets_dir() / "locked.json"
    locked.write_text("{}")
    locked.chmod(0)
    listed = cli("presets", "list")
    assert listed.code == 0 and "Deal won" in listed.out
    assert "skipped locked.json: cannot read: permission denied" in listed.err


# --- save --force over a name that differs only in case: PresetStore.update -----------------


def test_save_force_with_a_change_of_case_replaces_the_preset(cli: Cli) -> None:
    base = ["bitrix24.trigger", "--profile", "b24", "--set", "target=DEAL_{{deal}}"]
    assert cli("presets", "save", "Won deal", *base, "--set", "code=won").code == 0
    refused = cli("presets", "save", "won deal", *base, "--set", "code=w2")
    assert refused.code == 2 and "won-deal.json" in refused.err
    forced = cli("presets", "save", "won deal", *base, "--set", "code=w2", "--force")
    assert forced.code == 0, forced.text
    names = [p.name for p in PresetStore(presets_dir()).list()]
    assert names == ["won deal"]
    assert PresetStore(presets_dir()).get("won deal").values["code"] == "w2"
