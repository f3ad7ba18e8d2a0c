"""Finding incidents by the words in their title and narrative (plain version)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from casefile.models import Incident


@dataclass(frozen=True)
class Hit:
    """One search result."""

    incident_id: str
    title: str
    date: date
    place: str
    snippet: str
    score: float


def search(session: Session, query: str, *, limit: int = 50) -> list[Hit]:
    """Incidents whose title or narrative contains every word of the query."""
    words = [w for w in query.split() if w]
    if not words:
        return []
    stmt = select(Incident)
    for word in words:
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(or_(Incident.title.ilike(pattern), Incident.narrative.ilike(pattern)))
    stmt = stmt.order_by(Incident.event_date.desc()).limit(limit)
    return [
        Hit(r.uuid, r.title, r.event_date, r.location or "", r.narrative[:160], 1.0)
        for r in session.scalars(stmt)
    ]


def install(transactions: object) -> None:
    """Hook the index into the transaction helper (the plain version keeps no index)."""
