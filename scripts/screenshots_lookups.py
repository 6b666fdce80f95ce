"""Screenshots of the portal look-ups (1280x800): "Find…" and "From the portal…".

The real window against the built-in sandbox, each look-up's window drawn over the
main window where it opens (a dialog is a window of its own, so it is grabbed and
painted onto the main window's grab). Light scheme; temporary data folders.

    uv run python scripts/screenshots_lookups.py       # offscreen, or under xvfb-run
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import screenshots as base


async def _shoot() -> list[Path]:
    import httpx
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog, QVBoxLayout, QWidget

    from trigger_desk.core.model import Platform
    from trigger_desk.services.portal_lookups import PortalLookups
    from trigger_desk.ui.lookup.find_dialog import FindItemDialog
    from trigger_desk.ui.lookup.portal_panel import PortalItemsPanel
    from trigger_desk.ui.shell.main_window import MainWindow

    window = MainWindow()
    window.resize(*base.SIZE)
    window.show()
    services = base._services(Path(base.tempfile.mkdtemp(prefix="trigger-desk-shots-data-")))
    await window.attach(services)
    task = window.try_sandbox()
    assert task is not None
    await task
    # A busier Repairs → In Progress than the sandbox's one item.
    async with httpx.AsyncClient() as client:
        await client.post(
            f"{services.sandbox_url}/_sandbox/seed-items",
            json={"type": "DEAL", "count": 23, "stage": "C7:EXECUTING", "title": "Boiler service"},
        )
    tab = window.show_platform(Platform.BITRIX24)
    tab.select_profile("sandbox-webhook")
    tab.select_call("bitrix24.trigger")
    await base._settle()
    saved: list[Path] = []

    def save(name: str, over: QWidget, at: tuple[int, int]) -> None:
        # The window manager's frame is not in a grab: draw a plain one with the title.
        QApplication.processEvents()
        shot = window.grab()
        painter = QPainter(shot)
        painter.fillRect(shot.rect(), QColor(0, 0, 0, 60))  # the modal dimming
        top = over.grab()
        bar = 28
        frame = QRect(at[0], at[1], top.width(), top.height() + bar)
        painter.fillRect(frame.adjusted(4, 4, 4, 4), QColor(0, 0, 0, 50))  # shadow
        painter.fillRect(QRect(at[0], at[1], top.width(), bar), QColor("#dfe3e8"))
        painter.setPen(QColor("#202020"))
        painter.drawText(
            QRect(at[0] + 10, at[1], top.width() - 20, bar),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            over.windowTitle(),
        )
        painter.drawPixmap(QPoint(at[0], at[1] + bar), top)
        painter.setPen(QColor("#8a8f96"))
        painter.drawRect(frame.adjusted(0, 0, -1, -1))
        painter.end()
        path = base.OUT / f"{name}.png"
        shot.save(str(path))
        saved.append(path)

    profile = tab.current_profile()
    assert profile is not None
    lookups = PortalLookups(services)
    find = FindItemDialog(lookups, profile, "DEAL", window)
    find.resize(760, 380)
    find.show()
    QTest.keyClicks(find.search, "repair")
    await base._until(lambda: find.results.topLevelItemCount() > 0)
    QTest.keyClick(find.search, Qt.Key.Key_Down)
    await base._settle()
    save("find", find, (300, 318))  # below the target row and its Find… button
    find.close()

    dialog = QDialog(window)
    dialog.setWindowTitle("Fire for many: From the portal… (sandbox-webhook)")
    dialog.resize(980, 560)
    panel = PortalItemsPanel(lookups, profile, dialog)
    QVBoxLayout(dialog).addWidget(panel)
    dialog.show()
    panel.load_stages()
    await base._until(lambda: panel.funnel_combo.count() == 3 and not panel.busy)
    panel.funnel_combo.setCurrentIndex(1)  # Repairs
    await base._until(lambda: not panel.busy and panel._counts is not None)
    panel.stage_combo.setCurrentIndex(1)  # In Progress
    await base._until(lambda: not panel.busy and bool(panel.items))
    await base._settle()
    save("from-the-portal", dialog, (150, 110))
    dialog.close()

    await window.shutdown()
    window.deleteLater()
    return saved


def main() -> int:
    base._isolate()
    base.OUT.mkdir(parents=True, exist_ok=True)
    import qasync
    from PySide6.QtWidgets import QApplication

    from trigger_desk.ui.shell.theme import SCHEME_ENV, apply_style

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    os.environ[SCHEME_ENV] = "light"
    apply_style(app)
    loop = qasync.QEventLoop(app)
    saved = loop.run_until_complete(_shoot())
    loop.close()
    for path in saved:
        print(path.relative_to(base.ROOT))
    return 0


if __name__ == "__main__":
    asyncio.set_event_loop_policy(None)
    sys.exit(main())
