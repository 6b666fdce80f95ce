"""Where the bundled resources are, and the application icon.

Kept apart from `icons` (the tinting icon engine) so that the window can show its
icon before the first paint without loading the rest.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

_PACKAGE = Path(__file__).resolve().parents[2]  # trigger_desk/
# Installed wheels carry the resources inside the package; a source checkout has them
# at the repository root.
_CANDIDATES = (_PACKAGE / "resources", _PACKAGE.parent / "resources")

APP_ICON_FILE = "trigger-desk.svg"


def resources_dir() -> Path | None:
    """Where the bundled resources are, or None when neither place has them."""
    return next((path for path in _CANDIDATES if (path / "icons").is_dir()), None)


def app_icon() -> QIcon:
    """The application icon (full colour, not tinted)."""
    base = resources_dir()
    path = base / APP_ICON_FILE if base else None
    if path is not None and path.is_file():
        return QIcon(str(path))
    return QIcon.fromTheme("applications-development")
