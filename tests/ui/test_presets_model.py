"""The presets list model and its search filter, with no widget at all."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.presets_fixtures import BITRIX_NAMES, seeded_store
from trigger_desk.core.model import Platform
from trigger_desk.ui.presets.model import PresetsFilter, PresetsModel, load_entries


def names(model: PresetsModel | PresetsFilter) -> list[str]:
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def test_rows_are_the_platforms_presets_then_its_broken_files(tmp_path: Path) -> None:
    store = seeded_store(tmp_path / "presets")
    model = PresetsModel()
    model.set_entries(load_entries(store, Platform.BITRIX24))
    assert names(model) == [*BITRIX_NAMES, "half-written.json", "typo.json"]
    wix = PresetsModel()
    wix.set_entries(load_entries(store, Platform.WIX))
    assert names(wix) == ["Form submitted", "future.json", "half-written.json"]


def test_a_row_says_call_variables_profile_and_description(tmp_path: Path) -> None:
    model = PresetsModel()
    model.set_entries(load_entries(seeded_store(tmp_path / "presets"), Platform.BITRIX24))
    won = model.index(model.row_of("Move deal to Won") or 0, 0)
    assert won.data(PresetsModel.DetailRole) == (
        "Fire webhook trigger  ·  {…} 1 variable  ·  profile portal"
    )
    assert won.data(PresetsModel.DescriptionRole) == "Moves the deal to the Won stage"
    spoken = won.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Asks for 1 variable: deal." in spoken and "Bound to profile portal." in spoken
    assert "{{deal}}" in won.data(Qt.ItemDataRole.ToolTipRole)
    assert won.flags() & Qt.ItemFlag.ItemIsEnabled


def test_broken_files_are_disabled_rows_with_the_reason(tmp_path: Path) -> None:
    model = PresetsModel()
    model.set_entries(load_entries(seeded_store(tmp_path / "presets"), Platform.BITRIX24))
    typo = model.index(4, 0)
    assert typo.data() == "typo.json"
    assert not typo.flags() & Qt.ItemFlag.ItemIsEnabled
    assert not typo.flags() & Qt.ItemFlag.ItemIsSelectable
    reason = typo.data(PresetsModel.DetailRole)
    assert "taget" in reason and "bitrix24.trigger has no field" in reason
    # The file name is the row's title already; the field name keeps its case.
    assert reason.startswith("taget: bitrix24.trigger has no field")
    assert "taget" in typo.data(Qt.ItemDataRole.ToolTipRole)
    assert typo.data(PresetsModel.PresetRole) is None
    broken = model.index(3, 0)
    assert "not JSON" in broken.data(PresetsModel.DetailRole)


def test_filter_needs_every_word_in_name_description_or_call(tmp_path: Path) -> None:
    model = PresetsModel()
    model.set_entries(load_entries(seeded_store(tmp_path / "presets"), Platform.BITRIX24))
    proxy = PresetsFilter()
    proxy.setSourceModel(model)
    proxy.set_text("WON deal")
    assert names(proxy) == ["Move deal to Won"]
    proxy.set_text("execute")  # the call's title, "Execute application trigger"
    assert names(proxy) == ["Start onboarding"]
    proxy.set_text("bitrix24.trigger.list")  # the call id
    assert names(proxy) == ["List triggers"]
    proxy.set_text("test contact")  # the description
    assert names(proxy) == ["Start onboarding"]
    proxy.set_text("nothing like this")
    assert names(proxy) == []
    proxy.set_text("")
    assert proxy.rowCount() == model.rowCount()
