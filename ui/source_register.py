"""The source register: sources with their reliability grade, their reports and attachments."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QMessageBox,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile import CaseFile, errors
from casefile.records import taxonomy
from casefile.records.sources import SourceData, validate_source
from casefile.store.changes import Changes
from ui.form_fields import ErrorLabel, button, button_row, flat_list
from ui.lifetime import run_for
from ui.report_pane import ReportsPane
from ui.source_forms import SourceForm
from ui.worker import Task, Worker

Answer = Literal["save", "discard", "cancel"]
ID = Qt.ItemDataRole.UserRole
Item = QTreeWidgetItem | None


class SourceRegister(QDialog):
    """Sources on the left; the chosen source, its reports and their attachments on the right."""

    open_incident = Signal(str)  # an incident citing a report was activated

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.source_id: str | None = None
        self._stored_source: SourceData | None = None
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
        self.sources = flat_list("Sources", ["Source", "Grade", "Kind"])
        self.sources.currentItemChanged.connect(self._source_chosen)
        self.new_source_button = button("New sour&ce", "New source", self.new_source)
        self.delete_source_button = button("&Delete source", "Delete source", self.delete_source)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sources, 1)
        layout.addLayout(button_row(self.new_source_button, self.delete_source_button))
        return pane

    def _detail_pane(self) -> QWidget:
        pane = QWidget()
        source_box = QGroupBox("Source")
        self.source_form = SourceForm()
        self.save_source_button = button("&Save source", "Save source", self.save_source)
        box_layout = QVBoxLayout(source_box)
        box_layout.addWidget(self.source_form)
        box_layout.addLayout(button_row(self.save_source_button))
        self.reports_pane = ReportsPane(self.worker, self.message)
        self.reports_pane.may_leave = lambda: self._may_leave(source=False)
        self.reports_pane.citing.open_incident.connect(self.open_incident)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(source_box)
        layout.addWidget(self.reports_pane, 1)
        return pane

    # --- sources -------------------------------------------------------------------------

    def refresh_sources(self, select: str | None = None) -> None:
        """Reload the list of sources, then choose `select` (or keep the current one)."""
        wanted = select or self.source_id
        run_for(
            self,
            self.worker,
            lambda case, task: case.sources.all(),
            label="List sources",
            done=lambda found: self._fill_sources(found, wanted),
            error=self._failed,
        )

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
        self.reports_pane.show_source(self.source_id)

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
                return case.sources.add(**fields)
            return case.sources.update(source_id, **fields)

        def saved(changes: Changes) -> None:
            self._stored_source = data  # no longer dirty, whatever the refresh finds
            self.refresh_sources(select=source_id or changes.created)

        run_for(
            self,
            self.worker,
            store,
            label="Save source",
            initiator=self,
            done=saved,
            error=self._save_failed,
        )

    def delete_source(self) -> None:
        """Delete the chosen source with its reports (Undo brings them back)."""
        if self.source_id is None:
            return
        source_id = self.source_id
        self._stored_source = None
        self.source_id = None
        run_for(
            self,
            self.worker,
            lambda case, task: case.sources.delete(source_id),
            label="Delete source",
            initiator=self,
            done=lambda _: self._after_delete(),
            error=self._failed,
        )

    def _after_delete(self) -> None:
        self._show_source(None)
        self.refresh_sources()

    # --- shared --------------------------------------------------------------------------

    def _case_changed(self, changes: Changes, initiator: object) -> None:
        # Undo, redo or an import elsewhere: show the register as the case file now holds it.
        mine = initiator is self or initiator is self.reports_pane
        if not mine and (changes.sources or changes.source_reports):
            self.refresh_sources()
            self.reports_pane.refresh()

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, errors.Invalid):
            self.source_form.show_errors(exc.errors)
        else:
            self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self.message.show_message(str(exc))

    def ask_unsaved(self) -> Answer:
        """Ask whether to save, discard or keep editing (tests replace this)."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            "Save the changes to this source or report?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        if answer == buttons.Save:
            return "save"
        return "discard" if answer == buttons.Discard else "cancel"

    def _may_leave(self, *, source: bool = True) -> bool:
        """Whether the user may move away from the forms, saving or discarding edits first."""
        dirty_source = source and self._source_dirty()
        dirty_report = self.reports_pane.is_dirty()
        if not (dirty_source or dirty_report):
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            if dirty_source:
                self.save_source()
            if dirty_report:
                self.reports_pane.save_report()
        return answer != "cancel"

    def reject(self) -> None:
        """Close, asking first about unsaved edits."""
        if self._may_leave():
            super().reject()
