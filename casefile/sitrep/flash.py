"""The flash report: one incident, for the first hours after it, on a page or two."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable

from casefile.sitrep import assessment, blocks, maps, sections
from casefile.sitrep.content import ReportData

KIND = "Flash report"


def story(data: ReportData, issued: datetime, width: float) -> list[Flowable]:
    """Header, BLUF, what happened and where, casualties, initial assessment and sources."""
    view = data.incidents[0]
    return [
        *sections.header_block(data, issued, KIND),
        *sections.bluf(data.options),
        blocks.heading("What happened", key="event"),
        *sections.incident_detail(view, 1, outline=False),
        *maps.flash_map(data, width),
        *sections.casualty_tables(data.figures, by_type=False),
        *assessment.assessment(data),
        blocks.heading("Sources", key="annex"),
        *sections.annex(data.sources),
        sections.grading_note(),
    ]
