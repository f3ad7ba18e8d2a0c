"""The one transaction helper every change passes through, and the record of what changed.

Each ORM row written inside a transaction is logged as a `RowChange` (before and after
values). The log feeds three things: the `Changes` an operation returns, the undo stack,
and commit hooks such as the search index, which run inside the same transaction.
An audit trail can plug in as one more hook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Table, delete, event, insert, inspect, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.orm.exc import StaleDataError

from casefile import errors
from casefile.store import db
from casefile.store.changes import Changes, Row, RowChange
from casefile.store.models import Base, Blob, Incident, Place, Source, SourceReport

ROW_LOG = "casefile.row_changes"
# Rows a bulk write made or changed without logging them (too many to undo), by table: the
# history still records them, by their state as the database holds it.
BULK_LOG = "casefile.bulk_rows"
# The hooks a bulk writer hands the rows it inserts without logging them (`bulk_inserted`).
BULK_HOOKS = "casefile.bulk_hooks"
VERSION = "version"  # the version counter column of every record (see models.Record)


CommitHook = Callable[[Session, Changes], None]
# (session, table, columns, rows as given to one INSERT): called once per batch, inside the
# transaction, for rows too many to log one by one (a large import).
BulkHook = Callable[[Session, str, tuple[str, ...], list[tuple[Any, ...]]], None]


def bulk_inserted(
    session: Session, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Tell the transaction's bulk hooks (the history) of rows inserted without a log.

    Without bulk hooks the rows are named in `BULK_LOG`, for a commit hook to read back.
    """
    hooks: list[BulkHook] = session.info.get(BULK_HOOKS) or []
    if not hooks:
        session.info.setdefault(BULK_LOG, {}).setdefault(table, []).extend(r[0] for r in rows)
    for hook in hooks:
        hook(session, table, columns, rows)


@dataclass
class Tx:
    """An open transaction: its session, and after a successful commit, what changed."""

    session: Session
    changes: Changes = field(default_factory=Changes)


def _row_values(mapper: Mapper[Any], obj: object, *, before: bool = False) -> Row:
    state = inspect(obj)
    values: Row = {}
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if before:
            history = state.attrs[prop.key].history
            value = history.deleted[0] if history.deleted else state.attrs[prop.key].value
        else:
            value = state.attrs[prop.key].value
        values[column.name] = value
    return values


@contextmanager
def savepoint(session: Session) -> Iterator[None]:
    """Run a block inside the transaction so that an error in it undoes only the block.

    Its writes are rolled back to a SAVEPOINT and its entries of the row log dropped, so
    neither the history nor undo records a change that was not kept. The error goes on.
    """
    # Written before the block, so logged before it: begin_nested would flush it inside,
    # and a failed block would drop its log entries though the rows stay.
    session.flush()
    log = session.info.setdefault(ROW_LOG, [])
    logged = len(log)
    try:
        with session.begin_nested():
            yield
    except BaseException:
        del log[logged:]
        raise


def _log(connection_or_session: Session, change: RowChange) -> None:
    connection_or_session.info.setdefault(ROW_LOG, []).append(change)


def _table_name(mapper: Mapper[Any]) -> str:
    table = mapper.local_table
    assert isinstance(table, Table)  # every model maps one table (no joined inheritance)
    return table.name


def _key(mapper: Mapper[Any], values: Row) -> Row:
    return {col.name: values[col.name] for col in mapper.primary_key}


def _on_insert(mapper: Mapper[Any], connection: Any, target: object) -> None:
    session = Session.object_session(target)
    if session is None or isinstance(target, Blob):
        return
    after = _row_values(mapper, target)
    _log(session, RowChange(_table_name(mapper), _key(mapper, after), None, after))


def _on_update(mapper: Mapper[Any], connection: Any, target: object) -> None:
    session = Session.object_session(target)
    if session is None or isinstance(target, Blob):
        return
    before = _row_values(mapper, target, before=True)
    after = _row_values(mapper, target)
    if before != after:
        if mapper.version_id_col is not None and before.get(VERSION) == after.get(VERSION):
            # SQLAlchemy raises the counter in the flush, outside the attribute history.
            before[VERSION] = after[VERSION] - 1
        _log(session, RowChange(_table_name(mapper), _key(mapper, before), before, after))


def _before_delete(mapper: Mapper[Any], connection: Any, target: object) -> None:
    session = Session.object_session(target)
    if session is None or isinstance(target, Blob):
        return
    before = _row_values(mapper, target, before=True)
    _log(session, RowChange(_table_name(mapper), _key(mapper, before), before, None))


