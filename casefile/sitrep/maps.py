"""Maps in reports: the incidents on their area's borders, as vector graphics (ReportLab).

Drawn offline from the shipped borders (clipped to the area, thinned to the page's scale)
and the gazetteer's places by cell (places.labels: the largest to name, without reading the
whole gazetteer), in the app map's projection and colours, with a legend, a scale bar and
the GeoNames and Natural Earth attribution. A map adds a few tens of kilobytes to a PDF.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable

from casefile.places import ATTRIBUTION, borders, labels, outline
from casefile.places.outline import Box
from casefile.records.taxonomy import EVENT_COLOURS, OTHER_EVENT_COLOUR
from casefile.sitrep import blocks, fonts, styles
from casefile.sitrep.content import IncidentView, ReportData

SEA = colors.HexColor("#DCE8F0")
LAND = colors.HexColor("#F4F1EA")
BORDER = colors.HexColor("#8C8C8C")
DETAIL = 500  # border points at most this many per map width: finer is not seen on paper
LABELS = 12
LEGEND_HEIGHT = 34
DRAFT_DASH = (1.6, 1.2)


class Dot(Circle):
    """A place's dot or the legend's draft ring: a circle set without ReportLab's check of
    each attribute as it is assigned (from numbers and colours made here). The incidents'
    markers are drawn straight onto the page instead (see `MapFigure`)."""

    __setattr__ = object.__setattr__


class Marker(NamedTuple):
    """A circle drawn straight onto the page: an incident's marker or a draft's ring."""

    x: float
    y: float
    radius: float
    fill: colors.Color | None
    stroke: colors.Color
    width: float
    dash: tuple[float, ...] = ()


class MapFigure(Flowable):
    """A map: the land and places (a drawing), the incidents' markers drawn straight onto
    the page, then the frame, scale bar and legend (a second drawing), in that order.

    As drawing shapes, a thousand markers were most of the map's cost in every report:
    ReportLab's renderer saves, sets and restores the whole graphics state around each
    shape. Drawn here as ReportLab draws a circle, only what changes from one to the next
    is set.
    """

    def __init__(self, below: Drawing, markers: list[Marker], above: Drawing, rise: float):
        super().__init__()
        self.below, self.markers, self.above, self.rise = below, markers, above, rise
        self.width, self.height = below.width, below.height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The map's own size, whatever the room."""
        return self.width, self.height

    def draw(self) -> None:
        """The land, the markers above it (the map `rise` points up), the frame and legend."""
        canvas: Canvas = self.canv
        renderPDF.draw(self.below, canvas, 0, 0)
        canvas.saveState()
        canvas.translate(0, self.rise)
        draw_markers(canvas, self.markers)
        canvas.restoreState()
        renderPDF.draw(self.above, canvas, 0, 0)


_KAPPA = 4 / 3 * (1 - math.cos(math.pi / 4)) / math.sin(math.pi / 4)  # quarter-circle handles


def draw_markers(canvas: Canvas, markers: Sequence[Marker]) -> None:
    """Each marker in turn: the path ReportLab draws for a circle (four Bézier quarters
    from the rightmost point, anticlockwise), filled and outlined as a drawing's circle is."""
    canvas.setLineCap(0)
    canvas.setLineJoin(0)
    canvas.setDash()
    fill: object = None
    stroke: object = None
    width: float | None = None
    dash: tuple[float, ...] = ()
    for m in markers:
        if m.fill is not None and m.fill is not fill:
            canvas.setFillColor(m.fill)
            fill = m.fill
        if m.stroke is not stroke:
            canvas.setStrokeColor(m.stroke)
            stroke = m.stroke
        if m.width != width:
            canvas.setLineWidth(m.width)
            width = m.width
        if m.dash != dash:
            if m.dash:
                canvas.setDash(list(m.dash))
            else:
                canvas.setDash()
            dash = m.dash
        x, y, r = m.x, m.y, m.radius
        k = _KAPPA * r
        path = canvas.beginPath()
        path.moveTo(x + r, y)
        path.curveTo(x + r, y + k, x + k, y + r, x, y + r)
        path.curveTo(x - k, y + r, x - r, y + k, x - r, y)
        path.curveTo(x - r, y - k, x - k, y - r, x, y - r)
        path.curveTo(x + k, y - r, x + r, y - k, x + r, y)
        canvas.drawPath(path, stroke=1, fill=0 if m.fill is None else 1)


