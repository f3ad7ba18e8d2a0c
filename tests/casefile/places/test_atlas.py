"""`cf.places`: the analyst's own places, kept in the case file, suggested and undone."""

from __future__ import annotations

import pytest

import casefile
from casefile import errors


def add_post(cf: casefile.CaseFile, **extra: object) -> str:
    fields: dict[str, object] = {
        "name": "Border post 7",
        "latitude": 37.45,
        "longitude": 71.7,
        "kind": "border post",
        **extra,
    }
    changes = cf.places.add(**fields)  # type: ignore[arg-type]
    assert changes.tables == {"place"}
    assert changes.created is not None
    return changes.created


def test_added_place_is_suggested_first(cf: casefile.CaseFile) -> None:
    add_post(cf)
    found = cf.places.suggest("border p")
    assert found[0].name == "Border post 7"
    assert found[0].source == "case"
    assert (found[0].country_code, found[0].country) == ("TJ", "Tajikistan")  # from borders
    assert all(p.source == "gazetteer" for p in found[1:])


def test_added_place_in_another_script(cf: casefile.CaseFile) -> None:
    add_post(cf, name="Пости сарҳадии Ишкошим", country_code="tj", admin1="Gorno-Badakhshan")
    for typed in ("Пости", "Posti sarhadii", "POSTI SARHADII ISH"):
        place = cf.places.suggest(typed, limit=1)[0]
        assert place.name == "Пости сарҳадии Ишкошим"
        assert (place.country_code, place.admin1) == ("TJ", "Gorno-Badakhshan")


def test_gazetteer_still_fills_the_list(cf: casefile.CaseFile) -> None:
    add_post(cf, name="Khorugh checkpoint")
    names = [p.name for p in cf.places.suggest("Khorugh", limit=3)]
    assert names[:2] == ["Khorugh checkpoint", "Khorugh"]


def test_undo_and_redo_an_added_place(cf: casefile.CaseFile) -> None:
    add_post(cf)
    assert cf.undo_stack.undo_name == "Add place"
    cf.undo()
    assert cf.places.added() == []
    cf.redo()
    assert [p.name for p in cf.places.added()] == ["Border post 7"]


def test_remove_a_place(cf: casefile.CaseFile) -> None:
    place_id = add_post(cf)
    cf.places.remove(place_id)
    assert cf.places.added() == []
    with pytest.raises(errors.NotFound):
        cf.places.remove(place_id)


def test_near_prefers_a_nearer_added_place(cf: casefile.CaseFile) -> None:
    before = cf.places.near(37.45, 71.7)
    assert before.place is not None and before.place.source == "gazetteer"
    add_post(cf)
    after = cf.places.near(37.4501, 71.7001)
    assert after.place is not None and after.place.name == "Border post 7"
    assert after.country_code == before.country_code
    assert after.distance_km is not None and after.distance_km < 0.1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": " -- "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"latitude": 91}, "latitude"),
        ({"longitude": -180.5}, "longitude"),
        ({"latitude": "far"}, "latitude"),
        ({"country_code": "Tajikistan"}, "country_code"),
        ({"kind": "k" * 101}, "kind"),
    ],
)
def test_bad_places_are_refused_and_change_nothing(
    cf: casefile.CaseFile, fields: dict[str, object], field: str
) -> None:
    with pytest.raises(errors.Invalid) as caught:
        add_post(cf, **fields)
    assert field in caught.value.errors
    assert cf.places.added() == []
    assert cf.undo_stack.undo_name is None


def test_places_survive_reopening(case_path: object) -> None:
    with casefile.open(case_path) as cf:  # type: ignore[arg-type]
        add_post(cf)
    with casefile.open(case_path) as cf:  # type: ignore[arg-type]
        assert [p.name for p in cf.places.added()] == ["Border post 7"]
