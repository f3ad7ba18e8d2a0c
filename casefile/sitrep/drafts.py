"""How a report marks draft incidents (not yet reviewed) wherever they appear.

A report counts drafts like reviewed incidents unless its options leave them out
(`ReportOptions.drafts`); then the header says how many it left out. Counted, each is
marked: DRAFT before its heading and in its chronology row (shaded), in the header and the
key figures as a number, beside the counts of the tables, with a dashed ring on the map, in
their own colour in the chart, and in the annex beside a source only drafts cite. Each mark
is plain text in the base font before or beside the incident's own words, so it reads the
same whatever their script.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Table

from casefile.sitrep import styles
from casefile.sitrep.blocks import MemoParagraph, number, para, style
from casefile.sitrep.content import IncidentView, ReportData, SourceEntry

MARK = "DRAFT"


def _many(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def header_rows(data: ReportData) -> list[tuple[str, Flowable]]:
    """The header block's line on drafts: a flash report's incident is one; a situation
    report counts so many, or left so many out. None when there is nothing to say."""
    if data.options.template == "flash":
        if data.incidents and data.incidents[0].draft:
            text = f"{MARK}: the incident is not yet reviewed; details may change"
            return [("Status", para(text, "DraftCell"))]
        return []
    counted, total = data.figures.drafts[0], data.figures.incidents
    if counted:
        text = (
            f"{counted:,} of the {_many(total, 'incident')} "
            f"{'is a draft' if counted == 1 else 'are drafts'}, not yet reviewed: "
            f"counted, and marked {MARK}"
        )
        return [("Drafts", para(text, "DraftCell"))]
    if data.drafts_left_out:
        text = f"{_many(data.drafts_left_out, 'draft incident')} (not yet reviewed) left out"
        return [("Drafts", para(text, "Cell"))]
    return []


def figure_label(label: str, drafts: int, *, incidents: bool = False) -> str:
    """A key figure's label, saying how much of it drafts make: "Incidents, of which 1 draft"."""
    if not drafts:
        return label
    if incidents:
        return f"{label}, of which {drafts:,} draft{'' if drafts == 1 else 's'}"
    return f"{label}, {drafts:,} of them in drafts"


def count_cell(count: int, drafts: int) -> Paragraph:
    """A table's count of incidents, with how many are drafts: "2 (1 draft)"."""
    if not drafts:
        return number(count)
    return MemoParagraph(f"{count:,} ({drafts:,} draft)", style("CellRight"))


def chronology_day(day: str, view: IncidentView) -> str:
    """The chronology's date cell: a draft's says so on a second line."""
    return f"{day}\n{MARK}" if view.draft else day


def mark_rows(table: Table, incidents: list[IncidentView]) -> None:
    """Shade the chronology rows of drafts, their DRAFT in the drafts' colour (row 0: the head).

    One command a run of consecutive drafts: a long table copies its commands at each page
    it is split over.
    """
    runs: list[list[int]] = []
    for row, view in enumerate(incidents, start=1):
        if not view.draft:
            continue
        if runs and runs[-1][1] == row - 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    commands = [
        command
        for first, last in runs
        for command in (
            ("BACKGROUND", (0, first), (-1, last), styles.DRAFT_SHADE),
            ("TEXTCOLOR", (0, first), (0, last), styles.DRAFT),
        )
    ]
    if commands:
        table.setStyle(commands)


def chronology_key(incidents: list[IncidentView]) -> list[Flowable]:
    """A line before the chronology saying what the shaded rows are, when there are any."""
    if not any(v.draft for v in incidents):
        return []
    return [para(f"Shaded rows marked {MARK} are incidents not yet reviewed.", "Muted")]


def heading(title: str, view: IncidentView) -> tuple[str, str]:
    """An incident's heading and its style: a draft's starts with DRAFT, in the drafts' colour."""
    if view.draft:
        return f"{MARK} · {title}", "IncidentDraft"
    return title, "Incident"


def annex_note(entry: SourceEntry) -> list[Flowable]:
    """Under a source report only draft incidents cite: say so."""
    return [para("Cited by draft incidents only", "Draft")] if entry.drafts_only else []
