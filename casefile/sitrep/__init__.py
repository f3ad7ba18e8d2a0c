"""Situation reports in PDF (plain version): the incidents of a period, listed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.models import Incident


def write_report(
    session: Session, path: Path, *, start: date | None = None, end: date | None = None
) -> Path:
    """Write a PDF listing the incidents between start and end, inclusive."""
    query = select(Incident).order_by(Incident.event_date)
    if start:
        query = query.where(Incident.event_date >= start)
    if end:
        query = query.where(Incident.event_date <= end)
    styles = getSampleStyleSheet()
    story = [Paragraph("Situation report", styles["Title"]), Spacer(1, 12)]
    for row in session.scalars(query):
        story.append(Paragraph(f"{row.event_date} — {escape(row.title)}", styles["Heading3"]))
        story.append(Paragraph(escape(row.narrative), styles["BodyText"]))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path
