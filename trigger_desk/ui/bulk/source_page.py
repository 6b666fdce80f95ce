"""The first page: items from a CSV file or pasted text, the checked preview, the plan,
and a confirmation naming the count before anything is sent."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.services.bulk_check import BulkCheck
from trigger_desk.ui.bulk.preview_model import PreviewModel
from trigger_desk.ui.bulk.text import plan_sentence
from trigger_desk.ui.lookup.portal_panel import PortalItemsPanel
from trigger_desk.ui.widgets.core_text import tr_core
from trigger_desk.ui.widgets.field_message import FieldMessage


class SourcePage(QWidget):
    """Emits `check_requested` (read the items), `fire_confirmed` (send them)."""

    check_requested = Signal()
    fire_confirmed = Signal()

    def __init__(
        self,
        key_field: str,
        parent: QWidget | None = None,
        *,
        portal: PortalItemsPanel | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)

        self.sources = QTabWidget(self)
        self.sources.setAccessibleName(self.tr("Where the items come from"))
        file_page = QWidget(self.sources)
        file_row = QHBoxLayout(file_page)
        self.file_path = QLineEdit(file_page)
        self.file_path.setAccessibleName(self.tr("Items file"))
        self.file_path.setPlaceholderText(self.tr("A CSV file with a header row, e.g. deals.csv"))
        self.browse_button = QPushButton(self.tr("&Browse…"), file_page)
        self.browse_button.setAccessibleName(self.tr("Browse for the items file"))
        self.browse_button.clicked.connect(self._browse)
        file_row.addWidget(self.file_path, 1)
        file_row.addWidget(self.browse_button)
        self.sources.addTab(file_page, self.tr("CSV fi&le"))

        self.pasted = QPlainTextEdit(self.sources)
        self.pasted.setAccessibleName(self.tr("Pasted items"))
        self.pasted.setTabChangesFocus(True)
        self.pasted.setPlaceholderText(
            self.tr(
                "One {field} per line, or Bitrix24 item addresses such as\n"
                "https://portal.bitrix24.com/crm/deal/details/57/"
            ).format(field=key_field)
        )
        self.sources.addTab(self.pasted, self.tr("&Pasted text"))
        # "From the portal…" (Bitrix24 profiles): the chosen items' targets become the
        # pasted text, so Check → plan → confirm runs as for any pasted list.
        self.portal = portal
        self._portal_loaded = False
        if portal is not None:
            portal.setParent(self.sources)
            self.sources.addTab(portal, self.tr("From the p&ortal…"))
            self.sources.setTabToolTip(
                2, self.tr("Choose the items by type, funnel and stage on the portal")
            )
            portal.itemsReady.connect(self._use_portal_rows)
            self.sources.currentChanged.connect(self._source_changed)
        layout.addWidget(self.sources)

        check_row = QHBoxLayout()
        self.check_button = QPushButton(self.tr("&Check items"), self)
        self.check_button.setAccessibleName(self.tr("Check items"))
        self.check_button.setToolTip(self.tr("Fill and check every item; nothing is sent"))
        self.check_button.clicked.connect(self.check_requested)
        self.source_note = QLabel(self)
        self.source_note.setAccessibleName(self.tr("Items read"))
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.source_note, 1)
        layout.addLayout(check_row)

        self.problems = FieldMessage(self)
        layout.addWidget(self.problems)

        self.model = PreviewModel()
        self.preview = QTableView(self)
        self.preview.setModel(self.model)
        self.preview.setAccessibleName(self.tr("Preview of the filled items"))
        self.preview.setWordWrap(True)
        self.preview.setAlternatingRowColors(True)
        self.preview.verticalHeader().hide()
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # long messages wrap in the last column
        layout.addWidget(self.preview, 1)

        self.plan = QLabel(self)
        self.plan.setAccessibleName(self.tr("Plan"))
        self.plan.setWordWrap(True)
        self.plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.plan.font()
        font.setBold(True)
        self.plan.setFont(font)
        layout.addWidget(self.plan)

        fire_row = QHBoxLayout()
        self.fire_button = QPushButton(self.tr("&Fire…"), self)
        self.fire_button.setAccessibleName(self.tr("Fire for all items"))
        self.fire_button.setEnabled(False)
        self.fire_button.clicked.connect(self._ask)
        self.confirm_label = QLabel(self)
        self.confirm_label.setAccessibleName(self.tr("Confirmation"))
        self.confirm_button = QPushButton(self)
        self.confirm_button.setAccessibleName(self.tr("Send the items"))
        self.confirm_button.clicked.connect(self.fire_confirmed)
        self.back_button = QPushButton(self.tr("&Not now"), self)
        self.back_button.setAccessibleName(self.tr("Do not send"))
        self.back_button.clicked.connect(self._unask)
        fire_row.addStretch(1)
        fire_row.addWidget(self.confirm_label)
        fire_row.addWidget(self.fire_button)
        fire_row.addWidget(self.confirm_button)
        fire_row.addWidget(self.back_button)
        layout.addLayout(fire_row)
        self._count = 0
        self._unask()

        # A changed source makes the last check stale.
        self.file_path.textChanged.connect(lambda _text: self.show_check(None))
        self.pasted.textChanged.connect(lambda: self.show_check(None))

    def _source_changed(self, index: int) -> None:
        # The portal is asked only once its tab is first opened.
        if self.portal is not None and index == 2 and not self._portal_loaded:
            self._portal_loaded = True
            self.portal.load_stages()

    def _use_portal_rows(self, rows: list[dict[str, str]]) -> None:
        self.pasted.setPlainText("\n".join(row["target"] for row in rows if row.get("target")))
        self.sources.setCurrentIndex(1)
        self.check_button.setFocus()

    def use_file(self) -> bool:
        return self.sources.currentIndex() == 0

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Items file"), "", self.tr("CSV files (*.csv *.txt);;All files (*)")
        )
        if path:
            self.file_path.setText(path)

    def show_check(self, check: BulkCheck | None, error: str | None = None) -> None:
        """Show a check's preview and plan (None: clear them; `error`: the source failed)."""
        self.model.set_check(check)
        self._unask()
        problems = [error] if error else list(check.problems) if check else []
        if check is not None and check.bad:
            problems.insert(
                0,
                self.tr(
                    "{bad:,} of {total:,} items are bad (marked in the table): fix them and check again."
                ).format(bad=check.bad, total=check.bad + check.good),
            )
        self.problems.show_message("\n".join(problems) or None)
        self.source_note.setText(
            self.tr("{n:,} items from {source}").format(
                n=check.good + check.bad, source=tr_core(check.source)
            )
            if check
            else ""
        )
        self.plan.setText(plan_sentence(check) if check is not None and check.ready else "")
        self._count = check.good if check is not None and check.ready else 0
        self.fire_button.setEnabled(self._count > 0)
        self.fire_button.setText(
            self.tr("&Fire {n:,} items…").format(n=self._count)
            if self._count
            else self.tr("&Fire…")
        )
        # Narrow columns fit their contents; the last one takes the rest and wraps.
        self.preview.resizeColumnsToContents()
        # Room for a vertical scroll bar, which a long preview shows once laid out.
        width = (
            self.preview.viewport().width() - self.preview.verticalScrollBar().sizeHint().width()
        )
        cap = max(200, width // 2)
        last = self.model.columnCount() - 1
        for column in range(last):
            self.preview.setColumnWidth(column, min(self.preview.columnWidth(column), cap))
        used = sum(self.preview.columnWidth(column) for column in range(last))
        self.preview.setColumnWidth(last, max(200, width - used))
        self.preview.resizeRowsToContents()
        if check is not None and check.bad:
            bad = self.model.bad_cell()
            self.preview.scrollTo(bad)
            self.preview.setCurrentIndex(bad)

    def _ask(self) -> None:
        self.confirm_label.setText(
            self.tr("Send {n:,} items now? This cannot be undone.").format(n=self._count)
        )
        self.confirm_button.setText(self.tr("&Send {n:,} items").format(n=self._count))
        for widget in (self.confirm_label, self.confirm_button, self.back_button):
            widget.show()
        self.fire_button.hide()
        self.confirm_button.setFocus()

    def _unask(self) -> None:
        for widget in (self.confirm_label, self.confirm_button, self.back_button):
            widget.hide()
        self.fire_button.show()
