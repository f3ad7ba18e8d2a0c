"""Edits that collide, as the editor shows them: a banner and a question at Save.

The comparison itself is the core's (`casefile.records.conflicts`). The editor remembers
the incident as it loaded it. When the main window's undo, an
import or another window changes that incident, a banner says so and offers to reload
or to keep the editor's version. Save checks again on the worker, in the same operation
as the write, so a change queued just before it is never overwritten unseen.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QWidget,
)

from casefile import CaseFile, errors
from casefile.records import conflicts
from casefile.records.conflicts import Base, describe
from casefile.records.incidents import IncidentData
from casefile.store.changes import Changes

Choice = Literal["reload", "overwrite", "cancel"]


def read_stored(case: CaseFile, incident_id: str) -> IncidentData | None:
    """Worker side: the incident as stored now, or None when it has been deleted."""
    try:
        return case.get_incident(incident_id)
    except errors.NotFound:
        return None


def store_checked(case: CaseFile, data: IncidentData, loaded: Base, *, overwrite: bool) -> Changes:
    """Worker side: save unless the stored incident differs from `loaded` (or `overwrite`).

    On the one worker, so no other change of the app's comes between the check and the save.
    The core refuses the save too when another program saved the incident since (its
    version moved); that is asked about the same way.
    """
    if overwrite:
        return case.save_incident(dataclasses.replace(data, version=None))
    if data.id is not None:
        conflicts.check(read_stored(case, data.id), loaded)
    try:
        return case.save_incident(data)
    except errors.Conflict as exc:
        assert data.id is not None  # a new incident has no version to disagree with
        raise conflicts.ChangedElsewhere(read_stored(case, data.id)) from exc


class ConflictBanner(QFrame):
    """A notice above the form with Reload (or Close, once deleted) and Keep my version."""

    reload_asked = Signal()
    keep_asked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Changed elsewhere")
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(size, size))
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.reload_button = QPushButton("Reload", self)
        self.reload_button.setAccessibleName("Reload the stored incident")
        self.reload_button.clicked.connect(self.reload_asked)
        self.keep_button = QPushButton("&Keep my version", self)
        self.keep_button.setAccessibleName("Keep my version and save over the other")
        self.keep_button.clicked.connect(self.keep_asked)
        layout = QHBoxLayout(self)
        layout.addWidget(icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.reload_button)
        layout.addWidget(self.keep_button)
        self.hide()

    def show_change(self, current: IncidentData | None, *, dirty: bool) -> None:
        """Say what happened; once deleted, there is nothing to reload, only to close."""
        self.text.setText(describe(current, dirty=dirty))
        self.reload_button.setText("Reload" if current is not None else "Close editor")
        self.keep_button.setVisible(dirty)
        self.show()


def ask_conflict(parent: QWidget, current: IncidentData | None) -> Choice:
    """Ask, at Save, whether to reload, overwrite the other change, or keep editing."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Changed elsewhere")
    deleted = current is None
    box.setText(
        "This incident was deleted elsewhere."
        if deleted
        else "This incident was changed elsewhere since you opened it."
    )
    box.setInformativeText(
        "Save your version anyway, or drop your edits?"
        if deleted
        else "Overwrite the other change with your version, or reload the stored one?"
    )
    overwrite = box.addButton(
        "&Save mine" if deleted else "&Overwrite", QMessageBox.ButtonRole.AcceptRole
    )
    reload = box.addButton(
        "&Drop my edits" if deleted else "&Reload", QMessageBox.ButtonRole.DestructiveRole
    )
    keep = box.addButton("Keep &editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)  # both others give something up; Enter must not
    box.exec()
    if box.clickedButton() is overwrite:
        return "overwrite"
    return "reload" if box.clickedButton() is reload else "cancel"
