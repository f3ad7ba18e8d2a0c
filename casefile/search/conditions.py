"""The portable SQL conditions search filters make, and the values the checked ones take.

Apart from the filters' values (casefile.search.filters), which the app names before the
case file and SQLAlchemy are loaded (issue #16).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from casefile.records import taxonomy
from casefile.search.filters import Filters
from casefile.store.models import (
    Actor,
    Citation,
    Incident,
    IncidentActor,
    IncidentTag,
    Source,
    SourceReport,
)


def known_values(connection: Connection) -> dict[str, set[str]]:
    """The values each checked filter can take: the taxonomy's and those in the case."""

    def column(*columns: Any) -> set[str]:
        found: set[str] = set()
        for c in columns:
            found.update(v for v in connection.scalars(select(c).distinct()) if v)
        return found

    return {
        "event_type": set(taxonomy.EVENT_TYPES) | column(Incident.event_type),
        "sub_event_type": {s for subs in taxonomy.EVENT_TYPES.values() for s in subs}
        | column(Incident.sub_event_type),
        "country": column(Incident.country_code, Incident.country),
        "status": set(taxonomy.STATUSES),
        "reliability": set(taxonomy.RELIABILITY),
    }


def conditions(filters: Filters) -> list[ColumnElement[bool]]:
    """SQL conditions on `Incident` for every filter that is set."""
    found: list[ColumnElement[bool]] = []
    if filters.start is not None:
        found.append(Incident.event_date >= filters.start)
    if filters.end is not None:
        found.append(Incident.event_date <= filters.end)
    for name in ("event_type", "sub_event_type", "admin1", "status"):
        values = getattr(filters, name)
        if values:
            found.append(_one_of(getattr(Incident, name), values))
    if filters.country:
        found.append(_country(filters.country))
    if filters.min_killed is not None:
        found.append(Incident.killed >= filters.min_killed)
    if filters.actor:
        found.append(
            Incident.id.in_(
                select(IncidentActor.incident_id)
                .join(Actor)
                .where(_one_of(Actor.name, filters.actor))
            )
        )
    if filters.reliability:
        found.append(
            Incident.id.in_(
                select(Citation.incident_id)
                .join(SourceReport)
                .join(Source)
                .where(_one_of(Source.reliability, filters.reliability))
            )
        )
    if filters.tags:
        found.append(
            Incident.id.in_(
                select(IncidentTag.incident_id).where(_one_of(IncidentTag.tag, filters.tags))
            )
        )
    return found


def _country(values: tuple[str, ...]) -> ColumnElement[bool]:
    """ISO codes match the indexed code column; anything else matches the country name."""
    codes = [v for v in values if len(v) == 2 and v.isalpha() and v.isupper()]
    names = [v for v in values if v not in codes]
    parts = []
    if codes:
        parts.append(_one_of(Incident.country_code, codes))
    if names:
        parts.append(_one_of(Incident.country, names))
    return or_(*parts)


def _one_of(
    column: ColumnElement[Any] | InstrumentedAttribute[Any], values: Sequence[Any]
) -> ColumnElement[bool]:
    """`column = value` for one value, else `column IN (...)`.

    An IN list's parameters are expanded into the SQL text at every execution; one value
    is a plain parameter, so a cached statement runs as it is (a tenth of a millisecond).
    """
    return column == values[0] if len(values) == 1 else column.in_(values)
