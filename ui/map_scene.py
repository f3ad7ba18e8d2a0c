"""The map's scene: borders, place labels and incident markers gathered into clusters on a grid.

Scene coordinates are Web Mercator in degrees (x = longitude, y = -mercator latitude), so
the map keeps shapes true at any latitude. Markers are one item that draws only what is in
view, gathered on a grid of cells a fixed number of pixels wide at the current zoom: a
hundred thousand incidents draw as a few hundred clusters when zoomed out.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from casefile.places import outline
from casefile.records.taxonomy import EVENT_COLOURS, OTHER_EVENT_COLOUR
from casefile.search.points import Points

CELL_PX = 28  # markers closer than this (in pixels) join one cluster
LAND = QColor("#F4F1EA")
BORDER = QColor("#8C8C8C")
SEA = QColor("#DCE8F0")
TYPES = [*EVENT_COLOURS, ""]
COLOURS = [QColor(EVENT_COLOURS[name]) for name in EVENT_COLOURS] + [QColor(OTHER_EVENT_COLOUR)]
Ring = Sequence[tuple[float, float]]  # longitude, latitude
FINEST = -14  # a cell of 2^-14 degrees (a few metres): below it, markers are not gathered


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """A point in scene coordinates (Web Mercator in degrees; north is up, y grows down)."""
    x, y = outline.project(longitude, latitude)
    return x, -y


def latitude_at(y: float) -> float:
    """The latitude of a scene y (the inverse of `project`)."""
    return outline.latitude_at(-y)


@dataclass
class Cluster:
    """Incidents gathered in one cell: where they are on average, how many, how many killed."""

    x: float
    y: float
    ids: list[str]
    killed: int
    kind: int  # the event type most of them have, as an index into TYPES

    @property
    def colour(self) -> QColor:
        """The colour of the event type most of them have."""
        return COLOURS[self.kind]

    @property
    def radius(self) -> float:
        """The marker's radius in pixels: grows with the killed (and the count, gathered)."""
        extra = math.log2(len(self.ids)) * 2.0 if len(self.ids) > 1 else 0.0
        return min(24.0, 4.0 + 1.8 * math.sqrt(self.killed) + extra)


