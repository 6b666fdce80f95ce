"""Where Trigger Desk keeps its files, per platform, from `platformdirs`.

Functions rather than module constants: the answer is read from the environment on every
call, so tests (and users) that set `XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `XDG_STATE_HOME`
or `XDG_CACHE_HOME` move the files without re-importing anything. Nothing here creates a
directory; whoever writes a file makes its parent.

Nothing secret is ever written under these directories: secrets live in the OS keyring
(see `trigger_desk.store.secrets`).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "trigger-desk"
PRESETS_DIR_ENV = "TRIGGER_DESK_PRESETS_DIR"


def config_dir() -> Path:
    """User settings: profiles and presets (on Linux `$XDG_CONFIG_HOME/trigger-desk`)."""
    # appauthor=False: no extra "author" folder level on Windows.
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Data the user would miss: call history (on Linux `$XDG_DATA_HOME/trigger-desk`)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """Window geometry, last choices, logs (on Linux `$XDG_STATE_HOME/trigger-desk`)."""
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Anything that can be rebuilt (on Linux `$XDG_CACHE_HOME/trigger-desk`)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def history_db_path() -> Path:
    """The SQLite file holding every call made."""
    return data_dir() / "history.sqlite3"


def profiles_path() -> Path:
    """The JSON file listing connection profiles (settings only, never secrets)."""
    return config_dir() / "profiles.json"


def presets_dir() -> Path:
    """The folder of saved presets; `TRIGGER_DESK_PRESETS_DIR` overrides it (e.g. a shared
    folder kept in version control)."""
    override = os.environ.get(PRESETS_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return config_dir() / "presets"
