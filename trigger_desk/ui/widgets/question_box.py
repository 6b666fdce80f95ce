"""A window-modal yes/no question with named buttons, the safe answer as default."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask(
    parent: QWidget,
    title: str,
    text: str,
    *,
    yes: str,
    no: str,
    on_yes: Callable[[], None],
    no_button: QMessageBox.StandardButton = QMessageBox.StandardButton.No,
    on_no: Callable[[], None] | None = None,
    on_closed: Callable[[], None] | None = None,
) -> QMessageBox:
    """Open the question (window-modal, not blocking the event loop) and return it.

    `no` (on the `no_button`: No, or Cancel where "no" means "leave it") is the
    default, so Enter never destroys anything.

    Both buttons carry their text as accessible names, so a screen reader (and the
    AT-SPI tests) can tell "Replace" from "Keep existing".
    """
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | no_button,
        parent,
    )
    box.setAccessibleName(title)
    for which, label in ((QMessageBox.StandardButton.Yes, yes), (no_button, no)):
        button = box.button(which)
        button.setText(label)
        button.setAccessibleName(label)
    box.setDefaultButton(no_button)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.accepted.connect(on_yes)
    if on_no is not None:
        box.rejected.connect(on_no)
    if on_closed is not None:
        box.finished.connect(lambda _result: on_closed())
    box.open()
    return box
