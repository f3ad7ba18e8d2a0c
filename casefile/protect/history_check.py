"""Checking the history: the hash chain replayed, and every row against its last state.

Both run as streams, so memory stays flat however large the case: the chain in order of
entry, and each table's rows in order of UUID beside the last recorded state of each of
its records (one query, in the same order), compared as they come.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from itertools import islice
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from casefile.protect import state_json, stored_states
from casefile.protect.history import GENESIS, plain, record_key, state_hash
from casefile.protect.history import tracked_tables as tracked
from casefile.store import db
from casefile.store.models import HistoryEntry

ROW_LIMIT = 20  # problems named per kind; the count says the rest
_H = HistoryEntry.__table__.c


def check(session: Session) -> list[str]:
    """Problems with the history: a broken chain, and records changed outside the app."""
    found = _chain(session)
    outside: list[str] = []
    recorded = set(session.scalars(select(_H.table_name).distinct()))
    for table in tracked():
        outside += _rows(session, table, recorded)
    outside += _untracked(session, {t.name for t in tracked()})
    found += outside[:ROW_LIMIT]
    if len(outside) > ROW_LIMIT:
        found.append(f"… and {len(outside) - ROW_LIMIT} more records changed outside the app")
    return found


def _chain(session: Session) -> list[str]:
    """The first entry altered or removed, found by replaying the chain of hashes."""
    columns = [_H.seq, _H.at, _H.author, _H.action, _H.table_name, _H.record, _H.changes]
    columns.append(_H.state)
    stored = db.query_rows(session.connection(), select(*columns, _H.hash).order_by(_H.seq))
    prev, expected, sha256 = GENESIS, 1, hashlib.sha256
    while batch := list(islice(stored, stored_states.BATCH)):
        # Each entry's body is `entry_hash`'s JSON list, its fields written a column at a time.
        *fields, hashes = zip(*batch, strict=True)
        bodies = zip(*map(state_json.column, fields), strict=True)
        for seq, body, stored_hash in zip(fields[0], bodies, hashes, strict=True):
            text = f"{prev}\n[{','.join(body)}]"
            if seq != expected or sha256(text.encode()).hexdigest() != stored_hash:
                return [f"history: entry {seq} was altered, or one before it removed"]
            prev, expected = stored_hash, seq + 1
    return []


def _last_states(session: Session, table: str) -> Iterator[tuple[str, str | None]]:
    """(record, its last recorded state) of a table's records, in order of record."""
    latest = (
        select(func.max(_H.seq).label("seq"))
        .where(_H.table_name == table)
        .group_by(_H.record)
        .subquery()
    )
    query = select(_H.record, _H.state).join(latest, _H.seq == latest.c.seq).order_by(_H.record)
    return db.query_rows(session.connection(), query)


def _rows(session: Session, table: Table, recorded: set[str]) -> list[str]:
    """A table's rows added, changed or deleted outside the app."""
    if "uuid" not in table.c:  # keyed otherwise (none is, today): compared through a dict
        return _rows_by_dict(session, table)
    found: list[str] = []
    # A table with no entries has no last states: its rows were all added outside the app.
    states = _last_states(session, table.name) if table.name in recorded else iter(())
    pending = next(states, None)
    names, uuid_at = stored_states.keys(table), stored_states.keys(table).index("uuid")
    for values, state_now in stored_states.rows(session.connection(), table):
        record = str(values[uuid_at])
        while pending is not None and pending[0] < record:
            found += _deleted(table.name, *pending)
            pending = next(states, None)
        state = None
        if pending is not None and pending[0] == record:
            state, pending = pending[1], next(states, None)
        if state != state_now:
            row = dict(zip(names, values, strict=True))
            # In the table's order of columns, as a row read through SQLAlchemy names them.
            row = {column.name: row[column.name] for column in table.c}
            found += _compare(session, table.name, record, row, state, state_now)
    while pending is not None:
        found += _deleted(table.name, *pending)
        pending = next(states, None)
    return found


def _rows_by_dict(session: Session, table: Table) -> list[str]:
    last = dict(_last_states(session, table.name))
    found: list[str] = []
    for mapped in session.execute(select(table)).mappings():
        values: dict[str, Any] = dict(mapped)
        record = record_key(values, table.name)
        found += _compare(session, table.name, record, values, last.pop(record, None))
    for record, state in last.items():
        found += _deleted(table.name, record, state)
    return found


def _untracked(session: Session, names: set[str]) -> list[str]:
    """Records of tables the history tracks no longer (a table gone from the schema)."""
    found: list[str] = []
    query = select(_H.table_name).where(_H.table_name.not_in(names)).distinct()
    for table_name in session.scalars(query):
        for record, state in _last_states(session, table_name):
            found += _deleted(table_name, record, state)
    return found


def _compare(
    session: Session,
    table: str,
    record: str,
    values: dict[str, Any],
    state: str | None,
    state_now: str | None = None,
) -> list[str]:
    """A row against its last recorded state (`state_now`: its own state, worked out)."""
    if state is None:
        return [f"{_name(table, values)} was added outside the app"]
    if state != (state_now or state_hash(values)):
        fields = _changed_fields(session, table, record, values)
        return [f"{_name(table, values)} was changed outside the app: {', '.join(fields)}"]
    return []


def _deleted(table: str, record: str, state: str | None) -> list[str]:
    return [] if state is None else [f"{table} {record} was deleted outside the app"]


def _name(table: str, values: dict[str, Any]) -> str:
    label = values.get("title") or values.get("name") or values.get("key")
    ident = values.get("uuid") or values.get("key")
    return f"{table} {label!r} ({ident})" if label else f"{table} {ident}"


def _changed_fields(session: Session, table: str, record: str, values: dict[str, Any]) -> list[str]:
    """The fields of a row that differ from its state replayed from its history."""
    state: dict[str, Any] = {}
    query = select(_H.changes).where(_H.table_name == table, _H.record == record).order_by(_H.seq)
    for (changes,) in session.execute(query):
        for field, (_old, new) in json.loads(changes).items():
            state[field] = new
    differ = [k for k, v in values.items() if k in state and plain(v) != state[k]]
    return differ or ["fields as they were before the history began"]
