"""The periodic situation report: the sections in order, each from the shared blocks."""

from __future__ import annotations

import functools
from datetime import datetime

from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from casefile.sitrep import assessment, blocks, charts, maps, sections, templates
from casefile.sitrep.content import ReportData

KIND = "Situation report"
# Beyond this many incidents the details get no bookmark each: the outline stays readable.
OUTLINE_LIMIT = 200


def story(data: ReportData, issued: datetime, width: float) -> list[Flowable]:
    """Header, BLUF, key figures, charts, map, chronology, details, assessment, sources."""
    return [
        *sections.header_block(data, issued, KIND),
        *sections.bluf(data.options),
        *key_figures(data),
        *figures_charts(data, width),
        *maps.situation_map(data, width),
        CondPageBreak(120),
        blocks.heading("Chronology", key="chronology", style_name="H1Table"),
        *sections.chronology(data.incidents, width),
        *details(data),
        *assessment.assessment(data),
        PageBreak(),
        blocks.heading("Annex: sources", key="annex"),
        *sections.annex(data.sources),
        sections.grading_note(),
    ]


def key_figures(data: ReportData) -> list[Flowable]:
    """Counts with their change from the previous period, then casualty breakdowns."""
    return [
        blocks.heading("Key figures", key="figures"),
        sections.figure_cards(data.figures),
        *sections.casualty_tables(data.figures),
    ]


def figures_charts(data: ReportData, width: float) -> list[Flowable]:
    """Incidents over time and casualties by event type, as vector drawings."""
    return [
        blocks.heading("Charts", key="charts"),
        charts.incidents_over_time(data.timeline, data.bucket, width),
        charts.casualties_by_type(data.figures.by_type, width),
    ]


def details(data: ReportData) -> list[Flowable]:
    """Each incident in full, with numbered citations."""
    out: list[Flowable] = [blocks.heading("Incident details", key="details")]
    outline = len(data.incidents) <= OUTLINE_LIMIT
    for index, view in enumerate(data.incidents, start=1):
        made = functools.partial(sections.incident_detail, view, index, outline=outline)
        out.append(templates.Deferred(made, weight=4))  # made when the layout reaches it
    if not data.incidents:
        out.append(blocks.para("No incidents in the period match the report's filters."))
    return out
