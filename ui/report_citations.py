"""The incidents that cite one source report, with their grades; double-click opens one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidgetItem, QVBoxLayout, QWidget

from casefile.records.listing import IncidentRow
from casefile.store.changes import Changes
from ui.form_fields import ErrorLabel, flat_list
from ui.lifetime import run_for
from ui.worker import Worker

ID = Qt.ItemDataRole.UserRole
NO_REPORT = "Choose a saved report to see the incidents that cite it."
NONE_YET = "No incident cites this report yet. Cite it on an incident's Sources tab."
# Tables whose changes can add, drop, regrade or rename a citing incident.
CITING_TABLES = frozenset({"citation", "incident", "source"})


class CitingIncidents(QWidget):
    """Date, title and Admiralty grade of each incident citing the chosen report."""

    open_incident = Signal(str)  # an incident's id, when the user activates its row
    loaded = Signal()

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.report_id: str | None = None
        self.list = flat_list("Incidents citing this report", ["Incident", "Date", "Grade"])
        self.list.itemActivated.connect(self._activated)
        self.hint = QLabel(NO_REPORT, self)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # drawn in the theme's muted text colour
        self.error = ErrorLabel("citing incidents", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        worker.changed.connect(self._case_changed)

    def show_report(self, report_id: str | None) -> None:
        """Show the incidents citing a report (None: no saved report chosen)."""
        self.report_id = report_id
        self.list.clear()
        self.error.show_message(None)
        self.hint.setText(NO_REPORT)
        self.hint.setVisible(report_id is None)
        if report_id is not None:
            self.refresh()

    def refresh(self) -> None:
        """Read the citing incidents again through the worker."""
        report_id = self.report_id
        if report_id is None:
            return
        run_for(
            self,
            self.worker,
            lambda case, task: case.sources.citing(report_id=report_id),
            done=lambda found: self._fill(report_id, found),
            error=self._failed,
        )

    def _fill(self, report_id: str, found: list[tuple[IncidentRow, str]]) -> None:
        if report_id != self.report_id:
            return  # the user has chosen another report meanwhile
        self.list.clear()
        for row, grade in found:
            item = QTreeWidgetItem([row.title, row.event_date.isoformat(), grade])
            item.setData(0, ID, row.id)
            item.setToolTip(0, row.title)
            self.list.addTopLevelItem(item)
        self.hint.setText(NONE_YET)
        self.hint.setVisible(not found)
        self.loaded.emit()

    def _activated(self, item: QTreeWidgetItem) -> None:
        self.open_incident.emit(item.data(0, ID))

    def _case_changed(self, changes: Changes, initiator: object) -> None:
        if self.report_id is not None and changes.tables & CITING_TABLES:
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.error.show_message(str(exc))