class MapFrame:
    """The mapping from degrees to points on the drawing for an area fitted to a frame."""

    def __init__(self, box: Box, width: float, height: float):
        west, south = outline.project(box.west, box.south)
        east, north = outline.project(box.east, box.north)
        self.scale = min(width / max(east - west, 1e-9), height / max(north - south, 1e-9))
        # Centred: the area widened on its short side to fill the frame.
        self.x0 = (west + east) / 2 - width / 2 / self.scale
        self.y0 = (south + north) / 2 - height / 2 / self.scale
        self.width, self.height = width, height
        self.box = Box(
            self.x0,
            outline.latitude_at(self.y0),
            self.x0 + width / self.scale,
            outline.latitude_at(self.y0 + height / self.scale),
        )

    def at(self, longitude: float, latitude: float) -> tuple[float, float]:
        """Drawing coordinates of a point (origin at the frame's lower left)."""
        x, y = outline.project(longitude, latitude)
        return (x - self.x0) * self.scale, (y - self.y0) * self.scale


def located(incidents: Sequence[IncidentView]) -> list[IncidentView]:
    """The incidents with coordinates."""
    return [v for v in incidents if v.latitude is not None and v.longitude is not None]


def situation_map(data: ReportData, width: float) -> list[Flowable]:
    """The Map section: every located incident on its area; nothing when none is located."""
    shown = located(data.incidents)
    if not shown:
        return []
    return [
        CondPageBreak(width * 0.7 + 40),
        blocks.heading("Map", key="map"),
        drawing(shown, width, width * 0.62),
    ]


def flash_map(data: ReportData, width: float) -> list[Flowable]:
    """The one incident's place in its area (about 200 km across), if it has coordinates."""
    shown = located(data.incidents[:1])
    if not shown:
        return []
    return [
        CondPageBreak(width * 0.5 + 40),
        blocks.heading("Where", key="map"),
        drawing(shown, width, width * 0.45, least=2.0),
    ]


def drawing(
    incidents: Sequence[IncidentView], width: float, height: float, *, least: float = 1.0
) -> MapFigure:
    """A map of these incidents, with a legend below it."""
    points = [(v.longitude or 0.0, v.latitude or 0.0) for v in incidents]
    frame = MapFrame(Box.around(points, least=least), width, height - LEGEND_HEIGHT)
    map_group = Group()
    map_group.add(_rect(0, 0, frame.width, frame.height, fill=SEA))
    rings, countries = _land(borders.shared(), frame.box)
    for ring in rings:
        flat = [coordinate for point in ring for coordinate in frame.at(*point)]
        map_group.add(
            Polygon(flat, fillColor=LAND, strokeColor=BORDER, strokeWidth=0.4, strokeLineJoin=1)
        )
    for name, (lon, lat) in countries:
        x, y = frame.at(lon, lat)
        label = _text(x, y, name.upper(), 7.5, styles.RULE)
        label.textAnchor = "middle"
        map_group.add(label)
    taken: list[tuple[float, float, float, float]] = []
    area = frame.box
    for place in labels.shared().largest(area.west, area.south, area.east, area.north, LABELS * 2):
        x, y = frame.at(place.longitude, place.latitude)
        box = (x - 2, y - 2, x + 4 + len(place.name) * 3.4, y + 8)
        if len(taken) == LABELS or any(_overlap(box, other) for other in taken):
            continue  # a larger place is named there already
        taken.append(box)
        map_group.add(Dot(x, y, 1.2, fillColor=styles.MUTED, strokeColor=None))
        map_group.add(_text(x + 3, y + 2, place.name, 6.5, styles.MUTED))
    map_group.translate(0, LEGEND_HEIGHT)
    below = Drawing(width, height)
    below.add(map_group)
    markers: list[Marker] = []
    colours: dict[str, colors.Color] = {}
    for view in sorted(incidents, key=lambda v: -v.killed):  # small markers on top
        x, y = frame.at(view.longitude or 0.0, view.latitude or 0.0)
        radius = min(12.0, 2.5 + 1.2 * math.sqrt(view.killed))
        colour = colours.get(view.kind)
        if colour is None:
            colour = colours[view.kind] = _colour(view.kind)
        markers.append(Marker(x, y, radius, colour, colors.white, 0.6))
        if view.draft:  # a dashed ring around it, said in the legend
            markers.append(Marker(x, y, radius + 2.2, None, styles.DRAFT, 0.9, DRAFT_DASH))
    top = Group()
    top.add(_rect(0, 0, frame.width, frame.height, stroke=styles.RULE))
    _scale_bar(top, frame)
    top.translate(0, LEGEND_HEIGHT)
    above = Drawing(width, height)
    above.add(top)
    _legend(
        above, sorted({v.kind for v in incidents}), width, drafts=any(v.draft for v in incidents)
    )
    return MapFigure(below, markers, above, LEGEND_HEIGHT)


