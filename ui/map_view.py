"""The map beside the list: the searched and filtered incidents on country borders, offline.

The view inside the main window's map dock (`ui.map_dock`, View ▸ Map). The worker reads
the incidents' coordinates in one query for the window's search text and filters, and the
borders and place names once; the scene is drawn by `map_scene`. Wheel zooms, dragging
pans, a click on a marker selects its incident in the list (a click on a cluster zooms
into it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from casefile.case import CaseFile
from casefile.places import ATTRIBUTION, outline
from casefile.records.taxonomy import EVENT_COLOURS
from casefile.search.points import Points
from ui import map_scene
from ui.map_scene import Markers, project

COARSE = 0.1  # degrees between border points when zoomed out
FINE = 0.01  # ... and when zoomed in on the incidents' area
FINE_FROM = 40.0  # pixels per degree at which the fine borders show
LABELS = 30
MOST_SCALE = 2.0**16  # pixels per degree: closer than a street


@dataclass(frozen=True)
class Land:
    """What the worker reads once for the map: land outlines at two scales."""

    coarse: list[outline.Ring]
    fine: list[outline.Ring]


def read_land(case: CaseFile, box: outline.Box) -> Land:
    """Borders for the map (worker thread): the world coarse, the incidents' area finely."""
    borders = case.places.borders
    wide = outline.Box(box.west - 10, box.south - 10, box.east + 10, box.north + 10)
    return Land(
        outline.outlines(borders, tolerance=COARSE),
        outline.outlines(borders, tolerance=FINE, box=wide),
    )


def read_labels(case: CaseFile, box: outline.Box) -> list[tuple[str, float, float]]:
    """The largest places in an area, to label (worker thread; reads the gazetteer)."""
    found = outline.labels(case.places.gazetteer, box, LABELS)
    return [(place.name, place.latitude, place.longitude) for place in found]


