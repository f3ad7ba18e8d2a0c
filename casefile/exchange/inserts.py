"""Inserting rows in bulk: one executemany per table and batch, keys given out here.

An INSERT compiled by SQLAlchemy is run with the driver's executemany, values passing
through the column types that convert them (JSON, booleans) and no other bookkeeping:
the ORM's per-row work made an import a few hundred rows a second. The transaction holds
the write lock, so the next key of each table is known and children can name parents
without reading them back. While the rows stay under a limit they are logged as the ORM
logs its writes (for undo and the search index hook); past it the log is dropped.
"""

from __future__ import annotations

import operator
import os
import struct
import time
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, bindparam, insert, literal_column
from sqlalchemy.orm import Session

from casefile.store import db
from casefile.store.changes import RowChange
from casefile.store.models import (
    Actor,
    Casualty,
    Citation,
    Incident,
    IncidentActor,
    IncidentTag,
    Source,
    SourceReport,
    utcnow,
)
from casefile.store.transaction import BULK_LOG, ROW_LOG, bulk_inserted

TABLES: tuple[Table, ...] = tuple(
    model.__table__  # type: ignore[misc]
    for model in (
        Actor,
        Source,
        SourceReport,
        Incident,
        IncidentActor,
        Casualty,
        IncidentTag,
        Citation,
    )
)
TABLE_BY_NAME = {table.name: table for table in TABLES}
# The highest key of each table, in the order of TABLES.
_TOPS = "SELECT " + ", ".join(f"(SELECT max(id) FROM {table.name})" for table in TABLES)
STAMP = ("id", "uuid", "created_at", "updated_at")
# Columns given in the form the database stores (naive UTC times, 0/1 for booleans).
PRESET = frozenset({"created_at", "updated_at", "associated"})
# Incident columns filled straight from the record, in one attrgetter.


def uuids(n: int) -> list[str]:
    """n new UUIDs, each above the last one given out (version 7: time, count, random).

    Random (version 4) keys land all over each UUID index, the history's among them: past
    the page cache every row of a large import read and wrote pages anew. These follow
    one another at the end of each index. The RFC 9562 layout: 48 bits of Unix time in
    milliseconds, then a 42-bit count within that millisecond (rand_a and the top of
    rand_b, from a random start), then 32 random bits. Spelt out by hand: `uuid.UUID`
    checks its arguments, and took a tenth of an import.
    """
    global _last_ms, _count
    now = time.time_ns() // 1_000_000
    if now > _last_ms:
        # The count starts at random (RFC 9562 6.2, method 1), leaving 2**41 to count on.
        _last_ms, _count = now, int.from_bytes(os.urandom(5)) >> 1
    start, _count = _count, _count + n
    # The time is the first 12 hex digits; then 7 (the version) and the count's top 12
    # bits; the variant (binary 10) and its other 30 bits; the random tail.
    time_hex = f"{_last_ms:012x}"
    head = f"{time_hex[:8]}-{time_hex[8:]}-"
    out = []
    for count, tail in zip(
        range(start, start + n), struct.unpack(f"<{n}I", os.urandom(4 * n)), strict=True
    ):
        low = count & 0x3FFFFFFF
        top = 0x7000 | count >> 30
        out.append(f"{head}{top:04x}-{0x8000 | low >> 16:04x}-{low & 0xFFFF:04x}{tail:08x}")
    return out


_last_ms = 0
_count = 0


class Inserter:
    """Runs the inserts of one import inside its session's transaction."""

    def __init__(self, session: Session, *, log_limit: int):
        self.session = session
        self.connection = session.connection()
        self.log_limit = log_limit
        self.logging = True
        self.logged = 0
        # Stored as the UTC datetime column stores it, so no row passes through its type.
        self.now = utcnow().replace(tzinfo=None)
        # The same time as SQL text, as the sqlite3 module writes a datetime given to it.
        self.now_sql = f"'{self.now.isoformat(' ')}'"
        self.next_id: dict[str, int] = {}
        self.statements: dict[tuple[str, tuple[str, ...], bool], Any] = {}

    def refresh_ids(self) -> None:
        """Read each table's next key again (the ORM may have added rows since)."""
        (tops,) = db.driver_rows(self.connection, _TOPS)  # twice a batch: one statement
        for table, top in zip(TABLES, tops, strict=True):
            self.next_id[table.name] = max((top or 0) + 1, self.next_id.get(table.name, 0))

    def take_ids(self, table: str, n: int) -> list[int]:
        """The next n keys of a table."""
        start = self.next_id[table]
        self.next_id[table] = start + n
        return list(range(start, start + n))

    def stop_logging(self) -> None:
        """Log no more rows, and forget those logged (the import will not be undoable).

        The rows stay named, by table and key, in the bulk log the history reads.
        """
        self.logging = False
        log = self.session.info.get(ROW_LOG, [])
        for change in log:
            if change.after is not None:
                self._bulk(change.table, [change.key["id"]])
        # Rows deleted keep their log entry: the history records each deletion.
        self.session.info[ROW_LOG] = [change for change in log if change.after is None]

    def _bulk(self, table: str, ids: Iterable[int]) -> None:
        self.session.info.setdefault(BULK_LOG, {}).setdefault(table, []).extend(ids)

    def execute(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """One executemany of an INSERT compiled by SQLAlchemy, values through its types."""
        if not rows:
            return
        now = self.now
        # Rows stamped with this import's time get it written into the INSERT: no value
        # to adapt per row (two datetimes a row, a million in a large import).
        stamped = columns[2:4] == ("created_at", "updated_at") and all(
            row[2] is now and row[3] is now for row in rows
        )
        sql, order, processors = self._statement(table, columns, stamped)
        if processors:
            # Only the columns whose type converts values (JSON, booleans, UTC datetimes).
            sent = []
            for row in rows:
                values = list(row)
                for index, process in processors:
                    values[index] = process(values[index])
                sent.append(order(values))
        else:
            sent = [order(row) for row in rows]
        self.connection.exec_driver_sql(sql, sent)
        if self.logging:
            log = self.session.info.setdefault(ROW_LOG, [])
            for row in rows:
                log.append(
                    RowChange(table, {"id": row[0]}, None, dict(zip(columns, row, strict=False)))
                )
            self.logged += len(rows)
            if self.logged > self.log_limit:
                self.stop_logging()
        else:
            bulk_inserted(self.session, table, columns, rows)

    def _statement(self, table: str, columns: tuple[str, ...], stamped: bool) -> Any:
        """The compiled INSERT, how to order a row's values for it, and the type converters.

        `stamped`: created_at and updated_at are this import's time, written in the SQL.
        """
        key = (table, columns, stamped)
        if key not in self.statements:
            dialect = self.connection.dialect
            target = TABLE_BY_NAME[table]
            values: dict[str, Any] = {name: bindparam(name) for name in columns}
            if stamped:
                values["created_at"] = values["updated_at"] = literal_column(self.now_sql)
            statement = insert(target).values(values)
            compiled = statement.compile(dialect=dialect)
            order = operator.itemgetter(*(columns.index(n) for n in compiled.positiontup or ()))
            processors = []
            for index, name in enumerate(columns):
                if name in PRESET:
                    continue
                process = target.c[name].type.bind_processor(dialect)
                if process is not None:
                    processors.append((index, process))
            self.statements[key] = (str(compiled), order, processors)
        return self.statements[key]
