"""`cf.find`: pages of a search, counts, facets, map points, checked filters, report search."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection

from casefile.search import facets, points, results
from casefile.search import hits as search
from casefile.search.conditions import known_values
from casefile.search.filters import Filters, check_known
from casefile.search.points import Points
from casefile.search.reports import ReportHit, search_reports
from casefile.store import db
from casefile.store.operations import Operations


class Finder:
    """What a search finds beyond its best hits: the list's pages, counts, facets, points."""

    def __init__(self, ops: Operations, read_rows: Callable[[], Connection]):
        self._ops = ops
        self._read_rows = read_rows

    def search_page(self, query: str, *, limit: int = 200, **filters: Any) -> results.SearchPage:
        """A search's first hits with their list rows in one read (query and filters as for
        `search`); `search_more(page.next)` reads the next page without ranking again."""
        with self._read_rows() as connection:
            return results.first_page(connection, query, limit=limit, **filters)

    def search_more(self, cursor: results.Cursor, *, limit: int = 200) -> results.SearchPage:
        """The next page of a search, from the cursor of the page before (`page.next`)."""
        with self._read_rows() as connection:
            return results.page_at(connection, cursor, limit=limit)

    def check_filters(self, **filters: Any) -> Filters:
        """Filters parsed, refusing a country, type, sub-type, status or grade none has.

        `search` takes any value (a saved search may name a deleted country); the command
        line checks first, so that a typo does not read as "nothing found"."""
        wanted = Filters.of(**filters)
        with self._read_rows() as connection:
            check_known(wanted, known_values(connection))
        return wanted

    def points(self, query: str = "", **filters: Any) -> Points:
        """Every incident `search` would find that has coordinates, for a map: (id,
        latitude, longitude, killed, event type) in columns, read in one query."""
        wanted = Filters.of(**filters)
        with self._read_rows() as connection:
            return points.points(connection, query, wanted)

    def count_matches(self, query: str, **filters: Any) -> int:
        """How many incidents `search` would find with no limit."""
        with self._read_rows() as connection:
            return search.count(connection, query, **filters)

    def facets(
        self,
        query: str,
        *,
        only: Iterable[str] | None = None,
        should_stop: Callable[[], bool] | None = None,
        **filters: Any,
    ) -> dict[str, list[tuple[Any, int]]]:
        """For each filter, its values among the results and how many each would leave.

        `only` names the facets wanted (default all); see `casefile.facets` for the keys.
        `should_stop`, asked now and then while counting, stops it (`errors.Cancelled`)
        once it says True: over a million incidents the counts take seconds.
        """
        with self._ops.read() as session, db.stoppable(session.connection(), should_stop):
            return facets.facets(session, query, only=only, **filters)

    def country_names(self, codes: Iterable[str]) -> dict[str, str]:
        """The country name written beside each of these ISO codes in the case (if any)."""
        with self._ops.read() as session:
            return facets.country_names(session, codes)

    def search_reports(self, query: str, *, limit: int = 50) -> list[ReportHit]:
        """Source reports whose title or excerpt match the query, best first."""
        with self._ops.read() as session:
            return search_reports(session, query, limit=limit)
