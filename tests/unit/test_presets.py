"""The preset store: files on disk, variables, checks, import safety."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from trigger_desk.core.validation import InvalidInput
from trigger_desk.store.presets import (
    PRESET_VERSION,
    Preset,
    PresetError,
    PresetExists,
    PresetNotFound,
    PresetStore,
    check_preset,
    file_stem,
    fill,
    parse_preset,
    variables_in,
)

GUID = "a0f95461-4fea-4971-b2d8-86128ae3e6e9"


@pytest.fixture
def store(tmp_path: Path) -> PresetStore:
    return PresetStore(tmp_path / "presets")


def won() -> Preset:
    return Preset(
        name="Move deal to Won",
        call="bitrix24.trigger",
        values={"code": "won", "target": "DEAL_{{deal}}"},
        profile="portal",
        description="Moves a deal to Won",
    )


# --- files --------------------------------------------------------------------------------


def test_saved_file_is_pretty_json_with_stable_key_order(store: PresetStore) -> None:
    path = store.save(won())
    text = path.read_text(encoding="utf-8")
    assert path.name == "move-deal-to-won.json"
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data) == ["version", "name", "description", "call", "profile", "values", "payload"]
    assert data["version"] == PRESET_VERSION
    # Values follow the call's declaration order (target before code), not the input's.
    assert list(data["values"]) == ["target", "code"]
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    # Saving the same preset again gives byte-identical text: clean git diffs.
    store.save(won(), replace=True)
    assert path.read_text(encoding="utf-8") == text


def test_values_are_stored_typed_unless_they_hold_variables(store: PresetStore) -> None:
    preset = Preset(
        "exec",
        "bitrix24.trigger.execute",
        {"CODE": "paid", "OWNER_TYPE_ID": "2", "OWNER_ID": "{{id}}"},
    )
    store.save(preset)
    values = json.loads(store.path_for("exec").read_text())["values"]
    assert values == {"CODE": "paid", "OWNER_TYPE_ID": 2, "OWNER_ID": "{{id}}"}


def test_file_holds_no_absolute_path(store: PresetStore, tmp_path: Path) -> None:
    store.save(won())
    assert str(tmp_path) not in store.export("Move deal to Won")


def test_list_get_remove(store: PresetStore) -> None:
    assert store.list() == []
    store.save(won())
    store.save(Preset("b", "wix.run-trigger", {"triggerId": GUID}, payload={"x": 1}))
    assert [p.name for p in store.list()] == ["b", "Move deal to Won"]
    assert store.get("b").payload == {"x": 1}
    store.remove("b")
    assert [p.name for p in store.list()] == ["Move deal to Won"]
    with pytest.raises(PresetNotFound, match=r"'b'.*Known presets: 'Move deal to Won'"):
        store.get("b")
    with pytest.raises(PresetNotFound):
        store.remove("b")


def test_existing_name_is_replaced_only_when_asked(store: PresetStore) -> None:
    store.save(won())
    changed = Preset("Move deal to Won", "bitrix24.trigger", {"target": "DEAL_1"})
    with pytest.raises(PresetExists, match="exists"):
        store.save(changed)
    assert store.get("Move deal to Won").values["target"] == "DEAL_{{deal}}"
    store.save(changed, replace=True)
    assert store.get("Move deal to Won").values == {"target": "DEAL_1"}


def test_names_that_fold_to_one_file_do_not_overwrite_each_other(store: PresetStore) -> None:
    store.save(Preset("deal won", "bitrix24.trigger", {"target": "DEAL_1"}))
    with pytest.raises(PresetExists, match=r"deal-won\.json.*'deal won'"):
        store.save(Preset("Deal-Won", "bitrix24.trigger", {"target": "DEAL_2"}))
    assert store.get("deal won").values == {"target": "DEAL_1"}


def test_file_names_are_safe() -> None:
    assert file_stem("Move deal → Won!") == "move-deal-won"
    assert file_stem("../../etc/passwd") == "etc-passwd"
    assert file_stem("Сделка выиграна") == "сделка-выиграна"
    assert file_stem("con") == "con-preset"
    assert "/" not in file_stem("a/b\\c") and "\\" not in file_stem("a/b\\c")


def test_bad_names_are_refused(store: PresetStore) -> None:
    for name, message in (("", "empty"), (" x", "spaces"), ("a\tb", "control"), ("!!!", "letter")):
        with pytest.raises(PresetError, match=message):
            store.save(Preset(name, "bitrix24.trigger", {"target": "DEAL_1"}))


def test_a_file_renamed_by_hand_is_still_found(store: PresetStore) -> None:
    path = store.save(won())
    path.rename(path.with_name("renamed.json"))
    assert store.get("Move deal to Won").call == "bitrix24.trigger"
    store.remove("Move deal to Won")
    assert list(store.directory.iterdir()) == []


def test_broken_files_are_reported_not_listed(store: PresetStore) -> None:
    store.save(won())
    (store.directory / "junk.json").write_text("{not json", encoding="utf-8")
    presets, broken = store.scan()
    assert [p.name for p in presets] == ["Move deal to Won"]
    assert [b.path.name for b in broken] == ["junk.json"]
    assert "junk.json" in str(broken[0].error) and "not JSON" in str(broken[0].error)


def test_rename_and_duplicate(store: PresetStore) -> None:
    store.save(won())
    renamed = store.rename("Move deal to Won", "Won")
    assert renamed.name == "Won"
    assert [p.name for p in store.list()] == ["Won"]
    assert sorted(p.name for p in store.directory.iterdir()) == ["won.json"]
    copy = store.duplicate("Won", "Won again")
    assert copy.values == store.get("Won").values
    with pytest.raises(PresetExists):
        store.rename("Won", "Won again")
    # A change of case only keeps one file.
    store.rename("Won", "WON")
    assert sorted(p.name for p in store.list()) == ["WON", "Won again"]
    assert sorted(p.name for p in store.directory.iterdir()) == ["won-again.json", "won.json"]


def test_fingerprint_notices_changes_on_disk(store: PresetStore) -> None:
    assert store.fingerprint() == ()
    path = store.save(won())
    before = store.fingerprint()
    assert before == store.fingerprint()
    # As a `git pull` would: the file changes behind the store's back.
    data = json.loads(path.read_text())
    data["description"] = "changed by a colleague"
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert store.fingerprint() != before
    assert store.get("Move deal to Won").description == "changed by a colleague"


# --- variables ------------------------------------------------------------------------------


def test_variables_in_fields_and_nested_payload(store: PresetStore) -> None:
    preset = Preset(
        "report",
        "wix.report-event",
        {"triggerKey": "form_submitted", "externalEntityId": "{{contact}}"},
        payload={"name": "{{ first }} {{last}}", "items": [{"sku": "{{sku}}"}], "n": 1},
    )
    assert store.variables(preset) == ["contact", "first", "last", "sku"]
    values, payload = fill(preset, {"contact": GUID, "first": "Amy", "last": "Lee", "sku": "A-1"})
    assert values == {"triggerKey": "form_submitted", "externalEntityId": GUID}
    assert payload == {"name": "Amy Lee", "items": [{"sku": "A-1"}], "n": 1}
    # The preset itself is untouched.
    assert preset.payload["name"] == "{{ first }} {{last}}"


def test_unfilled_variables_are_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        fill(won(), {})
    assert [e.field for e in caught.value.errors] == ["deal"]
    assert "--var deal=VALUE" in caught.value.errors[0].message
    assert "target" in caught.value.errors[0].message


def test_filling_is_one_pass() -> None:
    values, _ = fill(won(), {"deal": "{{deal}}"})
    assert values["target"] == "DEAL_{{deal}}"


def test_text_that_only_looks_like_braces_is_kept() -> None:
    assert variables_in("{{ not a var }} {x} {{1abc}}") == []


# --- checks before variables are filled -----------------------------------------------------


def test_rules_are_checked_except_where_a_variable_stands() -> None:
    ok = Preset("p", "bitrix24.trigger", {"target": "{{t}}", "code": "won"})
    assert check_preset(ok) == []
    bad = Preset("p", "bitrix24.trigger", {"target": "DEAL", "code": "bad code!"})
    assert [e.field for e in check_preset(bad)] == ["target", "code"]


def test_unknown_call_and_fields_are_refused_even_with_variables() -> None:
    assert [e.field for e in check_preset(Preset("p", "bitrix24.nope", {}))] == ["call"]
    errors = check_preset(Preset("p", "bitrix24.trigger", {"target": "DEAL_1", "tagret": "{{x}}"}))
    assert [e.field for e in errors] == ["tagret"]


def test_payload_rules_apply() -> None:
    errors = check_preset(
        Preset("p", "wix.report-event", {"triggerKey": "k"}, payload={"_hidden": "{{x}}"})
    )
    assert [e.field for e in errors] == ["payload._hidden"]
    errors = check_preset(Preset("p", "bitrix24.trigger", {"target": "DEAL_1"}, payload={"a": 1}))
    assert [e.field for e in errors] == ["payload"]


def test_a_webhook_secret_is_never_saved(store: PresetStore) -> None:
    preset = Preset(
        "leak",
        "wix.run-trigger",
        {"triggerId": GUID},
        payload={"url": "https://x.bitrix24.com/rest/1/abcdefsecret/"},
    )
    with pytest.raises(PresetError, match="secret"):
        store.save(preset)
    assert store.list() == []


# --- import safety ------------------------------------------------------------------------


def good_file(**changes: object) -> str:
    data: dict[str, object] = {
        "version": 1,
        "name": "shared",
        "description": "",
        "call": "bitrix24.trigger",
        "profile": None,
        "values": {"target": "DEAL_{{deal}}"},
        "payload": None,
    }
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("not json at all", "not JSON"),
        ("[1, 2]", "one JSON object"),
        (good_file(version=2), "'version'"),
        (good_file(version=None), "'version'"),
        (good_file(call="bitrix24.nope"), "call: unknown call id 'bitrix24.nope'"),
        (good_file(values={"tagret": "DEAL_1"}), "tagret: bitrix24.trigger has no field"),
        (good_file(values={"target": "DEAL"}), "target: must be TYPENAME_ID"),
        (good_file(values={"target": ["DEAL_1"]}), "target: must be text or a number"),
        (good_file(values="target=DEAL_1"), "values: must be an object"),
        (good_file(name=5), "name: must be text"),
        (good_file(secret="x"), "secret: unknown key"),
        (
            good_file(call="wix.report-event", values={"triggerKey": "k"}, payload={"a-b": 1}),
            "payload.a-b",
        ),
    ],
)
def test_refused_imports_name_the_file_and_the_field(
    store: PresetStore, text: str, named: str
) -> None:
    with pytest.raises(PresetError) as caught:
        store.import_text(text, "team/shared.json")
    message = str(caught.value)
    assert message.startswith("team/shared.json: refused:")
    assert named in message
    assert store.list() == []


def test_import_does_not_overwrite_without_force(store: PresetStore) -> None:
    store.save(Preset("shared", "bitrix24.trigger", {"target": "DEAL_9"}))
    with pytest.raises(PresetExists, match=r"shared.json: refused: .*exists"):
        store.import_text(good_file(), "shared.json")
    assert store.get("shared").values == {"target": "DEAL_9"}
    store.import_text(good_file(), "shared.json", force=True)
    assert store.get("shared").values == {"target": "DEAL_{{deal}}"}


def test_export_then_import_round_trips(store: PresetStore, tmp_path: Path) -> None:
    store.save(won())
    text = store.export("Move deal to Won")
    other = PresetStore(tmp_path / "elsewhere")
    imported = other.import_text(text, "won.json")
    assert imported == parse_preset(text, "x")
    assert other.export("Move deal to Won") == text
