"""Trigger Desk over AT-SPI, as a screen reader or a UI script meets it. No mocks.

Everything is real: an X server (Xvfb), a private D-Bus session with a throwaway unlocked
keyring (scripts/with-keyring.sh), the accessibility bus (at-spi-bus-launcher, which
starts its own dbus-daemon and at-spi2-registryd), three profiles stored with the CLI,
Trigger Desk as a subprocess on Qt's xcb platform with its AT-SPI bridge on, and the
built-in sandbox in this process. The tests walk the accessibility tree over D-Bus
(tests/support/atspi.py, jeepney), set inputs with EditableText, press buttons and tabs
with Action, type with the registry's synthesised keys, and check what the sandbox got.

One window serves the whole module (starting it takes a few seconds); each test leaves
it on the Bitrix24 tab with the webhook-trigger call chosen.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

pytest.importorskip("jeepney", reason="jeepney (the D-Bus client) is not installed")

from tests.support.atspi import (
    CONTROL,
    SHIFT,
    XK_DOWN,
    XK_HOME,
    XK_RETURN,
    XK_TAB,
    Accessible,
    Atspi,
    AtspiError,
    Keyboard,
    Node,
    dump,
    find,
    find_all,
    find_bus_launcher,
    focus_x_window,
    snapshot,
    unnamed_controls,
)
from trigger_desk.core.calls import CALLS, calls_for
from trigger_desk.core.model import Platform
from trigger_desk.sandbox import ReceivedRequest, Sandbox

pytestmark = pytest.mark.ui

REPO = Path(__file__).resolve().parents[2]
WITH_KEYRING = REPO / "scripts" / "with-keyring.sh"
APP_NAME = "Trigger Desk"
TRIGGER = CALLS["bitrix24.trigger"]
PORTAL, STAGING, SHOP = "atspi-portal", "atspi-staging", "atspi-shop"
# Bounds on every wait; the whole module stays well under 30 s when things work.
START_TIMEOUT = 20.0
WAIT = 8.0
# Set to a built executable (dist/trigger-desk/trigger-desk) to test that instead.
FROZEN_APP_ENV = "TRIGGER_DESK_ATSPI_APP"
INPUT_ROLES = frozenset({"text", "combo box", "spin button", "password text", "entry"})

T = TypeVar("T")


def _missing_tools() -> list[str]:
    tools = ["Xvfb", "dbus-run-session", "dbus-send", "gnome-keyring-daemon", "secret-tool"]
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if find_bus_launcher() is None:
        missing.append("at-spi-bus-launcher (package at-spi2-core)")
    return missing


# --- the environment -------------------------------------------------------------------


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A private X server on a free display number (Xvfb picks it: -displayfd)."""
    missing = _missing_tools()
    if missing:
        pytest.skip(f"AT-SPI test needs {', '.join(missing)}")
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        number = b""
        deadline = time.monotonic() + 10
        while not number.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                pytest.fail("Xvfb did not report its display number within 10 s")
            chunk = os.read(read_end, 16)
            if not chunk:
                pytest.fail(f"Xvfb exited (status {xvfb.wait(5)}) before it was ready")
            number += chunk
        yield f":{number.decode().strip()}"
    finally:
        os.close(read_end)
        xvfb.terminate()
        try:
            xvfb.wait(5)
        except subprocess.TimeoutExpired:
            xvfb.kill()
            xvfb.wait(5)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(port=0) as running:
        yield running


@dataclass
class Session:
    """The process tree started under scripts/with-keyring.sh, and its output."""

    host: subprocess.Popen[bytes]
    app_log: Path
    host_log: Path

    def logs(self) -> str:
        parts = []
        for label, path in (("app output", self.app_log), ("session output", self.host_log)):
            text = path.read_text(errors="replace").strip() if path.exists() else ""
            parts.append(f"--- {label}:\n{text or '(none)'}")
        return "\n".join(parts)

    def wait(self, probe: Callable[[], T | None], what: str, timeout: float = WAIT) -> T:
        """Poll `probe` while the session lives (a D-Bus error means "not yet")."""
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while True:
            try:
                found = probe()
            except (AtspiError, TimeoutError, AssertionError, ValueError) as error:
                found, last = None, error
            if found is not None:
                return found
            if self.host.poll() is not None:
                pytest.fail(f"the window's session ended while waiting for {what}\n{self.logs()}")
            if time.monotonic() > deadline:
                why = f"\nlast: {last}" if last else ""
                pytest.fail(f"timed out after {timeout} s waiting for {what}{why}\n{self.logs()}")
            time.sleep(0.1)


