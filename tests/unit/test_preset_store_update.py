"""PresetStore.update: edit a preset in place, rename it, change only its case."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from trigger_desk.store.presets import Preset, PresetExists, PresetNotFound, PresetStore

WON = Preset("Won deal", "bitrix24.trigger", {"target": "DEAL_{{deal}}", "code": "won"})
LOST = Preset("Lost deal", "bitrix24.trigger", {"target": "DEAL_{{deal}}", "code": "lost"})


@pytest.fixture
def store(tmp_path: Path) -> PresetStore:
    store = PresetStore(tmp_path / "presets")
    store.save(WON)
    store.save(LOST)
    return store


def files(store: PresetStore) -> list[str]:
    return sorted(path.name for path in store.directory.iterdir())


@pytest.mark.parametrize("new_name", ["won deal", "WON DEAL", "Won Deal"])
def test_a_change_of_case_only_keeps_the_file(store: PresetStore, new_name: str) -> None:
    stored = store.update("Won deal", replace(WON, name=new_name))
    assert stored.name == new_name
    assert store.get(new_name).values["code"] == "won"
    assert not store.exists("Won deal")
    assert files(store) == ["lost-deal.json", "won-deal.json"]


def test_rename_moves_the_file_and_keeps_the_values(store: PresetStore) -> None:
    store.update("Won deal", replace(WON, name="Deal closed", description="moved"))
    assert files(store) == ["deal-closed.json", "lost-deal.json"]
    assert store.get("Deal closed").description == "moved"


def test_editing_values_in_place(store: PresetStore) -> None:
    store.update("Won deal", replace(WON, values={"target": "DEAL_{{id}}", "code": "w2"}))
    assert store.variables(store.get("Won deal")) == ["id"]


def test_a_name_held_by_another_preset_is_refused_unless_replacing(store: PresetStore) -> None:
    with pytest.raises(PresetExists, match="Lost deal"):
        store.update("Won deal", replace(WON, name="Lost deal"))
    assert files(store) == ["lost-deal.json", "won-deal.json"]
    store.update("Won deal", replace(WON, name="Lost deal"), replace=True)
    assert files(store) == ["lost-deal.json"]
    assert store.get("Lost deal").values["code"] == "won"


def test_a_file_name_held_by_a_broken_file_is_refused(store: PresetStore) -> None:
    (store.directory / "closed.json").write_text("junk")
    with pytest.raises(PresetExists, match="not a valid preset"):
        store.update("Won deal", replace(WON, name="Closed"))
    assert store.get("Won deal") is not None


def test_a_missing_preset_cannot_be_updated(store: PresetStore) -> None:
    with pytest.raises(PresetNotFound):
        store.update("Nope", WON)


def test_rename_uses_update_so_a_case_change_works(store: PresetStore) -> None:
    assert store.rename("Lost deal", "lost deal").name == "lost deal"
    assert files(store) == ["lost-deal.json", "won-deal.json"]


def test_replacing_never_overwrites_a_broken_file_at_the_new_file_name(
    store: PresetStore,
) -> None:
    # "Lost deal" lives in a file renamed by hand; lost-deal.json is someone's broken draft.
    (store.directory / "lost-deal.json").rename(store.directory / "kept-by-hand.json")
    (store.directory / "lost-deal.json").write_text("{ draft")
    with pytest.raises(PresetExists, match="not a valid preset"):
        store.update("Won deal", replace(WON, name="Lost deal"), replace=True)
    assert (store.directory / "lost-deal.json").read_text() == "{ draft"