class MapView(QGraphicsView):
    """Zoomable, pannable map of incident markers; `picked` gives a clicked incident's id."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.map_scene = QGraphicsScene(self)  # owned by the view: deleted with it
        self.setScene(self.map_scene)
        self.setAccessibleName("Map of incidents")
        self.map_scene.setSceneRect(-200.0, -200.0, 400.0, 400.0)
        self.map_scene.setBackgroundBrush(map_scene.SEA)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.markers: Markers | None = None
        self.coarse: list[Any] = []
        self.fine: list[Any] = []
        self._labels: list[Any] = []
        self._pressed: QPoint | None = None

    @property
    def scale_now(self) -> float:
        """Pixels per scene unit (a degree of longitude)."""
        return self.transform().m11()

    def set_land(self, land: Land) -> None:
        """Draw the borders (once per window: they stay while the markers change)."""
        for item in self.coarse + self.fine:
            self.map_scene.removeItem(item)
        self.coarse = map_scene.add_land(self.map_scene, land.coarse, z=0)
        self.fine = map_scene.add_land(self.map_scene, land.fine, z=1)
        self._rescaled()

    def set_labels(self, places: Sequence[tuple[str, float, float]]) -> None:
        """Label these places (name, latitude, longitude)."""
        for item in self._labels:
            self.map_scene.removeItem(item)
        self._labels = map_scene.add_labels(self.map_scene, places)

    def set_points(self, points: Points, *, fit: bool) -> None:
        """Show these incidents; with `fit`, zoom to them."""
        selected = self.markers.selected if self.markers else None
        if self.markers is not None:
            self.map_scene.removeItem(self.markers)
        if fit:
            self.fit(outline.Box.spanning(points.longitudes, points.latitudes))
        self.markers = map_scene.add_markers(self.map_scene, points, self.scale_now)
        self.markers.selected = selected

    def fit(self, box: outline.Box) -> None:
        """Zoom and centre on an area."""
        left, top = project(box.west, box.north)
        right, bottom = project(box.east, box.south)
        self.fitInView(
            QRectF(left, top, right - left, bottom - top), Qt.AspectRatioMode.KeepAspectRatio
        )
        self._rescaled()

    def select(self, incident_id: str | None) -> None:
        """Ring the marker of this incident (None: no ring)."""
        if self.markers is not None and self.markers.selected != incident_id:
            self.markers.selected = incident_id
            self.markers.update()

    def _rescaled(self) -> None:
        scale = self.scale_now
        for item in self.fine:
            item.setVisible(scale >= FINE_FROM)
        if self.markers is not None:
            self.markers.set_scale(scale)
        self.viewport().update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom about the pointer, a quarter per notch."""
        factor = 1.25 ** (event.angleDelta().y() / 120.0)
        scale = self.scale_now
        factor = max(0.5 / scale, min(factor, MOST_SCALE / scale))
        self.scale(factor, factor)
        self._rescaled()

    def mousePressEvent(self, event: Any) -> None:
        """Remember where a press began: a release nearby is a click, farther a drag."""
        self._pressed = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: Any) -> None:
        """A click on a marker picks its incident; on a cluster, zooms into it."""
        super().mouseReleaseEvent(event)
        start, self._pressed = self._pressed, None
        where = event.position().toPoint()
        if start is None or (where - start).manhattanLength() > 4 or self.markers is None:
            return
        cluster = self.markers.at(self.mapToScene(where), self.scale_now)
        if cluster is None:
            return
        if len(cluster.ids) == 1 or self.markers.level <= map_scene.FINEST:
            self.picked.emit(cluster.ids[0])
            return
        self.centerOn(QPointF(cluster.x, cluster.y))
        self.scale(3.0, 3.0)
        self._rescaled()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        """The scale bar, the legend and the attribution, fixed to the view's corners."""
        painter.save()
        painter.resetTransform()
        font = QFont(painter.font())
        font.setPixelSize(10)
        painter.setFont(font)
        self._draw_scale_bar(painter)
        self._draw_legend(painter)
        size = self.viewport().size()
        painter.setPen(QColor("#555555"))
        painter.drawText(
            QRectF(0, size.height() - 16, size.width() - 6, 14),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            ATTRIBUTION,
        )
        painter.restore()

    def _draw_scale_bar(self, painter: QPainter) -> None:
        centre = self.mapToScene(self.viewport().rect().center())
        latitude = map_scene.latitude_at(centre.y())
        # A scene unit is a degree of longitude: 111.32 km at the equator, times cos(latitude).
        km_per_px = 111.32 * math.cos(math.radians(latitude)) / max(self.scale_now, 1e-9)
        length = nice_length(km_per_px * 120)
        pixels = length / km_per_px
        x, y = 12.0, self.viewport().height() - 26.0
        painter.setPen(QPen(QColor("#222222"), 2))
        painter.drawLine(QPointF(x, y), QPointF(x + pixels, y))
        for end in (x, x + pixels):
            painter.drawLine(QPointF(end, y - 4), QPointF(end, y + 4))
        label = f"{length:g} km" if length >= 1 else f"{length * 1000:g} m"
        painter.drawText(QPointF(x, y - 7), label)

    def _draw_legend(self, painter: QPainter) -> None:
        x, y = 10.0, 10.0
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRoundedRect(QRectF(x - 4, y - 4, 178, 14 * len(EVENT_COLOURS) + 6), 4, 4)
        for name, colour in EVENT_COLOURS.items():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(QPointF(x + 5, y + 6), 4.5, 4.5)
            painter.setPen(QColor("#222222"))
            painter.drawText(QPointF(x + 14, y + 10), name)
            y += 14


def nice_length(km: float) -> float:
    """The round length (1, 2 or 5 times a power of ten) at most `km`, for a scale bar."""
    if km <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(km))
    return max(step * power for step in (1, 2, 5) if step * power <= km)
