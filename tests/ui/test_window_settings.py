"""Geometry, splitters and last choices survive a restart; light and dark both read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from trigger_desk.app import open_settings, settings_path
from trigger_desk.core.model import Platform
from trigger_desk.ui.shell.main_window import MainWindow
from trigger_desk.ui.shell.theme import Tone, contrast_ratio, dark_palette, tone_color


def test_settings_live_in_the_state_dir(isolated_dirs: dict[str, Path]) -> None:
    assert settings_path() == isolated_dirs["state"] / "trigger-desk" / "window.ini"
    assert open_settings().fileName() == str(settings_path())


def test_size_splitters_tab_and_call_are_remembered(qtbot: Any, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 560)  # within the offscreen screen (800x600)
    first.main_splitter.setSizes([380, 120])
    tab = first.show_platform(Platform.WIX)
    tab.select_call("wix.cancel-event")
    tab.splitter.setSizes([300, 420])
    sizes = first.main_splitter.sizes()
    tab_sizes = tab.splitter.sizes()
    first.save_state()
    first.close()

    second = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (760, 560)
    assert second.main_splitter.sizes() == sizes
    assert second.current_tab().platform is Platform.WIX
    again = second.platform_tab(Platform.WIX)
    call = again.current_call()
    assert call is not None and call.id == "wix.cancel-event"
    assert again.splitter.sizes() == tab_sizes


def test_a_fresh_window_fits_1280x800(qtbot: Any) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.width() <= 1280 and window.height() <= 800
    hint = window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 800
    assert window.windowTitle() == "Trigger Desk"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_semantic_colours_read_on_both_schemes(qtbot: Any, scheme: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette = dark_palette() if scheme == "dark" else app.style().standardPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        background = palette.color(role)
        for tone in (Tone.OK, Tone.ERROR, Tone.WARNING, Tone.INFO):
            color = tone_color(tone, palette)
            assert contrast_ratio(color, background) >= 4.5, (scheme, tone, role)
        text = palette.color(QPalette.ColorRole.Text)
        assert contrast_ratio(text, background) >= 7
    link = palette.color(QPalette.ColorRole.Link)
    assert contrast_ratio(link, palette.color(QPalette.ColorRole.Base)) >= 4.5


def test_contrast_ratio_is_wcag() -> None:
    assert round(contrast_ratio(QColor("black"), QColor("white")), 1) == 21.0
    assert contrast_ratio(QColor("#777777"), QColor("#777777")) == 1.0


def test_history_and_presets_slots_take_their_panes(qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    sizes = window.main_splitter.sizes()
    history = QLabel("history pane")
    window.set_history_widget(history)
    assert window.history_slot is history
    assert window.main_splitter.widget(1) is history
    assert window.main_splitter.sizes() == sizes
    presets = QLabel("presets panel")
    window.set_presets_widget(presets)
    assert window.top_splitter.widget(1) is presets
    other = QLabel("another presets panel")
    window.set_presets_widget(other)
    assert window.top_splitter.widget(1) is other
    assert window.top_splitter.count() == 2
