"""The last page: the run's counts, its items filterable by result, retry and export."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.store.bulk_journal import RunSummary
from trigger_desk.ui.bulk.results_model import Result, ResultsModel
from trigger_desk.ui.bulk.text import counts_sentence, state_word
from trigger_desk.ui.widgets.field_message import FieldMessage


class ResultsPage(QWidget):
    """Emits `retry_requested`, `export_requested`, `resume_requested`."""

    retry_requested = Signal()
    export_requested = Signal()
    resume_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setAccessibleName(self.tr("Run summary"))
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        self.note = FieldMessage(self)
        layout.addWidget(self.note)

        self.model = ResultsModel()
        filter_row = QHBoxLayout()
        label = QLabel(self.tr("&Show:"), self)
        self.filter = QComboBox(self)
        self.filter.setAccessibleName(self.tr("Show items"))
        label.setBuddy(self.filter)
        self.filter.addItem(self.tr("All items"), None)
        for state in ("ok", "failed", "unknown", "pending"):
            self.filter.addItem(state_word(state), state)
        self.filter.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(self.filter.currentData())
        )
        filter_row.addWidget(label)
        filter_row.addWidget(self.filter)
        filter_row.addStretch(1)
        layout.addLayout(filter_row)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Results by item"))
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Widths from sample text, not ResizeToContents: measuring 100,000 rows stalls.
        header = self.table.horizontalHeader()
        metrics = self.fontMetrics()
        for column, sample in (
            (0, "100000"),
            (2, "No answer (unknown)"),
            (3, "Auth problem"),
            (4, "History #"),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the item
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.retry_button = QPushButton(self.tr("&Retry failed"), self)
        self.retry_button.setAccessibleName(self.tr("Retry failed"))
        self.retry_button.setToolTip(self.tr("Send the items the platform refused again"))
        self.retry_button.clicked.connect(self.retry_requested)
        self.resume_button = QPushButton(self.tr("Send the &rest"), self)
        self.resume_button.setAccessibleName(self.tr("Send the items not sent"))
        self.resume_button.clicked.connect(self.resume_requested)
        self.export_button = QPushButton(self.tr("&Export results as CSV…"), self)
        self.export_button.setAccessibleName(self.tr("Export results as CSV"))
        self.export_button.clicked.connect(self.export_requested)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.resume_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)

    def show_results(self, summary: RunSummary, results: list[Result], note: str | None) -> None:
        data = summary.to_json_dict()
        self.summary.setText(
            self.tr("Run {run}: {items:,} items: {counts}.").format(
                run=summary.run_id, items=summary.items, counts=counts_sentence(data)
            )
        )
        self.note.show_message(note)
        self.model.set_results(results)
        self.retry_button.setEnabled(data["failed"] > 0)
        self.resume_button.setVisible(data["pending"] > 0)
        self.table.setFocus()
