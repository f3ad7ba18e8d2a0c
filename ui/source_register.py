"""The source register: sources with their reliability grade, their reports and attachments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile import CaseFile, errors, taxonomy
from casefile.sources import SourceData, SourceReportData, validate_report, validate_source
from casefile.transaction import Changes
from ui.attachments_panel import AttachmentsPanel
from ui.form_fields import ErrorLabel
from ui.lifetime import run_for
from ui.source_forms import ReportForm, SourceForm
from ui.worker import Task, Worker

Answer = Literal["save", "discard", "cancel"]
ID = Qt.ItemDataRole.UserRole
Item = QTreeWidgetItem | None


def _tree(name: str, headers: list[str]) -> QTreeWidget:
    """A flat list whose first column takes the room left by the others."""
    tree = QTreeWidget()
    tree.setAccessibleName(name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree


def _button(text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.clicked.connect(slot)
    return button


def _row(*buttons: QPushButton) -> QHBoxLayout:
    layout = QHBoxLayout()
    for button in buttons:
        layout.addWidget(button)
    layout.addStretch(1)
    return layout


class SourceRegister(QDialog):
    """Sources on the left; the chosen source, its reports and their attachments on the right."""

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.source_id: str | None = None
        self.report_id: str | None = None
        self._stored_source: SourceData | None = None
        self._stored_report: SourceReportData | None = None
        self._loading = False
        self.setWindowTitle("Sources")
        self.message = ErrorLabel("sources", self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._sources_pane())
        splitter.addWidget(self._detail_pane())
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        unit = self.fontMetrics()
        self.resize(unit.averageCharWidth() * 160, unit.height() * 40)
        splitter.setSizes([unit.averageCharWidth() * 48, unit.averageCharWidth() * 112])
        worker.changed.connect(self._case_changed)
        self._show_source(None)
        self.refresh_sources()

    # --- layout --------------------------------------------------------------------------

    def _sources_pane(self) -> QWidget:
        pane = QWidget()
        self.sources = _tree("Sources", ["Source", "Grade", "Kind"])
        self.sources.currentItemChanged.connect(self._source_chosen)
        self.new_source_button = _button("&New source", "New source", self.new_source)
        self.delete_source_button = _button("&Delete source", "Delete source", self.delete_source)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sources, 1)
        layout.addLayout(_row(self.new_source_button, self.delete_source_button))
        return pane

    def _detail_pane(self) -> QWidget:
        pane = QWidget()
        source_box = QGroupBox("Source")
        self.source_form = SourceForm()
        self.save_source_button = _button("&Save source", "Save source", self.save_source)
        box_layout = QVBoxLayout(source_box)
        box_layout.addWidget(self.source_form)
        box_layout.addLayout(_row(self.save_source_button))
        self.reports_box = QGroupBox("Reports from this source")
        self.reports = _tree("Reports", ["Title", "Published", "Language"])
        self.reports.currentItemChanged.connect(self._report_chosen)
        self.new_report_button = _button("New &report", "New report", self.new_report)
        self.delete_report_button = _button("Delete r&eport", "Delete report", self.delete_report)
        self.report_tabs = QTabWidget()
        self.report_form = ReportForm()
        self.save_report_button = _button("Save re&port", "Save report", self.save_report)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.report_form, 1)
        details_layout.addLayout(_row(self.save_report_button))
        self.report_tabs.addTab(details, "Report")
        self.attachments: AttachmentsPanel | None = None
        self.report_tabs.addTab(QLabel("Save the report first; then files can be attached."),
                                "Attachments")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.reports, 1)
        left_layout.addLayout(_row(self.new_report_button, self.delete_report_button))
        inner = QSplitter(Qt.Orientation.Horizontal)
        inner.addWidget(left)
        inner.addWidget(self.report_tabs)
        inner.setStretchFactor(1, 3)
        inner.setSizes([self.fontMetrics().averageCharWidth() * 44] * 2)
        reports_layout = QVBoxLayout(self.reports_box)
        reports_layout.addWidget(inner)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(source_box)
        layout.addWidget(self.reports_box, 1)
        return pane

    # --- sources -------------------------------------------------------------------------

    def refresh_sources(self, select: str | None = None) -> None:
        """Reload the list of sources, then choose `select` (or keep the current one)."""
        wanted = select or self.source_id
        run_for(self, self.worker, lambda case, task: case.list_sources(), label="List sources",
                done=lambda found: self._fill_sources(found, wanted), error=self._failed)

    def _fill_sources(self, found: list[SourceData], wanted: str | None) -> None:
        self._loading = True
        self.sources.clear()
        chosen = None
        for source in found:
            grade = source.reliability
            # The kind's key ("government") is short enough for the list; its label is the tip.
            item = QTreeWidgetItem([source.name, grade, source.kind.replace("_", " ")])
            item.setData(0, ID, source)
            item.setToolTip(0, source.name)
            item.setToolTip(1, taxonomy.RELIABILITY.get(grade, ""))
            item.setToolTip(2, taxonomy.SOURCE_KINDS.get(source.kind, source.kind))
            self.sources.addTopLevelItem(item)
            if source.id == wanted:
                chosen = item
        self._loading = False
        if chosen is not None:
            self.sources.setCurrentItem(chosen)
        elif wanted is None and self.source_id is None and found and not self._source_dirty():
            self.sources.setCurrentItem(self.sources.topLevelItem(0))

    def _source_chosen(self, item: Item, previous: Item) -> None:
        if self._loading or item is None:
            return
        source: SourceData = item.data(0, ID)
        if source.id == self.source_id and self._stored_source == source:
            return
        if not self._may_leave():
            self._loading = True
            self.sources.setCurrentItem(previous)
            self._loading = False
            return
        self._show_source(source)

    def _show_source(self, source: SourceData | None) -> None:
        self._stored_source = source
        self.source_id = source.id if source else None
        self.source_form.set_data(source or SourceData(name=""))
        self.delete_source_button.setEnabled(source is not None)
        self.reports_box.setEnabled(source is not None)
        self._show_report(None)
        self.refresh_reports()

    def new_source(self) -> None:
        """Start a new, unsaved source."""
        if not self._may_leave():
            return
        self._loading = True
        self.sources.setCurrentItem(None)  # type: ignore[arg-type]
        self.sources.clearSelection()
        self._loading = False
        self._show_source(None)
        self.source_form.name.setFocus()

    def _source_dirty(self) -> bool:
        stored = self._stored_source or SourceData(name="")
        return self.source_form.data() != stored

    def save_source(self) -> None:
        """Add or update the source (one undo step)."""
        data = self.source_form.data()
        problems = validate_source(data)
        self.source_form.show_errors(problems)
        if problems:
            return
        fields = {k: v for k, v in vars(data).items() if k != "id"}
        source_id = self.source_id

        def store(case: CaseFile, task: Task[Changes]) -> Changes:
            if source_id is None:
                return case.add_source(**fields)
            return case.update_source(source_id, **fields)

        def saved(changes: Changes) -> None:
            self._stored_source = data  # no longer dirty, whatever the refresh finds
            self.refresh_sources(select=source_id or changes.created)

        run_for(self, self.worker, store, label="Save source", initiator=self, done=saved,
                error=lambda exc: self._invalid(exc, self.source_form))

    def delete_source(self) -> None:
        """Delete the chosen source with its reports (Undo brings them back)."""
        if self.source_id is None:
            return
        source_id = self.source_id
        self._stored_source = None
        self.source_id = None
        run_for(self, self.worker, lambda case, task: case.delete_source(source_id),
                label="Delete source", initiator=self, done=lambda _: self._after_delete(),
                error=self._failed)

    def _after_delete(self) -> None:
        self._show_source(None)
        self.refresh_sources()

    # --- reports -------------------------------------------------------------------------

    def refresh_reports(self, select: str | None = None) -> None:
        """Reload the chosen source's reports."""
        source_id = self.source_id
        if source_id is None:
            self.reports.clear()
            return
        wanted = select or self.report_id
        run_for(self, self.worker, lambda case, task: case.list_source_reports(source_id),
                label="List reports", error=self._failed,
                done=lambda found: self._fill_reports(source_id, found, wanted))

    def _fill_reports(
        self, source_id: str, found: list[SourceReportData], wanted: str | None
    ) -> None:
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

    def _report_chosen(self, item: Item, previous: Item) -> None:
        if self._loading or item is None:
            return
        report: SourceReportData = item.data(0, ID)
        if report.id == self.report_id and self._stored_report == report:
            return
        if not self._may_leave(source=False):
            self._loading = True
            self.reports.setCurrentItem(previous)
            self._loading = False
            return
        self._show_report(report)

    def _show_report(self, report: SourceReportData | None, *, new: bool = False) -> None:
        """Show a stored report, a blank one to fill in (`new`), or nothing."""
        self._stored_report = report
        self.report_id = report.id if report else None
        blank = SourceReportData(source_id=self.source_id or "", title="")
        self.report_form.set_data(report or blank)
        self.report_form.setEnabled(report is not None or new)
        self.save_report_button.setEnabled(report is not None or new)
        self.delete_report_button.setEnabled(report is not None)
        self._swap_attachments(report.id if report else None)

    def _swap_attachments(self, report_id: str | None) -> None:
        current = self.report_tabs.widget(1)
        if isinstance(current, AttachmentsPanel) and current.report_id == report_id:
            return
        if report_id is None:
            page: QWidget = QLabel("Save the report first; then files can be attached.")
            self.attachments = None
        else:
            self.attachments = page = AttachmentsPanel(self.worker, report_id=report_id)
        self.report_tabs.removeTab(1)
        current.deleteLater()
        self.report_tabs.addTab(page, "&Attachments")

    def new_report(self) -> None:
        """Start a new, unsaved report of the chosen source."""
        if self.source_id is None or not self._may_leave(source=False):
            return
        self._loading = True
        self.reports.setCurrentItem(None)  # type: ignore[arg-type]
        self.reports.clearSelection()
        self._loading = False
        self._show_report(None, new=True)
        self.report_tabs.setCurrentIndex(0)
        self.report_form.title.setFocus()

    def _report_dirty(self) -> bool:
        if not self.report_form.isEnabled():
            return False
        stored = self._stored_report or SourceReportData(source_id=self.source_id or "", title="")
        return self.report_form.data() != stored

    def save_report(self) -> None:
        """Add or update the report (one undo step)."""
        data = self.report_form.data()
        problems = validate_report(data)
        self.report_form.show_errors(problems)
        if problems or self.source_id is None:
            return
        fields = {k: v for k, v in vars(data).items() if k not in ("id", "source_id")}
        source_id, report_id = self.source_id, self.report_id

        def store(case: CaseFile, task: Task[Changes]) -> Changes:
            if report_id is None:
                return case.add_source_report(source_id=source_id, **fields)
            return case.update_source_report(report_id, **fields)

        def saved(changes: Changes) -> None:
            self._stored_report = data
            self.report_id = report_id or changes.created
            self.refresh_reports(select=self.report_id)

        run_for(self, self.worker, store, label="Save report", initiator=self, done=saved,
                error=lambda exc: self._invalid(exc, self.report_form))

    def delete_report(self) -> None:
        """Delete the chosen report and its citations (Undo brings them back)."""
        if self.report_id is None:
            return
        report_id = self.report_id
        self._show_report(None)
        run_for(self, self.worker, lambda case, task: case.delete_source_report(report_id),
                label="Delete report", initiator=self, error=self._failed,
                done=lambda _: self.refresh_reports())

    # --- shared --------------------------------------------------------------------------

    def _case_changed(self, changes: Changes, initiator: object) -> None:
        # Undo, redo or an import elsewhere: show the register as the case file now holds it.
        if initiator is not self and (changes.sources or changes.source_reports):
            self.refresh_sources()
            self.refresh_reports()

    def _invalid(self, exc: BaseException, form: SourceForm | ReportForm) -> None:
        if isinstance(exc, errors.Invalid):
            form.show_errors(exc.errors)
        else:
            self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self.message.show_message(str(exc))

    def ask_unsaved(self) -> Answer:
        """Ask whether to save, discard or keep editing (tests replace this)."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, "Unsaved changes", "Save the changes to this source or report?",
            buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save,
        )
        if answer == buttons.Save:
            return "save"
        return "discard" if answer == buttons.Discard else "cancel"

    def _may_leave(self, *, source: bool = True) -> bool:
        """Whether the user may move away from the forms, saving or discarding edits first."""
        dirty_source = source and self._source_dirty()
        dirty_report = self._report_dirty()
        if not (dirty_source or dirty_report):
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            if dirty_source:
                self.save_source()
            if dirty_report:
                self.save_report()
        return answer != "cancel"

    def reject(self) -> None:
        """Close, asking first about unsaved edits."""
        if self._may_leave():
            super().reject()
