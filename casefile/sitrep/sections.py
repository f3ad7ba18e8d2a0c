"""The sections of a report: header block, BLUF, figures, chronology, details, assessment, annex."""

from __future__ import annotations

import re
from datetime import date, datetime
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table

from casefile.records import taxonomy
from casefile.sitrep import bidi, drafts, fonts, styles
from casefile.sitrep.blocks import (
    CELL_PADDING,
    Cell,
    MemoParagraph,
    dtg,
    fragment,
    grid,
    heading,
    marking_cell,
    number,
    para,
    period,
    picture,
    plain,
    plain_lines,
    sample_fragments,
    style,
    table_style,
)
from casefile.sitrep.content import Cite, Figures, IncidentView, ReportData, SourceEntry
from casefile.sitrep.options import ReportOptions


def header_block(data: ReportData, issued: datetime, kind: str) -> list[Flowable]:
    """Title, report number, date-time group, period, originator, recipients and marking."""
    o = data.options
    rows = [
        ("Report number", para(o.number or "Not numbered", "Cell")),
        ("Issued (DTG)", para(dtg(issued), "Cell")),
        ("Period covered", para(period(data.start, data.end), "Cell")),
        ("Originator", para(o.originator or "Not stated", "Cell")),
        ("Recipients", para(", ".join(o.recipients) or "Not stated", "Cell")),
        ("Handling", marking_cell(o.tlp)),
        *drafts.header_rows(data),
    ]
    if data.withheld.total:
        held = data.withheld.phrase()
        rows.append(("Withheld", para(f"{held} marked above {o.tlp}, left out", "Cell")))
    table = Table(
        [[para(label, "CellBold"), value] for label, value in rows],
        colWidths=[32 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, styles.RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    # Without a title the heading is the kind itself: not said twice over (the running
    # header says it a third time).
    kind_line = [para(kind, "Muted")] if o.heading != kind else []
    return [
        *kind_line,
        heading(o.heading, key="title"),
        table,
        para(taxonomy.TLP[o.tlp].meaning, "Muted"),
        Spacer(1, 6),
    ]


def bluf(options: ReportOptions) -> list[Flowable]:
    """The bottom line up front, or a plain note that none was written."""
    text = options.bluf.strip() or "No bottom line was written for this report."
    return [heading("Bottom line up front", key="bluf"), para(text, "Bluf")]


def _change(now: int, before: int) -> str:
    if before == 0:
        return "none in the previous period" if now else "no change"
    delta = now - before
    if delta == 0:
        return "no change on previous period"
    # ASCII signs: the bundled Noto Sans has no U+2212 minus.
    sign = "+" if delta > 0 else "-"
    return f"{sign}{abs(delta)} ({sign}{abs(delta) * 100 // before}%) on previous period"


def figure_cards(figures: Figures) -> Table:
    """Incidents, killed and injured in large type, each with its change."""
    cells = []
    for label, now, before, among in (
        ("Incidents", figures.incidents, figures.previous[0], figures.drafts[0]),
        ("Killed", figures.killed, figures.previous[1], figures.drafts[1]),
        ("Injured", figures.injured, figures.previous[2], figures.drafts[2]),
    ):
        label = drafts.figure_label(label, among, incidents=label == "Incidents")
        cells.append(
            [
                Paragraph(str(now), style("Figure")),
                Paragraph(label, style("FigureLabel")),
                Paragraph(_change(now, before), style("FigureLabel")),
            ]
        )
    table = Table([cells], colWidths=["33%", "34%", "33%"])
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, styles.RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, styles.RULE),
                ("BACKGROUND", (0, 0), (-1, -1), styles.SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def casualty_tables(figures: Figures, *, by_type: bool = True) -> list[Flowable]:
    """Killed and injured by group or nationality, and (unless asked not to) by event type."""
    groups = [[para(g, "Cell"), number(k), number(i)] for g, k, i in figures.by_group]
    types = [
        [para(t, "Cell"), drafts.count_cell(n, figures.draft_types.get(t, 0)), number(k), number(i)]
        for t, n, k, i in figures.by_type
    ]
    out: list[Flowable] = []
    if groups:
        out += [
            para("Killed and injured by nationality or group", "H2"),
            grid(
                ["Group or nationality", "Killed", "Injured"],
                groups,
                ["60%", "20%", "20%"],
                right=(1, 2),
            ),
        ]
    if types and by_type:
        out += [
            para("By event type", "H2"),
            grid(
                ["Event type", "Incidents", "Killed", "Injured"],
                types,
                ["52%", "16%", "16%", "16%"],
                right=(1, 2, 3),
            ),
        ]
    return out


def cite_links(view: IncidentView) -> str:
    """Trusted markup: linked citation numbers [n] with each account's Admiralty grade."""
    return _links(view.cites)


def _links(cites: list[Cite]) -> str:
    if not cites:
        return ""
    links = " ".join(
        f'<a href="#src{c.number}" color="#1F3A5F">[{c.number}]</a>&nbsp;{c.grade}' for c in cites
    )
    return f' <font size="7.5">{links}</font>'


_GRADE = re.compile(r"[A-Za-z0-9]+\Z")


def cited(text: str, view: IncidentView) -> Paragraph:
    """Plain text with its citations: the fragments `cite_links` markup parses into, made
    directly (parsing the links' markup was most of what a thousand incidents still parsed).
    """
    chosen = style("Body")
    plain_frag, link_frag, space_frag, grade_frag = _cite_fragments(chosen)
    frags = [fragment(plain_frag, " ".join(text.split()) + " ")]
    last = len(view.cites) - 1
    for i, c in enumerate(view.cites):
        link = fragment(link_frag, f"[{c.number}]")
        link.link = [(i, f"#src{c.number}")]
        frags += [
            link,
            fragment(space_frag, "\xa0"),
            fragment(grade_frag, c.grade + (" " if i < last else "")),
        ]
    markup = " ".join((text + cite_links(view)).split())
    return MemoParagraph(markup, chosen, frags=frags)


def _cite_fragments(chosen: ParagraphStyle) -> tuple[dict[str, object], ...]:
    """The parser's fragments for text, a citation link, its no-break space and its grade."""
    return sample_fragments("x" + _links([Cite(1, "A1"), Cite(2, "B2")]), chosen)[:4]


CHRONOLOGY_COLUMNS = (0.09, 0.20, 0.15, 0.38, 0.05, 0.05, 0.08)


def chronology(incidents: list[IncidentView], width: float) -> list[Flowable]:
    """Incidents in date order, one line each."""
    if not incidents:
        return [para("No incidents in the period match the report's filters.")]
    years = {v.event_date.year for v in incidents}
    day = "%d %b" if len(years) <= 1 else "%d %b %y"
    columns = [share * width for share in CHRONOLOGY_COLUMNS]
    rows = [
        [
            drafts.chronology_day(v.event_date.strftime(day), v),
            cell(v.short_place or "—", columns[1]),
            cell(v.event_type, columns[2]),
            cell(v.title, columns[3]),
            str(v.killed),
            str(v.injured),
            _refs(v),
        ]
        for v in incidents
    ]
    table = grid(
        ["Date", "Place", "Type", "Incident", "K", "I", "Src"], rows, columns, right=(4, 5)
    )
    drafts.mark_rows(table, incidents)
    return [*drafts.chronology_key(incidents), table]


def cell(text: str, width: float) -> str | Flowable:
    """A table cell: the plain string when it fits on one line in the base font, else a paragraph.

    A thousand rows of paragraphs cost seconds; most places and types fit as they are.
    """
    size = style("Cell").fontSize
    room = width - 2 * CELL_PADDING
    if fonts.single_run(text) and pdfmetrics.stringWidth(text, fonts.BASE, size) <= room:
        return text
    return para(text, "Cell")


def _refs(view: IncidentView) -> str | Flowable:
    """Citation numbers as compact ranges, [1,3–5]; wrapped only when too long for the cell."""
    numbers = sorted({c.number for c in view.cites})
    if not numbers:
        return ""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][-1] + 1:
            spans[-1].append(n)
        else:
            spans.append([n])
    text = (
        "["
        + ",".join(f"{s[0]}–{s[-1]}" if len(s) > 2 else ",".join(map(str, s)) for s in spans)
        + "]"
    )
    return text if len(text) <= 8 else para(text.replace(",", ", "), "Cell")


def incident_detail(view: IncidentView, index: int, *, outline: bool) -> list[Flowable]:
    """One incident: heading, facts, actors, narrative with numbered citations."""
    when = f"{view.event_date:%d %b %Y}" + (f" {view.event_time:%H:%M}" if view.event_time else "")
    title, chosen = drafts.heading(f"{when} — {view.title}", view)
    head = (
        heading(title, level=1, key=f"inc{index}", style_name=chosen)
        if outline
        else para(title, chosen)
    )
    # A conditional break keeps a heading off the foot of a page far more cheaply than
    # keepWithNext, which wraps every heading with what follows it twice over.
    out: list[Flowable] = [CondPageBreak(80), head, *facts(view)]
    paragraphs = [p.strip() for p in view.narrative.split("\n\n") if p.strip()]
    paragraphs = paragraphs or ["No narrative recorded."]
    out += [para(text) for text in paragraphs[:-1]]
    if view.cites and plain(paragraphs[-1]) and all(_GRADE.match(c.grade) for c in view.cites):
        out.append(cited(paragraphs[-1], view))
    else:
        out.append(para(paragraphs[-1], extra=cite_links(view)))
    out += [item for photo in view.photos for item in picture(photo)]
    return out


def facts(view: IncidentView) -> list[Flowable]:
    """Place, type, casualties, claim and actors: one paragraph unless a line runs right to left."""
    lines = [
        " · ".join(
            [
                f"Place: {view.place or 'not recorded'}",
                f"Type: {view.event_type}",
                f"Killed {view.killed}, injured {view.injured}",
                view.claim,
            ]
        )
    ]
    if view.actors:
        lines.append("Actors: " + "; ".join(view.actors))
    if len(view.casualties) > 1:
        lines.append("Casualties: " + "; ".join(view.casualties))
    if any(bidi.has_rtl(line) for line in lines):
        return [para(line, "Muted") for line in lines]
    if all(plain(line) for line in lines):
        return [plain_lines(lines, style("Muted"))]
    # One paragraph, not three: a thousand incidents make paragraphs the main cost.
    return [MemoParagraph("<br/>".join(fonts.markup(line) for line in lines), style("Muted"))]


def annex(sources: list[SourceEntry]) -> list[Flowable]:
    """Every cited source report: number, source and grade, title, link, dates."""
    if not sources:
        return [para("No sources are cited.")]
    rows: list[list[Cell]] = []
    for s in sources:
        anchor = MemoParagraph(f'<a name="src{s.number}"/>[{s.number}]', style("CellBold"))
        title: list[Flowable] = [para(s.title, "Cell"), *drafts.annex_note(s)]
        if s.url:
            title.append(
                MemoParagraph(
                    f'<a href={quoteattr(s.url)} color="#1F3A5F">{escape(s.url)}</a>',
                    style("Muted"),
                )
            )
        rows.append(
            [
                anchor,
                [para(s.source, "Cell"), para(s.grade, "CellBold")],
                title,
                para(_day(s.published), "Cell"),
                para(_day(s.accessed), "Cell"),
            ]
        )
    return [
        grid(
            ["#", "Source, grade", "Report", "Published", "Accessed"],
            rows,
            ["6%", "20%", "50%", "12%", "12%"],
        )
    ]


def _day(value: date | None) -> str:
    return f"{value:%d %b %Y}" if value else "—"


def grading_note() -> Flowable:
    """How to read the Admiralty grades."""
    reliability = ", ".join(f"{k} {v.lower()}" for k, v in taxonomy.RELIABILITY.items())
    credibility = ", ".join(f"{k} {v.lower()}" for k, v in taxonomy.CREDIBILITY.items())
    return para(
        f"Grades: source reliability {reliability}; information credibility {credibility}.", "Muted"
    )
