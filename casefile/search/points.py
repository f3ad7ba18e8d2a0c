"""Where the incidents a search finds took place: one narrow query for a map.

The same matching as the list (`hits.matching`: the text through the index, the filters
as SQL), reading only what a marker needs, for every match at once: a map shows them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, func

from casefile.search.filters import Filters
from casefile.search.hits import matching
from casefile.search.query import parse
from casefile.store.models import Incident


class Point(NamedTuple):
    """An incident on a map: its id, where, how many were killed, and its event type."""

    incident_id: str
    latitude: float
    longitude: float
    killed: int
    event_type: str


@dataclass(frozen=True)
class Points:
    """Incidents on a map, column by column: a hundred thousand rows become five tuples in C,
    where as many row objects would cost the map a fifth of a second more."""

    ids: tuple[str, ...] = ()
    latitudes: tuple[float, ...] = ()
    longitudes: tuple[float, ...] = ()
    killed: tuple[int, ...] = ()
    event_types: tuple[str, ...] = ()

    @classmethod
    def of(cls, rows: Iterable[tuple[str, float, float, int, str]]) -> Points:
        """Columns from (id, latitude, longitude, killed, event type) rows."""
        columns = list(zip(*rows, strict=True))
        return cls(*columns) if columns else cls()

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[Point]:
        """Each incident as a `Point`."""
        columns = (self.ids, self.latitudes, self.longitudes, self.killed, self.event_types)
        return map(Point._make, zip(*columns, strict=True))


def points(connection: Connection, text: str, filters: Filters | None = None) -> Points:
    """Every incident matching the query text and filters that has coordinates."""
    found = matching(parse(text), filters or Filters())
    statement = found.with_only_columns(
        Incident.uuid,
        Incident.latitude,
        Incident.longitude,
        func.coalesce(Incident.killed, 0),
        func.coalesce(Incident.event_type, ""),
    ).where(Incident.latitude.is_not(None), Incident.longitude.is_not(None))
    # The driver's rows, not ORM rows: a hundred thousand of them are read in one go.
    compiled = statement.compile(connection)
    params: Any = compiled.construct_params()
    sql = str(compiled)
    if compiled.positiontup is not None:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = connection.connection.cursor()
    try:
        rows = cursor.execute(sql, params).fetchall()
    finally:
        cursor.close()
    return Points.of(rows)
