"""Windowed, sorted pages of incident rows for lists that must scroll a million rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile import errors
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


def sort_rows(
    rows: Iterable[IncidentRow], order_by: str, *, descending: bool = True
) -> list[IncidentRow]:
    """Rows held in memory (search hits) in a column's order, as `page` gives that order.

    Missing values come first going up and last going down, as SQLite puts NULLs; the
    sort is stable, so hits of equal value keep their best-first order.
    """
    if order_by not in SORT_COLUMNS:
        raise errors.Invalid({"order_by": f"not a column to sort by: {order_by}"})

    def key(row: IncidentRow) -> tuple[bool, Any]:
        value = getattr(row, order_by)
        return (value is not None, value if value is not None else 0)

    return sorted(rows, key=key, reverse=descending)


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