@dataclass
class Desk:
    """The running window as AT-SPI shows it, and the sandbox it talks to."""

    session: Session
    atspi: Atspi
    app: Accessible
    sandbox: Sandbox

    def tree(self) -> list[Node]:
        return snapshot(self.app)

    def logs(self) -> str:
        return self.session.logs()

    def wait(self, probe: Callable[[], T | None], what: str, timeout: float = WAIT) -> T:
        return self.session.wait(probe, what, timeout)

    def wait_node(self, what: str, match: Callable[[Node], bool], timeout: float = WAIT) -> Node:
        return self.wait(lambda: next((n for n in self.tree() if match(n)), None), what, timeout)


def _profiles(sandbox: Sandbox) -> list[dict[str, Any]]:
    """What the session stores with `trigger-desk profiles add` (secrets go on stdin)."""
    seed = sandbox.seed
    return [
        {
            "args": [PORTAL, "--platform", "bitrix24", "--auth", "webhook"],
            "secrets": f"webhook_url={sandbox.bitrix_webhook_url}\n",
        },
        {
            # Never called: only here to be listed.
            "args": [STAGING, "--platform", "bitrix24", "--auth", "webhook"],
            "secrets": "webhook_url=http://127.0.0.1:9/rest/1/stagingwebhook0/\n",
        },
        {
            "args": [
                SHOP, "--platform", "wix", "--auth", "api-key",
                "--set", f"site_id={seed.wix_site_id}", "--set", f"api_base={sandbox.wix_api_base}",
            ],
            "secrets": f"api_key={seed.wix_api_key}\n",
        },
    ]  # fmt: skip


