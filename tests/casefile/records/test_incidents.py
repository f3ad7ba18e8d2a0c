"""Incidents: validation rules, storing, reading, deleting and what operations return."""

from __future__ import annotations

from datetime import date

import pytest

import casefile
from casefile import errors
from casefile.records.incidents import ActorRole, CasualtyCount, IncidentData, normalise, validate

DAY = date(2025, 11, 26)


def incident(**fields: object) -> IncidentData:
    values: dict[str, object] = {"title": "Drone strike on gold mine", "event_date": DAY}
    values.update(fields)
    return IncidentData(**values)  # type: ignore[arg-type]


def test_a_sound_incident_has_no_problems() -> None:
    assert validate(incident()) == {}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 501}, "title"),
        ({"time_precision": 4}, "time_precision"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"event_type": "Picnic"}, "event_type"),
        ({"event_type": "Battles", "sub_event_type": "Air/drone strike"}, "sub_event_type"),
        ({"disorder_type": "Chaos"}, "disorder_type"),
        ({"country_code": "TJK"}, "country_code"),
        ({"latitude": 91.0, "longitude": 70.0}, "latitude"),
        ({"latitude": 37.0, "longitude": 181.0}, "longitude"),
        ({"latitude": 37.0}, "latitude"),
        ({"geo_precision": 0}, "geo_precision"),
        ({"claim_status": "maybe"}, "claim_status"),
        ({"status": "final"}, "status"),
    ],
)
def test_each_field_rule_names_its_field(fields: dict[str, object], field: str) -> None:
    assert field in validate(incident(**fields))


