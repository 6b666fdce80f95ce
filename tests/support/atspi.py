"""A small AT-SPI client over D-Bus (jeepney): what a screen reader or a UI script sees.

No libatspi, no GObject: plain D-Bus calls on the accessibility bus, so the tests see
exactly what Orca or a script would. The accessibility bus is a D-Bus daemon of its own;
its address comes from `org.a11y.Bus.GetAddress` on the session bus. There the registry
(`org.a11y.atspi.Registry`, object `/org/a11y/atspi/accessible/root`) lists one child
per accessible application; each application is walked with `org.a11y.atspi.Accessible`
and driven with `EditableText`, `Action`, `Selection` and `Component`. `Keyboard` types
through the registry's DeviceEventController (XTest on X11), and `focus_x_window` does
the one thing a window manager would on a bare Xvfb: give the new window the focus.

    with Atspi.connect() as atspi:
        app = atspi.wait_for_application("Trigger Desk", timeout=10)
        nodes = snapshot(app)
        find(nodes, role="push button", name="Fire").ref.do_action("Press")

`python -m tests.support.atspi session ...` is the other half used by
tests/ui/test_atspi.py: run inside a private D-Bus session (scripts/with-keyring.sh),
it starts the accessibility bus, stores profiles with the CLI, starts Trigger Desk and
writes the accessibility bus address to a file, then waits to be told to stop.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from jeepney import DBusAddress, MessageType, Properties, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.wrappers import DBusErrorResponse

A11Y_BUS = DBusAddress("/org/a11y/bus", "org.a11y.Bus", "org.a11y.Bus")
REGISTRY = "org.a11y.atspi.Registry"
ROOT_PATH = "/org/a11y/atspi/accessible/root"
NULL_PATH = "/org/a11y/atspi/null"

ACCESSIBLE = "org.a11y.atspi.Accessible"
ACTION = "org.a11y.atspi.Action"
COMPONENT = "org.a11y.atspi.Component"
EDITABLE_TEXT = "org.a11y.atspi.EditableText"
SELECTION = "org.a11y.atspi.Selection"
TEXT = "org.a11y.atspi.Text"
VALUE = "org.a11y.atspi.Value"

# AtspiStateType, in bit order (at-spi2-core's atspi-constants.h); GetState answers
# two 32-bit words with bit n of the set in word n // 32.
STATE_NAMES = (
    "invalid", "active", "armed", "busy", "checked", "collapsed", "defunct", "editable",
    "enabled", "expandable", "expanded", "focusable", "focused", "has-tooltip",
    "horizontal", "iconified", "modal", "multi-line", "multiselectable", "opaque",
    "pressed", "resizable", "selectable", "selected", "sensitive", "showing",
    "single-line", "stale", "transient", "vertical", "visible", "manages-descendants",
    "indeterminate", "required", "truncated", "animated", "invalid-entry",
    "supports-autocompletion", "selectable-text", "is-default", "visited", "checkable",
    "has-popup", "read-only",
)  # fmt: skip
# AtspiRelationType values used here.
RELATION_LABELLED_BY = 2

# Roles (GetRoleName) a user operates: each must say what it is to a screen reader.
CONTROL_ROLES = frozenset(
    {
        "push button",
        "toggle button",
        "check box",
        "radio button",
        "combo box",
        "text",
        "password text",
        "entry",
        "spin button",
        "slider",
        "page tab",
        "menu item",
        "check menu item",
        "radio menu item",
        "link",
    }
)

T = TypeVar("T")


class AtspiError(Exception):
    """A D-Bus error answered by the accessibility bus or the application."""


# --- connection ------------------------------------------------------------------------


def a11y_bus_address(session_bus: str = "SESSION", timeout: float = 5.0) -> str:
    """The accessibility bus address, asked of `org.a11y.Bus` on the session bus.

    Asking when no launcher owns the name makes D-Bus start one (its service file);
    callers that start their own launcher wait for the name first (`name_has_owner`).
    """
    connection = open_dbus_connection(session_bus)
    try:
        reply = connection.send_and_get_reply(
            new_method_call(A11Y_BUS, "GetAddress"), timeout=timeout
        )
    finally:
        connection.close()
    if reply.header.message_type is MessageType.error:
        raise AtspiError(f"org.a11y.Bus.GetAddress failed: {reply.body}")
    return str(reply.body[0])


def name_has_owner(name: str, session_bus: str = "SESSION", timeout: float = 5.0) -> bool:
    """Whether a bus name is owned now (asking never starts its service)."""
    bus = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")
    connection = open_dbus_connection(session_bus)
    try:
        reply = connection.send_and_get_reply(
            new_method_call(bus, "NameHasOwner", "s", (name,)), timeout=timeout
        )
    finally:
        connection.close()
    return bool(reply.body and reply.body[0])


def poll(probe: Callable[[], T | None], timeout: float, what: str, interval: float = 0.1) -> T:
    """Call `probe` until it returns something other than None (or fail after `timeout`).

    An AtspiError or TimeoutError while polling counts as "not yet": objects come and
    go while a window is being built.
    """
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        try:
            found = probe()
        except (AtspiError, TimeoutError) as error:
            found, last_error = None, error
        if found is not None:
            return found
        if time.monotonic() > deadline:
            why = f" (last error: {last_error})" if last_error else ""
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}{why}")
        time.sleep(interval)


class Atspi:
    """One connection to the accessibility bus; every call is bounded by `timeout`."""

    def __init__(self, address: str, timeout: float = 5.0) -> None:
        self.address = address
        self.timeout = timeout
        self._connection: DBusConnection = open_dbus_connection(address)

    @classmethod
    def connect(cls, session_bus: str = "SESSION", timeout: float = 5.0) -> Atspi:
        """Connect to the accessibility bus of this (or the given) D-Bus session."""
        return cls(a11y_bus_address(session_bus, timeout), timeout)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Atspi:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- raw calls ---------------------------------------------------------------------

    def call(
        self,
        bus: str,
        path: str,
        interface: str,
        method: str,
        signature: str | None = None,
        body: tuple[Any, ...] = (),
    ) -> tuple[Any, ...]:
        message = new_method_call(DBusAddress(path, bus, interface), method, signature, body)
        reply = self._connection.send_and_get_reply(message, timeout=self.timeout)
        if reply.header.message_type is MessageType.error:
            raise AtspiError(f"{interface}.{method} on {bus}{path}: {reply.body}")
        return tuple(reply.body)

    def get_property(self, bus: str, path: str, interface: str, name: str) -> Any:
        message = Properties(DBusAddress(path, bus, interface)).get(name)
        reply = self._connection.send_and_get_reply(message, timeout=self.timeout)
        if reply.header.message_type is MessageType.error:
            raise AtspiError(f"{interface}.{name} on {bus}{path}: {reply.body}")
        return reply.body[0][1]  # a variant: (signature, value)

    def set_property(
        self, bus: str, path: str, interface: str, name: str, signature: str, value: Any
    ) -> None:
        message = Properties(DBusAddress(path, bus, interface)).set(name, signature, value)
        reply = self._connection.send_and_get_reply(message, timeout=self.timeout)
        if reply.header.message_type is MessageType.error:
            raise AtspiError(f"setting {interface}.{name} on {bus}{path}: {reply.body}")

    # --- the desktop -------------------------------------------------------------------

    def desktop(self) -> Accessible:
        """The registry's root: one child per accessible application."""
        return Accessible(self, REGISTRY, ROOT_PATH)

    def applications(self) -> list[Accessible]:
        return self.desktop().children()

    def application(self, name: str) -> Accessible | None:
        """The first application whose accessible name is `name` (None when none yet)."""
        for app in self.applications():
            with contextlib.suppress(AtspiError, TimeoutError, DBusErrorResponse):
                if app.name == name:
                    return app
        return None

    def wait_for_application(self, name: str, timeout: float) -> Accessible:
        return poll(lambda: self.application(name), timeout, f"application {name!r}")


