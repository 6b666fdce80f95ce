"""Data locations follow platformdirs and the XDG variables at call time."""

from __future__ import annotations

from pathlib import Path

import pytest

from trigger_desk.store import paths


def test_locations_follow_xdg_dirs(isolated_dirs: dict[str, Path]) -> None:
    assert paths.config_dir() == isolated_dirs["config"] / "trigger-desk"
    assert paths.data_dir() == isolated_dirs["data"] / "trigger-desk"
    assert paths.state_dir() == isolated_dirs["state"] / "trigger-desk"
    assert paths.cache_dir() == isolated_dirs["cache"] / "trigger-desk"


def test_file_locations(isolated_dirs: dict[str, Path]) -> None:
    assert paths.history_db_path() == isolated_dirs["data"] / "trigger-desk" / "history.sqlite3"
    assert paths.profiles_path() == isolated_dirs["config"] / "trigger-desk" / "profiles.json"
    assert paths.presets_dir() == isolated_dirs["config"] / "trigger-desk" / "presets"


def test_env_changes_after_import_take_effect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    assert paths.profiles_path() == tmp_path / "elsewhere" / "trigger-desk" / "profiles.json"


def test_presets_dir_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIGGER_DESK_PRESETS_DIR", str(tmp_path / "team-presets"))
    assert paths.presets_dir() == tmp_path / "team-presets"
    monkeypatch.setenv("TRIGGER_DESK_PRESETS_DIR", "  ")  # blank: ignored
    assert paths.presets_dir() == paths.config_dir() / "presets"


def test_asking_creates_nothing(isolated_dirs: dict[str, Path]) -> None:
    for path in (
        paths.config_dir(),
        paths.data_dir(),
        paths.presets_dir(),
        paths.history_db_path(),
    ):
        assert not path.exists()
