"""The history of rows inserted in bulk, written from the insert batches themselves.

A large import inserts its rows without logging them (store.transaction.bulk_inserted).
Each batch becomes "import" entries here, as it is written: the state hash of each row is
computed from the values given to the INSERT, in the form a read of the stored row gives
back (`history.state_hash`), with no reading back and no JSON round trip per value. The
last row of every batch is read back and checked against its computed state; a table
whose check fails is recorded the slow way (read back at commit, `BULK_LOG`) from then
on, so the chain stays exactly what `history_check.check` replays. Rows other bulk writers
name in `BULK_LOG` (a large merge) are recorded the same way, by a commit hook here.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from itertools import islice
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, Time, select
from sqlalchemy.orm import Session

from casefile.protect import history, state_json, stored_states
from casefile.store.changes import Changes
from casefile.store.models import Base, Incident
from casefile.store.transaction import BULK_LOG, Transactions

STATE = "casefile.bulk_history"  # session.info: this transaction's `_Chain`
_IMPORT = "import"
_NO_CHANGES = history.encode({})
_NO_CHANGES_JSON = history.encode(_NO_CHANGES)  # as the entry's hash holds it


@lru_cache(maxsize=16_384)
def _when(value: date | time | datetime) -> str:
    """`history.plain` of a date or time, remembered: an import shares a few thousand."""
    return str(history.plain(value))


def _date_like(value: Any) -> Any:
    return None if value is None else _when(value)


def _boolean(value: Any) -> Any:
    return None if value is None else bool(value)


def _real(value: Any) -> Any:
    return value if value is None or type(value) is float else float(value)


def _whole(value: Any) -> Any:
    return value if value is None or type(value) is int else int(value)


_TEXT = frozenset({str})


def _json_value(value: Any) -> Any:
    # A dict of text (import codes) reads back as it went in; anything else is round-tripped
    # as the JSON column stores it.
    text = _TEXT.issuperset
    if type(value) is dict and text(map(type, value)) and text(map(type, value.values())):
        return value
    return None if value is None else history.plain(json.loads(json.dumps(value)))


def _converter(column: Any) -> Callable[[Any], Any] | None:
    """How a value given to the INSERT reads back, in plain form (None: as it is)."""
    kind = column.type
    for types, convert in (
        ((DateTime, Date, Time), _date_like),
        ((Boolean,), _boolean),
        ((Float,), _real),
        ((Integer,), _whole),
        ((JSON,), _json_value),
    ):
        if isinstance(kind, types) or isinstance(getattr(kind, "impl", None), types):
            return convert
    return None


@dataclass
class _Plan:
    """How one (table, columns) batch becomes states: values picked in sorted-key order."""

    table: str
    keys: tuple[str, ...]  # every column of the table, sorted by name
    converts: list[tuple[int, Callable[[Any], Any]]] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # of each key, in row + defaults
    defaults: tuple[Any, ...] = ()  # plain values of the columns the INSERT leaves out
    width: int = 0
    incident_at: int | None = None  # the position of incident_id in a row
    template: str = ""  # a row's state as JSON, with %s for each given column
    broken: bool = False  # a check failed: this table's rows are read back at commit


@dataclass
class _Chain:
    """Where this transaction's history stands: the last entry's number and hash."""

    seq: int
    prev: str
    at: str
    plans: dict[tuple[str, tuple[str, ...]], _Plan] = field(default_factory=dict)
    incidents: dict[int, str] = field(default_factory=dict)  # the last batch's id -> uuid


def install(transactions: Transactions, author: str) -> None:
    """Record rows inserted in bulk on these transactions, batch by batch."""
    author_json = history.encode(author)

    def record(session: Session, table: str, columns: tuple[str, ...], rows: list[Any]) -> None:
        if table in history.SKIPPED or not rows:
            return
        chain = session.info.get(STATE)
        if chain is None:
            seq, prev = history.last(session)
            chain = session.info[STATE] = _Chain(seq, prev, history.now())
        plan = _plan(session, chain, table, columns, rows[-1])
        if plan.broken:
            session.info.setdefault(BULK_LOG, {}).setdefault(table, []).extend(r[0] for r in rows)
            return
        if table == Incident.__tablename__:
            uuid_at = columns.index("uuid")
            chain.incidents = {row[0]: row[uuid_at] for row in rows}
        incidents = _incidents(session, chain, plan, rows)
        out, seq, prev, at, sha256 = [], chain.seq, chain.prev, chain.at, hashlib.sha256
        # Each entry's JSON (as `history` hashes it) is [seq,"at",author,...]: the parts
        # around its number, UUID and state are the batch's own.
        head = f',"{at}",{author_json},"{_IMPORT}",{history.encode(table)},'
        tail = f',{_NO_CHANGES_JSON},"'
        uuid_at = columns.index("uuid")
        states = _states(plan, rows, _needed(plan, rows))
        for row, incident, state in zip(rows, incidents, states, strict=True):
            seq += 1
            uuid = row[uuid_at]
            record_json = encode_basestring(uuid) if type(uuid) is str else history.encode(uuid)
            body = f'{prev}\n[{seq}{head}{record_json}{tail}{state}"]'
            prev = sha256(body.encode()).hexdigest()
            out.append((seq, at, author, _IMPORT, table, uuid, incident, _NO_CHANGES, state, prev))
        _check_last(session, plan, rows[-1], states[-1])
        if plan.broken:  # this batch too: read back at commit, after the entries below
            session.info.setdefault(BULK_LOG, {}).setdefault(table, []).extend(r[0] for r in rows)
        history.insert_entries(session, out)
        chain.seq, chain.prev = seq, prev

    transactions.bulk_hooks.append(record)

    def record_named(session: Session, changes: Changes) -> None:
        named = session.info.get(BULK_LOG)
        if named:
            history.entries(session, named_rows(session, named), author)

    # After the history of the logged rows: both read the rows as stored at commit.
    transactions.hooks.append(record_named)


def named_rows(
    session: Session, bulk: dict[str, list[int]]
) -> Iterator[tuple[str, str, str, dict[str, Any], str, str | None]]:
    """Entries for rows a bulk write made or changed unlogged, named by key: their state as
    stored, worked out a batch at a time from the driver's rows (as verify reads them)."""
    connection = session.connection()
    for name, ids in bulk.items():
        if name in history.SKIPPED:
            continue
        table = Base.metadata.tables[name]
        names = stored_states.keys(table)
        rows = stored_states.rows_by_key(connection, table, ids)
        while batch := list(islice(rows, 500)):
            yield from _named_entries(session, name, names, batch)