event.listen(Base, "after_insert", _on_insert, propagate=True)
event.listen(Base, "after_update", _on_update, propagate=True)
event.listen(Base, "before_delete", _before_delete, propagate=True)


def apply_rows(session: Session, rows: list[RowChange]) -> list[RowChange]:
    """Write row changes directly (for undo and redo), logging them like ORM writes.

    A versioned row is changed only if it is still at the version the change expects (as
    this handle left it); otherwise `errors.Conflict`, and the transaction rolls back.
    Returns the changes as applied, with the versions they wrote.
    """
    tables = Base.metadata.tables
    applied = []
    for change in rows:
        table = tables[change.table]
        where = [table.c[name] == value for name, value in change.key.items()]
        expected = (change.before or {}).get(VERSION)
        if expected is not None and VERSION in table.c:
            where.append(table.c[VERSION] == expected)
        if change.after is None:
            done = session.execute(delete(table).where(*where))
        elif change.before is None:
            done = session.execute(insert(table).values(**change.after))
        else:
            # The row gets back its version with its values: the same content, the same
            # version, so an undo of an earlier step of this handle still matches.
            done = session.execute(update(table).where(*where).values(**change.after))
        if change.before is not None and getattr(done, "rowcount", 1) == 0:
            raise errors.Conflict(
                "it was changed or deleted elsewhere (another window or command) since"
            )
        _log(session, change)
        applied.append(change)
    return applied


def _changes(session: Session, name: str, rows: list[RowChange]) -> Changes:
    incident_ids: set[int] = set()
    incidents: set[str] = set()
    sources: set[str] = set()
    reports: set[str] = set()
    deleted: set[str] = set()
    created: str | None = None
    for change in rows:
        values = change.after or change.before or {}
        if change.table == Incident.__tablename__:
            incidents.add(values["uuid"])
            if change.before is None and created is None:
                created = values["uuid"]
        elif change.table in (Source.__tablename__, SourceReport.__tablename__):
            (sources if change.table == Source.__tablename__ else reports).add(values["uuid"])
            if change.before is None and created is None:
                created = values["uuid"]
        elif change.table == Place.__tablename__ and change.before is None and created is None:
            created = values["uuid"]  # a place the analyst added: its id, to pick it at once
        for column in ("incident_id", "from_id", "to_id"):
            if values.get(column) is not None:
                incident_ids.add(values[column])
        if change.after is None and "uuid" in values:
            deleted.add(values["uuid"])
    if incident_ids:
        found = session.execute(select(Incident.uuid).where(Incident.id.in_(incident_ids)))
        incidents.update(found.scalars())
    return Changes(
        name=name,
        incidents=frozenset(incidents),
        sources=frozenset(sources),
        source_reports=frozenset(reports),
        tables=frozenset(change.table for change in rows),
        created=created,
        deleted=frozenset(deleted),
        rows=tuple(rows),
    )


class Transactions:
    """Opens sessions on one engine and runs each change as one all-or-nothing transaction."""

    def __init__(self, engine: Engine, path: object):
        self.engine = engine
        self.path = path
        self.hooks: list[CommitHook] = []
        self.bulk_hooks: list[BulkHook] = []

    def session(self) -> Session:
        """A session for reading; writes must go through `transaction`."""
        return Session(self.engine, expire_on_commit=False, autoflush=True)

    @contextmanager
    def transaction(self, name: str) -> Iterator[Tx]:
        """Run a block as one transaction; commit hooks run inside it; roll back on any error.

        `tx.changes` holds what changed once the block has committed.
        """
        writer = self.engine.execution_options(**{db.WRITE: True})
        session = Session(writer, expire_on_commit=False, autoflush=True)
        session.info[BULK_HOOKS] = self.bulk_hooks
        tx = Tx(session)
        try:
            with session.begin():
                yield tx
                session.flush()
                changes = _changes(session, name, session.info.get(ROW_LOG, []))
                for hook in self.hooks:
                    hook(session, changes)
                session.flush()
        except StaleDataError as exc:
            raise errors.Conflict(
                "it was changed or deleted elsewhere (another window or command) since"
            ) from exc
        except DBAPIError as exc:
            known = db.translate(exc, str(self.path))
            if known is not None:
                raise known from exc
            raise
        finally:
            session.info.pop(ROW_LOG, None)
            session.info.pop(BULK_LOG, None)
            session.info.pop(BULK_HOOKS, None)
            session.close()
        tx.changes = changes
        db.settle(self.engine, str(self.path))
