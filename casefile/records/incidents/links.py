"""Links between incidents (duplicates, a series, related events), and `cf.links`."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.records.incidents.reading import load
from casefile.store.changes import Changes
from casefile.store.models import Incident, IncidentLink
from casefile.store.operations import Operations


def link(session: Session, from_id: str, to_id: str, *, kind: str, note: str = "") -> IncidentLink:
    """Relate two incidents: 'duplicate', 'series' or 'related'."""
    if kind not in ("duplicate", "series", "related"):
        raise errors.Invalid({"kind": "A link is a duplicate, series or related."})
    a, b = load(session, from_id), load(session, to_id)
    if a.id == b.id:
        raise errors.Invalid({"to_id": "An incident cannot be linked to itself."})
    found = session.scalar(
        select(IncidentLink).where(
            IncidentLink.from_id == a.id, IncidentLink.to_id == b.id, IncidentLink.kind == kind
        )
    )
    if found is None:
        found = IncidentLink(from_id=a.id, to_id=b.id, kind=kind, note=note)
        session.add(found)
    return found


def unlink(session: Session, from_id: str, to_id: str) -> None:
    """Remove every link between two incidents, in either direction."""
    a, b = load(session, from_id), load(session, to_id)
    for found in session.scalars(
        select(IncidentLink).where(
            or_(
                (IncidentLink.from_id == a.id) & (IncidentLink.to_id == b.id),
                (IncidentLink.from_id == b.id) & (IncidentLink.to_id == a.id),
            )
        )
    ):
        session.delete(found)


def links(session: Session, incident_id: str) -> list[tuple[str, str, str]]:
    """(kind, other incident UUID, other title) for every link of an incident."""
    row = load(session, incident_id)
    other = Incident.__table__.alias("other")
    out: list[tuple[str, str, str]] = []
    for mine, theirs in (("from_id", "to_id"), ("to_id", "from_id")):
        query = (
            select(IncidentLink.kind, other.c.uuid, other.c.title)
            .join(other, other.c.id == getattr(IncidentLink, theirs))
            .where(getattr(IncidentLink, mine) == row.id)
        )
        out.extend(tuple(r) for r in session.execute(query))
    return out


class Links:
    """Links between incidents: `cf.links.add(a, b, kind="duplicate")`, `.remove`, `.of`."""

    def __init__(self, ops: Operations):
        self._ops = ops

    def add(self, from_id: str, to_id: str, *, kind: str, note: str = "") -> Changes:
        """Mark two incidents as duplicates, part of a series, or related."""
        return self._ops.run(
            "Link incidents", lambda s: link(s, from_id, to_id, kind=kind, note=note)
        )

    def remove(self, from_id: str, to_id: str) -> Changes:
        """Remove the links between two incidents."""
        return self._ops.run("Unlink incidents", lambda s: unlink(s, from_id, to_id))

    def of(self, incident_id: str) -> list[tuple[str, str, str]]:
        """(kind, other id, other title) for each link of an incident."""
        with self._ops.read() as session:
            return links(session, incident_id)
