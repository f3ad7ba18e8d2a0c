"""The reports of one source: their list, the chosen report's form, attachments, citations."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QSplitter,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile import CaseFile, errors
from casefile.records.sources import SourceReportData, validate_report
from casefile.store.changes import Changes
from ui.attachments_panel import AttachmentsPanel
from ui.form_fields import ErrorLabel, button, button_row, flat_list
from ui.lifetime import run_for
from ui.report_citations import CitingIncidents
from ui.source_forms import ReportForm
from ui.worker import Task, Worker

ID = Qt.ItemDataRole.UserRole
NO_ATTACHMENTS = "Save the report first; then files can be attached."
ATTACHMENTS = "Attac&hments"


class ReportsPane(QGroupBox):
    """Reports from the chosen source; `may_leave()` is asked before an edit is left behind."""

    def __init__(self, worker: Worker, message: ErrorLabel, parent: QWidget | None = None):
        super().__init__("Reports from this source", parent)
        self.worker = worker
        self.message = message
        self.may_leave: Callable[[], bool] = lambda: True
        self.source_id: str | None = None
        self.report_id: str | None = None
        self._stored: SourceReportData | None = None
        self._loading = False
        self.reports = flat_list("Reports", ["Title", "Published", "Language"])
        self.reports.currentItemChanged.connect(self._chosen)
        self.new_button = button("New &report", "New report", self.new_report)
        self.delete_button = button("Delete r&eport", "Delete report", self.delete_report)
        self.form = ReportForm()
        self.save_button = button("Sa&ve report", "Save report", self.save_report)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._details(), "Report")
        self.attachments: AttachmentsPanel | None = None
        self.tabs.addTab(QLabel(NO_ATTACHMENTS), ATTACHMENTS)
        self.citing = CitingIncidents(worker)
        self.tabs.addTab(self.citing, "Cited &by")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.reports, 1)
        left_layout.addLayout(button_row(self.new_button, self.delete_button))
        inner = QSplitter(Qt.Orientation.Horizontal)
        inner.addWidget(left)
        inner.addWidget(self.tabs)
        inner.setStretchFactor(1, 3)
        inner.setSizes([self.fontMetrics().averageCharWidth() * 44] * 2)
        QVBoxLayout(self).addWidget(inner)
        self._show(None)

    def _details(self) -> QWidget:
        details = QWidget()
        layout = QVBoxLayout(details)
        layout.addWidget(self.form, 1)
        layout.addLayout(button_row(self.save_button))
        return details

    # --- reading -------------------------------------------------------------------------

    def show_source(self, source_id: str | None) -> None:
        """Show the reports of a source (None: no source chosen, or one not saved yet)."""
        self.source_id = source_id
        self.setEnabled(source_id is not None)
        self._show(None)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """Reload the reports, then choose `select` (or keep the current one)."""
        source_id = self.source_id
        if source_id is None:
            self.reports.clear()
            return
        wanted = select or self.report_id
        run_for(
            self,
            self.worker,
            lambda case, task: case.sources.reports(source_id),
            label="List reports",
            error=self._failed,
            done=lambda found: self._fill(source_id, found, wanted),
        )

    def _fill(self, source_id: str, found: list[SourceReportData], wanted: str | None) -> None:
        if source_id != self.source_id:
            return  # the user has moved on to another source
        self._loading = True
        self.reports.clear()
        chosen = None
        for report in found:
            published = report.published.isoformat() if report.published else ""
            item = QTreeWidgetItem([report.title, published, report.language or ""])
            item.setData(0, ID, report)
            item.setToolTip(0, report.title)
            self.reports.addTopLevelItem(item)
            if report.id == wanted:
                chosen = item
        self._loading = False
        if chosen is not None:
            self.reports.setCurrentItem(chosen)

    def _chosen(self, item: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        if self._loading or item is None:
            return
        report: SourceReportData = item.data(0, ID)
        if report.id == self.report_id and self._stored == report:
            return
        if not self.may_leave():
            self._loading = True
            self.reports.setCurrentItem(previous)
            self._loading = False
            return
        self._show(report)

    def _show(self, report: SourceReportData | None, *, new: bool = False) -> None:
        """Show a stored report, a blank one to fill in (`new`), or nothing."""
        self._stored = report
        self.report_id = report.id if report else None
        self.form.set_data(report or self._blank())
        self.form.setEnabled(report is not None or new)
        self.save_button.setEnabled(report is not None or new)
        self.delete_button.setEnabled(report is not None)
        self._swap_attachments(report.id if report else None)
        self.citing.show_report(report.id if report else None)

    def _blank(self) -> SourceReportData:
        return SourceReportData(source_id=self.source_id or "", title="")

    def _swap_attachments(self, report_id: str | None) -> None:
        current = self.tabs.widget(1)
        if isinstance(current, AttachmentsPanel) and current.report_id == report_id:
            return
        if report_id is None:
            page: QWidget = QLabel(NO_ATTACHMENTS)
            self.attachments = None
        else:
            self.attachments = page = AttachmentsPanel(self.worker, report_id=report_id)
        shown = self.tabs.currentIndex()
        self.tabs.removeTab(1)
        current.deleteLater()
        self.tabs.insertTab(1, page, ATTACHMENTS)
        self.tabs.setCurrentIndex(shown)

    # --- writing -------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        """Whether the report form holds edits not saved."""
        return self.form.isEnabled() and self.form.data() != (self._stored or self._blank())

    def new_report(self) -> None:
        """Start a new, unsaved report of the chosen source."""
        if self.source_id is None or not self.may_leave():
            return
        self._loading = True
        self.reports.setCurrentItem(None)  # type: ignore[arg-type]
        self.reports.clearSelection()
        self._loading = False
        self._show(None, new=True)
        self.tabs.setCurrentIndex(0)
        self.form.title.setFocus()

    def save_report(self) -> None:
        """Add or update the report (one undo step)."""
        data = self.form.data()
        problems = validate_report(data)
        self.form.show_errors(problems)
        if problems or self.source_id is None:
            return
        fields = {k: v for k, v in vars(data).items() if k not in ("id", "source_id")}
        source_id, report_id = self.source_id, self.report_id

        def store(case: CaseFile, task: Task[Changes]) -> Changes:
            if report_id is None:
                return case.sources.add_report(source_id=source_id, **fields)
            return case.sources.update_report(report_id, **fields)

        def saved(changes: Changes) -> None:
            self._stored = data
            self.report_id = report_id or changes.created
            self.refresh(select=self.report_id)

        run_for(
            self,
            self.worker,
            store,
            label="Save report",
            initiator=self,
            done=saved,
            error=self._save_failed,
        )

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, errors.Invalid):
            self.form.show_errors(exc.errors)
        else:
            self._failed(exc)

    def delete_report(self) -> None:
        """Delete the chosen report and its citations (Undo brings them back)."""
        if self.report_id is None:
            return
        report_id = self.report_id
        self._show(None)
        run_for(
            self,
            self.worker,
            lambda case, task: case.sources.delete_report(report_id),
            label="Delete report",
            initiator=self,
            error=self._failed,
            done=lambda _: self.refresh(),
        )

    def _failed(self, exc: BaseException) -> None:
        self.message.show_message(str(exc))
