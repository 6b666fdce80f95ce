"""Screenshots of the "Fire for many…" dialog in docs/screenshots/ (1280x800): the
checked items with a bad row, the plan, the progress, the results; light and dark.

Runs the real dialog against the built-in sandbox on a free port, over temporary
data folders and an in-memory secret store (no keyring is touched).

    xvfb-run -s "-screen 0 1280x800x24" uv run python scripts/screenshots_bulk.py
    uv run python scripts/screenshots_bulk.py          # offscreen, without Xvfb
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import screenshots as shots  # noqa: E402  (its window set-up, shared)

OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 800)


def _isolate() -> Path:
    base = Path(tempfile.mkdtemp(prefix="trigger-desk-bulk-shots-"))
    for kind in ("CONFIG", "DATA", "STATE", "CACHE"):
        os.environ[f"XDG_{kind}_HOME"] = str(base / kind.lower())
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return base


async def _shoot(scheme: str, base: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from trigger_desk.core.calls import CALLS
    from trigger_desk.ui.bulk.dialog import BulkDialog

    suffix = "" if scheme == "light" else "-dark"
    saved: list[Path] = []
    services = shots._services(base, sandbox_port=0)
    profiles, _note = await services.start_sandbox()
    hook = next(p for p in profiles if p.name.startswith("sandbox-webhook"))
    # A small bucket (10, draining 2/s) so the progress view shows a run under way.
    hook = await services.save_profile(
        replace(hook, settings={**hook.settings, "rate_limit": "10/2"}),
        await services.secrets_for(hook),
        replace=True,
    )
    dialog = BulkDialog(services, CALLS["bitrix24.trigger"], hook, {"code": "c5u4m"})
    dialog.resize(*SIZE)
    dialog.show()

    def save(name: str) -> None:
        QApplication.processEvents()
        path = OUT / f"{name}{suffix}.png"
        dialog.grab().save(str(path))
        saved.append(path)

    page = dialog.source_page
    page.sources.setCurrentIndex(1)
    lines = [
        "https://portal.bitrix24.com/crm/deal/details/57/",
        "DEAL_58",
        "https://portal.bitrix24.com/crm/contact/details/5/",
        "https://portal.bitrix24.com/crm/type/128/details/5/",
        "LEAD_12",
        "DEAL_x",
    ]
    page.pasted.setPlainText("\n".join(lines))
    page.check_button.click()
    await shots._until(lambda: dialog.task is not None and dialog.task.done(), timeout=30.0)
    await asyncio.sleep(0.3)
    save("bulk-bad-rows")

    page.pasted.setPlainText("\n".join(f"DEAL_{i}" for i in range(1, 3001)))
    page.check_button.click()
    await shots._until(lambda: dialog.task is not None and dialog.task.done(), timeout=30.0)
    page.fire_button.click()
    await asyncio.sleep(0.3)
    save("bulk-plan")

    page.confirm_button.click()
    await shots._until(lambda: dialog.progress_page.bar.value() >= 700, timeout=30.0)
    await asyncio.sleep(0.3)
    save("bulk-progress")

    dialog.progress_page.cancel_button.click()
    await shots._until(lambda: dialog.pages.currentWidget() is dialog.results_page, timeout=30.0)
    await asyncio.sleep(0.3)
    save("bulk-results")
    dialog.close()
    dialog.deleteLater()
    await services.aclose()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scheme", choices=("light", "dark", "both"), default="both")
    args = parser.parse_args()
    if args.scheme == "both":  # one process per scheme: a fresh palette
        for scheme in ("light", "dark"):
            done = subprocess.run([sys.executable, __file__, "--scheme", scheme], check=False)
            if done.returncode:
                return done.returncode
        return 0
    base = _isolate()
    OUT.mkdir(parents=True, exist_ok=True)

    import qasync
    from PySide6.QtWidgets import QApplication

    from trigger_desk.ui.shell.theme import SCHEME_ENV, apply_style

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    os.environ[SCHEME_ENV] = args.scheme
    apply_style(app)
    loop = qasync.QEventLoop(app)
    saved = loop.run_until_complete(_shoot(args.scheme, base))
    loop.close()
    for path in saved:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
