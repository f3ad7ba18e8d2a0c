"""Storing an incident: its row and its actors, casualties, tags and citations; deleting it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from casefile import errors
from casefile.records.incidents.checks import check, normalise
from casefile.records.incidents.data import (
    SCALARS,
    ActorRole,
    CasualtyCount,
    CitationRef,
    IncidentData,
)
from casefile.records.incidents.reading import load, to_data
from casefile.store.models import (
    Actor,
    Casualty,
    Citation,
    Incident,
    IncidentActor,
    IncidentLink,
    IncidentTag,
    SourceReport,
)

_READ_ONLY = {"created_at", "updated_at", "created_by", "updated_by"}


def store(session: Session, data: IncidentData, *, author: str | None) -> Incident:
    """Insert or overwrite an incident with its actors, casualties, tags and citations."""
    data = normalise(data)
    check(data)
    existing = None
    if data.id is None:
        row = Incident(created_by=author)
        session.add(row)
    else:
        existing = session.scalar(select(Incident).where(Incident.uuid == data.id))
        _check_version(existing, data)
        row = existing or Incident(uuid=data.id, created_by=author)
        if existing is None:
            session.add(row)
    before = _children(to_data(existing)) if existing is not None else None
    for name in SCALARS:
        if name not in _READ_ONLY:
            setattr(row, name, getattr(data, name))
    row.updated_by = author
    row.killed = data.total("killed")[1]
    _store_actors(session, row, data.actors)
    _sync(row.casualties, [_casualty_row(i, c) for i, c in enumerate(data.casualties)], Casualty)
    _store_tags(row, data.tags)
    _store_citations(session, row, data.citations)
    row.source_count = len(data.citations)
    if before is not None and before != _children(data):
        # Its actors, casualties, tags or citations are the incident too: its version moves
        # (the row is written) so that a save read before this one is refused.
        flag_modified(row, "updated_by")
    return row


def _check_version(existing: Incident | None, data: IncidentData) -> None:
    """Refuse a save read at another version than the stored one: it would undo a change
    made since by another window, command or API handle (whatever checks the caller made)."""
    if data.version is None or (existing is not None and existing.version == data.version):
        return
    what = f"“{data.title}”" if data.title else "the incident"
    happened = "deleted" if existing is None else "changed"
    raise errors.Conflict(
        f"{what} was {happened} elsewhere (another window or command) since it was read; "
        "read it again and make the change there",
        action="The save",
    )


def _children(data: IncidentData) -> tuple[Any, ...]:
    return (data.tags, data.actors, data.casualties, data.citations)


def _actor(session: Session, name: str, inter_code: int | None) -> Actor:
    name = " ".join(name.split())
    actor = session.scalar(select(Actor).where(Actor.name == name))
    if actor is None:
        actor = Actor(name=name, inter_code=inter_code)
        session.add(actor)
    return actor


def _store_actors(session: Session, row: Incident, actors: list[ActorRole]) -> None:
    wanted = [
        dict(
            actor=_actor(session, a.name, a.inter_code),
            role=a.role,
            inter_code=a.inter_code,
            associated=a.associated,
            likelihood=a.likelihood,
            note=a.note,
            position=i,
        )
        for i, a in enumerate(actors)
    ]
    _sync(row.actors, wanted, IncidentActor)


def _casualty_row(i: int, c: CasualtyCount) -> dict[str, Any]:
    return dict(
        kind=c.kind,
        group=c.group.strip(),
        nationality=c.nationality,
        low=c.low,
        best=c.best,
        high=c.high,
        position=i,
    )


def _sync(rows: list[Any], wanted: list[dict[str, Any]], model: type) -> None:
    """Make a child collection match `wanted`, updating rows in place to keep their UUIDs."""
    for row, fields in zip(rows, wanted, strict=False):
        for key, value in fields.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    if len(wanted) > len(rows):
        rows.extend(model(**values) for values in wanted[len(rows) :])
    else:
        del rows[len(wanted) :]


def _store_tags(row: Incident, tags: list[str]) -> None:
    current = {t.tag: t for t in row.tags}
    row.tags[:] = [current.get(tag) or IncidentTag(tag=tag) for tag in tags]


def _store_citations(session: Session, row: Incident, citations: list[CitationRef]) -> None:
    current = {c.report.uuid: c for c in row.citations}
    keep: list[Citation] = []
    # No autoflush: a half-built citation must not be flushed while reports are looked up.
    with session.no_autoflush:
        _collect_citations(session, citations, current, keep)
    row.citations[:] = keep


def _collect_citations(
    session: Session,
    citations: list[CitationRef],
    current: dict[str, Citation],
    keep: list[Citation],
) -> None:
    for ref in citations:
        citation = current.get(ref.report_id)
        if citation is None:
            report = session.scalar(select(SourceReport).where(SourceReport.uuid == ref.report_id))
            if report is None:
                raise errors.Invalid({"citations": f"No source report {ref.report_id}"})
            citation = Citation(report=report)
        citation.credibility = ref.credibility
        citation.note = ref.note
        keep.append(citation)


def remove(session: Session, incident_id: str) -> None:
    """Delete an incident and everything that hangs off it, links included."""
    row = load(session, incident_id)
    links = session.scalars(
        select(IncidentLink).where(
            or_(IncidentLink.from_id == row.id, IncidentLink.to_id == row.id)
        )
    )
    for link in links:
        session.delete(link)
    session.delete(row)
