"""Regenerate the README screenshots in docs/screenshots/ (1280x800, one at 1024x700).

Runs the real window against the built-in sandbox: a first-run screen, then each tab
with a form filled in and a call fired, in the light and the dark scheme. Secrets stay
in memory (no keyring is touched) and never appear on screen anyway.

    xvfb-run -s "-screen 0 1280x800x24" uv run python scripts/screenshots.py
    uv run python scripts/screenshots.py            # offscreen, without Xvfb
    uv run python scripts/screenshots.py --language ru --scheme light   # the *-ru.png

Data folders are temporary, so nothing of the user's is read or written.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 800)
SMALL = (1024, 700)


def _isolate() -> None:
    base = Path(tempfile.mkdtemp(prefix="trigger-desk-shots-"))
    for kind in ("CONFIG", "DATA", "STATE", "CACHE"):
        os.environ[f"XDG_{kind}_HOME"] = str(base / kind.lower())
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


async def _until(predicate: Callable[[], Any], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        await asyncio.sleep(0.02)


async def _settle() -> None:
    await asyncio.sleep(0.4)  # debounced preview, layout


def _services(base: Path, *, sandbox_port: int | None = None) -> Any:
    """Services over a memory keyring and history in `base`; the window's own sandbox port
    unless `sandbox_port` is given (0: a free one)."""
    import httpx

    from trigger_desk.core.engine import Engine
    from trigger_desk.services.facade import Services
    from trigger_desk.store.history import HistoryStore
    from trigger_desk.store.profiles import ProfileStore
    from trigger_desk.store.secret_sink import KeyringTokenSink
    from trigger_desk.store.secrets import MemorySecretStore

    secret_store = MemorySecretStore()
    history = HistoryStore(base / "history.sqlite3")
    client = httpx.AsyncClient()
    services = Services(
        engine=Engine(client, history=history, secret_sink=KeyringTokenSink(secret_store)),
        profiles=ProfileStore(base / "profiles.json"),
        secret_store=secret_store,
        history=history,
    )
    if sandbox_port is not None:
        services.sandbox_port = sandbox_port
    services.closers += [client.aclose, lambda: asyncio.to_thread(history.close)]
    return services


async def _shoot(scheme: str, language: str = "en") -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from trigger_desk.core.model import Platform
    from trigger_desk.ui.shell.main_window import MainWindow

    suffix = ("" if language == "en" else f"-{language}") + ("" if scheme == "light" else "-dark")
    saved: list[Path] = []
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    services = _services(Path(tempfile.mkdtemp(prefix="trigger-desk-shots-data-")))
    await window.attach(services)
    await _settle()

    def save(name: str) -> None:
        QApplication.processEvents()
        path = OUT / f"{name}{suffix}.png"
        window.grab().save(str(path))
        saved.append(path)

    save("first-run")

    sandbox = window.try_sandbox()
    assert sandbox is not None
    await sandbox

    bitrix = window.show_platform(Platform.BITRIX24)
    bitrix.select_profile("sandbox-webhook")
    bitrix.select_call("bitrix24.trigger")
    bitrix.set_values({"target": "DEAL_57", "code": "c5u4m"})
    await _settle()
    window.show_preview()
    save("bitrix24-preview")
    task = bitrix.fire()
    assert task is not None
    await task
    await _settle()
    save("bitrix24")

    wix = window.show_platform(Platform.WIX)
    wix.select_profile("sandbox-wix-app")
    wix.select_call("wix.report-event")
    wix.set_values(
        {
            "triggerKey": "my_trigger",
            "externalEntityId": "16ef8c9c-413e-4d5f-b77d-8c67c3c8ae0c",
            "idempotency.key": "order-1234-paid",
        },
        payload={"name": "John Doe"},
    )
    await _settle()
    task = wix.fire()
    assert task is not None
    await task
    await _settle()
    save("wix")

    # A refusal, to show what troubleshooting looks like.
    wix.select_call("wix.run-trigger")
    wix.set_values(
        {"triggerId": "0b7f2a11-2c3d-4e5f-8a9b-0c1d2e3f4a5b"}, payload={"firstName": "Amy"}
    )
    await _settle()
    task = wix.fire()
    assert task is not None
    await task
    await _settle()
    save("wix-not-found")

    # The full-width history table (Ctrl+H), the record view beside it.
    window.show_history_table(True)
    await _settle()
    save("history-table")
    window.show_history_table(False)

    # Presets in the sidebar, one of them asking for part of a value.
    from trigger_desk.store.presets import Preset

    assert window.workbench is not None
    window.workbench.presets.save(
        Preset(
            "Deal won",
            "bitrix24.trigger",
            {"target": "DEAL_{{deal}}", "code": "won"},
            profile="sandbox-webhook",
            description="Moves the deal to Won; asks for the deal id",
        )
    )
    window.workbench.presets.save(
        Preset("Form submitted", "bitrix24.trigger", {"target": "LEAD_25", "code": "form"})
    )
    window.show_platform(Platform.BITRIX24)
    panel = window.workbench.panels[Platform.BITRIX24]
    panel.reload()
    window.sidebar.setCurrentIndex(1)
    await _settle()
    panel.select("Deal won")
    await _settle()
    save("presets-panel")
    window.sidebar.setCurrentIndex(0)

    # A small screen: everything still there (the form scrolls, the record too).
    window.show_platform(Platform.WIX)
    window.resize(*SMALL)
    await _settle()
    save("small-window")

    await window.shutdown()
    window.deleteLater()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scheme", choices=("light", "dark", "both"), default="both")
    parser.add_argument(
        "--language", choices=("en", "ru"), default="en", help="ru: the *-ru.png shots"
    )
    args = parser.parse_args()
    if args.scheme == "both":
        # One process per scheme: a fresh palette, and fewer Qt calls per process (PySide6
        # 6.12.0 on Python 3.11 leaks a reference to None per call: see the report).
        import subprocess

        for scheme in ("light", "dark"):
            command = [sys.executable, __file__, "--scheme", scheme, "--language", args.language]
            done = subprocess.run(command, check=False)
            if done.returncode:
                return done.returncode
        return 0
    _isolate()
    OUT.mkdir(parents=True, exist_ok=True)

    import qasync
    from PySide6.QtWidgets import QApplication

    from trigger_desk.app import preload_modules
    from trigger_desk.ui.shell.theme import SCHEME_ENV, apply_style

    preload_modules()  # as the app does after its first paint

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    os.environ[SCHEME_ENV] = args.scheme
    if args.language != "en":  # as a Russian system would: catalogues, dates, numbers
        from PySide6.QtCore import QLocale

        from trigger_desk.ui.shell.language import load_catalogues

        QLocale.setDefault(QLocale(args.language))
        load_catalogues(app, args.language)
    apply_style(app)
    loop = qasync.QEventLoop(app)
    saved = loop.run_until_complete(_shoot(args.scheme, args.language))
    loop.close()
    for path in saved:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
