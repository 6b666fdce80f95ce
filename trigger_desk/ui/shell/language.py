"""The window's language: chosen at start-up, Qt's translators installed before any widget.

The choice (Settings: System, English, Русский) is remembered in the window's ini file;
"System" follows the system's UI languages (LANGUAGE / LC_ALL / LC_MESSAGES / LANG on
Linux, the OS setting on macOS and Windows) and falls back to English. It takes effect
at the next start.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

LANGUAGE_KEY = "window/language"
SYSTEM = "system"
SOURCE_LANGUAGE = "en"
# Languages the window speaks, each named in itself (never translated).
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский"}
CATALOGUE = "trigger_desk"


def translations_dir() -> Path:
    """Where the compiled catalogues live (inside the package, so also in the bundle)."""
    return Path(__file__).resolve().parents[2] / "i18n"


def chosen(settings: QSettings) -> str:
    """The remembered choice: a code from LANGUAGES, or SYSTEM."""
    value = str(settings.value(LANGUAGE_KEY, SYSTEM) or SYSTEM)
    return value if value in LANGUAGES else SYSTEM


def remember(settings: QSettings, choice: str) -> None:
    settings.setValue(LANGUAGE_KEY, choice if choice in LANGUAGES else SYSTEM)
    settings.sync()


def pick_language(choice: str, ui_languages: list[str]) -> str:
    """The language to show: the explicit choice, else the first system language we have."""
    if choice in LANGUAGES:
        return choice
    for name in ui_languages:
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def install_translators(app: QCoreApplication, settings: QSettings) -> str:
    """Load the app's and Qt's own catalogues for the chosen language; returns its code."""
    choice = chosen(settings)
    language = pick_language(choice, QLocale.system().uiLanguages())
    if choice != SYSTEM:
        # Dates and numbers follow an explicit choice too (else the system's locale).
        QLocale.setDefault(QLocale(language))
    load_catalogues(app, language)
    return language


def load_catalogues(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the app's catalogue for `language` and, unless English, Qt's own."""
    installed = []
    own = QTranslator(app)
    if own.load(f"{CATALOGUE}_{language}", str(translations_dir())):
        app.installTranslator(own)
        installed.append(own)
    if language != SOURCE_LANGUAGE:
        qt = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{language}", qt_dir):
            app.installTranslator(qt)
            installed.append(qt)
    return installed
