"""Writing imported records in bulk: Core inserts in batches, inside the caller's transaction.

The ORM writes one row at a time with its bookkeeping, a few hundred incidents a
second; an import writes thousands a second with `executemany`. Actors (here), sources and
the reports ACLED's `source` column names (`cited`) are resolved through local dicts,
asking the database only for names not seen yet. Keys are given out here (the transaction holds
the write lock), so children can point at parents without reading them back.

An incident already in the case (same UUID, ACLED id or import key) is skipped when its
row is unchanged, and otherwise updated through the ORM, keeping what the analyst added.
While the rows written stay under `log_limit`, they are logged like ORM writes: the
import is one undo step and the search index hook indexes them. Past it, the log is
dropped (memory would grow with the file) and `finish` indexes everything in bulk.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.exchange import cited, inserts, repeats
from casefile.exchange.imported import ImportSummary, Record
from casefile.records import incidents, taxonomy
from casefile.search import fts
from casefile.store import db
from casefile.store.models import (
    Actor,
    Incident,
)
from casefile.store.transaction import savepoint

_DATA_NAMES = tuple(
    c.name
    for c in Incident.__table__.columns
    # version: the record's counter (models.Record) starts at the table's default, 1.
    if c.name
    not in (*inserts.STAMP, "killed", "source_count", "created_by", "updated_by", "version")
)
_DATA_FIELDS = operator.attrgetter(*_DATA_NAMES)
_INCIDENT_INSERT = (
    inserts.STAMP + _DATA_NAMES + ("killed", "source_count", "created_by", "updated_by")
)
_CHILD_COLUMNS = {
    "incident_actor": (
        "incident_id",
        "actor_id",
        "role",
        "associated",
        "inter_code",
        "likelihood",
        "note",
        "position",
    ),
    "casualty": ("incident_id", "kind", "group", "nationality", "low", "best", "high", "position"),
    "incident_tag": ("incident_id", "tag"),
    "citation": ("incident_id", "report_id", "credibility", "note"),
}
_LOOKUP = 500  # report UUIDs asked about in one query
_KEYS = {"uuid": Incident.uuid, "acled": Incident.acled_id, "import": Incident.import_key}


class BulkWriter:
    """Writes batches of records into one open transaction's session."""

    def __init__(self, session: Session, *, author: str | None, log_limit: int):
        self.session = session
        self.rows = inserts.Inserter(session, log_limit=log_limit)
        self.author = author
        self.actors: dict[str, int] = {}
        self.cited = cited.CitedSources(session, self.rows)
        self.repeats = repeats.Repeats()
        self.new_incidents: list[int] = []
        self.updated: set[int] = set()
        # How the import codes column reads back (JSON text to a dict), as the ORM reads it.
        dialect = self.rows.connection.dialect
        codes = Incident.__table__.c.import_codes.type.result_processor(dialect, None)
        self._codes: Callable[[Any], Any] = codes or _as_is

    # --- a batch -------------------------------------------------------------------------

    def write(self, records: list[Record], summary: ImportSummary) -> None:
        """Add, update or skip each record; rows that cannot be stored are rejected."""
        self.rows.refresh_ids()
        fresh: list[Record] = []
        existing = self._existing(records)
        self.repeats.start_batch()
        for record in records:
            record.data = incidents.normalise(record.data)
            problems = incidents.validate(record.data)
            if problems:
                for field_name, reason in problems.items():
                    summary.reject(f"line {record.line}, {field_name}: {reason}")
                continue
            keys = _keys(record.data)
            repeated = self.repeats.earlier(keys, existing)
            if repeated is not None:
                _kind, value = keys[0]
                summary.reject(f"line {record.line}: {value} is already on line {repeated}")
                continue
            # Not a repeat: whatever `existing` holds under its keys, the case had before.
            found = next((existing[k] for k in keys if k in existing), None)
            if found is None:
                self.repeats.note_fresh(keys, record.line)
                fresh.append(record)
                continue
            self.repeats.note_matched(keys, record.line)
            if (found[2] or {}).get("hash") == (record.data.import_codes or {}).get("hash"):
                summary.skipped += 1
            else:
                self._update(found[0], record, summary)
        self.rows.refresh_ids()
        self._insert(fresh)
        summary.added += len(fresh)

    def _existing(self, records: list[Record]) -> dict[tuple[str, str], tuple[int, str, Any]]:
        """Incidents already in the case under any of these records' keys."""
        wanted: dict[str, set[str]] = {kind: set() for kind in _KEYS}
        for record in records:
            for kind, value in _keys(record.data):
                wanted[kind].add(value)
        # On the driver's cursor: SQLAlchemy compiled the IN of a thousand keys for every
        # batch. What a query through the session would flush first goes first.
        self.session.flush()
        found = {}
        for kind, column in _KEYS.items():
            keys = sorted(wanted[kind])
            if not keys:
                continue
            sql = (
                f"SELECT {column.name}, id, uuid, import_codes FROM incident"
                f" WHERE {column.name} IN ({db.marks(len(keys))})"
            )
            for key, incident_id, uuid, codes in db.driver_rows(self.rows.connection, sql, keys):
                found[(kind, key)] = (incident_id, uuid, self._codes(codes))
        return found

    def _update(self, incident_id: int, record: Record, summary: ImportSummary) -> None:
        """Overwrite what the file says; keep suspicions, claims, citations and tags added."""
        old_uuid = self.session.scalar(select(Incident.uuid).where(Incident.id == incident_id))
        old = incidents.to_data(incidents.load(self.session, old_uuid or ""))
        new = record.data
        own = (taxonomy.SUSPECTED, taxonomy.CLAIMED_BY)
        names = {(a.name, a.role) for a in new.actors}
        kept_actors = [a for a in old.actors if a.role in own and (a.name, a.role) not in names]
        refs = self._citations(record)
        reports = {c.report_id for c in refs}
        merged = dataclasses.replace(
            new,
            id=old.id,
            status=old.status if new.id is None else new.status,
            actors=new.actors + kept_actors,
            tags=list(dict.fromkeys(new.tags + (old.tags if new.id is None else []))),
            citations=refs + [c for c in old.citations if c.report_id not in reports],
            casualties=new.casualties
            + [c for c in old.casualties if c.group and new.id is None and c.kind != "killed"],
        )
        try:
            # A store that fails half way (a citation of an unknown report is found after
            # the fields and actors are set) must leave nothing of the rejected row.
            with savepoint(self.session):
                incidents.store(self.session, merged, author=self.author)
                self.session.flush()
        except errors.Invalid as exc:
            for field_name, reason in exc.errors.items():
                summary.reject(f"line {record.line}, {field_name}: {reason}")
            return
        self.updated.add(incident_id)
        summary.updated += 1

    # --- inserts -------------------------------------------------------------------------

    def _insert(self, records: list[Record]) -> None:
        if not records:
            return
        self._resolve_actors(a for r in records for a in r.data.actors)
        report_of = self.cited.resolve(records)
        report_ids = self._report_ids({c.report_id for r in records for c in r.data.citations})
        # One for each row written: the incident and each of its parts (at most; citations
        # of the same report are written once).
        rows = sum(
            1
            + len(r.data.actors)
            + len(r.data.casualties)
            + len(r.data.tags)
            + len(r.data.citations)
            + len(report_of.get(id(r), []))
            for r in records
        )
        uuids = iter(inserts.uuids(rows))
        out: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _CHILD_COLUMNS}
        out["incident"] = []
        next_id = self.rows.next_id
        now, author = self.rows.now, self.author
        for record in records:
            data = record.data
            reports_cited = report_of.get(id(record), [])
            if data.citations or len(reports_cited) > 1:  # else nothing to merge or repeat
                reports_cited = list(
                    dict.fromkeys(
                        reports_cited
                        + [
                            (_report_id(report_ids, c.report_id), c.credibility, c.note)
                            for c in data.citations
                        ]
                    )
                )
            incident_id = next_id["incident"]
            next_id["incident"] += 1
            out["incident"].append(
                (
                    incident_id,
                    data.id or next(uuids),
                    now,
                    now,
                    *_DATA_FIELDS(data),
                    data.total("killed")[1],
                    len(reports_cited),
                    author,
                    author,
                )
            )
            self.new_incidents.append(incident_id)
            self.repeats.note_added(incident_id, record.line)
            for i, a in enumerate(data.actors):
                out["incident_actor"].append(
                    (
                        next_id["incident_actor"],
                        next(uuids),
                        now,
                        now,
                        incident_id,
                        self.actors[cited.clean_name(a.name)],
                        a.role,
                        int(a.associated),
                        a.inter_code,
                        a.likelihood,
                        a.note,
                        i,
                    )
                )
                next_id["incident_actor"] += 1
            for i, c in enumerate(data.casualties):
                out["casualty"].append(
                    (
                        next_id["casualty"],
                        next(uuids),
                        now,
                        now,
                        incident_id,
                        c.kind,
                        c.group.strip(),
                        c.nationality,
                        c.low,
                        c.best,
                        c.high,
                        i,
                    )
                )
                next_id["casualty"] += 1
            for tag in data.tags:
                out["incident_tag"].append(
                    (next_id["incident_tag"], next(uuids), now, now, incident_id, tag)
                )
                next_id["incident_tag"] += 1
            for report_id, credibility, note in reports_cited:
                out["citation"].append(
                    (
                        next_id["citation"],
                        next(uuids),
                        now,
                        now,
                        incident_id,
                        report_id,
                        credibility,
                        note,
                    )
                )
                next_id["citation"] += 1
        self.rows.execute("incident", _INCIDENT_INSERT, out["incident"])
        for name, columns in _CHILD_COLUMNS.items():
            self.rows.execute(name, inserts.STAMP + columns, out[name])

    def _resolve_actors(self, actors: Iterable[incidents.ActorRole]) -> None:
        wanted: dict[str, int | None] = {}
        for actor in actors:
            name = cited.clean_name(actor.name)
            if name not in self.actors and name not in wanted:
                wanted[name] = actor.inter_code
        if not wanted:
            return
        statement = select(Actor.name, Actor.id).where(
            Actor.name.in_(bindparam("names", expanding=True))
        )
        self.actors.update(
            (n, i) for n, i in self.session.execute(statement, {"names": list(wanted)})
        )
        missing = [name for name in wanted if name not in self.actors]
        ids = self.rows.take_ids("actor", len(missing))
        rows = [
            (actor_id, uuid, self.rows.now, self.rows.now, name, wanted[name])
            for actor_id, uuid, name in zip(ids, inserts.uuids(len(missing)), missing, strict=True)
        ]
        self.rows.execute("actor", (*inserts.STAMP, "name", "inter_code"), rows)
        self.actors.update(zip(missing, ids, strict=True))

    def _report_ids(self, uuids: set[str]) -> dict[str, int]:
        """The keys of the reports a batch cites by UUID (a JSON export's citations).

        Asked again for each batch, on the driver's cursor, and not kept: the reports of a
        file are as many as it likes, and a dict of them all grew with it.
        """
        wanted = sorted(uuids)
        found: dict[str, int] = {}
        for start in range(0, len(wanted), _LOOKUP):
            chunk = wanted[start : start + _LOOKUP]
            sql = f"SELECT uuid, id FROM source_report WHERE uuid IN ({db.marks(len(chunk))})"
            found.update(db.driver_rows(self.rows.connection, sql, chunk))
        return found

    def _citations(self, record: Record) -> list[incidents.CitationRef]:
        """The citations of a record being updated: its sources' reports, then its own."""
        refs = list(record.data.citations)
        for name in dict.fromkeys(cited.clean_name(s) for s in record.sources):
            self.cited.resolve([dataclasses.replace(record, sources=[name])])
            key = (self.cited.sources[name], cited.report_title(name, record.data.event_date))
            refs.append(incidents.CitationRef(report_id=self.cited.reports[key][1]))
        return refs

    # --- the end -------------------------------------------------------------------------

    def finish(self) -> None:
        """Index what was written, when the log was dropped; otherwise the commit hook does."""
        if self.rows.logging:
            return
        # What the writes needed goes before the index is built: the search index gathers
        # up to fts.HASH_SIZE in memory, and the import's peak memory is then.
        self.repeats.clear()
        self.cited.reports.clear()
        self.rows.stop_logging()  # and what the ORM's updates logged since
        self.session.flush()
        connection = self.rows.connection
        fts.add(connection, incidents=self.new_incidents, reports=self.cited.new_reports)
        if self.updated:
            fts.reindex(connection, incidents=self.updated, reports=set())

    @property
    def logging(self) -> bool:
        """Whether the rows written are logged (the import can be undone)."""
        return self.rows.logging


def _report_id(report_ids: dict[str, int], report_uuid: str) -> int:
    found = report_ids.get(report_uuid)
    if found is None:
        raise errors.Invalid({"citations": f"No source report {report_uuid}"})
    return found


def _as_is(value: Any) -> Any:
    return value


def _keys(data: incidents.IncidentData) -> list[tuple[str, str]]:
    """How this record may already be in the case: its UUID, ACLED id, import key."""
    keys = []
    if data.id:
        keys.append(("uuid", data.id))
    if data.acled_id:
        keys.append(("acled", data.acled_id))
    if data.import_key:
        keys.append(("import", data.import_key))
    return keys
