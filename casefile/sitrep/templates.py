"""Page furniture: the document, its page template and what every page carries.

Every page shows the TLP marking at top and bottom, the report number, and "Page x of y".
The total is known only at the end, so `NumberedCanvas` keeps each page's state and
writes the page numbers when the document is saved (one layout pass, not two).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from casefile.records import taxonomy
from casefile.sitrep import bidi, fonts, links, numbers, styles

MARGIN = 18 * mm
HEADER = 12 * mm
FOOTER = 12 * mm
SIZE = 7.5  # header and footer text
PROGRESS_EVERY = 50  # flowables between progress reports


@dataclass(frozen=True)
class Furniture:
    """What each page carries besides the story."""

    marking: str
    number: str
    title: str


def draw_marking(canvas: Canvas, label: str, x: float, y: float, size: float = 8.5) -> float:
    """A TLP label in FIRST's colour on black, centred on x with its baseline at y."""
    font = fonts.BOLD
    colour = colors.HexColor(taxonomy.TLP[label].colour)
    width = canvas.stringWidth(label, font, size)
    pad = size * 0.45
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.rect(
        x - width / 2 - pad, y - pad * 0.9, width + 2 * pad, size + pad * 1.6, stroke=0, fill=1
    )
    canvas.setFillColor(colour)
    canvas.setFont(font, size)
    canvas.drawCentredString(x, y, label)
    canvas.restoreState()
    return width + 2 * pad


class MarkedPage(PageTemplate):
    """A one-frame page whose header and footer carry the marking and the report number."""

    def __init__(self, furniture: Furniture, pagesize: tuple[float, float] = A4):
        width, height = pagesize
        frame = Frame(
            MARGIN,
            MARGIN + FOOTER,
            width - 2 * MARGIN,
            height - 2 * MARGIN - HEADER - FOOTER,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        super().__init__("marked", frames=[frame], pagesize=pagesize)
        self.furniture = furniture

    def afterDrawPage(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Header and footer; the page count is added by `NumberedCanvas`."""
        width, height = self.pagesize
        f = self.furniture
        canvas.saveState()
        top = height - MARGIN
        draw_marking(canvas, f.marking, width / 2, top - 2)
        canvas.setFillColor(styles.MUTED)
        room = width / 2 - 30 * mm
        bidi.draw_line(canvas, MARGIN, top - 2, bidi.fit(f.number, SIZE, room), SIZE)
        bidi.draw_line(
            canvas, width - MARGIN, top - 2, bidi.fit(f.title, SIZE, room), SIZE, align="right"
        )
        canvas.setStrokeColor(styles.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 7, width - MARGIN, top - 7)
        canvas.line(MARGIN, MARGIN + 8, width - MARGIN, MARGIN + 8)
        draw_marking(canvas, f.marking, width / 2, MARGIN - 2)
        bidi.draw_line(canvas, MARGIN, MARGIN - 2, bidi.fit(f.number, SIZE, room), SIZE)
        canvas.restoreState()


class NumberedCanvas(links.LinkingCanvas, numbers.NumberingCanvas):
    """A canvas that writes "Page x of y" on every page once the total is known."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        """Keep the page instead of writing it, so the total can be added later."""
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # private: not in ReportLab's stub

    def save(self) -> None:
        """Number every page, then write the document."""
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._page_number(total)
            super().showPage()
        super().save()

    def _page_number(self, total: int) -> None:
        width = self._pagesize[0]  # type: ignore[attr-defined]  # private: not in the stub
        self.saveState()
        self.setFont(fonts.BASE, SIZE)
        self.setFillColor(styles.MUTED)
        self.drawRightString(width - MARGIN, MARGIN - 2, f"Page {self._pageNumber} of {total}")  # type: ignore[attr-defined]
        self.restoreState()


class Deferred(Flowable):
    """Flowables made only when the layout reaches them (see `ReportDocument.filterFlowables`).

    A thousand incidents' details made up front are tens of thousands of objects alive
    for the whole layout, which the cyclic collector goes through at each of its full
    passes; made as the layout reaches them, each is dropped soon after it is drawn.
    `weight` is how many flowables it is expected to make, for the progress count.
    """

    def __init__(self, make: Callable[[], list[Flowable]], weight: int = 1):
        super().__init__()
        self.make = make
        self.weight = weight

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Never laid out itself: met anywhere but in a report's story, it would print nothing."""
        raise TypeError(
            "a Deferred belongs in the story of a ReportDocument, not inside a flowable"
        )


class ReportDocument(BaseDocTemplate):
    """A marked document whose headings become PDF bookmarks."""

    def __init__(
        self,
        path: Path | IO[bytes],
        furniture: Furniture,
        progress: Callable[[int, int], None] | None = None,
        **meta: Any,
    ):
        self.progress = progress
        self._done, self._total = 0, 1
        super().__init__(
            str(path) if isinstance(path, Path) else path,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            pageCompression=1,
            initialFontName=fonts.BASE,
            initialFontSize=9.5,
            **meta,
        )
        self.addPageTemplates([MarkedPage(furniture)])

    def filterFlowables(self, flowables: list[Flowable]) -> None:
        """Make the deferred flowables about to be laid out: the first, and any that a
        heading kept with what follows would take along."""
        i = 0
        while i < len(flowables):
            flowable = flowables[i]
            if isinstance(flowable, Deferred):
                made = flowable.make()
                self._total += len(made) - flowable.weight
                flowables[i : i + 1] = made
                continue
            if flowable is None or not flowable.getKeepWithNext():
                break
            i += 1
        if not flowables:
            # ReportLab expects one flowable at least, and skips a None (the stub omits it).
            flowables.append(None)  # type: ignore[arg-type]

    def afterFlowable(self, flowable: Flowable) -> None:
        """Report progress now and then; bookmark each heading that carries an outline entry."""
        self._done += 1
        if self.progress is not None and self._done % PROGRESS_EVERY == 0:
            # Split flowables are counted once per part, so stop short of the total.
            self.progress(min(self._done, self._total - 1), self._total)
        entry = getattr(flowable, "outline", None)
        if entry is None:
            return
        title, level, key = entry
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)

    def render(self, story: list[Flowable]) -> None:
        """Lay out the story and write the file."""
        self._total = sum(f.weight if isinstance(f, Deferred) else 1 for f in story)
        if self.progress is not None:
            self.progress(0, self._total)
        self.build(story, canvasmaker=NumberedCanvas)
        if self.progress is not None:
            self.progress(self._total, self._total)