# --- objects ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Accessible:
    """A reference to one accessible object: (bus name, object path) on the bus."""

    atspi: Atspi = field(repr=False, compare=False)
    bus: str
    path: str

    def _ref(self, pair: Sequence[str]) -> Accessible | None:
        bus, path = pair
        if not bus or path == NULL_PATH:
            return None
        return Accessible(self.atspi, bus, path)

    def _call(
        self, interface: str, method: str, signature: str | None = None, *args: Any
    ) -> tuple[Any, ...]:
        return self.atspi.call(self.bus, self.path, interface, method, signature, args)

    # --- Accessible ------------------------------------------------------------------

    @property
    def name(self) -> str:
        return str(self.atspi.get_property(self.bus, self.path, ACCESSIBLE, "Name"))

    @property
    def description(self) -> str:
        return str(self.atspi.get_property(self.bus, self.path, ACCESSIBLE, "Description"))

    def role_name(self) -> str:
        """The role as at-spi names it: "push button", "page tab", "text", ..."""
        return str(self._call(ACCESSIBLE, "GetRoleName")[0])

    def states(self) -> frozenset[str]:
        words = self._call(ACCESSIBLE, "GetState")[0]
        return frozenset(
            name
            for bit, name in enumerate(STATE_NAMES)
            if bit // 32 < len(words) and words[bit // 32] & (1 << (bit % 32))
        )

    def interfaces(self) -> list[str]:
        return [str(name) for name in self._call(ACCESSIBLE, "GetInterfaces")[0]]

    def children(self) -> list[Accessible]:
        found = (self._ref(pair) for pair in self._call(ACCESSIBLE, "GetChildren")[0])
        return [child for child in found if child is not None]

    def labelled_by(self) -> list[Accessible]:
        """The objects a LABELLED_BY relation points at (a form label, usually)."""
        labels: list[Accessible] = []
        for kind, targets in self._call(ACCESSIBLE, "GetRelationSet")[0]:
            if kind == RELATION_LABELLED_BY:
                labels += [ref for ref in map(self._ref, targets) if ref is not None]
        return labels

    # --- Text / EditableText / Value -------------------------------------------------

    def text(self) -> str:
        return str(self._call(TEXT, "GetText", "ii", 0, -1)[0])

    def set_text(self, text: str) -> None:
        """Replace the whole text, as typing would (EditableText.SetTextContents)."""
        if not self._call(EDITABLE_TEXT, "SetTextContents", "s", text)[0]:
            raise AtspiError(f"SetTextContents refused by {self}")

    @property
    def value(self) -> float:
        return float(self.atspi.get_property(self.bus, self.path, VALUE, "CurrentValue"))

    def set_value(self, value: float) -> None:
        self.atspi.set_property(self.bus, self.path, VALUE, "CurrentValue", "d", float(value))

    # --- Action / Selection / Component ----------------------------------------------

    def actions(self) -> list[str]:
        count = int(self.atspi.get_property(self.bus, self.path, ACTION, "NActions"))
        return [str(self._call(ACTION, "GetName", "i", index)[0]) for index in range(count)]

    def do_action(self, action: str | int = 0) -> None:
        """Run an action by index or by name ("Press", "SetFocus", "Toggle", ...)."""
        if isinstance(action, str):
            names = self.actions()
            # Qt versions spell some actions differently ("Show Menu" / "ShowMenu").
            squeezed = [name.replace(" ", "") for name in names]
            if action.replace(" ", "") not in squeezed:
                raise AtspiError(f"{self} has no action {action!r}; it offers {names}")
            action = squeezed.index(action.replace(" ", ""))
        if not self._call(ACTION, "DoAction", "i", action)[0]:
            raise AtspiError(f"DoAction({action}) refused by {self}")

    def select_child(self, index: int) -> None:
        if not self._call(SELECTION, "SelectChild", "i", index)[0]:
            raise AtspiError(f"SelectChild({index}) refused by {self}")

    def grab_focus(self) -> bool:
        return bool(self._call(COMPONENT, "GrabFocus")[0])


