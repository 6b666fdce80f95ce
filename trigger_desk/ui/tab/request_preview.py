"""What Fire will send, exactly, with secrets masked; and the same as a cURL command."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from trigger_desk.core.record import pretty_json
from trigger_desk.core.validation import FieldError
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import Tone, fixed_font, small_font
from trigger_desk.ui.widgets.core_text import tr_core
from trigger_desk.ui.widgets.field_message import FieldMessage

if TYPE_CHECKING:
    from trigger_desk.core.engine import Preview


def request_text(preview: Preview) -> str:
    """Method and URL, headers, a blank line, the body: like the wire, masked."""
    request = preview.request
    lines = [f"{request.method} {request.url}"]
    lines += [f"{name}: {value}" for name, value in request.headers.items()]
    lines.append("")
    lines.append(pretty_json(request.body))
    return "\n".join(lines)


class RequestPreview(QWidget):
    """A read-only monospaced view of the request, updated by its owner as the form
    changes, with "Copy as cURL" (secrets as `$TRIGGER_DESK_*` variables)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._curl = ""
        layout = QVBoxLayout(self)

        self.note = QLabel(
            self.tr(
                "Exactly what Fire will send. Secrets are shown as ****; the X-Request-ID is "
                "new for every call."
            ),
            self,
        )
        self.note.setWordWrap(True)
        self.note.setFont(small_font(self.note.font()))
        layout.addWidget(self.note)

        self.problems = FieldMessage(self, tone=Tone.WARNING)
        self.problems.setObjectName("preview-problems")
        layout.addWidget(self.problems)

        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        self.view.setFont(fixed_font())
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.view.setAccessibleName(self.tr("Request preview"))
        self.view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        layout.addWidget(self.view, 1)

        self.warnings = FieldMessage(self, tone=Tone.WARNING)
        self.warnings.setObjectName("preview-warnings")
        layout.addWidget(self.warnings)

        buttons = QHBoxLayout()
        self.copy_curl = QPushButton(icon("copy"), self.tr("Cop&y as cURL"), self)
        self.copy_curl.setAccessibleName(self.tr("Copy as cURL"))
        self.copy_curl.setToolTip(
            self.tr("Copy a curl command line; secrets appear as $TRIGGER_DESK_* variables")
        )
        self.copy_curl.clicked.connect(self._copy)
        self.copied = QLabel("", self)
        buttons.addWidget(self.copy_curl)
        buttons.addWidget(self.copied, 1)
        layout.addLayout(buttons)
        self.show_message(self.tr("Choose a profile and a call to see the request."))

    @property
    def curl(self) -> str:
        return self._curl

    def text(self) -> str:
        return self.view.toPlainText()

    def show_preview(self, preview: Preview) -> None:
        self._curl = preview.curl
        self.problems.show_message(None)
        self.view.setPlainText(request_text(preview))
        self.warnings.show_message("\n".join(tr_core(w) for w in preview.warnings) or None)
        self.copy_curl.setEnabled(True)
        self.copied.clear()

    def show_problems(self, errors: Sequence[FieldError]) -> None:
        """The form cannot be sent yet: say why, instead of a request."""
        self._curl = ""
        lines = "\n".join(f"• {error.field}: {tr_core(error.message)}" for error in errors)
        self.problems.show_message(
            self.tr("Fire would refuse this call, nothing would be sent:") + "\n" + lines,
            Tone.WARNING,
        )
        self.view.clear()
        self.warnings.show_message(None)
        self.copy_curl.setEnabled(False)
        self.copied.clear()

    def show_message(self, message: str) -> None:
        self._curl = ""
        self.problems.show_message(message, Tone.INFO)
        self.view.clear()
        self.warnings.show_message(None)
        self.copy_curl.setEnabled(False)
        self.copied.clear()

    def _copy(self) -> None:
        if self._curl:
            QGuiApplication.clipboard().setText(self._curl)
            self.copied.setText(self.tr("Copied: secrets are $TRIGGER_DESK_* variables."))
