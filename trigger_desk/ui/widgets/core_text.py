"""Core's marked texts in the window's language (core itself never imports Qt)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from trigger_desk.core.i18n import CONTEXT, Msg


def tr_core(text: str) -> str:
    """`text` translated: a `Msg` by its template, then filled with its (translated) values.

    Texts without a translation (a platform's own words, ids, codes) come back unchanged.
    """
    if isinstance(text, Msg):
        values = {
            name: tr_core(value) if isinstance(value, str) else value
            for name, value in text.values.items()
        }
        return QCoreApplication.translate(CONTEXT, text.template).format(**values)
    return QCoreApplication.translate(CONTEXT, text) if text else text
