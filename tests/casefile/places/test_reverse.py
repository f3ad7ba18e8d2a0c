"""Reverse lookup: the right side of the Panj at Khorugh and Ishkashim, and bad input."""

from __future__ import annotations

import math

import pytest

from casefile import errors
from casefile.places.borders import Borders
from casefile.places.gazetteer import Gazetteer
from casefile.places.reverse import check_coordinates, locate, parse_pair

# The Panj is the border: about 71.511 E at Khorugh's latitude, 71.594 E at Ishkashim's.
# Each pair is a point a kilometre either side of the river.
SIDES = [
    ((37.49, 71.50), "AF"),
    ((37.49, 71.52), "TJ"),
    ((36.72, 71.585), "AF"),
    ((36.72, 71.605), "TJ"),
]


@pytest.mark.parametrize(("point", "country"), SIDES)
def test_points_across_the_panj_fall_on_their_own_side(
    gaz: Gazetteer, bord: Borders, point: tuple[float, float], country: str
) -> None:
    location = locate(gaz, bord, *point)
    assert location.country_code == country
    assert location.place is not None
    assert location.place.country_code == country  # the nearest place on that side


def test_ishkashim_and_its_afghan_neighbour(gaz: Gazetteer, bord: Borders) -> None:
    tajik = locate(gaz, bord, 36.72484, 71.61331)
    assert (tajik.country, tajik.place and tajik.place.name, tajik.admin1) == (
        "Tajikistan",
        "Ishqoshim",
        "Gorno-Badakhshan",
    )
    afghan = locate(gaz, bord, 36.68333, 71.53333)
    assert (afghan.country, afghan.place and afghan.place.name, afghan.admin1) == (
        "Afghanistan",
        "Ashkāsham",
        "Badakhshan",
    )


def test_nearer_tajik_town_is_not_given_for_an_afghan_point(gaz: Gazetteer, bord: Borders) -> None:
    # Ishqoshim (TJ) is nearer this point than any Afghan town, but the point is in Afghanistan.
    location = locate(gaz, bord, 36.72, 71.585)
    assert location.place is not None
    assert location.place.name != "Ishqoshim"
    assert location.distance_km is not None and location.distance_km > 2


def test_khorugh_itself(gaz: Gazetteer, bord: Borders) -> None:
    location = locate(gaz, bord, 37.49039, 71.55337)
    assert location.place is not None and location.place.name == "Khorugh"
    assert location.distance_km is not None and location.distance_km < 0.1


def test_open_sea_has_no_country_but_a_nearest_place(gaz: Gazetteer, bord: Borders) -> None:
    location = locate(gaz, bord, 0.0, -30.0)
    assert location.country_code is None and location.country is None
    assert location.place is not None and location.place.country_code == "BR"


def test_across_the_antimeridian(gaz: Gazetteer, bord: Borders) -> None:
    location = locate(gaz, bord, -18.0, 179.99)
    assert location.place is not None and location.place.country_code == "FJ"


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        (91, 0, "latitude"),
        (-90.5, 0, "latitude"),
        (0, 180.1, "longitude"),
        (0, -181, "longitude"),
        (math.nan, 0, "latitude"),
        (0, math.inf, "longitude"),
        ("north", 0, "latitude"),
    ],
)
def test_out_of_range_coordinates_are_refused(
    gaz: Gazetteer, bord: Borders, latitude: object, longitude: object, field: str
) -> None:
    with pytest.raises(errors.Invalid) as caught:
        locate(gaz, bord, latitude, longitude)  # type: ignore[arg-type]
    assert field in caught.value.errors
    assert "\n" not in str(caught.value)


def test_edges_of_the_range_are_accepted() -> None:
    assert check_coordinates(90, -180) == (90.0, -180.0)


@pytest.mark.parametrize("text", ["37.49,71.55", " 37.49 , 71.55 ", "37.49 71.55", "37.49;71.55"])
def test_coordinate_pairs(text: str) -> None:
    assert parse_pair(text) == (37.49, 71.55)


@pytest.mark.parametrize("text", ["", "37.49", "a,b", "1.2.3,4", "37.49,71.55,3", "95,10"])
def test_bad_coordinate_pairs(text: str) -> None:
    with pytest.raises(errors.Invalid):
        parse_pair(text)
