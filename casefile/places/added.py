"""Places the analyst adds to a case (a district, a border post, a mine): kept in the case
file, checked like any input, and suggested beside the gazetteer's."""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.places.gazetteer import Place, distance_km, key
from casefile.places.reverse import check_coordinates
from casefile.store.models import Place as PlaceRow

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class NewPlace:
    """What the analyst gives for a place; `check` says what is wrong with it."""

    name: str
    latitude: float
    longitude: float
    country_code: str | None = None
    admin1: str | None = None
    kind: str = ""
    note: str = ""

    def check(self) -> NewPlace:
        """The place with its text tidied, or `Invalid` naming every field that is wrong."""
        problems = {}
        name = " ".join(self.name.split()) if isinstance(self.name, str) else ""
        if not key(name):
            problems["name"] = "A place needs a name with a letter or digit."
        elif len(name) > 200:
            problems["name"] = "Keep the name under 200 characters."
        try:
            latitude, longitude = check_coordinates(self.latitude, self.longitude)
        except errors.Invalid as exc:
            problems.update(exc.errors)
            latitude = longitude = 0.0
        code = (self.country_code or "").strip().upper() or None
        if code and not COUNTRY_CODE.match(code):
            problems["country_code"] = "Use the two-letter ISO 3166 code, e.g. TJ."
        admin1 = " ".join((self.admin1 or "").split()) or None
        if admin1 and len(admin1) > 200:
            problems["admin1"] = "Keep the admin-1 name under 200 characters."
        if len(self.kind) > 100:
            problems["kind"] = "Keep the kind under 100 characters."
        if problems:
            raise errors.Invalid(problems)
        return NewPlace(name, latitude, longitude, code, admin1, self.kind.strip(), self.note)


def add(session: Session, place: NewPlace) -> PlaceRow:
    """Store a checked place in the case file."""
    place = place.check()
    row = PlaceRow(
        name=place.name,
        folded=key(place.name),
        kind=place.kind,
        latitude=place.latitude,
        longitude=place.longitude,
        country_code=place.country_code,
        admin1=place.admin1,
        note=place.note,
    )
    session.add(row)
    return row


def remove(session: Session, place_id: str) -> None:
    """Delete an added place by its id, or `NotFound`."""
    row = session.scalar(select(PlaceRow).where(PlaceRow.uuid == place_id))
    if row is None:
        raise errors.NotFound(f"No added place {place_id!r}")
    session.delete(row)


def to_place(row: PlaceRow, country: str = "") -> Place:
    """An added place as a suggestion, like a gazetteer place."""
    return Place(
        id=row.uuid,
        name=row.name,
        spelling=row.name,
        latitude=row.latitude,
        longitude=row.longitude,
        country_code=row.country_code or "",
        country=country,
        admin1=row.admin1 or "",
        source="case",
    )


def suggest(session: Session, text: str, limit: int) -> list[PlaceRow]:
    """Added places whose folded name starts like `text`, exact names first."""
    wanted = key(text)
    if not wanted or limit <= 0:
        return []
    # The folded key is [a-z0-9] only, so the range needs no LIKE escaping.
    rows = session.scalars(
        select(PlaceRow)
        .where(PlaceRow.folded >= wanted, PlaceRow.folded < wanted + "\x7f")
        .order_by(PlaceRow.folded != wanted, PlaceRow.name)
        .limit(limit)
    )
    return list(rows)


def near(
    session: Session, latitude: float, longitude: float, limit: int
) -> list[tuple[PlaceRow, float]]:
    """The added places nearest a point, with their distance in km, nearest first."""
    # Plain columns, not ORM rows: a case may hold thousands of places, and only the
    # nearest few are loaded whole.
    spots = session.execute(select(PlaceRow.id, PlaceRow.latitude, PlaceRow.longitude))
    distances = [(distance_km(latitude, longitude, lat, lon), id_) for id_, lat, lon in spots]
    nearest = heapq.nsmallest(limit, distances)
    return [(session.get_one(PlaceRow, id_), distance) for distance, id_ in nearest]


def everything(session: Session) -> list[PlaceRow]:
    """Every added place, by name."""
    return list(session.scalars(select(PlaceRow).order_by(PlaceRow.name)))