def _stop_session(host: subprocess.Popen[bytes], host_pid: int | None) -> None:
    """Ask the session host to close the window (it then closes the buses and the
    keyring); kill the whole process group only if that does not end it in time."""
    if host.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            if host_pid is not None:
                os.kill(host_pid, signal.SIGTERM)
            else:
                os.killpg(host.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            host.wait(15)
    # Anything of ours still alive in the session's process group (it was started in a
    # new session, so the group holds only what this fixture started).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(host.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        host.wait(5)


@pytest.fixture(scope="module")
def desk(
    display: str, sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Desk]:
    """Trigger Desk in its own D-Bus session, keyring and accessibility bus."""
    root = tmp_path_factory.mktemp("atspi")
    ready, app_log, host_log = root / "ready.json", root / "app.log", root / "session.log"
    env = {key: value for key, value in os.environ.items() if key != "WAYLAND_DISPLAY"}
    env.pop("QT_QPA_PLATFORM", None)  # the session host puts the app on xcb
    env["DISPLAY"] = display
    for kind in ("config", "data", "state", "cache"):
        folder = root / "xdg" / kind
        folder.mkdir(parents=True)
        env[f"XDG_{kind.upper()}_HOME"] = str(folder)
    command = [
        "bash", str(WITH_KEYRING), sys.executable, "-m", "tests.support.atspi", "session",
        "--ready", str(ready), "--runtime-dir", str(root / "runtime"),
        "--app-log", str(app_log), "--timeout", "10",
    ]  # fmt: skip
    frozen = os.environ.get(FROZEN_APP_ENV, "").strip()
    if frozen:  # check a PyInstaller build instead of the source tree
        command += ["--app", str(Path(frozen).resolve())]
    with open(host_log, "wb") as log:
        host = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    atspi: Atspi | None = None
    host_pid: int | None = None
    try:
        assert host.stdin is not None
        host.stdin.write(json.dumps(_profiles(sandbox)).encode())
        host.stdin.close()
        session = Session(host, app_log, host_log)
        info: dict[str, Any] = session.wait(
            lambda: json.loads(ready.read_text()) if ready.exists() else None,
            "the session (keyring, accessibility bus, profiles, app)",
            START_TIMEOUT,
        )
        if "error" in info:
            pytest.fail(f"the session did not start: {info['error']}\n{session.logs()}")
        host_pid = int(info["host_pid"])
        atspi = Atspi(info["a11y_bus"], timeout=5)
        app = session.wait(
            lambda: atspi.application(APP_NAME), f"{APP_NAME} on the bus", START_TIMEOUT
        )
        running = Desk(session, atspi, app, sandbox)
        # Booted: the profiles are read from the keyring and the Fire button is there.
        running.wait_node(
            f"profile {PORTAL} in the Bitrix24 tab",
            lambda node: node.role == "combo box" and node.name == PORTAL,
            START_TIMEOUT,
        )
        # What a window manager does when a window opens: give it the keyboard focus.
        assert focus_x_window(display, APP_NAME), "no shown X window titled " + APP_NAME
        running.wait_node(
            "the window to be active",
            lambda node: node.role == "frame" and "active" in node.states,
        )
        yield running
    finally:
        if atspi is not None:
            atspi.close()
        _stop_session(host, host_pid)


# --- helpers ---------------------------------------------------------------------------


def platform_tabs(nodes: list[Node]) -> list[Node]:
    """The page tabs of the tab list that holds "Bitrix24" (not the sidebar or record tabs)."""
    lists = [
        node
        for node in nodes
        if node.role == "page tab list"
        and any(child.name == "Bitrix24" for child in node.ref.children())
    ]
    assert len(lists) == 1, dump(nodes)
    return [n for n in nodes if n.role == "page tab" and n.path.startswith(lists[0].path + "/")]


def show_tab(desk: Desk, name: str) -> list[Node]:
    """Press a platform tab (Action "Press") and wait until it is the selected one."""
    tab = next(node for node in platform_tabs(desk.tree()) if node.name == name)
    tab.ref.do_action("Press")

    def shown() -> list[Node] | None:
        nodes = desk.tree()
        tabs = {node.name: node for node in platform_tabs(nodes)}
        return nodes if "selected" in tabs[name].states else None

    return desk.wait(shown, f"the {name} tab to be selected")


def labelled(nodes: list[Node], label: str, role: str = "combo box") -> Node:
    """The one control whose LABELLED_BY relation points at a label reading `label`.

    Qt names a combo box by its current item over AT-SPI (on Linux the label is
    conveyed by the relation instead), so the pickers are found through their labels.
    """
    found = [node for node in nodes if node.role == role and label in node.labels]
    assert len(found) == 1, f"{len(found)} {role}s labelled {label!r}\n{dump(nodes)}"
    return found[0]


def select_call(desk: Desk, keys: Keyboard, index: int, title: str) -> list[Node]:
    """Pick the `index`-th call from the Call box as a keyboard user does: open its list
    (Action "Show Menu"), Home, Down `index` times, Return."""
    picker = labelled(desk.tree(), "Call")
    if picker.name == title:
        return desk.tree()
    picker.ref.do_action("Show Menu")
    desk.wait_node(
        "the call list to open with the keyboard focus",
        lambda n: n.role == "list item" and "focused" in n.states and "/combo box:" in n.path,
    )
    keys.press(XK_HOME)
    for _ in range(index):
        keys.press(XK_DOWN)
    keys.press(XK_RETURN)

    def chosen() -> list[Node] | None:
        nodes = desk.tree()
        return nodes if labelled(nodes, "Call").name == title else None

    return desk.wait(chosen, f"the Call box to read {title!r}")


def target_editor(nodes: list[Node]) -> tuple[Node, Node]:
    """The `target` group's parts: (type combo box, item id text named `target`)."""
    group = find(nodes, role="filler", name="target")
    inside = [node for node in nodes if node.path.startswith(group.path + "/")]
    return find(inside, role="combo box"), find(inside, role="text", name="target")


def field_inputs(nodes: list[Node], name: str) -> list[Node]:
    """Editable inputs named `name` (an editable combo box counts, and so does its text)."""
    return [
        node
        for node in find_all(nodes, name=name)
        if node.role in INPUT_ROLES and "editable" in node.states and node.focusable
    ]


def wait_for_request(desk: Desk, method: str, count: int) -> ReceivedRequest:
    """The `count`-th POST to the Bitrix24 REST `method` over the sandbox's webhook."""
    seed = desk.sandbox.seed
    path = f"/rest/{seed.bitrix_user_id}/{seed.bitrix_webhook_secret}/{method}.json"

    def arrived() -> ReceivedRequest | None:
        hits = [r for r in desk.sandbox.received if r.method == "POST" and r.path == path]
        return hits[count - 1] if len(hits) >= count else None

    try:
        return desk.wait(arrived, f"POST {path}")
    except pytest.fail.Exception as failed:
        seen = [f"{r.method} {r.path}" for r in desk.sandbox.received]
        raise AssertionError(f"{failed}\nthe sandbox received: {seen}") from None


def trigger_posts(desk: Desk) -> int:
    return sum(1 for r in desk.sandbox.received if r.path.endswith(f"/{TRIGGER.method}.json"))


def clear_fields(desk: Desk) -> None:
    nodes = desk.tree()
    for spec in TRIGGER.fields:
        for node in find_all(nodes, role="text", name=spec.name):
            node.ref.set_text("")


# --- tests -----------------------------------------------------------------------------


def test_tabs_fire_button_and_stored_profiles_are_exposed(desk: Desk) -> None:
    nodes = desk.tree()
    assert find(nodes, role="frame", name=APP_NAME).depth == 1
    tabs = platform_tabs(nodes)
    assert [tab.name for tab in tabs] == ["Bitrix24", "Wix"], dump(nodes)
    assert "selected" in tabs[0].states
    assert all(tab.ref.actions() == ["Press"] for tab in tabs)

    fire = find(nodes, role="push button", name="Fire")  # exactly one: the shown tab's
    assert "Press" in fire.ref.actions()
    assert {"enabled", "focusable", "is-default"} <= fire.states

    profile = labelled(nodes, "Profile")
    assert profile.name == PORTAL  # the current profile
    listed = [item.name for item in snapshot(profile.ref, only_showing=False)[1:] if item.name]
    assert listed == [PORTAL, STAGING]  # every stored Bitrix24 profile, by name

    nodes = show_tab(desk, "Wix")
    try:
        assert labelled(nodes, "Profile").name == SHOP
        assert find(nodes, role="push button", name="Fire")
        assert find_all(nodes, name=PORTAL) == []  # the hidden tab is not in the way
    finally:
        show_tab(desk, "Bitrix24")


def test_no_focusable_input_or_button_is_unnamed(desk: Desk) -> None:
    offenders: list[str] = []
    trees: list[str] = []
    try:
        for tab in ("Bitrix24", "Wix"):
            nodes = show_tab(desk, tab)
            trees.append(f"--- {tab} tab:\n{dump(nodes)}")
            buttons = [n for n in nodes if n.role == "push button" and n.focusable]
            assert len(buttons) >= 4, trees[-1]  # the check below has something to check
            offenders += [f"{tab} tab: {path}" for path in unnamed_controls(nodes)]
    finally:
        show_tab(desk, "Bitrix24")
    assert offenders == [], "unnamed controls:\n" + "\n".join(offenders + trees)


def test_the_chosen_call_has_a_named_input_for_each_field(desk: Desk) -> None:
    nodes = desk.tree()
    assert labelled(nodes, "Call").name == TRIGGER.title
    for spec in TRIGGER.fields:
        assert len(field_inputs(nodes, spec.name)) == 1, f"input {spec.name!r}\n{dump(nodes)}"
    type_box, item = target_editor(nodes)
    assert type_box.focusable and item.focusable  # both halves of target are reachable
    assert any(label.startswith("Target item (target)") for label in type_box.labels)


def test_every_call_has_a_named_input_for_each_field(desk: Desk) -> None:
    """Each call of each tab, chosen from the keyboard: an input named by the
    platform's field name for every field, the payload editor named by its key, and
    no unnamed control in the form."""
    keys = Keyboard(desk.atspi)
    problems: list[str] = []
    try:
        for platform in Platform:
            show_tab(desk, platform.label)
            for index, call in enumerate(calls_for(platform)):
                nodes = select_call(desk, keys, index, call.title)
                names = [spec.name for spec in call.fields]
                if call.payload is not None:
                    names.append(call.payload.key)
                missing = [name for name in names if not field_inputs(nodes, name)]
                if missing:
                    problems.append(f"{call.id}: no input named {missing}\n{dump(nodes)}")
                problems += [f"{call.id}: unnamed {path}" for path in unnamed_controls(nodes)]
    finally:
        show_tab(desk, Platform.WIX.label)
        select_call(desk, keys, 0, calls_for(Platform.WIX)[0].title)
        show_tab(desk, Platform.BITRIX24.label)
        select_call(desk, keys, 0, TRIGGER.title)
    assert problems == [], "\n".join(problems)


def test_a_trigger_fires_by_setting_inputs_and_pressing_fire(desk: Desk) -> None:
    """EditableText into `target` and `code`, Action "Press" on Fire: no mouse, no keys."""
    before = len(desk.sandbox.received)
    nodes = desk.tree()
    _type, target = target_editor(nodes)
    # A whole TYPENAME_ID put into the id box splits into the type and the id.
    target.ref.set_text("DEAL_57")
    find(nodes, role="text", name="code").ref.set_text("c5u4m")

    def split() -> tuple[str, str] | None:
        type_box, item = target_editor(desk.tree())
        parts = (type_box.name, item.ref.text())
        return parts if parts == ("Deal (DEAL)", "57") else None

    desk.wait(split, "target to read type Deal (DEAL) and id 57")
    find(desk.tree(), role="push button", name="Fire").ref.do_action("Press")

    request = wait_for_request(desk, TRIGGER.method, 1)
    assert request.json == {"target": "DEAL_57", "code": "c5u4m"}
    assert len(desk.sandbox.received) == before + 1
    # The answer is shown: the Call record tab (beside the form) comes up.
    desk.wait_node(
        "the Call record tab to be selected",
        lambda n: n.role == "page tab" and n.name == "Call record" and "selected" in n.states,
    )
    clear_fields(desk)


def test_the_outcome_is_readable_after_firing(desk: Desk) -> None:
    count = trigger_posts(desk)
    nodes = desk.tree()
    target_editor(nodes)[1].ref.set_text("DEAL_58")
    find(nodes, role="push button", name="Fire").ref.do_action("Press")
    wait_for_request(desk, TRIGGER.method, count + 1)

    def outcome_shown() -> Node | None:
        nodes = desk.tree()
        # The record view: the panel that holds the response.
        body = find(nodes, role="text", name="Request")  # the record view's front tab
        panel = body.path.split("Call record/", 1)[0] + "Call record/"
        return next(
            (
                node
                for node in nodes
                if node.path.startswith(panel)
                and re.search(r"\bOK\b", f"{node.name}\n{node.ref.description}")
            ),
            None,
        )

    try:
        desk.wait(outcome_shown, "the outcome (OK) to be readable in the record view", 3)
    finally:
        clear_fields(desk)


def test_a_trigger_fires_from_the_keyboard_alone(desk: Desk) -> None:
    """Focus `code`, Shift+Tab back to target's id and type box, pick a type by its
    first letter, Tab, type the id, Ctrl+Enter: what a keyboard user does."""
    clear_fields(desk)
    keys = Keyboard(desk.atspi)
    code = find(desk.tree(), role="text", name="code")
    code.ref.do_action("Set Focus")
    desk.wait_node("code to have the focus", lambda n: n.name == "code" and "focused" in n.states)
    keys.type("call_done")
    keys.press(XK_TAB, SHIFT)  # code -> target's id
    keys.press(XK_TAB, SHIFT)  # -> target's type
    desk.wait_node(
        "target's type box to have the focus",
        lambda n: n.role == "combo box" and "focused" in n.states and "/filler:target/" in n.path,
    )
    keys.type("L")  # a closed combo box jumps to the first item starting with L
    keys.press(XK_TAB)
    keys.type("25")

    def filled() -> tuple[str, str, str] | None:
        nodes = desk.tree()
        type_box, item = target_editor(nodes)
        got = (type_box.name, item.ref.text(), find(nodes, role="text", name="code").ref.text())
        return got if got == ("Lead (LEAD)", "25", "call_done") else None

    desk.wait(filled, "the form to read Lead (LEAD), 25, call_done")
    count = trigger_posts(desk)
    keys.press(XK_RETURN, CONTROL)
    request = wait_for_request(desk, TRIGGER.method, count + 1)
    assert request.json == {"target": "LEAD_25", "code": "call_done"}
    clear_fields(desk)


def test_the_window_printed_nothing(desk: Desk) -> None:
    """Errors go to the log file and a dialog, never to the terminal."""
    assert desk.session.app_log.read_text(errors="replace") == "", desk.logs()
