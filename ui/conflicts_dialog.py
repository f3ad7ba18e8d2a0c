"""Conflicts after a bundle: both versions of each record field by field, and the bundles read.

Keep ours, take theirs, or tick the fields to take from theirs and merge. The records are
read and settled on the worker; this window only shows them.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile import CaseFile
from casefile.exchange.bundles import Conflict
from casefile.exchange.merge_summary import in_words
from ui.lifetime import run_for
from ui.worker import Task, Worker

KINDS = {
    "incident": "Incident",
    "source": "Source",
    "source_report": "Source report",
    "citation": "Citation",
    "attachment": "Attachment",
    "incident_link": "Link",
}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class ConflictsDialog(QDialog):
    """Records edited on both sides since the last exchange, to settle one by one."""

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.setWindowTitle("Exchange: conflicts and bundles received")
        self.resize(900, 520)
        self.conflicts: list[Conflict] = []
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.fields = QTableWidget(0, 4)
        self.fields.setHorizontalHeaderLabels(["Field", "Ours", "Theirs", "Take theirs"])
        self.fields.setWordWrap(True)
        self.fields.verticalHeader().hide()
        fit, share = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch
        for column, mode in enumerate((fit, share, share, fit)):  # both versions side by side
            self.fields.horizontalHeader().setSectionResizeMode(column, mode)
        self.keep_ours = QPushButton("Keep &ours")
        self.take_theirs = QPushButton("Take &theirs")
        self.merge = QPushButton("&Merge ticked fields")
        self.keep_ours.clicked.connect(lambda: self._resolve("ours"))
        self.take_theirs.clicked.connect(lambda: self._resolve("theirs"))
        self.merge.clicked.connect(lambda: self._resolve(self._ticked()))
        buttons = QHBoxLayout()
        for button in (self.keep_ours, self.take_theirs, self.merge):
            buttons.addWidget(button)
        buttons.addStretch(1)
        detail = QVBoxLayout()
        detail.addWidget(self.fields, 1)
        detail.addLayout(buttons)
        page = QWidget()
        split = QHBoxLayout(page)
        split.addWidget(self.list, 1)
        split.addLayout(detail, 2)
        self.received = QTableWidget(0, 3)
        self.received.setHorizontalHeaderLabels(["Read at", "From", "What it did"])
        self.received.horizontalHeader().setStretchLastSection(True)
        self.received.setWordWrap(True)
        self.received.verticalHeader().hide()
        self.tabs = tabs = QTabWidget()
        tabs.addTab(page, "Conflicts")
        tabs.addTab(self.received, "Bundles read")
        self._first = True
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.status)
        self.reload()

    def reload(self) -> None:
        """Read the conflicts and the bundles received again (on the worker)."""

        def load(case: CaseFile, task: Task[Any]) -> tuple[list[Conflict], list[Any]]:
            return case.bundles.conflicts(), case.bundles.received()

        run_for(self, self.worker, load, done=self._loaded)

    def _loaded(self, found: tuple[list[Conflict], list[Any]]) -> None:
        self.conflicts, received = found
        self.list.clear()
        for conflict in self.conflicts:
            label = (
                f"{KINDS.get(conflict.kind, conflict.kind)}: {conflict.title or conflict.record_id}"
            )
            QListWidgetItem(label, self.list)
        self.status.setText(
            f"{len(self.conflicts)} conflict{'s' if len(self.conflicts) > 1 else ''} to settle"
            if self.conflicts
            else "No conflicts"
        )
        for button in (self.keep_ours, self.take_theirs, self.merge):
            button.setEnabled(bool(self.conflicts))
        if self.conflicts:
            self.list.setCurrentRow(0)
        else:
            self.fields.setRowCount(0)
        self.received.setRowCount(len(received))
        for row, (when, sender, summary) in enumerate(received):
            what = in_words(summary)
            for column, text in enumerate((when[:16].replace("T", " "), sender, what)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.received.setItem(row, column, item)
        self.received.resizeColumnToContents(0)
        self.received.resizeColumnToContents(1)
        self.received.resizeRowsToContents()
        if self._first and not self.conflicts and received:
            self.tabs.setCurrentWidget(self.received)  # opened for the last bundle's news
        self._first = False

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            return
        conflict = self.conflicts[row]
        names = conflict.fields
        self.fields.setRowCount(len(names))
        for i, name in enumerate(names):
            self.fields.setItem(i, 0, QTableWidgetItem(name))
            self.fields.setItem(i, 1, QTableWidgetItem(_text(conflict.ours.get(name))))
            self.fields.setItem(i, 2, QTableWidgetItem(_text(conflict.theirs.get(name))))
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Unchecked)
            self.fields.setItem(i, 3, tick)
        self.fields.resizeRowsToContents()

    def _ticked(self) -> dict[str, str]:
        take = {}
        for i in range(self.fields.rowCount()):
            name = self.fields.item(i, 0).text()
            checked = self.fields.item(i, 3).checkState() == Qt.CheckState.Checked
            take[name] = "theirs" if checked else "ours"
        return take

    def _resolve(self, take: dict[str, str] | str) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.conflicts):
            return
        conflict_id = self.conflicts[row].id
        run_for(
            self,
            self.worker,
            lambda case, task: case.bundles.resolve(conflict_id, take=take),
            label="Settling a conflict",
            done=lambda _changes: self.reload(),
        )
