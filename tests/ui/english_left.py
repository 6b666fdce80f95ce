"""Find text a user would see that is still English (for the Russian-locale tests).

Walks a widget tree and collects what is shown or spoken: labels, buttons, group
titles, tabs, placeholders, combo items, menus and actions, headers, tooltips, window
titles, accessible names and descriptions. A text is English when an English word is
left after removing what stays as it is in every language: platform and product names,
field names as the APIs spell them, identifiers, codes, URLs and example values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from trigger_desk.core.calls import CALLS
from trigger_desk.core.model import AUTH_SCHEMES

# Names that stay as they are: products, platforms, protocols and formats.
KEEP = {
    "Trigger",
    "Desk",
    "Bitrix24",
    "Wix",
    "JSON",
    "cURL",
    "OAuth",
    "API",
    "HTTP",
    "HTTPS",
    "GUID",
    "TTL",
    "CRM",
    "REST",
    "SDK",
    "URL",
    "B2E",
    "ID",
    "id",
    "ms",
    "UTF",
    "Enterprise",
    "payload",
    "batch",
    "result",
    "true",
    "false",
    "null",
    "error",
    "RunTrigger",
    "ReportEvent",
    "CancelEvent",
    "activationIds",
    "app-oauth",
    "oauth",
    "webhook",
    "English",  # the language named in itself, in the Settings
    "Ctrl",
    "Enter",
    "Shift",  # key names as shortcuts spell them
    "TLS",
    "curl",  # the program
}


def _api_names() -> set[str]:
    names = set(KEEP)
    for call in CALLS.values():
        names.update(call.field_names)
        names.update(part for name in call.field_names for part in name.split("."))
        if call.payload is not None:
            names.add(call.payload.key)
    for scheme in AUTH_SCHEMES.values():
        names.update(scheme.settings)
        names.update(scheme.secrets)
    return names


def _examples() -> list[str]:
    """Example values (shown as they would be typed), longest first."""
    found: set[str] = set()
    for call in CALLS.values():
        found.update(field.example for field in call.fields)
        if call.payload is not None:
            example = dict(call.payload.example)
            found.update({json.dumps(example, indent=2, ensure_ascii=False), json.dumps(example)})
    return sorted(found, key=len, reverse=True)


_EXAMPLES = _examples()
_PATH = re.compile(r"(?:/[\w.-]+){2,}")
_URL = re.compile(r"\b(?:https?|file)://\S+")
_CODE = re.compile(r"`[^`]*`")
_TAG = re.compile(r"<[^>]+>")
# Identifiers: dotted, snake, kebab, camelCase, UPPER, anything with a digit.
_IDENT = re.compile(
    r"[\w.-]*[._\d-][\w.-]*|[a-z]+[A-Z]\w*|\b[A-Z]{2,}\w*\b",
)
_WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str, names: set[str] | None = None) -> list[str]:
    """The English words left in `text` once what never translates is taken out."""
    keep = _api_names() if names is None else names
    text = _URL.sub(" ", _TAG.sub(" ", _CODE.sub(" ", text.replace("&", ""))))
    for example in _EXAMPLES:
        text = re.sub(rf"(?<!\w){re.escape(example)}(?!\w)", " ", text)
    text = _PATH.sub(" ", text)
    text = _IDENT.sub(lambda m: " " if any(ch.isascii() for ch in m.group()) else m.group(), text)
    return [word for word in _WORD.findall(text) if word not in keep]


def shown_texts(root: QWidget) -> Iterable[tuple[str, str]]:
    """(where, text) for everything `root` and its children show or speak."""
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__}:{widget.objectName() or ''}"
        if widget.isWindow():
            yield where + " title", widget.windowTitle()
        yield where + " tooltip", widget.toolTip()
        yield where + " accessible name", widget.accessibleName()
        yield where + " accessible description", widget.accessibleDescription()
        if isinstance(widget, QLabel):
            yield where, widget.text()
        if isinstance(widget, QAbstractButton):
            yield where, widget.text()
        if isinstance(widget, QGroupBox):
            yield where, widget.title()
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            yield where + " placeholder", widget.placeholderText()
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield where + " item", widget.itemText(index)
                yield (
                    where + " item tooltip",
                    str(widget.itemData(index, Qt.ItemDataRole.ToolTipRole) or ""),
                )
        if isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                yield where + " tab", widget.tabText(index)
                yield where + " tab tooltip", widget.tabToolTip(index)
        if isinstance(widget, QTabBar):
            for index in range(widget.count()):
                yield where + " tab", widget.tabText(index)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for column in range(model.columnCount()):
                yield (
                    where + " header",
                    str(model.headerData(column, Qt.Orientation.Horizontal) or ""),
                )
        if isinstance(widget, QMenu) or widget.actions():
            for action in widget.actions():
                yield where + " action", action.text()
                yield where + " action tooltip", action.toolTip()
                menu = action.menu()
                if isinstance(menu, QMenu):
                    yield from shown_texts(menu)


def english_left(root: QWidget, data: Iterable[str] = ()) -> list[str]:
    """'where: text' for every shown text that still has English words (`data`: words
    the test typed in itself, such as a preset's name)."""
    names = _api_names() | set(data)
    return sorted(
        {
            f"{where}: {text!r}"
            for where, text in shown_texts(root)
            if text and english_words(text, names)
        }
    )
