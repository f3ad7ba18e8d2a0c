"""Reverse lookup: from coordinates to the country that holds them and its nearest place."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from casefile import errors
from casefile.places.borders import Borders
from casefile.places.gazetteer import Gazetteer, Place

_PAIR = re.compile(r"^\s*([-+]?[0-9.]+)\s*[,;\s]\s*([-+]?[0-9.]+)\s*$")


@dataclass(frozen=True)
class Location:
    """What a point is: the country whose border holds it, and the nearest place there.

    `country_code` comes from the borders; it is None at sea or in a gap between
    simplified borders, and the nearest place is then the nearest of any country.
    """

    latitude: float
    longitude: float
    country_code: str | None
    country: str | None
    place: Place | None
    distance_km: float | None

    @property
    def admin1(self) -> str:
        """The admin-1 area of the nearest place ("" when there is none)."""
        return self.place.admin1 if self.place else ""


def check_coordinates(latitude: float, longitude: float) -> tuple[float, float]:
    """The coordinates as floats, or `Invalid` saying which is out of range."""
    problems = {}
    for field, value, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            problems[field] = f"{field.capitalize()} must be a number."
            continue
        if not math.isfinite(number) or not -limit <= number <= limit:
            problems[field] = f"{field.capitalize()} is between -{limit} and {limit}."
    if problems:
        raise errors.Invalid(problems)
    return float(latitude), float(longitude)


def parse_pair(text: str) -> tuple[float, float]:
    """Two checked floats from text such as "LAT,LON" (or a space or semicolon between)."""
    match = _PAIR.match(text)
    if match is None:
        raise errors.Invalid(
            {"coordinates": f"Give latitude,longitude (e.g. 37.49,71.55), not {text!r}."}
        )
    try:
        latitude, longitude = float(match[1]), float(match[2])
    except ValueError:
        raise errors.Invalid({"coordinates": f"{text!r} is not two numbers."}) from None
    return check_coordinates(latitude, longitude)


def locate(gazetteer: Gazetteer, borders: Borders, latitude: float, longitude: float) -> Location:
    """The country holding a point and the nearest gazetteer place on its side of borders."""
    latitude, longitude = check_coordinates(latitude, longitude)
    country = borders.country_at(latitude, longitude)
    code = country.code if country and country.code else None
    found = gazetteer.nearest(latitude, longitude, country_code=code) if code else None
    if found is None:
        found = gazetteer.nearest(latitude, longitude)
    place, distance = found if found else (None, None)
    name = (gazetteer.country_name(code) or country.name) if country and code else None
    if country and not code:
        name = country.name  # a disputed area Natural Earth names but ISO does not
    return Location(latitude, longitude, code, name, place, distance)
