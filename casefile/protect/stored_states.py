"""Every row of a table as stored, with the hash of its state, read a batch at a time.

Verify compares each row of a case with its last recorded state. Read through SQLAlchemy,
each value would become a Python value (a date, a dict) and then plain again
(`history.plain`) inside a dict per row. Here the driver's rows are read as they are, each
column of a batch made plain at once (the column type's own reading, then `plain`; each
distinct date or time once), and each row's state written as the very JSON that
`history.state_hash` hashes (`state_json`), byte for byte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import Column, Connection, Dialect, Table, select

from casefile.protect import state_json
from casefile.protect.history import plain
from casefile.store import db

BATCH = 1000
_AS_IS = frozenset({str, int, float, bool, type(None)})
_TEXT = frozenset({str, type(None)})

Reader = Callable[[Any], Any]


def keys(table: Table) -> list[str]:
    """The table's columns in the order of a state's JSON (sorted), as rows are given."""
    return sorted(column.name for column in table.c)


def rows(connection: Connection, table: Table) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(plain values in the order of `keys`, state hash) of each row, in order of UUID."""
    plan = _Plan(connection, table)
    stored = db.query_rows(connection, select(*plan.columns).order_by(table.c.uuid))
    while batch := list(islice(stored, BATCH)):
        yield from plan.states(batch)


def rows_by_key(
    connection: Connection, table: Table, ids: Iterable[int]
) -> Iterator[tuple[tuple[Any, ...], str]]:
    """The same, of the rows with these keys (`id`), in order of key.

    Each batch is read as the range of its keys, those not asked for left out: the rows a
    bulk write names mostly follow one another.
    """
    plan = _Plan(connection, table)
    at = plan.names.index("id")
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        keep = set(chunk)
        query = select(*plan.columns).where(table.c.id.between(chunk[0], chunk[-1]))
        stored = db.query_rows(connection, query.order_by(table.c.id))
        yield from plan.states([row for row in stored if row[at] in keep])


class _Plan:
    """How a table's rows as the driver gives them become plain values and state hashes."""

    def __init__(self, connection: Connection, table: Table):
        self.names = keys(table)
        self.columns = sorted(table.c, key=lambda column: column.name)
        self.readers = [_reader(column, connection.dialect) for column in self.columns]
        self.template = state_json.object_template(self.names)
        # Where each column of the table (in its own order) stands in a row read here.
        self.order = [self.names.index(column.name) for column in table.c]

    def states(self, batch: list[tuple[Any, ...]]) -> Iterator[tuple[tuple[Any, ...], str]]:
        """Each row's plain values and state hash."""
        if not batch:
            return
        values = _plain_rows(batch, self.readers, self.order)
        parts = zip(*map(state_json.column, values), strict=True)
        template, sha256 = self.template, hashlib.sha256
        states = [sha256((template % part).encode()).hexdigest() for part in parts]
        yield from zip(zip(*values, strict=True), states, strict=True)


def _reader(column: Column[Any], dialect: Dialect) -> Reader | None:
    """How a stored value becomes what `plain` makes of the value SQLAlchemy reads (None:
    as it is)."""
    processor = column.type.dialect_impl(dialect).result_processor(dialect, None)
    if processor is None:
        return None
    return lambda value: plain(processor(value))


def _plain_rows(
    batch: list[tuple[Any, ...]], readers: list[Reader | None], order: list[int]
) -> list[Sequence[Any]]:
    """The batch's columns, each value plain."""
    columns = list(zip(*batch, strict=True))
    try:
        return [_plain_column(c, r) for c, r in zip(columns, readers, strict=True)]
    except Exception:
        # A value that cannot be read (a garbled date) fails as SQLAlchemy's reading fails:
        # at the first such value in order of rows, then of the table's columns.
        for row in batch:
            for at in order:
                reader = readers[at]
                if reader is not None:
                    reader(row[at])
        raise


def _plain_column(values: tuple[Any, ...], reader: Reader | None) -> Sequence[Any]:
    kinds = set(map(type, values))
    if reader is None:
        return values if kinds <= _AS_IS else list(map(plain, values))
    if kinds <= _TEXT:  # dates, times, JSON as text: a batch shares many, each read once
        seen = {value: reader(value) for value in dict.fromkeys(values)}
        return list(map(seen.__getitem__, values))
    return list(map(reader, values))