# --- the keyboard ----------------------------------------------------------------------

DEVICE_EVENT_CONTROLLER = "org.a11y.atspi.DeviceEventController"
DEC_PATH = "/org/a11y/atspi/registry/deviceeventcontroller"
# AtspiKeySynthType
KEY_SYM, KEY_STRING, KEY_LOCK_MODIFIERS, KEY_UNLOCK_MODIFIERS = 3, 4, 5, 6
# X11 modifier masks and keysyms used by the tests.
SHIFT, CONTROL = 1 << 0, 1 << 2
XK_TAB, XK_RETURN, XK_HOME, XK_DOWN = 0xFF09, 0xFF0D, 0xFF50, 0xFF54


class Keyboard:
    """Key presses synthesised by the registry (XTest on X11), as on-screen keyboards
    and scripts do: they go to whatever widget has the keyboard focus."""

    def __init__(self, atspi: Atspi) -> None:
        self.atspi = atspi

    def _generate(self, keycode: int, keystring: str, kind: int) -> None:
        self.atspi.call(
            REGISTRY,
            DEC_PATH,
            DEVICE_EVENT_CONTROLLER,
            "GenerateKeyboardEvent",
            "isu",
            (keycode, keystring, kind),
        )

    def type(self, text: str) -> None:
        """Type text, one key press per character."""
        self._generate(0, text, KEY_STRING)

    def press(self, keysym: int, modifiers: int = 0) -> None:
        """Press and release one key (an X keysym) with modifiers held (SHIFT|CONTROL)."""
        if modifiers:
            self._generate(modifiers, "", KEY_LOCK_MODIFIERS)
        try:
            self._generate(keysym, "", KEY_SYM)
        finally:
            if modifiers:
                self._generate(modifiers, "", KEY_UNLOCK_MODIFIERS)


