"""Windowed, sorted pages of incident rows for lists that must scroll a million rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from casefile import errors

if TYPE_CHECKING:
    from sqlalchemy import Connection

# Runs one statement with its parameters: SQLAlchemy's exec_driver_sql or the driver's own.
Execute = Callable[[str, tuple[Any, ...]], Iterable[tuple[Any, ...]]]

# The list reads plain SQL through the driver: its first page is what the app shows first,
# and an ORM query there configured every mapper before it (0.06 s of a 0.6 s start; issue
# #16). The names are the incident table's columns and IncidentRow's fields alike.
SORT_COLUMNS = ("event_date", "title", "event_type", "location", "killed", "status", "source_count")
_SELECT = (
    "SELECT uuid, event_date, title, event_type, sub_event_type, location, country, killed, "
    "status, source_count FROM incident"
)
# Rows asked for by id go this many to a statement, well under SQLite's bound variables.
_IDS_PER_QUERY = 500


@dataclass(frozen=True)
class IncidentRow:
    """What a list shows of one incident."""

    id: str
    event_date: date
    title: str
    event_type: str | None
    sub_event_type: str | None
    location: str | None
    country: str | None
    killed: int
    status: str
    source_count: int


def _row(values: tuple[Any, ...]) -> IncidentRow:
    uuid, event_date, *rest = values
    return IncidentRow(uuid, _date(event_date), *rest)


def _date(value: Any) -> date:
    # Stored as ISO text; a garbled one is `Corrupt`, as the ORM's SafeDate says.
    if not isinstance(value, str):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise errors.damaged_date(value) from exc


def page(
    connection: Connection,
    *,
    order_by: str = "event_date",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[IncidentRow]:
    """One window of rows in a stable order (ties broken by local key)."""
    return _page(connection.exec_driver_sql, order_by, descending, offset, limit)


def first_page(
    connection: sqlite3.Connection, *, order_by: str, descending: bool, limit: int
) -> tuple[int, list[IncidentRow]]:
    """The count and the first window of rows, read with the plain driver (no SQLAlchemy):
    what the app shows before the case file is open (issue #16)."""
    total = connection.execute("SELECT count(*) FROM incident").fetchone()[0]
    return int(total or 0), _page(connection.execute, order_by, descending, 0, limit)


def _page(
    execute: Execute, order_by: str, descending: bool, offset: int, limit: int
) -> list[IncidentRow]:
    if order_by not in SORT_COLUMNS:
        raise errors.Invalid({"order_by": f"not a column to sort by: {order_by}"})
    way = "DESC" if descending else "ASC"
    query = f"{_SELECT} ORDER BY {order_by} {way}, id {way} LIMIT ? OFFSET ?"
    return [_row(values) for values in execute(query, (limit, offset))]


def sort_rows(
    rows: Iterable[IncidentRow], order_by: str, *, descending: bool = True
) -> list[IncidentRow]:
    """Rows held in memory (search hits) in a column's order, as `page` gives that order.

    Missing values come first going up and last going down, as SQLite puts NULLs; the
    sort is stable, so hits of equal value keep their best-first order.
    """
    if order_by not in SORT_COLUMNS:
        raise errors.Invalid({"order_by": f"not a column to sort by: {order_by}"})

    def key(row: IncidentRow) -> tuple[bool, Any]:
        value = getattr(row, order_by)
        return (value is not None, value if value is not None else 0)

    return sorted(rows, key=key, reverse=descending)


def rows_by_id(connection: Connection, ids: list[str]) -> list[IncidentRow]:
    """Rows for the given incident UUIDs, in the order given."""
    found: dict[str, IncidentRow] = {}
    for at in range(0, len(ids), _IDS_PER_QUERY):
        chunk = tuple(ids[at : at + _IDS_PER_QUERY])
        marks = ", ".join("?" * len(chunk))
        query = f"{_SELECT} WHERE uuid IN ({marks})"
        found.update((row.id, row) for row in map(_row, connection.exec_driver_sql(query, chunk)))
    return [found[i] for i in ids if i in found]


def count(connection: Connection) -> int:
    """Number of incidents."""
    return int(connection.exec_driver_sql("SELECT count(*) FROM incident").scalar() or 0)
