"""The row log of a merge: what undo, history and the search index learn of its writes.

The merge writes with Core statements, which the ORM does not see; this logs those rows
as the ORM's writes are logged (`transaction.ROW_LOG`), once every write is done.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from casefile.store.changes import RowChange
from casefile.store.transaction import BULK_LOG, ROW_LOG

# Rows written past which a merge is not logged row by row (each logged row holds its values:
# a whole 100,000-incident case took 650 MB more). The rows are then named in `BULK_LOG`, by
# table and key, and the history records them as stored; the merge indexes them itself.
LOG_LIMIT = 50_000


class MergeLog:
    """Rows a merge wrote, logged when it finishes: read then, as they are committed."""

    def __init__(self, session: Session, connection: Connection):
        self.session = session
        self.connection = connection
        # Rows written, to log once every write is done (`flush`): (model, uuids, before).
        self.pending: list[tuple[Any, list[str], dict[str, dict[str, Any]]]] = []
        # Each table's last key before the merge: rows added are read back by key, not by
        # a list of UUIDs (which SQLAlchemy spells out again for every 500).
        self.last_ids: dict[str, int] = {}
        # Whether the rows written went to `BULK_LOG` (too many to log one by one).
        self.bulk = False

    def read(self, model: Any, uuids: list[str]) -> dict[str, dict[str, Any]]:
        """Rows of a table as they are now, by UUID."""
        found: dict[str, dict[str, Any]] = {}
        table = model.__table__
        for start in range(0, len(uuids), 500):
            query = select(table).where(table.c.uuid.in_(uuids[start : start + 500]))
            for row in self.connection.execute(query).mappings():
                found[row["uuid"]] = dict(row)
        return found

    def add(self, model: Any, uuids: list[str], *, before: dict[str, dict[str, Any]]) -> None:
        """Log rows written, as the ORM's writes are logged (`transaction.ROW_LOG`), once
        every write is done (`flush`): read then, a row is logged as it is committed."""
        self.pending.append((model, uuids, before))

    def note_last_id(self, model: Any) -> None:
        """Remember a table's last key before rows are added to it (`flush`)."""
        if model.__tablename__ not in self.last_ids:
            found = self.connection.execute(select(func.max(model.id))).scalar()
            self.last_ids[model.__tablename__] = found or 0

    def flush(self) -> None:
        """Log the rows written, as they now are: added ones read back by key."""
        if sum(len(uuids) for _, uuids, _ in self.pending) > LOG_LIMIT:
            self._flush_bulk()
            return
        added: dict[Any, set[str]] = {}
        for model, uuids, before in self.pending:
            if before:
                for uuid, after in self.read(model, uuids).items():
                    self.change(model, before.get(uuid), after)
            else:
                added.setdefault(model, set()).update(uuids)
        for model, wanted in added.items():
            table = model.__table__
            query = select(table).where(table.c.id > self.last_ids[model.__tablename__])
            for row in self.connection.execute(query.order_by(table.c.id)).mappings():
                if row["uuid"] in wanted:
                    self.change(model, None, dict(row))
        self.pending = []

    def _flush_bulk(self) -> None:
        """Name the rows written in `BULK_LOG`, by key: every row past a table's last key
        before the merge was added by it; changed ones are found by UUID."""
        named = self.session.info.setdefault(BULK_LOG, {})
        added = set()
        for model, uuids, before in self.pending:
            table = model.__table__
            if not before:
                added.add(model)
                continue
            for start in range(0, len(uuids), 500):
                chunk = uuids[start : start + 500]
                found = self.connection.execute(select(table.c.id).where(table.c.uuid.in_(chunk)))
                named.setdefault(table.name, []).extend(found.scalars())
        for model in added:
            named.setdefault(model.__tablename__, []).extend(self.added_ids(model))
        self.pending = []
        self.bulk = True

    def added_ids(self, model: Any) -> list[int]:
        """Keys of the rows of a table the merge added (none if it noted no last key)."""
        table = model.__table__
        if table.name not in self.last_ids:
            return []
        newer = select(table.c.id).where(table.c.id > self.last_ids[table.name])
        return list(self.connection.execute(newer).scalars())

    def change(
        self, model: Any, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> None:
        """Log one row's change now (a row deleted has no after)."""
        values = after or before or {}
        change = RowChange(
            model.__tablename__, {"id": values["id"]}, before, after, stored=after is not None
        )
        self.session.info.setdefault(ROW_LOG, []).append(change)
