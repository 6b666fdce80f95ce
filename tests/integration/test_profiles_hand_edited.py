"""A hand-edited profiles.json: each bad entry is named (profile and setting), the
others keep working, and saving never loses or rewrites what was written by hand."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.support.cli import Cli
from tests.support.scripted_server import Answer, ScriptedServer
from trigger_desk.services.build import unusable_profiles_note
from trigger_desk.store.paths import profiles_path
from trigger_desk.store.profiles import ProfileError, ProfileStore
from trigger_desk.store.secrets import MemorySecretStore

SITE_ID = "5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c"
GUID = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"


def wix_entry(name: str, **settings: object) -> bytes:
    entry = {"name": name, "platform": "wix", "auth": "api-key", "settings": settings}
    return json.dumps(entry).encode()


# (entry as bytes, profile named in the message, setting named in the message)
BROKEN = [
    (
        wix_entry("port zero", site_id=SITE_ID, api_base="https://x.example:0"),
        "port zero",
        "api_base",
    ),
    (
        wix_entry("port 70000", site_id=SITE_ID, api_base="https://x.example:70000"),
        "port 70000",
        "api_base",
    ),
    (
        wix_entry("port word", site_id=SITE_ID, api_base="https://x.example:http"),
        "port word",
        "api_base",
    ),
    (wix_entry("typed", site_id=5), "typed", "site_id"),
    (wix_entry("listed", site_id=[SITE_ID]), "listed", "site_id"),
    (wix_entry("nul\u0000name", site_id=SITE_ID), "profile #", "name"),
    (wix_entry("x" * 65, site_id=SITE_ID), "profile #", "name"),
    (wix_entry("esc", site_id="\x1b[2J" + SITE_ID), "esc", "site_id"),
    (
        b'{"name": "latin", "platform": "wix", "auth": "api-key", "settings": {"site_id": "caf\xe9"}}',
        "latin",
        "site_id",
    ),
    (
        b'{"name": "nan", "platform": "wix", "auth": "api-key", "settings": {"site_id": NaN}}',
        "nan",
        "site_id",
    ),
    (
        b'{"name": "huge", "platform": "wix", "auth": "api-key", "settings": {"site_id": 99999999999999999999}}',
        "huge",
        "site_id",
    ),
    (
        b'{"name": "myspace", "platform": "myspace", "auth": "api-key", "settings": {}}',
        "myspace",
        "platform",
    ),
    (b'{"name": "kind", "platform": "wix", "auth": "webhook", "settings": {}}', "kind", "auth"),
    (b'{"name": 7, "platform": "wix", "auth": "api-key"}', "profile #", "name"),
    (b'"just text"', "profile #", "file"),
]


@pytest.fixture(scope="module")
def running_server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def server(running_server: ScriptedServer) -> ScriptedServer:
    running_server.answers.clear()
    running_server.received.clear()
    return running_server


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, server: ScriptedServer
) -> Cli:
    runner = Cli(capsys, monkeypatch, MemorySecretStore())
    added = runner(
        "profiles", "add", "good", "--platform", "wix", "--auth", "api-key",
        "--set", f"site_id={SITE_ID}", "--set", f"api_base={server.base_url}",
        stdin="api_key=IST.hand-edited-test-0123\n",
    )  # fmt: skip
    assert added.code == 0, added.text
    return runner


def hand_edit(*entries: bytes) -> bytes:
    """Append raw entries to the file the CLI wrote, as a person with an editor would."""
    text = profiles_path().read_bytes()
    head, _, _ = text.rpartition(b"]")
    raw = head.rstrip() + b",\n    " + b",\n    ".join(entries) + b"\n  ]\n}\n"
    profiles_path().write_bytes(raw)
    return raw


@pytest.mark.parametrize(("entry", "profile", "setting"), BROKEN)
def test_one_bad_entry_is_named_and_the_others_keep_working(
    cli: Cli, server: ScriptedServer, entry: bytes, profile: str, setting: str
) -> None:
    hand_edit(entry)
    listed = cli("profiles", "list")
    assert listed.code == 0, listed.text
    assert "good" in listed.out
    warning = next(line for line in listed.err.splitlines() if line.startswith("Warning:"))
    assert profile in warning and f"{setting}:" in warning, warning
    assert "\x1b" not in listed.err and "\x00" not in listed.err
    server.script(Answer(200, {}))
    fired = cli("fire", "wix.run-trigger", "--profile", "good", "--set", f"triggerId={GUID}")
    assert fired.code == 0, fired.text


@pytest.mark.parametrize("name", ["port zero", "typed", "latin", "nan", "kind"])
def test_firing_a_bad_profile_names_it_and_sends_nothing(
    cli: Cli, server: ScriptedServer, name: str
) -> None:
    hand_edit(*(entry for entry, _, _ in BROKEN))
    result = cli(
        "fire", "wix.run-trigger", "--profile", name, "--set", f"triggerId={GUID}", "--json"
    )
    assert result.code == 2, result.text
    data = json.loads(result.out)
    assert data["outcome"] == "invalid_input" and repr(name) in data["error"]["message"]
    assert server.received == []
    shown = cli("profiles", "show", name)
    assert shown.code == 2 and repr(name) in shown.err and "Traceback" not in shown.err


def test_saving_another_profile_keeps_hand_edited_entries_byte_for_byte(cli: Cli) -> None:
    entries = [entry for entry, _, _ in BROKEN]
    hand_edit(*entries)
    added = cli(
        "profiles", "add", "second", "--platform", "wix", "--auth", "api-key",
        "--set", f"site_id={SITE_ID}", stdin="api_key=IST.second-profile-0123\n",
    )  # fmt: skip
    assert added.code == 0, added.text
    after = profiles_path().read_bytes()
    data = ProfileStore()
    assert [p.name for p in data.list()] == ["good", "second"]
    assert len(data.problems()) == len(BROKEN)
    for raw in (b"caf\xe9", b"NaN", b"99999999999999999999", b"x.example:70000"):
        assert raw in after  # written back as it was, odd bytes included
    removed = cli("profiles", "remove", "port zero")
    assert removed.code == 0, removed.text
    assert len(ProfileStore().problems()) == len(BROKEN) - 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xff\xfe{", "not valid JSON"),
        (b"[" * 100_000, "nested more than 64 levels"),
        (b'{"version": 1, "profiles": [' + b"[" * 70 + b"]" * 70 + b"]}", "profile #1"),
    ],
)
def test_a_file_that_cannot_be_read_at_all_is_one_message(
    cli: Cli, content: bytes, words: str
) -> None:
    profiles_path().write_bytes(content)
    listed = cli("profiles", "list")
    assert "Traceback" not in listed.text and "unexpected" not in listed.text
    assert words in listed.err


def test_a_huge_profiles_file_is_refused_before_it_is_read() -> None:
    path = profiles_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)
    with pytest.raises(ProfileError, match=r"at most 1\.0 MB"):
        ProfileStore().list()


def test_the_window_names_unusable_profiles_in_its_status_bar(cli: Cli) -> None:
    hand_edit(*(entry for entry, _, _ in BROKEN))
    notes = unusable_profiles_note(ProfileStore())
    assert len(notes) == 1 and notes[0].startswith("Profiles in profiles.json that cannot be used:")
    for shown in ("port zero (api_base)", "latin (site_id)", "myspace (platform)", "#7 (name)"):
        assert shown in notes[0]
    assert "\x00" not in notes[0] and "\x1b" not in notes[0]
