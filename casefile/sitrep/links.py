"""Links within a report (a citation [n] to its source in the annex) as PDF annotations.

A report has a link for every citation, some 1,400 for a thousand incidents. ReportLab
makes each a dictionary of PDF objects and writes it out name by name and number by number
in Python: some forty encodings and five objects a link, 0.04 s of saving a report and
objects the cyclic collector goes through while the report is laid out. `Link` is that
annotation as one small object, written from a template: ReportLab's own writing of a link,
made once per document, with the link's rectangle and destination put in. The file says
exactly what ReportLab would have written (a test holds them equal).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

# Stand-ins for a link's rectangle and destination in the template (plain ASCII: no PDF
# writing escapes or encodes them, and no number or reference can contain them).
_RECT = "RECTxCASEFILExLINK"
_RECT_WRITTEN = _RECT.encode()
_DEST = b"DESTxCASEFILExLINK"
_SAMPLE_RECT = (51.02362, 573.8504, 60.24862, 582.8504)


class _DestinationMark(pdfdoc.PDFObject):
    """Written as the destination's stand-in."""

    def format(self, document: Any) -> bytes:
        return _DEST


def annotation(rect: Any, destination: Any) -> pdfdoc.LinkAnnotation:
    """The annotation ReportLab's `Canvas.linkRect` makes for a link without a border."""
    border: Any = pdfdoc.PDFArray([0, 0, 0])  # linkRect's for no thickness (the stub says str)
    return pdfdoc.LinkAnnotation(Rect=rect, Contents="", Destination=destination, Border=border)


class Templates:
    """One document's way of writing its links: a template, and each destination written once.

    Made for one canvas and dropped with it: nothing is kept from one report to the next.
    """

    def __init__(self) -> None:
        self.template: bytes | None = None
        self.fast_rect = False  # whether a rectangle may be written as one fp_str
        self.destinations: dict[int, tuple[Any, bytes]] = {}

    def prepare(self, document: Any) -> bool:
        """Make the template on first use; False when links must be written by ReportLab."""
        if self.template is None:
            if not isinstance(document.encrypt, pdfdoc.NoEncryption):
                # Encrypted strings depend on the object they are in: no template.
                self.template = b""
                return False
            written = pdfdoc.format(annotation(_RECT, _DestinationMark()), document)
            ok = written.count(_RECT_WRITTEN) == 1 and written.count(_DEST) == 1
            self.template = written if ok else b""
            rect = pdfdoc.format(pdfdoc.PDFArray(_SAMPLE_RECT), document)
            self.fast_rect = rect == _rect_bytes(_SAMPLE_RECT)
        return bool(self.template)

    def destination(self, destination: Any, document: Any) -> bytes:
        """A destination as the document writes it (the same for every link to it)."""
        found = self.destinations.get(id(destination))
        if found is None or found[0] is not destination:
            found = self.destinations[id(destination)] = (
                destination,
                pdfdoc.format(destination, document),
            )
        return found[1]


def _rect_bytes(rect: tuple[float, ...]) -> bytes:
    """A rectangle as ReportLab writes an array of four numbers, without line breaks."""
    return f"[ {fp_str(*rect)} ]".encode()


class Link(pdfdoc.LinkAnnotation):
    """A link annotation without a border or contents, to a destination in the document."""

    # What every such link holds, as `annotation` gives it: shared, only ever read (by
    # LinkAnnotation.Dict, when ReportLab writes a link itself).
    Contents = ""
    Border = pdfdoc.PDFArray([0, 0, 0])
    otherkw: dict[str, Any] = {}  # noqa: RUF012

    def __init__(self, rect: tuple[float, ...], destination: Any, templates: Templates):
        self.Rect = rect
        self.Destination = destination
        self.templates = templates

    def format(self, document: Any) -> bytes:
        """The annotation as ReportLab writes it, from the document's template."""
        templates = self.templates
        if not templates.prepare(document):
            return super().format(document)
        rect = (
            _rect_bytes(self.Rect)
            if templates.fast_rect
            else pdfdoc.format(pdfdoc.PDFArray(self.Rect), document)
        )
        destination = templates.destination(self.Destination, document)
        assert templates.template is not None
        return templates.template.replace(_DEST, destination).replace(_RECT_WRITTEN, rect)


class LinkingCanvas(Canvas):
    """A canvas that makes its plain links (a paragraph's `<a href="#...">`) as `Link`s."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._links = Templates()

    def linkRect(
        self,
        contents: Any,
        destinationname: Any,
        Rect: Any = None,
        addtopage: Any = 1,
        name: Any = None,
        relative: Any = 1,
        thickness: int = 0,
        color: Any = None,
        dashArray: Any = None,
        **kw: Any,
    ) -> None:
        """A link to a place in the document: a plain one (a citation) as a `Link`."""
        if contents or not Rect or not addtopage or name or thickness or color or dashArray or kw:
            super().linkRect(
                contents,
                destinationname,
                Rect,
                addtopage,
                name,
                relative,
                thickness,
                color,
                dashArray,
                **kw,
            )
            return
        # ReportLab's own steps of linkRect, but for the annotation made (private, not in the stub).
        rect = self._absRect(Rect, relative)  # type: ignore[attr-defined]
        destination = self._bookmarkReference(destinationname)  # type: ignore[attr-defined]
        self._addAnnotation(Link(rect, destination, self._links))  # type: ignore[attr-defined]
