"""Where the incidents a search finds took place: one narrow query for a map.

The same matching as the list (`hits.matching`: the text through the index, the filters
as SQL), reading only what a marker needs, for every match at once: a map shows them all.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection

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


def points(connection: Connection, text: str, filters: Filters | None = None) -> list[Point]:
    """Every incident matching the query text and filters that has coordinates."""
    found = matching(parse(text), filters or Filters())
    statement = found.with_only_columns(
        Incident.uuid, Incident.latitude, Incident.longitude, Incident.killed, Incident.event_type
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
    return [Point(uuid, lat, lon, killed or 0, kind or "") for uuid, lat, lon, killed, kind in rows]