def _named_entries(
    session: Session, name: str, names: list[str], batch: list[tuple[tuple[Any, ...], str]]
) -> Iterator[tuple[str, str, str, dict[str, Any], str, str | None]]:
    parent_at = names.index("incident_id") if "incident_id" in names else None
    parents = (
        {values[parent_at] for values, _ in batch} - {None} if parent_at is not None else set()
    )
    found = select(Incident.id, Incident.uuid).where(Incident.id.in_(parents))
    uuids: dict[Any, str] = {i: u for i, u in session.execute(found)} if parents else {}
    for values, state in batch:
        row = dict(zip(names, values, strict=True))
        if name == Incident.__tablename__:
            incident = row.get("uuid")
        else:
            incident = uuids.get(row.get("incident_id"))
        yield "import", name, history.record_key(row, name), {}, state, incident


def _plan(
    session: Session, chain: _Chain, table: str, columns: tuple[str, ...], sample: tuple[Any, ...]
) -> _Plan:
    """The plan for a (table, columns) batch, made at its first batch."""
    key = (table, columns)
    if key in chain.plans:
        return chain.plans[key]
    target = Base.metadata.tables[table]
    plan = _Plan(table, tuple(sorted(c.name for c in target.c)))
    chain.plans[key] = plan
    if "uuid" not in columns or "uuid" not in target.c:
        plan.broken = True  # a record keyed otherwise: read back (none is, today)
        return plan
    missing = [name for name in plan.keys if name not in columns]
    stored = _stored(session, table, sample[0])
    if stored is None:
        plan.broken = True
        return plan
    plan.defaults = tuple(history.plain(stored[name]) for name in missing)
    plan.width = len(columns)
    where = {name: i for i, name in enumerate(columns)}
    where.update({name: plan.width + i for i, name in enumerate(missing)})
    plan.positions = [where[name] for name in plan.keys]
    for index, name in enumerate(plan.keys):
        convert = _converter(target.c[name]) if name in columns else None
        if convert is not None:
            plan.converts.append((index, convert))
    if "incident_id" in columns:
        plan.incident_at = columns.index("incident_id")
    plan.template = _template(plan)
    return plan


