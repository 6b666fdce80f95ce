"""Which call a tab fires: each call's title, and its summary and help as text."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from trigger_desk.core.calls import CallSpec
from trigger_desk.ui.shell.theme import small_font
from trigger_desk.ui.widgets.core_text import tr_core


def describe(call: CallSpec) -> str:
    """Rich text: the summary, the help, the auth kinds and a link to the reference."""
    translate = QCoreApplication.translate
    kinds = translate("CallPicker", " or ").join(
        sorted(tr_core(kind.label) for kind in call.auth_kinds)
    )
    link = (
        f' · <a href="{html.escape(call.doc_url, quote=True)}">'
        + html.escape(translate("CallPicker", "Reference"))
        + "</a>"
        if call.doc_url
        else ""
    )
    auth = translate("CallPicker", "Auth: {kinds}").format(kinds=kinds)
    return (
        f"<b>{html.escape(tr_core(call.summary))}</b><br>{html.escape(tr_core(call.help))}"
        f"<br><small>{html.escape(auth)}{link}</small>"
    )


class CallPicker(QWidget):
    """A combo of call titles and, under it, what the chosen call does."""

    callChanged = Signal(str)

    def __init__(self, calls: Sequence[CallSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._calls = {call.id: call for call in calls}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.label = QLabel(self.tr("&Call"), self)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(self.tr("Call"))
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for call in calls:
            self.combo.addItem(tr_core(call.title), call.id)
            self.combo.setItemData(
                self.combo.count() - 1,
                f"{call.id}: {tr_core(call.summary)}",
                Qt.ItemDataRole.ToolTipRole,
            )
        self.label.setBuddy(self.combo)
        row.addWidget(self.label)
        row.addWidget(self.combo, 1)
        layout.addLayout(row)

        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.RichText)
        self.description.setOpenExternalLinks(True)
        self.description.setFont(small_font(self.description.font()))
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        layout.addWidget(self.description)
        self.combo.currentIndexChanged.connect(self._changed)
        self._changed()

    def current(self) -> CallSpec | None:
        return self._calls.get(str(self.combo.currentData() or ""))

    def select(self, call_id: str) -> bool:
        index = self.combo.findData(call_id)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        return index >= 0

    def _changed(self, _index: int = 0) -> None:
        call = self.current()
        self.description.setText(describe(call) if call else "")
        self.description.setAccessibleName(
            f"{tr_core(call.summary)} {tr_core(call.help)}" if call else self.tr("No call chosen")
        )
        self.callChanged.emit(call.id if call else "")
