"""An incident's history: who changed what and when, field by field (from the detail pane)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile import CaseFile
from ui.worker import Task, Worker

HEADERS = ("When (UTC)", "Who", "Change", "Record", "Field", "Before", "After")
ACTIONS = {"create": "added", "update": "changed", "delete": "deleted", "baseline": "as found"}
# Bookkeeping columns every row has; they say nothing an analyst needs here.
QUIET = {"id", "uuid", "created_at", "updated_at", "incident_id"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def rows(entries: list[Any]) -> list[tuple[str, ...]]:
    """One row per field changed, newest change first."""
    found = []
    for entry in entries:
        changes = json.loads(entry.changes)
        fields = [k for k in changes if k not in QUIET] or ["—"]
        for field in fields:
            old, new = changes.get(field, [None, None])
            found.append(
                (
                    entry.at.replace("T", " "),
                    entry.author,
                    ACTIONS.get(entry.action, entry.action),
                    entry.table_name.replace("_", " "),
                    field.replace("_", " ") if field != "—" else field,
                    _text(old),
                    _text(new),
                )
            )
    return found


class HistoryDialog(QDialog):
    """Lists an incident's history, loaded through the worker."""

    def __init__(self, worker: Worker, incident_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Incident history")
        self.resize(900, 480)
        self.note = QLabel("Loading…", self)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("History of the incident")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

        def load(case: CaseFile, task: Task[Any]) -> list[tuple[str, ...]]:
            return rows(case.protect.history(incident_id))

        worker.run(load, done=self.show_rows)

    def show_rows(self, found: list[tuple[str, ...]]) -> None:
        """Fill the table."""
        self.table.setRowCount(len(found))
        for r, row in enumerate(found):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        many = "s" * (len(found) != 1)
        self.note.setText(
            f"{len(found)} field change{many}, newest first; the log cannot be edited."
        )
