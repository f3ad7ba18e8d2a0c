"""A report's records hold what the ORM objects hold, in the order their relationships give."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

import casefile
from casefile import ActorRole, CasualtyCount
from casefile.sitrep import records
from casefile.store.models import Incident


def _case(cf: casefile.CaseFile) -> None:
    news = cf.sources.add(name="Asia-Plus", reliability="B").created or ""
    rumour = cf.sources.add(name="Telegram channel", reliability="E").created or ""
    same_day = date(2025, 3, 2)
    reports = [
        cf.sources.add_report(source_id=source, title=title, published=same_day).created or ""
        for source, title in [(rumour, "Rumour"), (news, "Report"), (news, "Update")]
    ]
    first = (
        cf.add_incident(
            title="Clash at the river",
            event_date=date(2025, 3, 1),
            actors=[
                ActorRole(name="Border guards", role="target"),
                ActorRole(name="Armed group", role="perpetrator"),
                ActorRole(name="ISKP", role="suspected", likelihood="likely"),
            ],
            casualties=[
                CasualtyCount(kind="killed", best=2, group="guards"),
                CasualtyCount(kind="injured", best=1, low=1, high=3),
            ],
        ).created
        or ""
    )
    # An edit puts the actors and casualties in another order than they were stored in.
    cf.update_incident(
        first,
        actors=[
            ActorRole(name="ISKP", role="suspected", likelihood="roughly even chance"),
            ActorRole(name="Border guards", role="target"),
        ],
        casualties=[
            CasualtyCount(kind="injured", best=4),
            CasualtyCount(kind="killed", best=2, group="guards", nationality="TJ"),
        ],
    )
    second = cf.add_incident(title="Quiet day", event_date=date(2025, 3, 3)).created or ""
    for incident, report, grade in [
        (first, reports[2], 2),
        (first, reports[0], 5),
        (second, reports[1], 3),
    ]:
        cf.sources.cite(incident_id=incident, report_id=report, credibility=grade)


def test_records_hold_what_the_orm_objects_hold_in_their_order(cf: casefile.CaseFile) -> None:
    _case(cf)
    query = select(Incident).order_by(Incident.event_date)
    with cf.transactions.session() as session:
        rows = records.incidents(session, query)
        objects = session.scalars(query).all()
        assert [r.uuid for r in rows] == [o.uuid for o in objects]
        for row, obj in zip(rows, objects, strict=True):
            assert (row.title, row.event_date, row.narrative) == (
                obj.title,
                obj.event_date,
                obj.narrative,
            )
            assert [(a.role, a.likelihood, a.actor.name) for a in row.actors] == [
                (a.role, a.likelihood, a.actor.name) for a in obj.actors
            ]
            assert [
                (c.kind, c.group, c.nationality, c.low, c.best, c.high) for c in row.casualties
            ] == [(c.kind, c.group, c.nationality, c.low, c.best, c.high) for c in obj.casualties]
            cited = sorted(obj.citations, key=lambda c: c.report_id)  # the ORM leaves it open
            assert [
                (
                    c.report_id,
                    c.credibility,
                    c.report.title,
                    c.report.published,
                    c.report.source.name,
                    c.report.source.reliability,
                )
                for c in row.citations
            ] == [
                (
                    c.report_id,
                    c.credibility,
                    c.report.title,
                    c.report.published,
                    c.report.source.name,
                    c.report.source.reliability,
                )
                for c in cited
            ]
    assert [a.actor.name for a in rows[0].actors] == ["ISKP", "Border guards"]
    assert [c.kind for c in rows[0].casualties] == ["injured", "killed"]


def test_no_incidents_read_nothing_more(cf: casefile.CaseFile) -> None:
    with cf.transactions.session() as session:
        assert records.incidents(session, select(Incident)) == []
