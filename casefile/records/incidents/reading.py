"""Reading an incident: its ORM row with every part, and the plain value of that row."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casefile import errors
from casefile.records.incidents.data import (
    SCALARS,
    ActorRole,
    CasualtyCount,
    CitationRef,
    IncidentData,
)
from casefile.store.models import Incident


def load(session: Session, incident_id: str) -> Incident:
    """The ORM incident with this UUID, or `NotFound`."""
    row = session.scalar(
        select(Incident)
        .where(Incident.uuid == incident_id)
        .options(
            selectinload(Incident.actors),
            selectinload(Incident.casualties),
            selectinload(Incident.tags),
            selectinload(Incident.citations),
        )
    )
    if row is None:
        raise errors.NotFound(f"No incident {incident_id}")
    return row


def to_data(row: Incident) -> IncidentData:
    """The plain value of an ORM incident."""
    values = {name: getattr(row, name) for name in SCALARS}
    return IncidentData(
        id=row.uuid,
        tags=[t.tag for t in row.tags],
        actors=[
            ActorRole(
                name=a.actor.name,
                role=a.role,
                inter_code=a.inter_code,
                associated=a.associated,
                likelihood=a.likelihood,
                note=a.note,
            )
            for a in row.actors
        ],
        casualties=[
            CasualtyCount(
                kind=c.kind,
                best=c.best,
                low=c.low,
                high=c.high,
                group=c.group,
                nationality=c.nationality,
            )
            for c in row.casualties
        ],
        citations=[
            CitationRef(report_id=c.report.uuid, credibility=c.credibility, note=c.note)
            for c in row.citations
        ],
        version=row.version,
        **values,
    )
