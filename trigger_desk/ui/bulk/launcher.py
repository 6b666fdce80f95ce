""" "Fire for many…" beside Fire: the tab's call, profile and form values to the dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton, QWidget

from trigger_desk.core.rate_limit import RateLimitError
from trigger_desk.services.bulk_session import BulkUnavailable
from trigger_desk.store.history_schema import HistoryUnavailable
from trigger_desk.ui.bulk.dialog import BulkDialog
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import Tone

if TYPE_CHECKING:
    from trigger_desk.ui.tab.platform_tab import PlatformTab


class BulkButton(QPushButton):
    """The button (Alt+E); `dialog` is the last dialog it opened."""

    def __init__(self, tab: PlatformTab, parent: QWidget) -> None:
        super().__init__(
            icon("fire"), QCoreApplication.translate("BulkDialog", "Fir&e for many…"), parent
        )
        self._tab = tab
        self.dialog: BulkDialog | None = None
        self.setAccessibleName(QCoreApplication.translate("BulkDialog", "Fire for many"))
        self.setToolTip(
            QCoreApplication.translate(
                "BulkDialog",
                "Fire this call once per item of a CSV file or a pasted list, paced and resumable",
            )
        )
        # May shrink in a narrow window rather than widen the window's minimum size.
        self.setMinimumWidth(24)
        self.clicked.connect(self.open_dialog)

    def open_dialog(self) -> BulkDialog | None:
        """Open the dialog for what the tab shows; None (and the reason at the form) if
        it cannot: no profile yet, a bad `rate_limit`, no history."""
        tab = self._tab
        services, call, profile = tab.services, tab.current_call(), tab.current_profile()
        form = tab.current_form()
        if services is None or call is None or form is None:
            return None
        if profile is None:
            tab.form_problem.show_message(
                QCoreApplication.translate(
                    "BulkDialog", "Add a {platform} profile first (Add… next to Profile)."
                ).format(platform=tab.platform.label),
                Tone.WARNING,
            )
            return None
        try:
            dialog = BulkDialog(
                services, call, profile, form.values(), form.payload_state().value, tab.window()
            )
        except (RateLimitError, BulkUnavailable, HistoryUnavailable) as error:
            tab.form_problem.show_message(str(error), Tone.ERROR)
            return None
        self.dialog = dialog
        dialog.show()
        return dialog