@lru_cache(maxsize=4)
def _land(
    shapes: borders.Borders, box: Box
) -> tuple[list[outline.Ring], list[tuple[str, outline.Point]]]:
    """The borders' rings clipped to an area and thinned for a map of it, and where to name
    its countries: kept for the next map of the same area (the report dialog's preview
    draws the same report again as options change; a third of the map's own work)."""
    tolerance = (box.east - box.west) / DETAIL
    return outline.outlines(shapes, tolerance=tolerance, box=box), outline.country_labels(
        shapes, box
    )


def _colour(kind: str) -> colors.Color:
    """The marker colour of an event type."""
    return colors.HexColor(EVENT_COLOURS.get(kind, OTHER_EVENT_COLOUR))


def _rect(
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    fill: colors.Color | None = None,
    stroke: colors.Color | None = None,
) -> Rect:
    """A rectangle; its colours set after (ReportLab's stubs type the keywords narrowly)."""
    rect = Rect(x, y, width, height)
    rect.fillColor = fill
    rect.strokeColor = stroke
    return rect


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _text(x: float, y: float, text: str, size: float, colour: colors.Color) -> String:
    return String(x, y, text, fontName=fonts.BASE, fontSize=size, fillColor=colour)


def _scale_bar(group: Group, frame: MapFrame) -> None:
    """A bar of a round length in km at the lower left of the map."""
    middle = (frame.box.south + frame.box.north) / 2
    km_per_point = 111.32 * math.cos(math.radians(middle)) / frame.scale
    length = round_length(km_per_point * frame.width / 5)
    bar = length / km_per_point
    x, y = 8.0, 8.0
    group.add(_rect(x - 3, y - 3, bar + 6, 14, fill=colors.Color(1, 1, 1, 0.7)))
    group.add(Line(x, y, x + bar, y, strokeColor=styles.INK, strokeWidth=1.2))
    for end in (x, x + bar):
        group.add(Line(end, y - 2, end, y + 2, strokeColor=styles.INK, strokeWidth=0.8))
    group.add(_text(x, y + 4, f"{length:g} km", 6, styles.INK))


def round_length(km: float) -> float:
    """The round length (1, 2 or 5 times a power of ten) at most `km`."""
    if km <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(km))
    return max(step * power for step in (1, 2, 5) if step * power <= km)


def _draft_ring(x: float, y: float, radius: float) -> Circle:
    """The dashed ring around a draft incident's marker."""
    ring = Dot(x, y, radius, fillColor=None, strokeColor=styles.DRAFT, strokeWidth=0.9)
    ring.strokeDashArray = list(DRAFT_DASH)
    return ring


def _legend(out: Drawing, kinds: list[str], width: float, *, drafts: bool = False) -> None:
    """The event types shown (and the drafts' ring, if any), then the sources of the map's data."""
    x, y = 0.0, LEGEND_HEIGHT - 12
    items: list[tuple[str, colors.Color | None]] = [
        (kind or "Not coded", _colour(kind)) for kind in kinds
    ]
    if drafts:
        items.append(("Draft, not yet reviewed", None))
    for label, colour in items:
        if colour is None:
            out.add(_draft_ring(x + 4, y + 2.5, 3.5))
        else:
            out.add(Circle(x + 4, y + 2.5, 3.5, fillColor=colour, strokeColor=None))
        out.add(_text(x + 10, y, label, 7, styles.INK))
        x += 18 + len(label) * 3.6
        if x > width - 80:
            x, y = 0.0, y - 10
    out.add(_text(0, 2, "Marker size: killed. " + ATTRIBUTION, 6, styles.MUTED))
