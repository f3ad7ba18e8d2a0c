"""What a map draws besides incidents: country outlines thinned for a scale, clipped to an
area, and the largest places in it to label. Shared by the app's map and the reports'.

Coordinates are (longitude, latitude) in degrees; projecting them is the drawer's business.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for annotations only: the app's map imports this module at start
    from casefile.places.borders import Borders
    from casefile.places.borders import Ring as BorderRing
    from casefile.places.gazetteer import Gazetteer, Place

Point = tuple[float, float]  # longitude, latitude
Ring = list[Point]


def project(longitude: float, latitude: float) -> Point:
    """A point in Web Mercator, in degrees (x = longitude; y grows northward): the one
    projection of every map, so shapes stay true at any latitude."""
    latitude = max(-85.0, min(85.0, latitude))
    return longitude, math.degrees(math.log(math.tan(math.radians(45.0 + latitude / 2.0))))


def latitude_at(y: float) -> float:
    """The latitude of a projected y (the inverse of `project`)."""
    return math.degrees(2.0 * math.atan(math.exp(math.radians(y)))) - 90.0


@dataclass(frozen=True)
class Box:
    """An area: west, south, east and north edges in degrees."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def around(cls, points: Iterable[Point], *, margin: float = 0.15, least: float = 2.0) -> Box:
        """The box holding these points, widened by `margin` of its size and to `least`
        degrees each way at the least (one incident still shows its area)."""
        points = list(points)
        return cls.spanning([p[0] for p in points], [p[1] for p in points], margin, least)

    @classmethod
    def spanning(
        cls, lons: Sequence[float], lats: Sequence[float], margin: float = 0.15, least: float = 2.0
    ) -> Box:
        """`around` for points given as columns of longitudes and latitudes."""
        if not lons:
            return cls(-180.0, -60.0, 180.0, 80.0)
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        grow_x = max((east - west) * margin, (least - (east - west)) / 2, 0.0)
        grow_y = max((north - south) * margin, (least - (north - south)) / 2, 0.0)
        return cls(
            max(-180.0, west - grow_x),
            max(-85.0, south - grow_y),
            min(180.0, east + grow_x),
            min(85.0, north + grow_y),
        )

    def holds(self, lon: float, lat: float) -> bool:
        """Whether a point lies in the box."""
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def outlines(borders: Borders, *, tolerance: float, box: Box | None = None) -> list[Ring]:
    """Every country's rings, thinned to points `tolerance` degrees apart at the least and,
    with a box, only the rings that reach into it, clipped to it."""
    rings: list[Ring] = []
    countries = borders.countries()
    q = float(borders.quantum)
    for country in countries:
        if box is not None and not _meets(country.box, box, q):
            continue
        for ring in country.rings:
            if box is not None and not _meets(ring.box, box, q):
                continue
            points = thinned(ring, q, tolerance)
            if box is not None:
                points = clip(points, box)
            if len(points) >= 3:
                rings.append(points)
    return rings


def country_labels(borders: Borders, box: Box) -> list[tuple[str, Point]]:
    """Each country in a box with where to write its name: the centre of its largest part
    inside the box, for parts of a tenth of the box or more."""
    q = float(borders.quantum)
    area = (box.east - box.west) * (box.north - box.south)
    found = []
    for country in borders.countries():
        if not _meets(country.box, box, q):
            continue
        best: tuple[float, Ring] | None = None
        for ring in country.rings:
            if not _meets(ring.box, box, q):
                continue
            part = clip(thinned(ring, q, (box.east - box.west) / 200), box)
            size = abs(_area(part))
            if len(part) >= 3 and (best is None or size > best[0]):
                best = (size, part)
        if best is not None and best[0] / 2 >= area / 10:
            found.append((country.name, _centroid(best[1])))
    return found


def _centroid(ring: Ring) -> Point:
    """The centre of mass of a ring's area (its vertices' mean if it has none)."""
    after = ring[1:] + ring[:1]
    twice = _area(ring)
    if abs(twice) < 1e-12:
        return sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring)
    cx = sum(
        (x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, after, strict=True)
    )
    cy = sum(
        (y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, after, strict=True)
    )
    return cx / (3 * twice), cy / (3 * twice)


def _area(ring: Ring) -> float:
    """Twice the signed area of a ring (shoelace)."""
    after = ring[1:] + ring[:1]
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, after, strict=True))


def _meets(quanta: tuple[int, int, int, int], box: Box, q: float) -> bool:
    west, south, east, north = (value / q for value in quanta)
    return west <= box.east and east >= box.west and south <= box.north and north >= box.south


def thin(points: Ring, tolerance: float) -> Ring:
    """The ring with each point kept only if it is `tolerance` degrees (either way) or more
    from the last point kept: a quick simplification, enough for a map's scale."""
    if tolerance <= 0 or len(points) < 4:
        return points
    kept = [points[0]]
    last_x, last_y = points[0]
    for x, y in points[1:]:
        if abs(x - last_x) >= tolerance or abs(y - last_y) >= tolerance:
            kept.append((x, y))
            last_x, last_y = x, y
    return kept if len(kept) >= 3 else []


def thinned(ring: BorderRing, q: float, tolerance: float) -> Ring:
    """A border ring in degrees (quanta / q), thinned as `thin` thins it.

    Only the points kept are made: a country's border has tens of thousands of points, and
    a list of them all, made to be thinned, was most of a report map's work and of the
    objects the garbage collector had to go through while the report was written. The
    loop is the first map's main cost in a process: a point's y is worked out only when
    its x is too near to keep it, and a distance is compared without a call to `abs`.
    """
    xs, ys = ring.xs, ring.ys
    if tolerance <= 0 or len(xs) < 4:
        return [(x / q, y / q) for x, y in zip(xs, ys, strict=True)]
    last_x, last_y = xs[0] / q, ys[0] / q
    kept = [(last_x, last_y)]
    keep = kept.append
    # From the first point again: no distance from itself, so never kept twice.
    for x_quanta, y_quanta in zip(xs, ys, strict=True):
        x = x_quanta / q
        if -tolerance < x - last_x < tolerance:  # not abs(x - last_x) >= tolerance
            y = y_quanta / q
            if -tolerance < y - last_y < tolerance:
                continue
        else:
            y = y_quanta / q
        keep((x, y))
        last_x, last_y = x, y
    return kept if len(kept) >= 3 else []


# The box's edges for `clip`: which coordinate each tests, and whether inside is above it.
_EDGES = ((0, "west", True), (0, "east", False), (1, "south", True), (1, "north", False))


def clip(points: Ring, box: Box) -> Ring:
    """A ring clipped to a box (Sutherland-Hodgman): its part inside, closed along the edges."""
    for axis, side, above in _EDGES:
        if not points:
            break
        bound: float = getattr(box, side)
        cross = _at_x if axis == 0 else _at_y
        result: Ring = []
        previous = points[-1]
        was_inside = previous[axis] >= bound if above else previous[axis] <= bound
        for point in points:
            inside = point[axis] >= bound if above else point[axis] <= bound
            if inside:
                if not was_inside:
                    result.append(cross(previous, point, bound))
                result.append(point)
            elif was_inside:
                result.append(cross(previous, point, bound))
            previous, was_inside = point, inside
        points = result
    return points


def _at_x(a: Point, b: Point, x: float) -> Point:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _at_y(a: Point, b: Point, y: float) -> Point:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def labels(gazetteer: Gazetteer, box: Box, limit: int) -> list[Place]:
    """The most populous places in a box, at most `limit`, most populous first."""
    return gazetteer.largest(box.west, box.south, box.east, box.north, limit)