# Converters a column of a batch needs not run when all its values are of these types.
_READ_AS_GIVEN: dict[Any, set[type]] = {
    _whole: {int, type(None)},
    _real: {float, type(None)},
    _boolean: {bool, type(None)},
}


def _needed(plan: _Plan, rows: list[tuple[Any, ...]]) -> list[tuple[int, Callable[[Any], Any]]]:
    """The converters this batch needs: most columns hold their stored type already."""
    needed = []
    for index, convert in plan.converts:
        given = _READ_AS_GIVEN.get(convert)
        at = plan.positions[index]
        if given is None or not set(map(type, map(operator.itemgetter(at), rows))) <= given:
            needed.append((index, convert))
    return needed


def _states(
    plan: _Plan, rows: list[tuple[Any, ...]], converts: list[tuple[int, Callable[[Any], Any]]]
) -> list[str]:
    """`history.state_hash` of each row as stored, from the values given to its INSERT.

    A column at a time: each column's values are converted and written as JSON in one
    pass (`state_json.column`), then each row's JSON is the plan's template filled in, the
    very text `history.encode` makes of the row's state (keys sorted, same separators).
    """
    assert plan.template
    given = list(zip(*rows, strict=True))
    convert_at = dict(converts)
    parts = []
    for index, at in enumerate(plan.positions):
        if at >= plan.width:
            continue  # a default: written into the template
        values: Any = given[at]
        convert = convert_at.get(index)
        if convert is not None:
            values = _converted(convert, values)
        parts.append(state_json.column(values))
    template, sha256 = plan.template, hashlib.sha256
    return [sha256((template % part).encode()).hexdigest() for part in zip(*parts, strict=True)]


def _converted(convert: Callable[[Any], Any], values: tuple[Any, ...]) -> list[Any]:
    """A column's values converted; dates and times each distinct one once (a batch shares
    its times). Only those: 1 and True are one key, and JSON keeps them apart."""
    if convert is not _date_like:
        return list(map(convert, values))
    seen = {value: convert(value) for value in set(values)}
    return list(map(seen.__getitem__, values))


def _template(plan: _Plan) -> str:
    """The JSON of a row's state with a %s for each given column, defaults written in."""
    width = plan.width
    given = [
        None if at < width else history.encode(plan.defaults[at - width]) for at in plan.positions
    ]
    return state_json.object_template(plan.keys, given)


def _incidents(session: Session, chain: _Chain, plan: _Plan, rows: list[Any]) -> list[str | None]:
    """The incident each row belongs to (its UUID), as the history names it."""
    if plan.table == Incident.__tablename__:
        return [chain.incidents[row[0]] for row in rows]
    at = plan.incident_at
    if at is None:
        return [None] * len(rows)
    wanted = {row[at] for row in rows} - set(chain.incidents) - {None}
    if wanted:
        found = select(Incident.id, Incident.uuid).where(Incident.id.in_(sorted(wanted)))
        chain.incidents.update({i: u for i, u in session.execute(found)})
    return [chain.incidents.get(row[at]) for row in rows]


def _stored(session: Session, table: str, row_id: Any) -> dict[str, Any] | None:
    target = Base.metadata.tables[table]
    found = session.execute(select(target).where(target.c.id == row_id)).mappings().first()
    return None if found is None else dict(found)


def _check_last(session: Session, plan: _Plan, row: tuple[Any, ...], state: str) -> None:
    """Compare a batch's last row as stored with the state computed for it."""
    stored = _stored(session, plan.table, row[0])
    if stored is None or history.state_hash(stored) != state:
        plan.broken = True
