"""Facet counts: for each search filter, its values among the results and how many each leaves.

Each facet applies the text and every other filter but not its own, so its counts say
what choosing that value instead would give (the usual faceted-search convention).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, case, extract, func, select
from sqlalchemy.orm import Session

from casefile.search import hits as search
from casefile.search.conditions import conditions
from casefile.search.filters import CHOICES, Filters
from casefile.search.query import parse
from casefile.store.models import (
    Actor,
    Citation,
    Incident,
    IncidentActor,
    IncidentTag,
    Source,
    SourceReport,
)

KILLED_THRESHOLDS = (1, 5, 10, 50, 100)
FACET_LIMIT = 30
FACETS = ("year", *CHOICES, "min_killed")


def _without(filters: Filters, facet: str) -> Filters:
    if facet == "year":
        return filters.without("start").without("end")
    return filters.without(facet)


def _facet_query(facet: str, base: Select[Any], everything: bool) -> Select[Any, int]:
    # Over everything, child facets count their own table: no list of every id.
    if facet == "actor":
        n = func.count(func.distinct(IncidentActor.incident_id))
        query = select(Actor.name, n).join_from(IncidentActor, Actor).group_by(Actor.name)
        query = query if everything else query.where(IncidentActor.incident_id.in_(base))
    elif facet == "reliability":
        n = func.count(func.distinct(Citation.incident_id))
        query = select(Source.reliability, n).join_from(Citation, SourceReport).join(Source)
        query = query.group_by(Source.reliability)
        query = query if everything else query.where(Citation.incident_id.in_(base))
    elif facet == "tags":
        n = func.count()
        query = select(IncidentTag.tag, n).group_by(IncidentTag.tag)
        query = query if everything else query.where(IncidentTag.incident_id.in_(base))
    else:
        if facet == "year":
            key: Any = extract("year", Incident.event_date)
        else:
            key = getattr(Incident, "country_code" if facet == "country" else facet)
        n = func.count()
        query = base.with_only_columns(key, n).where(key.is_not(None)).group_by(key)
    return query.order_by(n.desc(), query.selected_columns[0]).limit(FACET_LIMIT)


def _killed_counts(session: Session, base: Select[Any]) -> list[tuple[Any, int]]:
    sums = [func.sum(case((Incident.killed >= t, 1), else_=0)) for t in KILLED_THRESHOLDS]
    row = session.execute(base.with_only_columns(*sums)).one()
    return [(t, int(n or 0)) for t, n in zip(KILLED_THRESHOLDS, row, strict=True) if n]


def facets(
    session: Session, text: str, *, only: Iterable[str] | None = None, **filters: Any
) -> dict[str, list[tuple[Any, int]]]:
    """For each filter, its values among the results and how many results each would leave.

    Each facet's counts apply every other filter and the text, but not its own filter,
    so they say what choosing that value instead would give. Keys: "year", "event_type",
    "sub_event_type", "country", "admin1", "actor", "reliability", "status", "tags",
    "min_killed" (thresholds 1, 5, 10, 50, 100); `only` picks some. Values come most
    frequent first, at most FACET_LIMIT of each. The cost grows with the results: a few
    ms for a narrow search, seconds for all of a million incidents.
    """
    wanted = FACETS if only is None else tuple(f for f in FACETS if f in set(only))
    chosen = Filters.of(**filters)
    query = parse(text)
    out: dict[str, list[tuple[Any, int]]] = {}
    for facet in wanted:
        others = _without(chosen, facet)
        base = search.matching(query, others)
        if facet == "min_killed":
            out[facet] = _killed_counts(session, base)
        else:
            everything = query.empty and not conditions(others)
            rows = session.execute(_facet_query(facet, base, everything))
            out[facet] = [(value, n) for value, n in rows]
    return out


def country_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """The country name the case writes beside each ISO code, for showing codes to people.

    One indexed look-up per code (a facet lists a few dozen at most), not a scan of the case.
    """
    names = {}
    for code in dict.fromkeys(codes):
        name = session.scalar(
            select(Incident.country)
            .where(
                Incident.country_code == code, Incident.country.is_not(None), Incident.country != ""
            )
            .limit(1)
        )
        if name:
            names[code] = name
    return names
