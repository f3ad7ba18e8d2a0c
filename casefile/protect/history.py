"""The history of every record: who changed what and when, field by field, hash-chained.

Each transaction's row log (casefile.store.transaction) becomes history entries in the
same transaction, so a change and its history commit together or not at all. Each entry
holds the fields that changed (old and new), a hash of the row's whole state after it, and
a hash over the entry and the previous entry's hash: editing or removing an entry breaks
the chain from there on. `check` replays the chain and compares every current row with
its last recorded state, which names rows changed behind the app's back (a hand-written
SQL UPDATE changes a row without an entry).
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.orm import Session

from casefile.store import exchange_tables
from casefile.store.changes import Changes, RowChange
from casefile.store.models import Base, Blob, HistoryEntry, Incident
from casefile.store.transaction import Transactions

GENESIS = "0" * 64
# Blobs are checked by hash; the exchange's own bookkeeping (what was sent, the merge bases,
# conflicts waiting, bundles read) is not a record of the case.
SKIPPED = _SKIP = {
    Blob.__tablename__,
    HistoryEntry.__tablename__,
    *(table.__tablename__ for table in exchange_tables.TABLES),
}


def tracked_tables() -> list[Table]:
    """The tables whose rows have a history (every record; blobs are checked by hash)."""
    return [t for name, t in Base.metadata.tables.items() if name not in _SKIP]


_AS_IS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """A value as JSON holds it, the same whether read from a row or from the ORM."""
    if type(value) in _AS_IS:  # most values: a million a bulk import, checked at once
        return value
    if type(value) is datetime and value.tzinfo is UTC:  # as every stored time reads back
        return value.isoformat()[:-6]  # without "+00:00", as the naive time writes it
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


# default=str: a column type not foreseen in `plain` is still written, the same each time.
# One encoder for all: json.dumps with options makes a new one per call (a third of its time).
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
encode = _json = _ENCODER.encode
_INSERT = (
    "INSERT INTO history (seq, at, author, action, table_name, record, incident, changes,"
    " state, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def state_hash(row: dict[str, Any]) -> str:
    """The hash of a row's whole state (its plain values)."""
    return plain_hash(_plain_row(row))


def plain_hash(row: dict[str, Any]) -> str:
    """`state_hash` of a row whose values are plain already."""
    return hashlib.sha256(_json(row).encode()).hexdigest()


def record_key(row: dict[str, Any], table: str) -> str:
    """How the history names a row: its UUID, else its primary key as JSON."""
    if "uuid" in row:
        return str(row["uuid"])
    keys = Base.metadata.tables[table].primary_key.columns
    return _json({c.name: plain(row.get(c.name)) for c in keys})


def entry_hash(prev: str, entry: Mapping[Any, Any]) -> str:
    """The hash of an entry, chained to the one before it."""
    fields = [entry[k] for k in ("seq", "at", "author", "action", "table_name", "record")]
    body = _json([*fields, entry["changes"], entry["state"]])
    return hashlib.sha256(f"{prev}\n{body}".encode()).hexdigest()


