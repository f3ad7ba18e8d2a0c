"""The main window's editors and dialogs: the incident commands, source register and report.

A mixin of `MainWindow`, kept apart so that each module holds one idea: this one opens the
windows that edit or read the case beside the list, one editor per incident, and keeps
them in `windows` while they are open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid

from ui.worker import Worker

if TYPE_CHECKING:
    from casefile.records.listing import IncidentRow

# A window opened from this one: the editor, the source register, the report dialog.
_Window = TypeVar("_Window", bound=QWidget)


class WindowEditors:
    """Handlers that open the editor, register and report dialog; the window keeps the list."""

    worker: Worker
    windows: list[QWidget]
    _select_after_load: str | None

    if TYPE_CHECKING:

        def current_id(self) -> str | None: ...
        def selected_row(self) -> IncidentRow | None: ...

    @property
    def _parent(self) -> QWidget:
        return cast("QWidget", self)

    def on_new_incident(self) -> None:
        """Open the editor on a new incident."""
        self._open_editor(None)

    def on_edit_incident(self) -> None:
        """Open the editor on the selected incident."""
        incident_id = self.current_id()
        if incident_id is not None:
            self._open_editor(incident_id)

    def on_delete_incident(self) -> None:
        """Delete the selected incident after asking."""
        row = self.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self._parent,
            "Delete incident",
            f"Delete “{row.title}” ({row.event_date.isoformat()})?\n\n"
            "Its actors, casualties, citations and attachments go with it. "
            "Edit ▸ Undo (Ctrl+Z) brings it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            incident_id = row.id
            self.worker.run(
                lambda case, task: case.delete_incident(incident_id),
                label="Deleting",
                initiator=self,
            )

    def on_sources(self) -> None:
        """Open the source register; an incident chosen there opens in the editor."""
        from ui.source_register import SourceRegister  # loaded when first asked for

        register = self._show_window(SourceRegister(self.worker, self._parent))
        register.open_incident.connect(self._open_editor)

    def on_report(self) -> None:
        """Open the report dialog."""
        from ui.report_dialog import ReportDialog  # loaded when first asked for

        self._show_window(ReportDialog(self.worker, self._parent))

    def open_windows(self) -> list[QWidget]:
        """Editors and dialogs opened from this window that are still open."""
        self.windows = [window for window in self.windows if isValid(window)]
        return list(self.windows)

    def _open_editor(self, incident_id: str | None) -> None:
        if not self.worker.is_open:
            return  # a double click on the list before the case file is open
        for window in self.open_windows():
            if incident_id is not None and getattr(window, "incident_id", None) == incident_id:
                window.raise_()  # one editor per incident: two would overwrite each other
                window.activateWindow()
                return
        from ui.incident_editor import IncidentEditor  # loaded when first asked for

        editor = self._show_window(IncidentEditor(self.worker, incident_id, self._parent))
        editor.saved.connect(self._select_saved)

    def _select_saved(self, incident_id: str) -> None:
        self._select_after_load = incident_id

    def _show_window(self, window: _Window) -> _Window:
        # The editor, register and report dialog are imported when first opened, which
        # keeps them out of the time to the first paint.
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(
            lambda *_: self.windows.remove(window) if window in self.windows else None
        )
        self.windows.append(window)
        window.show()
        return window
