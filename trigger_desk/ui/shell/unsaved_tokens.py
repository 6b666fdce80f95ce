"""Before the window closes: refreshed Bitrix24 tokens the keyring refused are not lost
unawares. Closing retries storing them; if the keyring still refuses (locked), a question
says what quitting loses and offers to retry after unlocking it, or to quit anyway.

Asked to close again while the question is open (Ctrl+Q twice, a second SIGTERM), the
window quits anyway; the back end then warns on stderr and in the log (services/facade).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from trigger_desk.services.facade import Services

log = logging.getLogger("trigger_desk")


def question_text(profiles: list[str]) -> str:
    """What the question says: what is lost and what to do."""
    names = ", ".join(repr(name) for name in profiles)
    return (
        f"The access tokens of profile {names} were refreshed while Trigger Desk ran, but "
        "the keyring refused to store the new ones (it may be locked). The refresh spent "
        "the old refresh token: if you quit now, the new tokens are lost and the "
        "application must be re-authorized on the portal.\n\n"
        "Unlock the keyring (your desktop's password manager), then choose Retry."
    )


class UnsavedTokensGuard:
    """Holds the window's close while unsaved tokens are retried or the user decides."""

    def __init__(self, window: QWidget) -> None:
        self._window = window
        self.cleared = False  # the close may go on
        self.box: QMessageBox | None = None  # the open question, if any
        self._checking: asyncio.Task[None] | None = None

    def holds_close(self, services: Services) -> bool:
        """True when the close must wait (call from closeEvent, then ignore the event)."""
        if self.cleared:
            return False
        if self._checking is not None:  # asked to close again: quit anyway
            self.cleared = True
            if self.box is not None:
                self.box.reject()
            return False
        if not services.has_unsaved_tokens():
            return False
        self._checking = asyncio.ensure_future(self._check(services))
        return True

    async def _check(self, services: Services) -> None:
        try:
            while not self.cleared:
                unsaved = await services.unsaved_tokens()
                if not unsaved or self.cleared or not await self._ask(unsaved):
                    break
        except Exception:  # never keep the window from closing
            log.exception("could not retry storing refreshed tokens")
        finally:
            self._checking = None
        if not self.cleared:
            self.cleared = True
            self._window.close()

    async def _ask(self, profiles: list[str]) -> bool:
        """Show the question; True to retry, False to quit anyway."""
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("New tokens not saved")
        box.setText(question_text(profiles))
        retry = box.addButton("Retry", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Quit anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(retry)
        answered: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def finished(_code: int) -> None:
            if not answered.done():
                answered.set_result(box.clickedButton() is retry)

        box.finished.connect(finished)
        self.box = box
        box.open()
        try:
            return await answered
        finally:
            self.box = None
            box.deleteLater()