def last(connection: Connection | Session) -> tuple[int, str]:
    """The number and hash of the last history entry (0 and the genesis hash: none yet)."""
    row = connection.execute(
        select(HistoryEntry.seq, HistoryEntry.hash).order_by(HistoryEntry.seq.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def _diff(change: RowChange) -> tuple[str, dict[str, list[Any]]]:
    before, after = change.before or {}, change.after or {}
    if change.before is None:
        return "create", {k: [None, v] for k, v in _plain_row(after).items()}
    if change.after is None:
        return "delete", {k: [plain(v), None] for k, v in before.items()}
    # updated_at is set by the database on update, so the row log's "before" already holds
    # the new time: it is always written, for the replay in `check` to end on the right state.
    return "update", {
        k: [plain(before.get(k)), plain(v)]
        for k, v in after.items()
        if plain(before.get(k)) != plain(v) or k == "updated_at"
    }


def entries(
    connection: Connection | Session,
    rows: Iterable[tuple[str, str, str, dict[str, Any], dict[str, Any] | str | None, str | None]],
    author: str,
) -> int:
    """Append entries (action, table, record, changes, row after or its state hash,
    incident); returns the last seq."""
    seq, prev = last(connection)
    at = now()
    batch: list[tuple[Any, ...]] = []
    for action, table, record, changes, state_row, incident in rows:
        seq += 1
        entry = {
            "seq": seq,
            "at": at,
            "author": author,
            "action": action,
            "table_name": table,
            "record": record,
            "incident": incident,
            "changes": _json(changes),
            "state": state_row
            if state_row is None or isinstance(state_row, str)
            else state_hash(state_row),
        }
        prev = entry_hash(prev, entry)
        batch.append((*entry.values(), prev))
        if len(batch) >= 5000:
            insert_entries(connection, batch)
            batch = []
    insert_entries(connection, batch)
    return seq


def now() -> str:
    """The time history entries are stamped with (UTC, to the second)."""
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def insert_entries(connection: Connection | Session, rows: list[tuple[Any, ...]]) -> None:
    """Append entries given as (seq, at, author, action, table, record, incident, changes,
    state, hash), with one executemany on the driver (no per-row SQLAlchemy work)."""
    if not rows:
        return
    if isinstance(connection, Session):
        connection = connection.connection()
    connection.exec_driver_sql(_INSERT, rows)


def install(transactions: Transactions, author: str) -> None:
    """Record the history of every transaction on these transactions, inside it."""

    def record(session: Session, changes: Changes) -> None:
        rows = [c for c in changes.rows if c.table not in _SKIP]
        if not rows:
            return
        ids = {
            (c.after or c.before or {}).get("incident_id")
            for c in rows
            if c.table != Incident.__tablename__
        } - {None}
        found = select(Incident.id, Incident.uuid).where(Incident.id.in_(ids))
        uuids: dict[Any, str] = {i: u for i, u in session.execute(found)}
        for c in rows:  # an incident deleted in this transaction is no longer in the table
            if c.table == Incident.__tablename__:
                values = c.after or c.before or {}
                uuids[values["id"]] = values["uuid"]
        entries(session, _from_rows(rows, uuids, _stored(session, rows)), author)

    transactions.hooks.append(record)


def _stored(session: Session, rows: list[RowChange]) -> dict[tuple[str, str], dict[str, Any]]:
    """Rows as the database now holds them, by (table, record): a writer's own values
    (bulk imports write Core rows) may differ in form from what a read gives back."""
    wanted: dict[str, set[Any]] = {}
    for change in rows:
        if change.after is not None and not change.stored:
            wanted.setdefault(change.table, set()).add(change.after.get("uuid"))
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for name, uuids in wanted.items():
        table = Base.metadata.tables[name]
        if "uuid" not in table.c or None in uuids:
            continue  # keyed otherwise (settings): their own values are the state
        ordered = sorted(uuids)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            for row in session.execute(select(table).where(table.c.uuid.in_(chunk))).mappings():
                found[(name, str(row["uuid"]))] = dict(row)
    return found


def _from_rows(
    rows: list[RowChange], uuids: dict[Any, str], stored: dict[tuple[str, str], dict[str, Any]]
) -> Iterator[tuple[str, str, str, dict[str, Any], dict[str, Any] | str | None, str | None]]:
    for change in rows:
        values = change.after or change.before or {}
        if change.table == Incident.__tablename__:
            incident = values.get("uuid")
        else:
            incident = uuids.get(values.get("incident_id"))
        record = record_key(values, change.table)
        state: dict[str, Any] | str | None = None
        if change.after is not None:
            state = stored.get((change.table, record), change.after)
        if change.before is None and change.after is not None and state is change.after:
            # A row created as logged: its plain values make both the diff and the state's
            # hash (worked out once, not again from the diff).
            plain_row = _plain_row(values)
            action, diff = "create", {k: [None, v] for k, v in plain_row.items()}
            state = plain_hash(plain_row)
        else:
            action, diff = _diff(change)
        yield action, change.table, record, diff, state, incident


def _plain_row(row: dict[str, Any]) -> dict[str, Any]:
    as_is = _AS_IS  # checked here: most values need no call to `plain`
    return {k: v if type(v) in as_is else plain(v) for k, v in row.items()}


def baseline(connection: Connection, author: str = "upgrade") -> int:
    """One entry per existing record (its state's hash), for a file made before history."""
    incident_uuids = {i: u for i, u in connection.execute(select(Incident.id, Incident.uuid))}

    def rows() -> Iterator[tuple[str, str, str, dict[str, Any], dict[str, Any], str | None]]:
        for table in tracked_tables():
            for row in connection.execute(select(table)).mappings():
                values = dict(row)
                if table.name == Incident.__tablename__:
                    incident = values.get("uuid")
                else:
                    incident = incident_uuids.get(values.get("incident_id"))  # type: ignore[arg-type]
                # The state's hash only: the fields of a whole case again would double the
                # file, and a later change outside the app is found by the hash all the same.
                yield "baseline", table.name, record_key(values, table.name), {}, values, incident

    return entries(connection, rows(), author)


def for_incident(session: Session, incident_uuid: str) -> list[HistoryEntry]:
    """An incident's history with its actors, casualties, tags and citations, newest first."""
    query = (
        select(HistoryEntry)
        .where(HistoryEntry.incident == incident_uuid)
        .order_by(HistoryEntry.seq.desc())
    )
    return list(session.scalars(query))
