"""Windowed, sorted pages of incident rows for lists that must scroll a million rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile.store.models import Incident

SORT_COLUMNS = {
    "event_date": Incident.event_date,
    "title": Incident.title,
    "event_type": Incident.event_type,
    "location": Incident.location,
    "killed": Incident.killed,
    "status": Incident.status,
    "source_count": Incident.source_count,
}


@dataclass(frozen=True)
class IncidentRow:
    """What a list shows of one incident."""

    id: str
    event_date: date
    title: str
    event_type: str | None
    sub_event_type: str | None
    location: str | None
    country: str | None
    killed: int
    status: str
    source_count: int


# Labelled with IncidentRow's field names, so rows become IncidentRows by name, not position.
_COLUMNS = (
    Incident.uuid.label("id"),
    Incident.event_date,
    Incident.title,
    Incident.event_type,
    Incident.sub_event_type,
    Incident.location,
    Incident.country,
    Incident.killed,
    Incident.status,
    Incident.source_count,
)


def page(
    session: Session,
    *,
    order_by: str = "event_date",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[IncidentRow]:
    """One window of rows in a stable order (ties broken by local key)."""
    column = SORT_COLUMNS[order_by]
    tie = Incident.id
    order = (column.desc(), tie.desc()) if descending else (column.asc(), tie.asc())
    query = select(*_COLUMNS).order_by(*order).offset(offset).limit(limit)
    return [IncidentRow(**row._asdict()) for row in session.execute(query)]


def rows_by_id(session: Session, ids: list[str]) -> list[IncidentRow]:
    """Rows for the given incident UUIDs, in the order given."""
    found = {
        r.id: IncidentRow(**r._asdict())
        for r in session.execute(select(*_COLUMNS).where(Incident.uuid.in_(ids)))
    }
    return [found[i] for i in ids if i in found]


def count(session: Session) -> int:
    """Number of incidents."""
    return session.scalar(select(func.count()).select_from(Incident)) or 0
