"""Records as portable values keyed by UUID: read out of a case, written into another.

A unit is what an exchange moves and merges as one: a source, a source report, an incident
with its actors, casualties and tags, a citation, an attachment's description, a link.
Local integer keys never leave the file: a unit names what it points to by UUID (an actor
by name). Reads and writes use Core statements in bulk, not the ORM row by row.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from functools import cache
from typing import Any

from sqlalchemy import Connection, FromClause, select

from casefile.store.models import (
    Actor,
    Attachment,
    Casualty,
    Citation,
    Incident,
    IncidentActor,
    IncidentLink,
    IncidentTag,
    Source,
    SourceReport,
)

Unit = dict[str, Any]
KINDS = ("source", "source_report", "incident", "citation", "attachment", "incident_link")
# Not content: when and by whom a row was written, and totals kept from other rows.
_NOT_CONTENT = frozenset({"id", "created_at", "updated_at", "created_by", "updated_by"})
_DERIVED = frozenset({"killed", "source_count"})
_BATCH = 1000  # incidents read with their children at a time
_CHILD_SKIP = frozenset({"id", "uuid", "incident_id", "created_at", "updated_at"})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


# Never part of a unit, so never read: each stored time passed through its column type.
_UNREAD = frozenset({"created_at", "updated_at", "created_by", "updated_by"})


@cache
def _read(table: FromClause) -> tuple[Any, ...]:
    """The columns of a table that units are made from (all but the write stamps)."""
    return tuple(c for c in table.c if c.name not in _UNREAD)


@cache
def _positions(table: FromClause, skip: frozenset[str]) -> tuple[tuple[int, str, bool], ...]:
    """(position, name, whether it may hold a date or time) of each column a unit holds."""
    return tuple(
        (i, c.name, _may_hold_time(c)) for i, c in enumerate(_read(table)) if c.name not in skip
    )


def _may_hold_time(column: Any) -> bool:
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return True  # not known: looked at value by value
    return issubclass(kind, date | time)  # datetime is a date


def _row(table: FromClause, row: Any, skip: frozenset[str]) -> Unit:
    # By position: a Row's values by name cost a microsecond each, fifty thousand rows here;
    # and only columns that may hold a time looked at (half a million rows a large case).
    return {name: _plain(row[i]) if timed else row[i] for i, name, timed in _positions(table, skip)}


def encode(unit: Unit) -> str:
    """A unit as one line of JSON, keys sorted: the form bundles hold and digests hash."""
    return json.dumps(unit, sort_keys=True, ensure_ascii=False, default=str)


def digest(unit: Unit, text: str | None = None) -> str:
    """A unit's content hash (of its `encode`d form, if given): equal for equal content."""
    return hashlib.sha256((text or encode(unit)).encode()).hexdigest()


class Reader:
    """Reads units out of one case file, resolving local keys to UUIDs."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.incident_uuid = self._uuids(Incident)
        self.report_uuid = self._uuids(SourceReport)
        self.source_uuid = self._uuids(Source)
        self.actor = {
            r.id: (r.name, r.inter_code)
            for r in connection.execute(select(Actor.id, Actor.name, Actor.inter_code))
        }

    def _uuids(self, model: Any) -> dict[int, str]:
        return dict(self.connection.execute(select(model.id, model.uuid)).all())

    def units(
        self, kind: str, *, since: datetime | None = None, ids: Iterable[int] | None = None
    ) -> Iterator[Unit]:
        """Every unit of a kind, or those written since a moment, or those of these rows."""
        only = None if ids is None else sorted(set(ids))
        return getattr(self, f"_{kind}s")(since, only)

    def _select(self, model: Any, since: datetime | None, ids: list[int] | None) -> Iterator[Any]:
        query = select(*_read(model.__table__)).order_by(model.id)
        if since is not None:
            query = query.where(model.updated_at > since)
        if ids is None:
            yield from self.connection.execute(query)
            return
        for start in range(0, len(ids), 500):
            yield from self.connection.execute(query.where(model.id.in_(ids[start : start + 500])))

    def _sources(self, since: datetime | None, ids: list[int] | None) -> Iterator[Unit]:
        for row in self._select(Source, since, ids):
            yield _row(Source.__table__, row, _NOT_CONTENT)

    def _source_reports(self, since: datetime | None, ids: list[int] | None) -> Iterator[Unit]:
        for row in self._select(SourceReport, since, ids):
            unit = _row(SourceReport.__table__, row, _NOT_CONTENT | {"source_id"})
            unit["source"] = self.source_uuid[row.source_id]
            yield unit

    def _incidents(self, since: datetime | None, ids: list[int] | None) -> Iterator[Unit]:
        # A thousand at a time with their children: all of a large case's at once, rows
        # and children, took most of a gigabyte.
        batch: list[Any] = []
        for row in self._select(Incident, since, ids):
            batch.append(row)
            if len(batch) >= _BATCH:
                yield from self._with_children(batch)
                batch = []
        yield from self._with_children(batch)

    def _with_children(self, rows: list[Any]) -> Iterator[Unit]:
        children = self._children([r.id for r in rows])
        for row in rows:
            unit = _row(Incident.__table__, row, _NOT_CONTENT | _DERIVED)
            unit.update(children.get(row.id, {"actors": [], "casualties": [], "tags": []}))
            yield unit

    def _children(self, ids: list[int]) -> dict[int, Unit]:
        found: dict[int, Unit] = defaultdict(lambda: {"actors": [], "casualties": [], "tags": []})
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for model, key in ((IncidentActor, "actors"), (Casualty, "casualties")):
                query = select(*_read(model.__table__)).where(model.incident_id.in_(chunk))
                for row in self.connection.execute(query.order_by(model.position, model.id)):
                    child = _row(model.__table__, row, _CHILD_SKIP | {"actor_id"})
                    if model is IncidentActor:
                        child["actor"], child["actor_inter_code"] = self.actor[row.actor_id]
                    found[row.incident_id][key].append(child)
            query = select(IncidentTag.incident_id, IncidentTag.tag).where(
                IncidentTag.incident_id.in_(chunk)
            )
            for incident_id, tag in self.connection.execute(query.order_by(IncidentTag.tag)):
                found[incident_id]["tags"].append(tag)
        return found

    def _citations(self, since: datetime | None, ids: list[int] | None) -> Iterator[Unit]:
        for row in self._select(Citation, since, ids):
            unit = _row(Citation.__table__, row, _NOT_CONTENT | {"incident_id", "report_id"})
            unit["incident"] = self.incident_uuid[row.incident_id]
            unit["report"] = self.report_uuid[row.report_id]
            yield unit

    def _attachments(self, since: datetime | None, ids: list[int] | None) -> Iterator[Unit]:
        for row in self._select(Attachment, since, ids):
            unit = _row(Attachment.__table__, row, _NOT_CONTENT | {"incident_id", "report_id"})
            unit["incident"] = self.incident_uuid.get(row.incident_id)
            unit["report"] = self.report_uuid.get(row.report_id)
            yield unit

    def _incident_links(self, since: datetime | None, ids: list[int] | None) -> Iterator[Unit]:
        for row in self._select(IncidentLink, since, ids):
            unit = _row(IncidentLink.__table__, row, _NOT_CONTENT | {"from_id", "to_id"})
            unit["from"] = self.incident_uuid[row.from_id]
            unit["to"] = self.incident_uuid[row.to_id]
            yield unit
