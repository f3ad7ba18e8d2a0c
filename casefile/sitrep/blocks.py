"""Building blocks both templates share: escaped paragraphs, headings, tables, pictures."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, TypeAlias, cast
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.paragraph import ParaLines
from reportlab.platypus.paraparser import ParaFrag

from casefile.records import taxonomy
from casefile.sitrep import bidi, fonts, linebreak, styles
from casefile.sitrep.bidi_paragraph import BidiParagraph
from casefile.sitrep.photos import Photo

if TYPE_CHECKING:
    from reportlab.platypus.tables import _TableCommand  # the stub's name for a style command

CELL_PADDING = 3
# What a table cell holds: text, a flowable, or flowables stacked.
Cell: TypeAlias = "str | Flowable | Sequence[Flowable]"


class MemoParagraph(Paragraph):
    """A paragraph that breaks its lines once per width.

    A paragraph's lines depend only on the width it is given, yet a table cell is wrapped
    to measure its row and again to draw it, and a paragraph at the foot of a page is
    wrapped to try it and again to split it; line breaking is most of their cost.
    """

    _memo: tuple[float, object, tuple[float, float]] | None = None

    def breakLines(self, width: float | list[float] | tuple[float, ...]) -> ParaLines | ParaFrag:
        """ReportLab's line breaking, the fragments first given what it compares (`Fragment`)."""
        frags = self.frags
        kind = Fragment if len(frags) > 1 else ParaFrag
        for frag in frags:
            # Only our own kinds: a parsed paragraph holds plain ParaFrags, a split part
            # holds whatever its parent did.
            if frag.__class__ is not kind and frag.__class__ in _FRAGMENT_KINDS:
                frag.__class__ = kind
        broken = linebreak.break_lines(self, width)
        if broken is None:
            return super().breakLines(width)
        # What ReportLab's breakLines leaves on the paragraph, for its wrap and split.
        self.frags, self._width_max, self.height = broken.frags, broken.width_max, 0
        self._splitLongWordCount = self._hyphenations = 0
        return broken.lines

    def beginText(self, x: float, y: float) -> PDFTextObject:
        """The text object the paragraph draws into, remembered to be let go (see `drawPara`)."""
        text = super().beginText(x, y)
        self._text_object = text
        return text

    def drawPara(self, debug: int = 0) -> None:
        """Draw as ReportLab does, then break the cycle its text object is left in.

        ReportLab binds a method of the text object to the object itself, so it and all
        it holds (the paragraph's lines and fragments) outlive the drawing as cyclic
        garbage, some fifty thousand objects a report that only the collector frees,
        each of its passes slower for them.
        """
        try:
            super().drawPara(debug)
        finally:
            text = self.__dict__.pop("_text_object", None)
            if text is not None:
                text.__dict__.pop("_do_line", None)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Width and height at this width, from the last wrap when it was at the same one."""
        memo = self._memo
        if memo is not None and memo[0] == availWidth and memo[1] is getattr(self, "blPara", None):
            self.width, self.height = memo[2]
            return memo[2]
        size = super().wrap(availWidth, availHeight)
        self._memo = (availWidth, getattr(self, "blPara", None), size)
        return size


class Fragment(ParaFrag):
    """A fragment of a paragraph of several, holding what line breaking compares.

    Breaking such a paragraph compares each word's fragment with the one before it
    (rl-accel's `sameFrag`), reading `nobr` and `backColor`: a fragment without them
    fails two attribute lookups each, an AttributeError raised and cleared every time,
    most of the comparison's cost. A missing value compares as equal to a missing one,
    and these defaults compare equal to each other: every fragment of the paragraph is
    of this kind, so the comparisons come out as before. Not given to a paragraph of one
    fragment: ReportLab takes its quick path only when that fragment has no `backColor`.
    """

    nobr = False
    backColor = None


_FRAGMENT_KINDS = (ParaFrag, Fragment)


class MemoTable(Table):
    """A table that measures its rows once per size.

    ReportLab measures a table (each row's height, its paragraphs wrapped) when it is
    wrapped and again when it is split at the same size, and measures every row of a long
    table each time, in a loop that scans the rows before each one: the 1,000-row
    chronology and the annex took 0.08 s more per report for the second measure.
    """

    _measured: tuple[float, float] | None = None

    def _calc(self, availWidth: float, availHeight: float) -> None:
        if self._measured != (availWidth, availHeight):
            super()._calc(availWidth, availHeight)  # type: ignore[misc]  # private, not in the stub
            self._measured = (availWidth, availHeight)

    def setStyle(self, tblstyle: TableStyle | Iterable[_TableCommand]) -> None:
        """Apply style commands; the next wrap measures again."""
        self._measured = None
        super().setStyle(tblstyle)


def style(name: str) -> ParagraphStyle:
    """A named style from the report stylesheet."""
    # By name, not through the sheet's [] (which tries its aliases and raises first): a
    # report looks styles up some ten thousand times.
    return cast(ParagraphStyle, styles.stylesheet().byName[name])  # it holds only those


def para(text: str, style_name: str = "Body", *, extra: str = "") -> Flowable:
    """User text as a paragraph that prints exactly as typed, in every script.

    `extra` is trusted markup appended after the text (citation links); right-to-left
    text cannot carry it, so it becomes a paragraph of its own below.
    """
    chosen = style(style_name)
    if bidi.has_rtl(text):
        body = BidiParagraph(text, chosen)
        return KeepTogether([body, MemoParagraph(extra, chosen)]) if extra else body
    if not extra and plain(text):
        return plain_paragraph(text, chosen)
    bold = "Bold" in chosen.fontName
    if not extra and _NO_MARKUP.match(text) and text.strip():
        return script_runs(text, chosen, bold=bold)
    return MemoParagraph(fonts.markup(text, bold=bold) + extra, chosen)


# Nothing the markup parser would read as markup or an entity, and no no-break spaces
# (ReportLab's whitespace cleaning treats those apart).
_NO_MARKUP = re.compile(r"[^&<>\xa0]*\Z")


def plain_paragraph(text: str, chosen: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text in the style's font, given the fragment the parser would make.

    Parsing (an HTML parser per paragraph) was the main cost of building a long report's
    story; for plain text its only result is one fragment of the whitespace-cleaned text.
    """
    return plain_lines([text], chosen)


def plain_lines(lines: list[str], chosen: ParagraphStyle) -> Paragraph:
    """Plain lines joined by line breaks, as the parser would make them from `<br/>`s.

    Each line must be plain (see `plain`); the lines are not escaped, there being nothing
    to escape.
    """
    markup = " ".join("<br/>".join(lines).split())  # ReportLab's whitespace cleaning
    text_frag, break_frag = fragments(chosen)
    frags = []
    for i, line in enumerate(markup.split("<br/>")):
        if i:
            frags.append(fragment(break_frag, ""))
        frags.append(fragment(text_frag, line))
    return MemoParagraph(markup, chosen, frags=frags)


def script_runs(text: str, chosen: ParagraphStyle, *, bold: bool) -> Paragraph:
    """Plain text in several scripts (no right to left): a fragment per run in its font,
    as the parser makes them from `fonts.markup`, without parsing it.
    """
    cleaned = " ".join(text.split())  # whitespace is in Latin runs only: cleaning is the same
    frags = []
    for run in fonts.runs(cleaned):
        if run.script == fonts.LATIN:
            frags.append(fragment(fragments(chosen)[0], run.text))
        else:
            frags.append(
                fragment(_font_fragment(chosen, fonts.face(run.script, bold=bold)), run.text)
            )
    markup = " ".join(fonts.markup(text, bold=bold).split())
    return MemoParagraph(markup, chosen, frags=frags)


def plain(text: str) -> bool:
    """Whether the text is one Latin run with nothing the parser would read as markup."""
    return bool(_NO_MARKUP.match(text)) and bool(text.strip()) and fonts.base_font_only(text)


def fragment(attributes: dict[str, object], text: str) -> ParaFrag:
    """A fragment with the attributes of a parsed sample, this text and no links yet."""
    frag = ParaFrag.__new__(ParaFrag)  # what ParaFrag(**attributes) makes, without the kwargs
    frag.__dict__.update(attributes)
    frag.text = text
    frag.link = frag.us_lines = _NO_LINES
    return frag


# What a fragment without links or underlines holds for them. ReportLab only reads them
# once parsed, so every fragment we make shares this one: two lists a fragment fewer
# (some twenty thousand a report) for the collector to go through while a report is laid out.
_NO_LINES: list[object] = []


@lru_cache(maxsize=64)
def sample_fragments(markup: str, chosen: ParagraphStyle) -> tuple[dict[str, object], ...]:
    """The attributes the parser gives each fragment of a sample, but its text and links.

    Paragraphs built from fragments directly copy these, so they match what parsing the
    same markup would make, whatever the ReportLab version puts in a fragment.
    """
    return tuple(
        {k: v for k, v in vars(f).items() if k not in ("text", "link", "us_lines")}
        for f in Paragraph(markup, chosen).frags
    )


def fragments(chosen: ParagraphStyle) -> tuple[dict[str, object], dict[str, object]]:
    """What the parser puts in a text fragment and a line break of this style."""
    text, line_break, _ = sample_fragments("x<br/>x", chosen)
    return text, line_break


def _font_fragment(chosen: ParagraphStyle, face: str) -> dict[str, object]:
    """What the parser puts in a `<font name=...>` fragment of this style."""
    return sample_fragments(f'x<font name="{face}">x</font>', chosen)[1]


def heading(text: str, *, level: int = 0, key: str, style_name: str | None = None) -> Flowable:
    """A section heading that also becomes a PDF bookmark."""
    flowable = para(text, style_name or ("H1" if level == 0 else "H2"))
    flowable.outline = (text, level, key)  # type: ignore[attr-defined]  # read by our doc template
    return flowable


def dtg(moment: datetime) -> str:
    """A military date-time group in UTC, e.g. 281030Z NOV 26."""
    return moment.strftime("%d%H%MZ %b %y").upper()


def period(start: date, end: date) -> str:
    """A period as a reader says it: 1–31 Dec 2025."""
    if start == end:
        return f"{start:%d %b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%d}–{end:%d %b %Y}"
    return f"{start:%d %b %Y} – {end:%d %b %Y}"


def table_style(commands: Iterable[_TableCommand]) -> TableStyle:
    """A table's style commands, after our base font for every cell.

    A table sets its cells' font on the canvas before drawing them, flowables too: left
    to its default, that is Helvetica, which the PDF would then name without embedding it.
    """
    return TableStyle([("FONT", (0, 0), (-1, -1), fonts.BASE, style("Cell").fontSize), *commands])


def marking_cell(label: str) -> Table:
    """The TLP label as a black box with the label in its FIRST colour."""
    text = MemoParagraph(
        escape(label),
        ParagraphStyle(
            "marking",
            parent=style("CellBold"),
            fontSize=9,
            textColor=colors.HexColor(taxonomy.TLP[label].colour),
        ),
    )
    width = pdfmetrics.stringWidth(label, fonts.BOLD, 9) + 12
    box = Table([[text]], colWidths=[width], hAlign="LEFT")
    box.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return box


def grid(
    head: list[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float | str | None],
    *,
    right: tuple[int, ...] = (),
) -> Table:
    """A table with a shaded head row that repeats on each page."""
    head_right = ParagraphStyle("CellHeadRight", parent=style("CellHead"), alignment=TA_RIGHT)
    top = [
        MemoParagraph(escape(h), head_right if i in right else style("CellHead"))
        for i, h in enumerate(head)
    ]
    table = MemoTable([top, *map(list, rows)], colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands: list[_TableCommand] = [
        ("BACKGROUND", (0, 0), (-1, 0), styles.ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, styles.RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    commands += [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in right]
    table.setStyle(table_style(commands))
    return table


def number(value: int) -> Paragraph:
    """A right-aligned figure for a table cell."""
    return MemoParagraph(f"{value:,}", style("CellRight"))


def picture(
    photo: Photo, max_width: float = 120 * mm, max_height: float = 80 * mm
) -> list[Flowable]:
    """A downscaled photo, fitted to the column, with its caption."""
    scale = min(max_width / photo.width, max_height / photo.height)
    image = Image(io.BytesIO(photo.jpeg), width=photo.width * scale, height=photo.height * scale)
    image.hAlign = "LEFT"
    return [Spacer(1, 4), image, para(photo.caption, "Caption") if photo.caption else Spacer(1, 4)]
