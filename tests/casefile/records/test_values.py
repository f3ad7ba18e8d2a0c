"""Values are checked where they enter: a wrong type or range is `Invalid` naming the field."""

from __future__ import annotations

import contextlib
import dataclasses
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import casefile
from casefile import ActorRole, CasualtyCount, errors
from casefile.records import incidents
from casefile.records import values as records_values

DAY = date(2025, 1, 1)
STAMP = datetime(2026, 1, 1, 12, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"title": None}, "title"),
        ({"title": 5}, "title"),
        ({"title": "bad \udc80 text"}, "title"),
        ({"event_date": "2025-01-01"}, "event_date"),
        ({"event_date": date(1, 1, 1)}, "event_date"),
        ({"event_date": date(9999, 12, 31)}, "event_date"),
        ({"reported_date": date(1899, 12, 31)}, "reported_date"),
        ({"tags": "abc"}, "tags"),
        ({"tags": [None]}, "tags"),
        ({"tags": ["ok", 3]}, "tags"),
        ({"actors": [ActorRole(name=None)]}, "actors"),  # type: ignore[arg-type]
        ({"actors": "Army"}, "actors"),
        ({"casualties": [CasualtyCount(kind="killed", best="3")]}, "casualties"),  # type: ignore[arg-type]
        ({"casualties": [CasualtyCount(kind="killed", best=2**63)]}, "casualties"),
        ({"casualties": [CasualtyCount(kind="killed", best=2.5)]}, "casualties"),  # type: ignore[arg-type]
        ({"latitude": float("nan"), "longitude": 1.0}, "latitude"),
        ({"geo_precision": True}, "geo_precision"),
        ({"narrative": None}, "narrative"),
        ({"country": 7}, "country"),
        ({"killed": 1}, "killed"),
    ],
)
def test_wrong_values_are_refused_naming_the_field(
    cf: casefile.CaseFile, fields: dict[str, Any], named: str
) -> None:
    base: dict[str, Any] = {"title": "A", "event_date": DAY}
    with pytest.raises(errors.Invalid) as raised:
        cf.add_incident(**{**base, **fields})
    assert named in raised.value.errors
    assert cf.count_incidents() == 0


def test_the_date_range_is_said_in_the_error(cf: casefile.CaseFile) -> None:
    with pytest.raises(errors.Invalid, match="1900 and 2100"):
        cf.add_incident(title="A", event_date=date(1, 1, 1))


def test_an_event_after_its_report_is_a_warning_not_an_error(cf: casefile.CaseFile) -> None:
    data = incidents.IncidentData(title="A", event_date=date(2025, 2, 1), reported_date=DAY)
    assert incidents.validate(data) == {}
    assert "reported_date" in incidents.warnings(data)
    assert cf.save_incident(data).created


def test_search_and_sources_check_their_values(cf: casefile.CaseFile) -> None:
    for call in (
        lambda: cf.search(None),  # type: ignore[arg-type]
        lambda: cf.search("x", limit="10"),  # type: ignore[arg-type]
        lambda: cf.search("x", min_killed=2**63),
        lambda: cf.search("x", min_killed=2.5),
        lambda: cf.search("x", tags=[None]),
        lambda: cf.find.count_matches("x", min_killed="many"),
        lambda: cf.sources.add(name=None),
        lambda: cf.sources.add(name="A", notes="\ud800"),
        lambda: cf.sources.add(nam="A"),
    ):
        with pytest.raises(errors.Invalid):
            call()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.floats(),
        st.text(),
        st.booleans(),
        st.binary(),
        st.lists(st.one_of(st.none(), st.integers(), st.text()), max_size=3),
    ),
    st.sampled_from(
        [
            "title",
            "tags",
            "narrative",
            "event_date",
            "country_code",
            "latitude",
            "geo_precision",
            "timezone",
            "status",
            "time_precision",
        ]
    ),
)
def test_any_value_in_any_field_is_stored_or_refused_never_crashes(
    cf: casefile.CaseFile, value: Any, field: str
) -> None:
    base: dict[str, Any] = {"title": "A", "event_date": DAY, field: value}
    with contextlib.suppress(errors.Invalid):
        cf.add_incident(**base)


_ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.sampled_from(["ok", "bad \udc80", DAY, date(1, 1, 1), date(9999, 1, 1), STAMP]),
)
_PART_FIELDS = {
    ActorRole: ("name", "role", "note", "likelihood", "inter_code", "associated"),
    CasualtyCount: ("kind", "group", "nationality", "low", "best", "high"),
    incidents.CitationRef: ("report_id", "credibility", "note"),
}


def test_an_incident_with_its_stamps_is_found_sound_at_once() -> None:
    """A JSON export carries each incident's created and updated times: the quick path."""
    kinds = (ActorRole, CasualtyCount, incidents.CitationRef)
    data = incidents.IncidentData(title="A", event_date=DAY, created_at=STAMP, updated_at=STAMP)
    assert records_values._sound(data, kinds)
    data.updated_at = "2026-01-01"  # type: ignore[assignment]
    assert not records_values._sound(data, kinds)
    assert records_values.incident_problems(data, kinds) == {
        "updated_at": "must be a date and time"
    }


@st.composite
def _incident_parts(draw: st.DrawFn) -> incidents.IncidentData:
    """A sound incident with a few of its values, or its parts' values, replaced at random."""
    data = incidents.IncidentData(
        title="A",
        event_date=DAY,
        narrative="Шамсиддин",
        latitude=38.5,
        longitude=68.7,
        geo_precision=1,
        acled_timestamp=1_700_000_000,
        tags=["x"],
        actors=[ActorRole(name="Police", inter_code=1), ActorRole(name="B", associated=True)],
        casualties=[CasualtyCount(kind="killed", best=2)],
        citations=[incidents.CitationRef(report_id="r", credibility=3)],
    )
    for item in (*data.actors, *data.casualties, *data.citations):
        if draw(st.booleans()):
            setattr(item, draw(st.sampled_from(_PART_FIELDS[type(item)])), draw(_ODD))
    names = [f.name for f in dataclasses.fields(data) if f.name != "version"]
    for name in draw(st.lists(st.sampled_from(names), max_size=3)):
        setattr(data, name, draw(_ODD | st.lists(_ODD, max_size=2)))
    return data


@given(data=_incident_parts())
@settings(max_examples=300)
def test_the_quick_check_of_sound_incidents_agrees_with_the_named_checks(
    data: incidents.IncidentData,
) -> None:
    """An import skips the named checks for incidents found sound at once: same answer."""
    kinds = (ActorRole, CasualtyCount, incidents.CitationRef)
    named = records_values._named_problems(data, kinds)
    assert records_values.incident_problems(data, kinds) == named
    if records_values._sound(data, kinds):
        assert named == {}
