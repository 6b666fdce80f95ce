"""What assistive technology sees: walk the accessibility tree the way AT-SPI does."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.support.scripted_server import Answer, ScriptedServer
from tests.ui.conftest import Until, add_webhook_profile, add_wix_profile
from tests.ui.test_main_window import shown_outcome
from trigger_desk.core.calls import calls_for
from trigger_desk.core.model import Platform
from trigger_desk.ui.shell.main_window import MainWindow

Role = QAccessible.Role
# Everything a user operates: these must all say what they are.
CONTROLS = {
    Role.EditableText,
    Role.Button,
    Role.PushButton if hasattr(Role, "PushButton") else Role.Button,
    Role.ComboBox,
    Role.SpinBox,
    Role.CheckBox,
    Role.RadioButton,
    Role.PageTab,
    Role.ButtonMenu,
    Role.ButtonDropDown,
    Role.Slider,
}


@dataclass
class Node:
    role: QAccessible.Role
    name: str  # what AT-SPI reports as the name
    widget_name: str  # the widget's accessibleName()
    labels: list[str]  # names of the nodes that label this one (buddy labels)
    path: str

    @property
    def names(self) -> set[str]:
        return {name for name in (self.name, self.widget_name, *self.labels) if name.strip()}


def walk(interface: QAccessibleInterface, path: str = "") -> list[Node]:
    """Every visible node under `interface`, depth first."""
    nodes: list[Node] = []
    if not interface.isValid() or interface.state().invisible:
        return nodes
    name = interface.text(QAccessible.Text.Name)
    owner = interface.object()
    widget_name = owner.accessibleName() if isinstance(owner, QWidget) else ""
    labels = [
        label.text(QAccessible.Text.Name)
        for label, _relation in interface.relations(QAccessible.RelationFlag.Label)
    ]
    here = f"{path}/{interface.role().name}:{name}"
    nodes.append(Node(interface.role(), name, widget_name, labels, here))
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None:
            nodes += walk(child, here)
    return nodes


def tree(widget: QWidget) -> list[Node]:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return walk(interface)


def unnamed_controls(nodes: list[Node]) -> list[str]:
    """Controls with no name. On Linux Qt reports a combo box's current text as its
    name (its label travels as a relation), so combos must carry an explicit
    accessibleName as well, which other platforms report as the name."""
    unnamed = []
    for node in nodes:
        if node.role not in CONTROLS:
            continue
        if node.role is Role.ComboBox:
            if not node.widget_name.strip():
                unnamed.append(node.path)
        elif not node.name.strip():
            unnamed.append(node.path)
    return unnamed


async def test_no_unnamed_input_or_button_on_any_form(
    window: MainWindow, server: ScriptedServer
) -> None:
    assert window.services is not None
    await add_webhook_profile(window.services, server.base_url)
    await add_wix_profile(window.services, server.base_url)
    for platform in Platform:
        tab = window.show_platform(platform)
        await tab.reload_profiles()
        for call in calls_for(platform):
            assert tab.select_call(call.id)
            tab.fill_examples()  # filled inputs show their clear buttons too
            await asyncio.sleep(0.05)
            nodes = tree(window)
            assert unnamed_controls(nodes) == [], f"{call.id}: unnamed controls"
            names = {name for node in nodes if node.role in CONTROLS for name in node.names}
            missing = [spec.name for spec in call.fields if spec.name not in names]
            assert missing == [], f"{call.id}: no input named {missing}"
            if call.payload is not None:
                assert call.payload.key in names


async def test_the_walk_finds_an_unnamed_button(window: MainWindow) -> None:
    """The check above can fail: an icon-only button without a name is reported."""
    from PySide6.QtWidgets import QPushButton

    from trigger_desk.ui.shell.icons import icon

    tab = window.show_platform(Platform.BITRIX24)
    stray = QPushButton(icon("plus"), "", tab.empty)
    stray.show()
    await asyncio.sleep(0)
    assert any(path.endswith(":") for path in unnamed_controls(tree(window)))
    stray.deleteLater()


async def test_tabs_fire_button_and_profiles_are_exposed(
    window: MainWindow, server: ScriptedServer
) -> None:
    assert window.services is not None
    await add_webhook_profile(window.services, server.base_url, name="portal-prod")
    tab = window.show_platform(Platform.BITRIX24)
    await tab.reload_profiles()
    nodes = tree(window)
    tabs = [node.name for node in nodes if node.role is Role.PageTab]
    assert {"Bitrix24", "Wix"} <= set(tabs)
    fire = [n for n in nodes if n.role in (Role.Button, Role.PushButton) and n.name == "Fire"]
    assert len(fire) == 1  # the visible tab's
    profile = [n for n in nodes if n.role is Role.ComboBox and "Profile" in n.names]
    assert len(profile) == 1
    assert "Profile" in profile[0].labels  # the buddy label, as AT-SPI relates it
    combo = QAccessible.queryAccessibleInterface(tab.profile_picker.combo)
    assert combo is not None
    assert combo.text(QAccessible.Text.Value) == "portal-prod"


async def test_empty_state_and_dialogs_are_named(window: MainWindow) -> None:
    tab = window.show_platform(Platform.WIX)
    assert tab.empty.isVisibleTo(window)
    assert unnamed_controls(tree(window)) == []
    names = {name for node in tree(window) for name in node.names}
    assert {"Add a profile", "Try the sandbox"} <= names
    tab.add_profile()
    dialog = tab.profile_dialog
    for index in range(dialog.auth.count()):
        dialog.auth.setCurrentIndex(index)
        assert unnamed_controls(tree(dialog)) == [], dialog.auth.currentText()
    dialog.reject()


async def test_a_trigger_fires_by_keyboard_alone(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    """Tab through the form to `target`, type, Ctrl+Enter: no mouse involved."""
    server.script(Answer(200, {"result": True}))
    assert window.services is not None
    await add_webhook_profile(window.services, server.base_url)
    tab = window.show_platform(Platform.BITRIX24)
    await tab.reload_profiles()
    tab.select_call("bitrix24.trigger")
    window.activateWindow()
    tab.call_picker.combo.setFocus()
    for _ in range(20):  # Tab until the input named "target" has the focus
        focused = QApplication.focusWidget()
        if focused is not None and focused.accessibleName() == "target":
            break
        QTest.keyClick(focused or window, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.accessibleName() == "target"
    QTest.keyClicks(focused, "DEAL_3")
    QTest.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: shown_outcome(window) == "OK", what="the keyboard-fired call")
    assert server.received[0].json() == {"target": "DEAL_3"}


async def test_sidebar_record_view_and_toolbars_are_named_and_keyboard_reachable(
    window: MainWindow, server: ScriptedServer, until: Until
) -> None:
    """The sidebar (history with a search typed, so its clear button shows; presets),
    the record view after a call, and both toolbars: every control named; Ctrl+B and
    Ctrl+H work from the keyboard; Tab goes from the history search to the list."""
    server.script(Answer(200, {"result": True}))
    assert window.services is not None and window.workbench is not None
    await add_webhook_profile(window.services, server.base_url)
    tab = window.show_platform(Platform.BITRIX24)
    await tab.reload_profiles()
    tab.select_call("bitrix24.trigger")
    tab.set_values({"target": "DEAL_3"})
    assert tab.fire() is not None
    await until(lambda: shown_outcome(window) == "OK", what="the call")
    window.activateWindow()
    window.show_sidebar(True)
    history = window.workbench.history
    QTest.keyClicks(history.filter_bar.search, "DEAL")
    await asyncio.sleep(0.05)
    nodes = tree(window)
    assert unnamed_controls(nodes) == []
    names = {name for node in nodes for name in node.names}
    assert {"Clear Search history", "Sidebar", "History table", "Re-run", "Delete"} <= names
    assert {"Copy as cURL", "Diff with last success", "Save as preset"} <= names
    assert "Outcome: OK" in names  # the word, not only a fixed label
    window.sidebar.setCurrentIndex(1)  # Presets: its search's clear button too
    QTest.keyClicks(window.workbench.panels[Platform.BITRIX24].search, "x")
    await asyncio.sleep(0.05)
    assert unnamed_controls(tree(window)) == []
    assert "Clear Search presets" in {n for node in tree(window) for n in node.names}
    window.sidebar.setCurrentIndex(0)

    # Ctrl+B folds the sidebar, Ctrl+H opens the full-width table (sidebar back).
    QTest.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert not window.sidebar.isVisible()
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.isVisible() and not window.tabs.isVisible()
    assert not history.table.isColumnHidden(history.model.COL_PROFILE)  # every column
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.isVisible() and history.table.isColumnHidden(history.model.COL_PROFILE)

    # From the search field, Tab reaches the list (through the four filters).
    history.filter_bar.search.setFocus()
    for _ in range(8):
        if QApplication.focusWidget() is history.table:
            break
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is history.table
