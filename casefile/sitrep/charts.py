"""Vector charts (reportlab.graphics): incidents over time and casualties by event type."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.pdfbase import pdfmetrics

from casefile.sitrep import fonts, styles
from casefile.sitrep.timeline import Bar

FONT_SIZE = 7


def _ticks(bars: list[Bar], bucket: str) -> list[str]:
    """Category labels, thinned so at most about 12 are shown; a partial bar's always is."""
    every = max(1, len(bars) // 12)
    return [
        bar.label(bucket) if i % every == 0 or bar.partial else "" for i, bar in enumerate(bars)
    ]


def incidents_over_time(bars: list[Bar], bucket: str, width: float, height: float = 150) -> Drawing:
    """Bars of incidents per day, week, month or year; drafts stacked on top in their colour.

    The bars cover the report's period only: a first or last one the period cuts short is
    labelled with its days, "1–2 Nov (partial)".
    """
    drafts = any(bar.drafts for bar in bars)
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    names = _ticks(bars, bucket) or [""]
    chart.x, chart.y = _room(names, width)  # type: ignore[assignment]  # as below
    chart.width, chart.height = width - 10 - chart.x, height - 15 - chart.y  # type: ignore[assignment]  # the stub says int; ReportLab takes any number
    if drafts:
        chart.data = [[bar.count - bar.drafts for bar in bars], [bar.drafts for bar in bars]]
        chart.categoryAxis.style = "stacked"
        chart.bars[1].fillColor = styles.DRAFT_BARS
        chart.bars[1].strokeColor = None
        legend = _legend(width, (("Reviewed", styles.BARS), ("Draft", styles.DRAFT_BARS)))
        legend.y = height - 8  # type: ignore[assignment]  # on the title's line, top right
        drawing.add(legend)
    else:
        chart.data = [[bar.count for bar in bars] or [0]]
    chart.bars[0].fillColor = styles.BARS
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = fonts.BASE
    chart.categoryAxis.labels.fontSize = FONT_SIZE
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = fonts.BASE
    chart.valueAxis.labels.fontSize = FONT_SIZE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, _step(max((bar.count for bar in bars), default=0)))
    drawing.add(chart)
    drawing.add(_title(f"Incidents per {bucket}", height))
    return drawing


def _room(names: list[str], width: float) -> tuple[float, float]:
    """Where the bars start (x, y), leaving room for the slanted labels below them.

    The usual labels fit in 30 points; a partial bucket's ("29–31 Dec (partial)") runs
    further down, and the first further left than its bar.
    """
    widths = [pdfmetrics.stringWidth(name, fonts.BASE, FONT_SIZE) for name in names]
    # Slanted at 30 degrees: a label drops half its width, and reaches left 0.87 of it.
    y = max(30.0, max(widths) / 2 + 12)
    x = max(30.0, widths[0] * 0.87 - (width - 40) / len(names) / 2 + 2)
    return x, y


def casualties_by_type(
    rows: list[tuple[str, int, int, int]], width: float, height: float | None = None
) -> Drawing:
    """Killed and injured side by side for each event type."""
    rows = rows or [("No incidents", 0, 0, 0)]
    height = height or 60 + 24 * len(rows)
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 30
    chart.width, chart.height = width - 170, height - 50  # type: ignore[assignment]  # the stub says int; ReportLab takes any number
    chart.data = [[r[2] for r in rows], [r[3] for r in rows]]
    for index, colour in enumerate((styles.KILLED, styles.INJURED)):
        chart.bars[index].fillColor = colour
        chart.bars[index].strokeColor = None
    chart.categoryAxis.categoryNames = [r[0] for r in rows]
    chart.categoryAxis.reverseDirection = True
    chart.categoryAxis.labels.fontName = fonts.BASE
    chart.categoryAxis.labels.fontSize = FONT_SIZE + 1
    chart.valueAxis.labels.fontName = fonts.BASE
    chart.valueAxis.labels.fontSize = FONT_SIZE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, _step(max(max(r[2], r[3]) for r in rows)))
    drawing.add(chart)
    drawing.add(_legend(width, (("Killed", styles.KILLED), ("Injured", styles.INJURED))))
    drawing.add(_title("Casualties by event type", height))
    return drawing


def _legend(width: float, items: tuple[tuple[str, object], ...]) -> Legend:
    legend = Legend()
    legend.x, legend.y = width - 120, 10  # type: ignore[assignment]  # the stub says int; ReportLab takes any number
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = fonts.BASE
    legend.fontSize = FONT_SIZE
    legend.colorNamePairs = [(colour, label) for label, colour in items]
    legend.dx = legend.dy = 6
    legend.deltax = 60
    return legend


def _title(text: str, height: float) -> String:
    return String(0, height - 10, text, fontName=fonts.BOLD, fontSize=8.5, fillColor=styles.INK)


def _step(top: int) -> int:
    """A round tick step giving five or so ticks."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 6:
            return step
    return max(1, top // 5)


def _drawing(width: float, height: float) -> Drawing:
    """A drawing that starts in our base font (ReportLab's default, Helvetica, would be
    named in the PDF without being embedded)."""
    return Drawing(width, height, initialFontName=fonts.BASE, initialFontSize=FONT_SIZE)
