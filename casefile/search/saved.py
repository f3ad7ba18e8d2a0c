"""Named searches (query text and filters) kept in the case file to be rerun."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, or_, select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.search import hits
from casefile.search.filters import Filters
from casefile.search.hit import Hit
from casefile.store.changes import Changes
from casefile.store.models import SavedSearch
from casefile.store.operations import Operations


@dataclass(frozen=True)
class SavedSearchData:
    """A saved search as a plain value; `filters` are keyword arguments for `search`."""

    id: str
    name: str
    query: str
    filters: dict[str, Any] = field(default_factory=dict)


def _data(row: SavedSearch) -> SavedSearchData:
    return SavedSearchData(row.uuid, row.name, row.query, dict(row.filters or {}))


def save(session: Session, *, name: str, query: str, filters: dict[str, Any]) -> SavedSearch:
    """Store a search under a name, replacing one of the same name."""
    name = " ".join(name.split())
    if not name:
        raise errors.Invalid({"name": "A saved search needs a name."})
    if len(name) > 200:
        raise errors.Invalid({"name": "Keep the name under 200 characters."})
    clean = Filters.of(**filters).to_json()  # checks the filters, stores dates as text
    row = session.scalar(select(SavedSearch).where(SavedSearch.name == name))
    if row is None:
        row = SavedSearch(name=name)
        session.add(row)
    row.query = query
    row.filters = clean
    return row


def find(session: Session, name_or_id: str) -> SavedSearchData:
    """A saved search by its name or id, or `NotFound`."""
    row = session.scalar(
        select(SavedSearch).where(
            or_(SavedSearch.uuid == name_or_id, SavedSearch.name == name_or_id)
        )
    )
    if row is None:
        raise errors.NotFound(f"No saved search {name_or_id!r}")
    return _data(row)


def all_saved(connection: Connection) -> list[SavedSearchData]:
    """Every saved search, by name.

    Read from the table, not through the mapped class: the app lists them just after its
    first paint, and an ORM query would configure every mapper first (issue #16).
    """
    table = SavedSearch.__table__
    query = select(table.c.uuid, table.c.name, table.c.query, table.c.filters)
    return [
        SavedSearchData(uuid, name, text, dict(filters or {}))
        for uuid, name, text, filters in connection.execute(query.order_by(table.c.name))
    ]


def remove(session: Session, name_or_id: str) -> None:
    """Delete a saved search by its name or id."""
    found = find(session, name_or_id)
    row = session.scalar(select(SavedSearch).where(SavedSearch.uuid == found.id))
    session.delete(row)


class SavedSearches:
    """A case's saved searches (`cf.saved_searches`): text and filters kept to rerun."""

    def __init__(self, ops: Operations):
        self._ops = ops

    def save(self, *, name: str, query: str, filters: dict[str, Any] | None = None) -> Changes:
        """Keep a search under a name (replacing one of that name) to rerun later."""
        kept = filters or {}
        return self._ops.run("Save search", lambda s: save(s, name=name, query=query, filters=kept))

    def all(self) -> list[SavedSearchData]:
        """Every saved search, by name."""
        with self._ops.read() as session:
            return all_saved(session.connection())

    def delete(self, name_or_id: str) -> Changes:
        """Forget a saved search, by its name or id."""
        return self._ops.run("Delete saved search", lambda s: remove(s, name_or_id))

    def run(self, name_or_id: str, *, limit: int = 50, offset: int = 0) -> list[Hit]:
        """Run a saved search again on the case as it is now."""
        with self._ops.read() as session:
            saved = find(session, name_or_id)
            return hits.search(
                session.connection(), saved.query, limit=limit, offset=offset, **saved.filters
            )