class Markers(QGraphicsItem):
    """Every incident's marker, drawn in pixel sizes, gathered into clusters by zoom level."""

    def __init__(self, points: Points):
        super().__init__()
        kind_of = {name: index for index, name in enumerate(TYPES)}
        other = len(TYPES) - 1
        self.points = points
        lats: Sequence[float] = points.latitudes
        if lats and (min(lats) < -85.0 or max(lats) > 85.0):
            lats = [max(-85.0, min(85.0, lat)) for lat in lats]
        # Web Mercator inline (see `project`): a hundred thousand calls would cost a third more.
        log, tan, quarter, half_radian = math.log, math.tan, math.pi / 4, math.pi / 360
        degrees = 180 / math.pi
        self.xs: Sequence[float] = points.longitudes
        self.ys = [-log(tan(quarter + lat * half_radian)) * degrees for lat in lats]
        self.kinds = [kind_of.get(kind, other) for kind in points.event_types]
        self.level = 0
        self._levels: dict[int, dict[tuple[int, int], Cluster]] = {}
        self.selected: str | None = None
        self._box = _bounds(self.xs, self.ys)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(10)

    def boundingRect(self) -> QRectF:
        """The points' extent, widened by the largest marker (Qt culls the item by it)."""
        return self._box.adjusted(-20.0, -20.0, 20.0, 20.0)

    def set_scale(self, scale: float) -> None:
        """Gather markers for a zoom of `scale` pixels per scene unit."""
        level = max(FINEST, math.floor(math.log2(CELL_PX / max(scale, 1e-9))))
        if level != self.level:
            self.level = level
            self.update()

    def clusters(self, level: int | None = None) -> dict[tuple[int, int], Cluster]:
        """The clusters at a level (cells of 2^level scene units), made once per level."""
        level = self.level if level is None else level
        found = self._levels.get(level)
        if found is None:
            found = self._levels[level] = self._gather(2.0**level)
        return found

    def _gather(self, cell: float) -> dict[tuple[int, int], Cluster]:
        floor, scale = math.floor, 1.0 / cell
        members: dict[tuple[int, int], list[int]] = {}
        for index, key in enumerate(
            [(floor(x * scale), floor(y * scale)) for x, y in zip(self.xs, self.ys, strict=True)]
        ):
            found = members.get(key)
            if found is None:
                members[key] = [index]
            else:
                found.append(index)
        ids, killed = self.points.ids, self.points.killed
        xs, ys, kinds = self.xs, self.ys, self.kinds
        cells = {}
        for key, indexes in members.items():
            if len(indexes) == 1:
                (i,) = indexes
                cells[key] = Cluster(xs[i], ys[i], [ids[i]], killed[i], kinds[i])
                continue
            n = len(indexes)
            take = itemgetter(*indexes)  # gathers in C: a Python loop per point took longer
            cells[key] = Cluster(
                sum(take(xs)) / n,
                sum(take(ys)) / n,
                list(take(ids)),
                sum(take(killed)),
                Counter(take(kinds)).most_common(1)[0][0],
            )
        return cells

    def visible(self, rect: QRectF) -> list[Cluster]:
        """The clusters whose centre lies in a scene rectangle (with a margin of a cell)."""
        cell = 2.0**self.level
        clusters = self.clusters()
        left, right = math.floor(rect.left() / cell) - 1, math.floor(rect.right() / cell) + 1
        top, bottom = math.floor(rect.top() / cell) - 1, math.floor(rect.bottom() / cell) + 1
        if (right - left + 1) * (bottom - top + 1) < len(clusters):
            found = (
                clusters.get((i, j)) for i in range(left, right + 1) for j in range(top, bottom + 1)
            )
            return [c for c in found if c is not None]
        return [c for (i, j), c in clusters.items() if left <= i <= right and top <= j <= bottom]

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the clusters in the exposed area, sized in pixels whatever the zoom."""
        transform = painter.worldTransform()
        clusters = self.visible(option.exposedRect)  # type: ignore[attr-defined]
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = QPen(QColor(255, 255, 255, 230), 1.2)
        font = QFont(painter.font())
        font.setPixelSize(10)
        font.setBold(True)
        painter.setFont(font)
        selected = None
        # The largest first, so the small ones stay visible on top.
        for cluster in sorted(clusters, key=lambda c: -c.radius):
            centre = transform.map(QPointF(cluster.x, cluster.y))
            colour = QColor(cluster.colour)
            colour.setAlpha(215)
            painter.setPen(outline)
            painter.setBrush(QBrush(colour))
            radius = cluster.radius
            painter.drawEllipse(centre, radius, radius)
            if len(cluster.ids) > 1 and radius >= 7:
                painter.setPen(Qt.GlobalColor.white)
                box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, _short(len(cluster.ids)))
            if self.selected is not None and self.selected in cluster.ids:
                selected = (centre, radius)
        if selected is not None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor("#111111"), 2.5))
            painter.drawEllipse(selected[0], selected[1] + 4, selected[1] + 4)
        painter.restore()

    def at(self, scene: QPointF, scale: float) -> Cluster | None:
        """The cluster drawn under a scene point (the nearest if markers overlap), or None."""
        best: tuple[float, Cluster] | None = None
        margin = 30.0 / max(scale, 1e-9)
        rect = QRectF(scene.x() - margin, scene.y() - margin, 2 * margin, 2 * margin)
        for cluster in self.visible(rect):
            distance = math.hypot(cluster.x - scene.x(), cluster.y - scene.y()) * scale
            if distance <= cluster.radius + 2 and (best is None or distance < best[0]):
                best = (distance, cluster)
        return best[1] if best else None

    def position(self, incident_id: str) -> QPointF | None:
        """Where an incident is in the scene, if it is on the map."""
        try:
            index = self.points.ids.index(incident_id)
        except ValueError:
            return None
        return QPointF(self.xs[index], self.ys[index])


def _short(count: int) -> str:
    return f"{count // 1000}k" if count >= 10_000 else str(count)


def _bounds(xs: Sequence[float], ys: Sequence[float]) -> QRectF:
    if not xs:
        return QRectF()
    return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def border_items(rings: Sequence[Ring]) -> list[QGraphicsPathItem]:
    """One item per ring of land: filled, outlined with a pen one pixel wide at any zoom."""
    pen = QPen(BORDER, 0.0)
    pen.setCosmetic(True)
    brush = QBrush(LAND)
    items = []
    for ring in rings:
        path = QPainterPath()
        path.addPolygon(QPolygonF([QPointF(*project(lon, lat)) for lon, lat in ring]))
        path.closeSubpath()
        item = QGraphicsPathItem(path)
        item.setPen(pen)
        item.setBrush(brush)
        items.append(item)
    return items


def label_items(places: Sequence[tuple[str, float, float]]) -> list[QGraphicsItem]:
    """A dot and a name beside it for each place (name, latitude, longitude), the same size
    at any zoom."""
    items: list[QGraphicsItem] = []
    font = QFont()
    font.setPixelSize(11)
    for name, latitude, longitude in places:
        dot = QGraphicsEllipseItem(-2.0, -2.0, 4.0, 4.0)
        dot.setPos(*project(longitude, latitude))
        dot.setBrush(QColor("#555555"))
        dot.setPen(Qt.PenStyle.NoPen)
        dot.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        dot.setZValue(5)
        text = QGraphicsSimpleTextItem(name, dot)
        text.setFont(font)
        text.setBrush(QColor("#444444"))
        text.setPos(4.0, -8.0)  # pixels, beside the dot
        items.append(dot)
    return items


def add_land(
    scene: QGraphicsScene, rings: Sequence[Ring], *, z: float = 0.0
) -> list[QGraphicsPathItem]:
    """Add land outlines to a scene (once: they stay while the markers change)."""
    scene.setBackgroundBrush(SEA)
    items = border_items(rings)
    for item in items:
        item.setZValue(z)
        scene.addItem(item)
    return items


def add_labels(
    scene: QGraphicsScene, places: Sequence[tuple[str, float, float]]
) -> list[QGraphicsItem]:
    """Add place labels to a scene."""
    items = label_items(places)
    for item in items:
        scene.addItem(item)
    return items


def add_markers(scene: QGraphicsScene, points: Points, scale: float) -> Markers:
    """Add the incidents' markers to a scene, gathered for a zoom of `scale`."""
    markers = Markers(points)
    markers.set_scale(scale)
    scene.addItem(markers)
    return markers
