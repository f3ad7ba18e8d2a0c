"""Points for a map: every incident a search finds that has coordinates, in one query."""

from __future__ import annotations

from datetime import date

import casefile


def add(cf: casefile.CaseFile, title: str, **fields: object) -> str:
    return cf.add_incident(title=title, event_date=date(2025, 1, 1), **fields).created or ""  # type: ignore[arg-type]


def test_points_follow_the_text_and_the_filters(cf: casefile.CaseFile) -> None:
    kulob = add(
        cf,
        "Shelling",
        location="Kulob",
        latitude=37.91,
        longitude=69.78,
        event_type="Battles",
        casualties=[casefile.CasualtyCount(kind="killed", best=4)],
    )
    add(cf, "Protest", location="Dushanbe", latitude=38.56, longitude=68.77, event_type="Protests")
    add(cf, "Shelling without a place")  # no coordinates: not on a map
    assert {p.incident_id for p in cf.find.points()} == {
        kulob,
        *[p.incident_id for p in cf.find.points(event_type="Protests")],
    }
    (point,) = cf.find.points("Куляб")
    assert point == (kulob, 37.91, 69.78, 4, "Battles")
    assert len(cf.find.points("shelling", event_type="Protests")) == 0
    assert [p.incident_id for p in cf.find.points("", event_type="Battles")] == [kulob]
    assert len(cf.find.points("-shelling")) == 1