# --- the one thing a window manager does that Xvfb does not ----------------------------


def _pad4(length: int) -> int:
    return (length + 3) & ~3


class _X11:
    """Just enough of the X11 protocol (unix socket, no auth) to move the input focus."""

    def __init__(self, display: str, timeout: float) -> None:
        number = display.split(":", 1)[1].split(".", 1)[0]
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        try:
            self.sock.connect(f"/tmp/.X11-unix/X{number}")
            self.sock.sendall(struct.pack("<BxHHHHxx", 0x6C, 11, 0, 0, 0))  # little-endian
            status, _, _major, _minor, words = struct.unpack("<BBHHH", self._read(8))
            setup = self._read(words * 4)
            if status != 1:
                raise OSError(f"X server refused the connection: {setup[: words * 4]!r}")
            (vendor,) = struct.unpack_from("<H", setup, 16)
            (formats,) = struct.unpack_from("<B", setup, 21)
            (self.root,) = struct.unpack_from("<I", setup, 32 + _pad4(vendor) + 8 * formats)
        except BaseException:
            self.sock.close()
            raise

    def close(self) -> None:
        self.sock.close()

    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                raise OSError("the X server closed the connection")
            data += chunk
        return data

    def request(self, data: bytes) -> bytes:
        """Send one request that has a reply; return the whole reply."""
        self.sock.sendall(data)
        head = self._read(32)
        if head[0] == 0:
            raise OSError(f"X error {head[1]} for request {data[0]}")
        (words,) = struct.unpack_from("<I", head, 4)
        return head + self._read(words * 4)

    def top_windows(self) -> list[int]:
        reply = self.request(struct.pack("<BxHI", 15, 2, self.root))  # QueryTree
        (count,) = struct.unpack_from("<H", reply, 16)
        return list(struct.unpack_from(f"<{count}I", reply, 32))

    def viewable(self, window: int) -> bool:
        reply = self.request(struct.pack("<BxHI", 3, 2, window))  # GetWindowAttributes
        return reply[26] == 2  # map-state Viewable

    def title(self, window: int) -> str:
        # GetProperty(WM_NAME, AnyPropertyType), the first 256 bytes
        reply = self.request(struct.pack("<BBHIIIII", 20, 0, 6, window, 39, 0, 0, 64))
        fmt = reply[1]
        (count,) = struct.unpack_from("<I", reply, 16)
        return reply[32 : 32 + count * max(fmt // 8, 1)].decode("utf-8", "replace")

    def focus(self, window: int) -> int:
        self.sock.sendall(struct.pack("<BBHII", 42, 1, 3, window, 0))  # SetInputFocus
        reply = self.request(struct.pack("<BxH", 43, 1))  # GetInputFocus: the round trip
        return int(struct.unpack_from("<I", reply, 8)[0])


def focus_x_window(display: str, title: str, timeout: float = 5.0) -> bool:
    """Give the keyboard focus to the shown top-level X window titled `title`.

    On a desktop the window manager does this when a window opens; a bare X server
    (Xvfb) has none, so the window would never become active: typing still reaches its
    focused widget, but window shortcuts (Ctrl+Enter) and the "focused" state would not.
    """
    x = _X11(display, timeout)
    try:
        for window in x.top_windows():
            if x.viewable(window) and x.title(window) == title:
                return x.focus(window) == window
        return False
    finally:
        x.close()


# --- snapshots -------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """What one object said when the tree was walked (kept for assertions and dumps)."""

    ref: Accessible = field(repr=False)
    role: str
    name: str
    states: frozenset[str]
    depth: int
    path: str  # "frame:Trigger Desk/filler:Platforms/..." for messages
    labels: tuple[str, ...] = ()  # names of its LABELLED_BY targets (controls only)

    @property
    def label(self) -> str:
        """The name, or failing that the text of its label (how Orca would read it)."""
        return self.name.strip() or " ".join(text for text in self.labels if text.strip())

    @property
    def focusable(self) -> bool:
        return "focusable" in self.states

    @property
    def showing(self) -> bool:
        return "showing" in self.states or "visible" in self.states

    def describe(self) -> str:
        marks = ",".join(sorted(self.states & {"focusable", "focused", "enabled", "showing"}))
        labels = f" labelled by {list(self.labels)}" if self.labels else ""
        return f"{self.path} [{marks}]{labels}"


def snapshot(root: Accessible, *, only_showing: bool = True, max_depth: int = 40) -> list[Node]:
    """Every object under `root`, depth first; a hidden object hides its whole subtree
    (the other tab's page, a closed popup), as it does on screen."""
    nodes: list[Node] = []

    def visit(ref: Accessible, depth: int, trail: str) -> None:
        try:
            role, name, states = ref.role_name(), ref.name, ref.states()
        except (AtspiError, DBusErrorResponse):  # gone while walking: skip it
            return
        if only_showing and depth > 0 and "visible" not in states:
            return
        here = f"{trail}/{role}:{name}" if trail else f"{role}:{name}"
        labels: tuple[str, ...] = ()
        if role in CONTROL_ROLES:
            with contextlib.suppress(AtspiError):
                labels = tuple(label.name for label in ref.labelled_by())
        nodes.append(Node(ref, role, name, states, depth, here, labels))
        if depth >= max_depth:
            return
        try:
            children = ref.children()
        except AtspiError:
            return
        for child in children:
            visit(child, depth + 1, here)

    visit(root, 0, "")
    return nodes


def find_all(
    nodes: Sequence[Node], *, role: str | None = None, name: str | None = None
) -> list[Node]:
    return [
        node
        for node in nodes
        if (role is None or node.role == role) and (name is None or node.name == name)
    ]


def find(nodes: Sequence[Node], *, role: str | None = None, name: str | None = None) -> Node:
    """Exactly one node with that role and name, or an AssertionError listing what is there."""
    found = find_all(nodes, role=role, name=name)
    if len(found) != 1:
        near = sorted({f"{node.role}:{node.name}" for node in nodes if node.role == role})
        raise AssertionError(
            f"expected one {role or 'object'} named {name!r}, found {len(found)}; there are: {near}"
        )
    return found[0]


def unnamed_controls(nodes: Sequence[Node]) -> list[str]:
    """Focusable inputs and buttons that a screen reader could only call "button"."""
    return [
        node.describe()
        for node in nodes
        if node.role in CONTROL_ROLES and node.focusable and node.showing and not node.label
    ]


def dump(nodes: Sequence[Node]) -> str:
    """The tree as indented text: role, name, the states that matter to a user."""
    lines = []
    for node in nodes:
        states = sorted(node.states & {"focusable", "focused", "checked", "selected", "editable"})
        extra = f"  [{', '.join(states)}]" if states else ""
        labels = f"  (labelled by {', '.join(map(repr, node.labels))})" if node.labels else ""
        lines.append(f"{'  ' * node.depth}{node.role}: {node.name!r}{extra}{labels}")
    return "\n".join(lines)


# --- the session host (run inside scripts/with-keyring.sh) ------------------------------

BUS_LAUNCHERS = (
    "/usr/libexec/at-spi-bus-launcher",
    "/usr/lib/at-spi2-core/at-spi-bus-launcher",  # Debian before bookworm
)


def find_bus_launcher() -> str | None:
    return next((path for path in BUS_LAUNCHERS if os.access(path, os.X_OK)), None)


def _stop(process: subprocess.Popen[bytes] | None, grace: float) -> None:
    """SIGTERM, wait up to `grace` seconds, then SIGKILL: only this one process."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(data), encoding="utf-8")
    partial.replace(path)  # atomic: the reader never sees half a file


def run_session(args: argparse.Namespace) -> int:
    """Accessibility bus, stored profiles, Trigger Desk; until SIGTERM or the app ends.

    Writes `{"a11y_bus", "app_pid", "host_pid"}` to `--ready` when all is up, or
    `{"error": ...}` when something did not start.
    """
    ready = Path(args.ready)
    launcher: subprocess.Popen[bytes] | None = None
    app: subprocess.Popen[bytes] | None = None
    stopping = False

    def on_term(_signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    try:
        binary = find_bus_launcher()
        if binary is None:
            _write_json(ready, {"error": "at-spi-bus-launcher not found"})
            return 3
        runtime = Path(args.runtime_dir)
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        # The launcher puts the bus socket under XDG_RUNTIME_DIR: keep it in tmp.
        launcher = subprocess.Popen(
            [binary, "--launch-immediately"],
            env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        poll(
            lambda: True if name_has_owner("org.a11y.Bus") else None,
            args.timeout,
            "the accessibility bus launcher",
        )
        address = a11y_bus_address(timeout=args.timeout)

        # Profiles to store first, as JSON on stdin (never in argv: they carry secrets):
        # [{"args": [NAME, "--platform", ...], "secrets": "KEY=VALUE\\n..."}, ...]
        for profile in json.loads(sys.stdin.read() or "[]"):
            added = subprocess.run(
                [sys.executable, "-m", "trigger_desk", "profiles", "add", *profile["args"]],
                input=profile.get("secrets", "").encode(),
                capture_output=True,
                timeout=args.timeout,
                check=False,
            )
            if added.returncode != 0:
                why = added.stderr.decode(errors="replace").strip()
                _write_json(ready, {"error": f"profiles add {profile['args'][0]}: {why}"})
                return 4

        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "QT_ACCESSIBILITY": "1",
            "XDG_RUNTIME_DIR": str(runtime),
        }
        with open(args.app_log, "wb") as log:
            app = subprocess.Popen(
                [args.app] if args.app else [sys.executable, "-m", "trigger_desk"],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        _write_json(ready, {"a11y_bus": address, "app_pid": app.pid, "host_pid": os.getpid()})
        while not stopping and app.poll() is None:
            time.sleep(0.05)
        status = app.poll()
        return 0 if status is None else (status or 0)
    except Exception as error:
        with contextlib.suppress(OSError):
            _write_json(ready, {"error": f"{type(error).__name__}: {error}"})
        return 5
    finally:
        _stop(app, 8)  # the window cancels calls and closes its client on SIGTERM
        _stop(launcher, 3)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.support.atspi")
    commands = parser.add_subparsers(dest="command", required=True)
    session = commands.add_parser(
        "session", help="start the accessibility bus, profiles and Trigger Desk (see module doc)"
    )
    session.add_argument("--ready", required=True, help="file to write the bus address to")
    session.add_argument("--runtime-dir", required=True, help="XDG_RUNTIME_DIR for the buses")
    session.add_argument("--app-log", required=True, help="file for the app's stdout+stderr")
    session.add_argument(
        "--app", help="executable to start instead of `python -m trigger_desk` (a frozen build)"
    )
    session.add_argument("--timeout", type=float, default=10.0)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return run_session(_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
