"""Source reports found by their title or excerpt: the search of the source register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.search import fts
from casefile.search.query import parse
from casefile.search.snippets import Matcher, snippet
from casefile.store.models import SourceReport


@dataclass(frozen=True)
class ReportHit:
    """One source report found by its title or excerpt."""

    report_id: str
    title: str
    published: date | None
    snippet: str
    score: float
    highlights: tuple[tuple[int, int], ...] = ()


def search_reports(session: Session, text: str, *, limit: int = 50) -> list[ReportHit]:
    """Source reports whose title or excerpt match the query, best first."""
    query = parse(text)
    expression = query.match()
    if expression is None:
        return []
    stmt = (
        select(
            SourceReport.uuid,
            SourceReport.title,
            SourceReport.published,
            SourceReport.excerpt,
            fts.REPORTS.c.rank,
        )
        .join_from(SourceReport, fts.REPORTS, fts.REPORTS.c.rowid == SourceReport.id)
        .where(fts.matches("report_fts", expression))
        .order_by(fts.REPORTS.c.rank, SourceReport.published.desc())
        .limit(limit)
    )
    matcher = Matcher(query.terms)
    hits = []
    for uuid, title, published, excerpt, rank in session.execute(stmt):
        piece = snippet(excerpt or title, matcher)
        hits.append(ReportHit(uuid, title, published, piece.text, -float(rank), piece.spans))
    return hits
