"""The rows a report reads: incidents with their actors, casualties and cited reports.

A report reads plain rows, not ORM objects: building a thousand incidents' worth of those
(five thousand objects with their state) took most of gathering a long report. The
records have the attribute paths of the ORM objects they stand for, and their lists come
in the order the ORM relationships give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, time
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from casefile.sitrep.bidi import without_marks
from casefile.store.models import (
    Actor,
    Casualty,
    Citation,
    Incident,
    IncidentActor,
    Source,
    SourceReport,
)


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A source as a report needs it."""

    name: str
    reliability: str


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """A cited source report as a report needs it."""

    title: str
    url: str | None
    published: date | None
    accessed: date | None
    source: SourceRecord


@dataclass(frozen=True, slots=True)
class CitationRecord:
    """A citation with its graded report."""

    report_id: int
    credibility: int
    report: ReportRecord


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """An actor's name."""

    name: str


@dataclass(frozen=True, slots=True)
class RoleRecord:
    """An actor's part in an incident."""

    role: str
    likelihood: str | None
    actor: ActorRecord


@dataclass(frozen=True, slots=True)
class CasualtyRecord:
    """A casualty count."""

    kind: str
    group: str
    nationality: str | None
    low: int
    best: int
    high: int


@dataclass(slots=True)
class IncidentRecord:
    """An incident with its actors, casualties and citations, in their stored order."""

    id: int
    uuid: str
    title: str
    event_date: date
    event_time: time | None
    event_type: str | None
    sub_event_type: str | None
    location: str | None
    admin3: str | None
    admin2: str | None
    admin1: str | None
    country: str | None
    narrative: str
    claim_status: str
    status: str
    actors: list[RoleRecord] = field(default_factory=list)
    casualties: list[CasualtyRecord] = field(default_factory=list)
    citations: list[CitationRecord] = field(default_factory=list)


_INCIDENT_FIELDS = [
    f.name for f in fields(IncidentRecord) if f.name not in ("actors", "casualties", "citations")
]


def incidents(
    session: Session, query: Select[Any], *shown: ColumnElement[bool]
) -> list[IncidentRecord]:
    """The incidents a query of `Incident` selects, in its order, with what they hold.

    `shown` are conditions on `SourceReport` a cited report must meet to be shown.
    """
    columns = [getattr(Incident, name) for name in _INCIDENT_FIELDS]
    selected = session.execute(query.with_only_columns(*columns))
    rows = [IncidentRecord(*_printable(row)) for row in selected]
    if not rows:
        return rows
    by_id = {row.id: row for row in rows}
    ids = select(query.with_only_columns(Incident.id).order_by(None).subquery().c.id)
    for incident_id, role, likelihood, name in session.execute(_roles(ids)):
        actor = ActorRecord(without_marks(name))
        by_id[incident_id].actors.append(RoleRecord(role, likelihood, actor))
    for casualty in session.execute(_casualties(ids)):
        by_id[casualty[0]].casualties.append(CasualtyRecord(*_printable(casualty[1:])))
    reports: dict[int, ReportRecord] = {}
    for citation in session.execute(_citations(ids).where(*shown)):
        incident_id, report_id, credibility = citation[:3]
        report = reports.get(report_id)
        if report is None:
            title, url, published, accessed, name, reliability = _printable(citation[3:])
            source = SourceRecord(name, reliability)
            report = reports[report_id] = ReportRecord(title, url, published, accessed, source)
        by_id[incident_id].citations.append(CitationRecord(report_id, credibility, report))
    return rows


def _printable(values: Sequence[Any]) -> list[Any]:
    """A row's values, its text without the bidi marks a PDF cannot print (see bidi)."""
    return [without_marks(v) if isinstance(v, str) else v for v in values]


def _roles(ids: Select[Any]) -> Select[int, str, str | None, str]:
    return (
        select(IncidentActor.incident_id, IncidentActor.role, IncidentActor.likelihood, Actor.name)
        .join(Actor, Actor.id == IncidentActor.actor_id)
        .where(IncidentActor.incident_id.in_(ids))
        .order_by(IncidentActor.incident_id, IncidentActor.position, IncidentActor.id)
    )


def _casualties(ids: Select[Any]) -> Select[int, str, str, str | None, int, int, int]:
    return (
        select(
            Casualty.incident_id,
            Casualty.kind,
            Casualty.group,
            Casualty.nationality,
            Casualty.low,
            Casualty.best,
            Casualty.high,
        )
        .where(Casualty.incident_id.in_(ids))
        .order_by(Casualty.incident_id, Casualty.position, Casualty.id)
    )


def _citations(
    ids: Select[Any],
) -> Select[int, int, int, str, str | None, date | None, date | None, str, str]:
    return (
        select(
            Citation.incident_id,
            Citation.report_id,
            Citation.credibility,
            SourceReport.title,
            SourceReport.url,
            SourceReport.published,
            SourceReport.accessed,
            Source.name,
            Source.reliability,
        )
        .join(SourceReport, SourceReport.id == Citation.report_id)
        .join(Source, Source.id == SourceReport.source_id)
        .where(Citation.incident_id.in_(ids))
        .order_by(Citation.incident_id, Citation.report_id)
    )
