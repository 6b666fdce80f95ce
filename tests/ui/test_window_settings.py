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
    first.show_sidebar(False)  # the form and the record fit an 800 px screen
    QApplication.processEvents()  # the window's minimum width follows
    first.resize(790, 560)
    first.main_splitter.setSizes([0, 440, 340])
    first.sidebar.setCurrentIndex(1)  # Presets
    tab = first.show_platform(Platform.WIX)
    tab.select_call("wix.cancel-event")
    sizes = first.main_splitter.sizes()
    first.save_state()
    first.close()

    second = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (790, 560)
    assert not second.sidebar.isVisible()
    assert second.main_splitter.sizes() == sizes
    assert second.current_tab().platform is Platform.WIX
    again = second.platform_tab(Platform.WIX)
    call = again.current_call()
    assert call is not None and call.id == "wix.cancel-event"
    assert second.sidebar.currentIndex() == 1


def test_the_sidebar_folds_and_history_goes_full_width(qtbot: Any, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.resize(1100, 560)
    narrow = window.main_splitter.sizes()
    window.sidebar_action.trigger()  # Ctrl+B
    assert not window.sidebar.isVisible() and window.tabs.isVisible()
    window.wide_action.trigger()  # Ctrl+H: the full-width table brings the sidebar back
    assert window.sidebar.isVisible() and not window.tabs.isVisible()
    assert window.record_tabs.isVisible()  # the record view stays beside the table
    assert window.sidebar.width() > window.record_tabs.width()
    window.wide_action.trigger()
    assert window.tabs.isVisible() and window.sidebar.isVisible()
    assert window.main_splitter.sizes() == narrow
    window.sidebar_action.trigger()
    window.save_state()  # a folded sidebar stays folded at the next start
    again = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    assert not again.sidebar.isVisible() and not again.sidebar_action.isChecked()


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


def test_history_presets_and_record_slots_take_their_panes(qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    sizes = window.main_splitter.sizes()
    history = QLabel("history pane")
    window.set_history_widget(history)
    assert window.history_slot is history
    assert window.sidebar.widget(0) is history and window.sidebar.tabText(0) == "&History"
    assert window.main_splitter.sizes() == sizes
    presets = QLabel("presets panel")
    window.set_presets_widget(presets)
    assert window.sidebar.widget(1) is presets
    other = QLabel("another presets panel")
    window.set_presets_widget(other)
    assert window.sidebar.widget(1) is other
    assert window.sidebar.count() == 2
    record = QLabel("record view")
    window.set_record_widget(record)
    window.show_record()
    assert window.record_tabs.currentWidget() is record
