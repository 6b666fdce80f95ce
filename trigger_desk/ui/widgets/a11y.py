"""Small accessibility helpers shared by the widgets."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QToolButton


def enable_clear_button(line: QLineEdit) -> None:
    """Turn on the line edit's clear button and give it a name ("Clear target"):
    Qt leaves that little button unnamed, so screen readers would announce "button"."""
    line.setClearButtonEnabled(True)
    what = line.accessibleName() or line.placeholderText()
    name = (
        QCoreApplication.translate("a11y", "Clear {what}").format(what=what)
        if what
        else QCoreApplication.translate("a11y", "Clear the text")
    )
    for button in line.findChildren(QToolButton):
        button.setAccessibleName(name)
        button.setToolTip(name)
