"""The map's dock in the main window (View ▸ Map), following the window's search and filters.

The map itself (`ui.map_view`) is made the first time the dock is shown: it is hidden in
most sessions, and the app's first paint need not wait for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow
from shiboken6 import isValid

from casefile.places import outline
from ui.worker import Task, Worker

if TYPE_CHECKING:
    from casefile.case import CaseFile
    from casefile.search.points import Points
    from ui.map_view import Land, MapView

REFRESH_MS = 300  # after the last keystroke or filter change, as the list waits


class MapDock(QDockWidget):
    """The map as a dock of the main window, following its search and filters."""

    def __init__(self, window: QMainWindow):
        super().__init__("Map", window)
        self.setObjectName("map")  # saveState restores it by this name
        self.main = window
        self._view: MapView | None = None  # made when the dock is first shown
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._land_read = False  # the borders are the same for every case: read once
        self._shown_for: tuple[str, str] | None = None
        self._stale = True
        self._generation = 0
        self.visibilityChanged.connect(self._shown)
        # The search box and filter panel stay for the window's life; the worker and the
        # list's selection change with the case file (`attach`).
        window.search_box.textChanged.connect(self.later)  # type: ignore[attr-defined]
        window.filter_panel.changed.connect(self.later)  # type: ignore[attr-defined]

    @property
    def view(self) -> MapView:
        """The map itself, made when first needed: most sessions never show it, and its
        classes and their enums cost the app's first paint 10 ms (issue #16)."""
        if self._view is None:
            from ui.map_view import MapView

            self._view = MapView(self)
            self.setWidget(self._view)
            self._view.picked.connect(self._picked)
        return self._view

    def attach(self, worker: Worker) -> None:
        """Follow a newly opened case file: its changes, and the list's selection."""
        # Bound methods, not lambdas: Qt drops the connections when the dock is deleted.
        worker.changed.connect(self._case_changed)
        self.main.table.selectionModel().selectionChanged.connect(self._list_selected)  # type: ignore[attr-defined]
        self._shown_for = None
        self.later()

    def _shown(self, visible: bool) -> None:
        if visible:
            self.view  # noqa: B018 - made now, so the dock never shows empty
        if visible and self._stale:
            self.later()

    def later(self) -> None:
        """Refresh once the search settles (and only while the map is shown)."""
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def _case_changed(self, changes: Any, _initiator: object) -> None:
        if changes.incidents:
            self.later()

    def _list_selected(self, *_: object) -> None:
        if self._view is not None:
            self._view.select(self.main.current_id())  # type: ignore[attr-defined]

    def refresh(self) -> None:
        """Read the incidents of the window's search and filters (worker), then draw them."""
        if not self.isVisible():
            return
        self._stale = False
        self._generation += 1
        generation = self._generation
        text = self.main.search_box.text().strip()  # type: ignore[attr-defined]
        filters = self.main.filter_panel.filters()  # type: ignore[attr-defined]
        wanted = (text, repr(sorted(filters.items())))
        fit = wanted != self._shown_for or self.view.markers is None
        worker: Worker = self.main.worker  # type: ignore[attr-defined]
        need_land = not self._land_read

        from ui.map_view import read_land

        def read(case: CaseFile, task: Task[Any]) -> tuple[Points, Land | None]:
            points = case.find.points(text, **filters)
            box = outline.Box.spanning(points.longitudes, points.latitudes)
            return points, read_land(case, box) if need_land else None

        def done(found: tuple[Points, Land | None]) -> None:
            if not isValid(self) or generation != self._generation:
                return
            points, land = found
            if land is not None and not self._land_read:
                self._land_read = True
                self.view.set_land(land)
            self.view.set_points(points, fit=fit)
            self.view.select(self.main.current_id())  # type: ignore[attr-defined]
            if fit:
                self._shown_for = wanted
                self._label(worker, points)

        worker.run(read, label="Drawing the map", done=done)

    def _label(self, worker: Worker, points: Points) -> None:
        box = outline.Box.spanning(points.longitudes, points.latitudes)
        generation = self._generation

        def done(places: list[tuple[str, float, float]]) -> None:
            if isValid(self) and generation == self._generation:
                self.view.set_labels(places)

        from ui.map_view import read_labels

        worker.run(lambda case, task: read_labels(case, box), label="Naming places", done=done)

    def _picked(self, incident_id: str) -> None:
        """Select the incident in the list if it is loaded there, else show it in the pane."""
        self.view.select(incident_id)
        window: Any = self.main
        row = window.model.row_of(incident_id)
        if row is not None:
            window.table.selectRow(row)
            window.table.scrollTo(window.model.index(row, 0))
        else:
            window.detail.show_incident(incident_id)


def install(window: QMainWindow, view_menu: Any) -> MapDock:
    """Give the window a map dock (hidden until View ▸ Map), on the right of the list."""
    dock = MapDock(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    action = dock.toggleViewAction()
    action.setText("&Map")
    action.setShortcut("Ctrl+Shift+M")
    action.setStatusTip("Show or hide the map of the listed incidents")
    view_menu.addAction(action)
    return dock
