"""`cf.places`: the gazetteer, the borders and the case's own places as one sub-API."""

from __future__ import annotations

from casefile.places import added, borders, gazetteer
from casefile.places.added import NewPlace
from casefile.places.gazetteer import Gazetteer, Place
from casefile.places.reverse import Location, check_coordinates, locate
from casefile.store.changes import Changes
from casefile.store.operations import Operations

LIMIT = 10


class Places:
    """A case's places (`cf.places`): suggestions in any script, reverse lookup, and the
    places the analyst adds, which are kept in the case file and undone like any change."""

    def __init__(
        self,
        ops: Operations,
        gazetteer_: Gazetteer | None = None,
        borders_: borders.Borders | None = None,
    ):
        self._ops = ops
        self._gazetteer = gazetteer_
        self._borders = borders_

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer (the shipped one unless another was given)."""
        return self._gazetteer or gazetteer.shared()

    @property
    def borders(self) -> borders.Borders:
        """The country borders (the shipped ones unless others were given)."""
        return self._borders or borders.shared()

    def suggest(self, text: str, limit: int = LIMIT) -> list[Place]:
        """Places whose name starts like `text`, in any script: the case's own first."""
        with self._ops.read() as session:
            rows = added.suggest(session, text, limit)
            own = [added.to_place(row, self._country(row.country_code)) for row in rows]
        return own + self.gazetteer.suggest(text, limit - len(own))

    def add(
        self,
        *,
        name: str,
        latitude: float,
        longitude: float,
        country_code: str | None = None,
        admin1: str | None = None,
        kind: str = "",
        note: str = "",
    ) -> Changes:
        """Keep a place in the case file (`.created` is its id); the country defaults to the
        one its point is in, by the borders."""
        place = NewPlace(name, latitude, longitude, country_code, admin1, kind, note).check()
        if place.country_code is None:
            country = self.borders.country_at(place.latitude, place.longitude)
            if country and country.code:
                place = NewPlace(**{**place.__dict__, "country_code": country.code})
        return self._ops.run("Add place", lambda s: added.add(s, place))

    def remove(self, place_id: str) -> Changes:
        """Delete a place the analyst added."""
        return self._ops.run("Delete place", lambda s: added.remove(s, place_id))

    def added(self) -> list[Place]:
        """Every place the analyst added, by name."""
        with self._ops.read() as session:
            rows = added.everything(session)
            return [added.to_place(row, self._country(row.country_code)) for row in rows]

    def near(self, latitude: float, longitude: float) -> Location:
        """What a point is: its country (by the borders) and nearest place there.

        A place the analyst added wins over the gazetteer's when it is nearer.
        """
        latitude, longitude = check_coordinates(latitude, longitude)
        found = locate(self.gazetteer, self.borders, latitude, longitude)
        with self._ops.read() as session:
            own = added.near(session, latitude, longitude, 1)
            if own and (found.distance_km is None or own[0][1] < found.distance_km):
                row, distance = own[0]
                place = added.to_place(row, self._country(row.country_code))
                return Location(
                    latitude, longitude, found.country_code, found.country, place, distance
                )
        return found

    def _country(self, code: str | None) -> str:
        return self.gazetteer.country_name(code) if code else ""