def test_sub_event_type_must_belong_to_the_event_type() -> None:
    ok = incident(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")
    assert validate(ok) == {}


@pytest.mark.parametrize(
    "actor",
    [
        ActorRole(name=" "),
        ActorRole(name="ISKP", role="mastermind"),
        ActorRole(name="ISKP", role="suspected", likelihood="probably"),
        ActorRole(name="ISKP", role="perpetrator", likelihood="likely"),
        ActorRole(name="ISKP", inter_code=9),
    ],
)
def test_actor_rules(actor: ActorRole) -> None:
    assert "actors" in validate(incident(actors=[actor]))


def test_a_claim_contradicts_unclaimed() -> None:
    data = incident(actors=[ActorRole(name="ISKP", role="claimed_by")], claim_status="unclaimed")
    assert "claim_status" in validate(data)


def test_suspicion_with_icd203_term_is_valid() -> None:
    data = incident(
        actors=[ActorRole(name="ISKP", role="suspected", likelihood="likely")],
        claim_status="unclaimed",
    )
    assert validate(data) == {}


@pytest.mark.parametrize(
    "count",
    [
        CasualtyCount(kind="killed", best=3, low=4),
        CasualtyCount(kind="killed", best=3, high=2),
        CasualtyCount(kind="killed", best=-1),
        CasualtyCount(kind="wounded", best=1),
    ],
)
def test_casualty_rules(count: CasualtyCount) -> None:
    assert "casualties" in validate(incident(casualties=[count]))


def test_groups_may_not_exceed_the_total() -> None:
    data = incident(
        casualties=[
            CasualtyCount(kind="killed", best=2),
            CasualtyCount(kind="killed", best=3, group="Chinese nationals"),
        ]
    )
    assert "casualties" in validate(data)


def test_totals_come_from_the_total_row_or_the_groups() -> None:
    data = incident(
        casualties=[
            CasualtyCount(kind="killed", best=3, low=1, high=5, group="Chinese nationals"),
            CasualtyCount(kind="killed", best=2, group="Tajik border guards"),
        ]
    )
    assert data.total("killed") == (3, 5, 7)
    data.casualties.append(CasualtyCount(kind="killed", best=6))
    assert data.total("killed") == (6, 6, 6)
    assert data.total("injured") == (0, 0, 0)


def test_add_get_round_trip(cf: casefile.CaseFile) -> None:
    changes = cf.add_incident(
        title="  Drone strike on gold mine ",
        event_date=DAY,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        country_code="tj",
        tags=["China", "china", " Mining  site "],
        actors=[ActorRole(name="ISKP", role="suspected", likelihood="likely")],
        casualties=[
            CasualtyCount(kind="killed", best=3, group="Chinese nationals", nationality="CN")
        ],
    )
    assert changes.name == "Add incident"
    assert changes.created in changes.incidents
    data = cf.get_incident(changes.created or "")
    assert data.title == "Drone strike on gold mine"
    assert data.country_code == "TJ"
    assert data.disorder_type == "Political violence"
    assert data.tags == ["china", "mining site"]
    assert data.actors[0].likelihood == "likely"
    assert data.created_by == "tester"
    assert data.created_at is not None and data.updated_at is not None
    assert cf.list_incidents()[0].killed == 3


def test_invalid_incident_changes_nothing(cf: casefile.CaseFile) -> None:
    with pytest.raises(errors.Invalid) as raised:
        cf.add_incident(title="", event_date=DAY)
    assert "title" in raised.value.errors
    assert cf.count_incidents() == 0


def test_update_keeps_other_fields_and_child_uuids(cf: casefile.CaseFile) -> None:
    created = (
        cf.add_incident(
            title="Gunfire", event_date=DAY, casualties=[CasualtyCount(kind="killed", best=2)]
        ).created
        or ""
    )
    changes = cf.update_incident(created, narrative="Workers were fired on.")
    assert changes.incidents == {created}
    data = cf.get_incident(created)
    assert data.narrative == "Workers were fired on."
    assert data.total("killed") == (2, 2, 2)
    with pytest.raises(errors.Invalid):
        cf.update_incident(created, colour="red")


def test_delete_removes_children_and_links(cf: casefile.CaseFile) -> None:
    a = cf.add_incident(title="A", event_date=DAY, tags=["x"]).created or ""
    b = cf.add_incident(title="B", event_date=DAY).created or ""
    cf.links.add(a, b, kind="series")
    assert cf.links.of(b) == [("series", a, "A")]
    changes = cf.delete_incident(a)
    assert a in changes.deleted
    assert cf.links.of(b) == []
    with pytest.raises(errors.NotFound):
        cf.get_incident(a)


def test_links_refuse_self_and_unknown_kinds(cf: casefile.CaseFile) -> None:
    a = cf.add_incident(title="A", event_date=DAY).created or ""
    with pytest.raises(errors.Invalid):
        cf.links.add(a, a, kind="duplicate")
    with pytest.raises(errors.Invalid):
        cf.links.add(a, a, kind="cousin")


def test_links_are_removed_in_either_direction_and_undone(cf: casefile.CaseFile) -> None:
    a = cf.add_incident(title="A", event_date=DAY).created or ""
    b = cf.add_incident(title="B", event_date=DAY).created or ""
    cf.links.add(a, b, kind="duplicate", note="same attack")
    cf.links.add(a, b, kind="duplicate")  # already there: still one link
    assert cf.links.of(a) == [("duplicate", b, "B")]
    assert cf.undo_name == "Link incidents"
    cf.links.remove(b, a)
    assert cf.links.of(a) == cf.links.of(b) == []
    cf.undo()
    assert cf.links.of(b) == [("duplicate", a, "A")]


def test_listing_sorts_and_windows(cf: casefile.CaseFile) -> None:
    for day in range(1, 6):
        cf.add_incident(title=f"Incident {day}", event_date=date(2025, 12, day))
    rows = cf.list_incidents(order_by="event_date", descending=False, offset=1, limit=2)
    assert [r.title for r in rows] == ["Incident 2", "Incident 3"]
    assert cf.list_incidents(order_by="title")[0].title == "Incident 5"


def test_incident_data_json_round_trip() -> None:
    data = incident(
        actors=[ActorRole(name="ISKP", role="suspected", likelihood="likely")],
        casualties=[CasualtyCount(kind="killed", best=3)],
    )
    assert IncidentData.from_dict(data.to_dict()) == data
    with pytest.raises(errors.Invalid):
        IncidentData.from_dict({**data.to_dict(), "bogus": 1})


def test_normalising_gives_a_copy_and_leaves_the_value_given_alone() -> None:
    given = incident(title="  Ambush ", country_code="tj", tags=["Border", " border  "])
    out = normalise(given)
    assert (out.title, out.country_code, out.tags) == ("Ambush", "TJ", ["border"])
    assert (given.title, given.country_code, given.tags) == (
        "  Ambush ",
        "tj",
        ["Border", " border  "],
    )
    assert out is not given and type(out) is IncidentData
    assert out.actors is given.actors  # shallow, as copy.copy makes it

    class Kept(IncidentData):
        pass

    assert type(normalise(Kept(title=" x ", event_date=DAY))) is Kept


def test_casualty_totals_and_groups_are_checked_kind_by_kind() -> None:
    counts = [
        CasualtyCount(kind="injured", best=1),
        CasualtyCount(kind="injured", best=2),
        CasualtyCount(kind="killed", best=1),
        CasualtyCount(kind="killed", best=3, group="police"),
    ]
    # Kind by kind in their order (killed, injured, abducted): the last found names it.
    assert validate(incident(casualties=counts)) == {
        "casualties": "Only one total for injured; break it down by group."
    }
    assert validate(incident(casualties=counts[2:])) == {
        "casualties": "The groups killed add up to more than the total."
    }
