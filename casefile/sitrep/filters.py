"""Which incidents a report covers: its period and the search filters, as SQL conditions.

The keys are those of the search filters (see `options.FILTER_KEYS`) so that the same
dict drives a search and a report. When `casefile.search` exposes its filter builder,
this module should defer to it rather than keep a second reading of the same keys.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select

from casefile.models import (
    Actor,
    Citation,
    Incident,
    IncidentActor,
    IncidentTag,
    Source,
    SourceReport,
)


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple | set) else [value]


def conditions(filters: dict[str, Any]) -> list[ColumnElement[bool]]:
    """SQL conditions on `Incident` for each filter given; unknown keys are checked earlier."""
    out: list[ColumnElement[bool]] = []
    if types := _as_list(filters.get("event_type")):
        out.append(or_(Incident.event_type.in_(types), Incident.sub_event_type.in_(types)))
    if subs := _as_list(filters.get("sub_event_type")):
        out.append(Incident.sub_event_type.in_(subs))
    if countries := _as_list(filters.get("country")):
        upper = [str(c).upper() for c in countries]
        out.append(or_(Incident.country_code.in_(upper), Incident.country.in_(countries)))
    if regions := _as_list(filters.get("admin1")):
        out.append(Incident.admin1.in_(regions))
    if filters.get("min_killed") is not None:
        out.append(Incident.killed >= int(filters["min_killed"]))
    if statuses := _as_list(filters.get("status")):
        out.append(Incident.status.in_(statuses))
    if actors := _as_list(filters.get("actor")):
        out.append(exists().where(
            IncidentActor.incident_id == Incident.id, IncidentActor.actor_id == Actor.id,
            Actor.name.in_(actors),
        ))
    if tags := _as_list(filters.get("tags")):
        for tag in tags:
            out.append(exists().where(
                IncidentTag.incident_id == Incident.id, IncidentTag.tag == str(tag).lower()
            ))
    if grades := _as_list(filters.get("reliability")):
        # "At least this reliable": an incident qualifies through any one of its sources.
        letters = sorted({g for grade in grades for g in str(grade).upper()})
        out.append(exists().where(
            Citation.incident_id == Incident.id, Citation.report_id == SourceReport.id,
            SourceReport.source_id == Source.id, Source.reliability.in_(letters),
        ))
    return out


def in_period(start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    """Conditions for an inclusive period; an open end means no limit on that side."""
    out = []
    if start:
        out.append(Incident.event_date >= start)
    if end:
        out.append(Incident.event_date <= end)
    return out


def selected(start: date | None, end: date | None, filters: dict[str, Any]) -> Select[Any]:
    """Incidents of the period that pass the filters, oldest first."""
    where = [*in_period(start, end), *conditions(filters)]
    query = select(Incident).order_by(Incident.event_date, Incident.event_time, Incident.id)
    return query.where(and_(*where)) if where else query
