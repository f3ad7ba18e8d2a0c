"""Merging units from another case file by UUID: new ones added, edits taken, clashes kept.

For each record the case remembers the digest of its content when it was last exchanged
(the merge base). An incoming unit is taken when ours has not changed since; ours is kept
when theirs has not; when both changed, ours stays and both versions are stored as a
conflict for the analyst to resolve. Writes are Core statements in bulk, inside the
caller's transaction; the search index is brought in step at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from casefile import errors
from casefile.exchange import merge_units
from casefile.exchange.merge_log import MergeLog
from casefile.exchange.merge_summary import MergeSummary
from casefile.exchange.snapshots import KINDS, Reader, Unit, digest
from casefile.search import fts
from casefile.store.exchange_tables import MergeBase, MergeConflict
from casefile.store.models import (
    Actor,
    Attachment,
    Blob,
    Casualty,
    Citation,
    Incident,
    IncidentActor,
    IncidentLink,
    IncidentTag,
    Source,
    SourceReport,
    new_uuid,
    utcnow,
)

MODELS: dict[str, Any] = {
    "source": Source,
    "source_report": SourceReport,
    "incident": Incident,
    "citation": Citation,
    "attachment": Attachment,
    "incident_link": IncidentLink,
}


# What each kind points at, and in which table: (unit key, column, table kind).
REFS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "source_report": (("source", "source_id", "source"),),
    "citation": (("incident", "incident_id", "incident"), ("report", "report_id", "source_report")),
    "attachment": (
        ("incident", "incident_id", "incident"),
        ("report", "report_id", "source_report"),
    ),
    "incident_link": (("from", "from_id", "incident"), ("to", "to_id", "incident")),
}
# Rows that are the same record when these columns agree, whatever their UUIDs.
NATURAL_KEYS = {
    "source": ("name",),
    "citation": ("incident_id", "report_id"),
    "incident_link": ("from_id", "to_id", "kind"),
}
_LOCAL = {"id", "killed", "source_count", "created_by", "updated_by"}


class Merger:
    """Merges units into one case file's open connection, a kind at a time, in bulk."""

    def __init__(self, session: Session, bundle_id: str, *, carried: Set[str] = frozenset()):
        self.session = session
        self.connection = connection = session.connection()
        self.bundle_id = bundle_id
        # Units the sender sent unchanged, with a change pointing at them: added if missing.
        self.carried = carried
        self.ours = Reader(connection)
        self.summary = MergeSummary()
        # What each record was when last exchanged, of those a bundle names (`know`).
        self.base: dict[str, str] = {}
        self.new_base: dict[str, str] = {}
        self.ids: dict[str, dict[str, int]] = {}
        self.alias: dict[str, str] = {}  # their UUID -> ours, for a record matched by name
        self.touched_incidents: set[int] = set()
        self.touched_reports: set[int] = set()
        self._blob_set: set[str] | None = None
        # One time for every row the merge writes: it is one change (and the history's
        # forms of one time are worked out once, not for each row).
        self.now = utcnow()
        self.log = MergeLog(session, connection)

    def know(self, units: dict[str, list[Unit]]) -> None:
        """Read the merge bases of the records these units are and point at (all of a
        large case's took most of the time a small bundle needed)."""
        named = {
            value
            for kind, found in units.items()
            for unit in found
            for key in ("uuid", *(key for key, _, _ in REFS.get(kind, ())))
            if isinstance(value := unit.get(key), str)
        }
        self.base.update(bases(self.connection, named - set(self.base)))

    def merge(self, kind: str, units: list[Unit]) -> None:
        """Add, take, keep or hold in conflict every incoming unit of one kind."""
        if kind not in KINDS:
            raise errors.CasefileError(f"The bundle holds an unknown record ({kind})")
        model = MODELS[kind]
        rows = {uuid: self._row(kind, unit) for uuid, unit in self._checked(kind, units)}
        natural = self._natural(kind, model)
        local = self._local(kind, model, rows, natural)
        adds: list[tuple[Unit, dict[str, Any]]] = []
        takes: list[tuple[Unit, dict[str, Any], str]] = []
        for unit in units:
            row = rows[unit["uuid"]]
            theirs = digest(unit)
            key = tuple(row.get(c) for c in NATURAL_KEYS.get(kind, ()))
            same = local.get(unit["uuid"]) or local.get(natural.get(key, ""))
            if same is None:
                self.new_base[unit["uuid"]] = theirs
                adds.append((unit, row))
                self.summary.count(self.summary.added, kind)
                continue
            if same["uuid"] != unit["uuid"]:
                self.alias[unit["uuid"]] = same["uuid"]
            ours = digest({**same, "uuid": unit["uuid"]})
            if ours != theirs and unit["uuid"] in self.carried:
                # Not an edit at the sender: ours stays, and what we last exchanged with it.
                self.summary.unchanged += 1
                continue
            self.new_base[unit["uuid"]] = theirs
            base = self.base.get(unit["uuid"])
            if ours == theirs or base == theirs:
                self.summary.unchanged += 1
            elif base == ours:
                takes.append((unit, row, same["uuid"]))
                self.summary.count(self.summary.changed, kind)
            else:
                self._conflict(kind, same, unit)
        self._insert(kind, model, adds)
        self._update(kind, model, takes)

    def _local(
        self,
        kind: str,
        model: Any,
        rows: dict[str, dict[str, Any]],
        natural: dict[tuple[Any, ...], str],
    ) -> dict[str, Unit]:
        """Our units of the records coming in, by UUID or by natural key: read for them
        alone (every unit of a 100,000-incident case took 10 s for a bundle of 29)."""
        columns = NATURAL_KEYS.get(kind, ())
        wanted = set(rows) | {
            found
            for row in rows.values()
            if (found := natural.get(tuple(row.get(c) for c in columns))) is not None
        }
        uuids = sorted(wanted)
        ids: list[int] = []
        for start in range(0, len(uuids), 500):
            chunk = uuids[start : start + 500]
            ids += self.connection.execute(select(model.id).where(model.uuid.in_(chunk))).scalars()
        return {u["uuid"]: u for u in self.ours.units(kind, ids=ids)}

    def _checked(self, kind: str, units: list[Unit]) -> list[tuple[str, Unit]]:
        for unit in units:
            if not isinstance(unit.get("uuid"), str):
                raise errors.CasefileError(f"The bundle holds a {kind} without an id")
            merge_units.check(kind, unit)
        return [(u["uuid"], u) for u in units]

    def _id(self, kind: str, uuid: str | None) -> int | None:
        if uuid is None:
            return None
        if kind not in self.ids:
            model = MODELS[kind]
            self.ids[kind] = {
                u: i for i, u in self.connection.execute(select(model.id, model.uuid))
            }
        found = self.ids[kind].get(self.alias.get(uuid, uuid))
        if found is None:
            raise errors.CasefileError(
                f"The bundle refers to {_a(kind.replace('_', ' '))} it does not hold and this"
                " case lacks; import the sender's earlier bundles first, or ask for a full one"
            )
        return found

    def _row(self, kind: str, unit: Unit) -> dict[str, Any]:
        """The table row of a unit: its own columns, defaults for missing ones, local keys."""
        table = MODELS[kind].__table__
        row: dict[str, Any] = {}
        for column in table.c:
            if column.name in _LOCAL or (column.foreign_keys and column.name != "sha256"):
                continue
            if column.name in unit:
                row[column.name] = merge_units.value(column, unit[column.name])
            elif column.default is not None and column.default.is_scalar:
                row[column.name] = column.default.arg
            else:
                row[column.name] = None
        for key, column, target in REFS.get(kind, ()):
            row[column] = self._id(target, unit.get(key))
        if kind == "incident":
            row["killed"] = merge_units.killed(unit)
        if kind == "attachment" and row.get("sha256") not in self._blobs():
            raise errors.CasefileError(f"The bundle lacks the content of {unit.get('filename')}")
        row.pop("created_at", None)
        row["updated_at"] = self.now
        return row

    def _blobs(self) -> set[str]:
        if self._blob_set is None:
            self._blob_set = set(self.connection.execute(select(Blob.sha256)).scalars())
        return self._blob_set

    def _natural(self, kind: str, model: Any) -> dict[tuple[Any, ...], str]:
        columns = NATURAL_KEYS.get(kind)
        if not columns:
            return {}
        query = select(model.uuid, *(getattr(model, c) for c in columns))
        return {tuple(found): uuid for uuid, *found in self.connection.execute(query)}

    def _insert(self, kind: str, model: Any, adds: list[tuple[Unit, dict[str, Any]]]) -> None:
        if not adds:
            return
        stamp = self.now
        self.log.note_last_id(model)
        for start in range(0, len(adds), 2000):
            rows = [{**row, "created_at": stamp} for _, row in adds[start : start + 2000]]
            insert_rows(self.connection, model, rows)
        self.ids.pop(kind, None)  # new rows: read their local ids again when asked
        self.log.add(model, [row["uuid"] for _, row in adds], before={})
        self._written(kind, [unit for unit, _ in adds], fresh=True)

    def _update(self, kind: str, model: Any, takes: list[tuple[Unit, dict[str, Any], str]]) -> None:
        if not takes:
            return
        names = [n for n in takes[0][1] if n != "uuid"]
        statement = (
            update(model)
            .where(model.uuid == bindparam("_ours"))
            .values({n: bindparam(f"_{n}") for n in names})
        )
        rows = [{"_ours": ours, **{f"_{n}": row[n] for n in names}} for _, row, ours in takes]
        before = self.log.read(model, [ours for _, _, ours in takes])
        self.connection.execute(statement, rows)
        self.log.add(model, [ours for _, _, ours in takes], before=before)
        for unit, _, ours in takes:
            if ours != unit["uuid"]:
                self.alias[unit["uuid"]] = ours
        self._written(kind, [unit for unit, _, _ in takes])

    def _written(self, kind: str, units: list[Unit], *, fresh: bool = False) -> None:
        """After rows are written: an incident's children, and what the index must redo."""
        if kind == "source_report":
            self.touched_reports |= {self._id(kind, u["uuid"]) or 0 for u in units}
        elif kind == "incident":
            self._children(units, fresh=fresh)
        elif kind == "citation":
            self.touched_incidents |= {self._id("incident", u.get("incident")) or 0 for u in units}

    def _children(self, units: list[Unit], *, fresh: bool) -> None:
        """Replace the actors, casualties and tags of these incidents with the bundle's
        (incidents `fresh`ly added have none to replace)."""
        ids = [self._id("incident", u["uuid"]) or 0 for u in units]
        self.touched_incidents |= set(ids)
        for start in range(0, 0 if fresh else len(ids), 500):
            chunk = ids[start : start + 500]
            for model in (IncidentActor, Casualty, IncidentTag):
                gone = select(model.__table__).where(model.incident_id.in_(chunk))
                for row in self.connection.execute(gone).mappings():
                    self.log.change(model, dict(row), None)
                self.connection.execute(delete(model).where(model.incident_id.in_(chunk)))
        actors = self._actor_ids(
            {a.get("actor") for u in units for a in u.get("actors", [])}, units
        )
        stamp = {"created_at": self.now, "updated_at": self.now}
        rows: dict[Any, list[dict[str, Any]]] = {IncidentActor: [], Casualty: [], IncidentTag: []}
        for incident_id, unit in zip(ids, units, strict=True):
            own = {"incident_id": incident_id, **stamp}
            for a in unit.get("actors", []):
                values = self._child(IncidentActor, a)
                rows[IncidentActor].append({**values, **own, "actor_id": actors[a["actor"]]})
            for c in unit.get("casualties", []):
                rows[Casualty].append({**self._child(Casualty, c), **own})
            for tag in dict.fromkeys(unit.get("tags", [])):
                rows[IncidentTag].append({"tag": str(tag), **own, "uuid": new_uuid()})
        for model, found in rows.items():
            self.log.note_last_id(model)
            for start in range(0, len(found), 2000):
                insert_rows(self.connection, model, found[start : start + 2000])
            self.log.add(model, [row["uuid"] for row in found], before={})

    @staticmethod
    def _child(model: Any, values: Unit) -> dict[str, Any]:
        row: dict[str, Any] = {"uuid": new_uuid()}
        for column in model.__table__.c:
            if column.name in {"id", "uuid", "incident_id", "actor_id", "created_at", "updated_at"}:
                continue
            value = values.get(column.name)
            if value is None and column.default is not None and column.default.is_scalar:
                value = column.default.arg
            row[column.name] = value
        return row

    def _actor_ids(self, names: set[Any], units: list[Unit]) -> dict[str, int]:
        if not all(isinstance(n, str) and n.strip() for n in names):
            raise errors.CasefileError("The bundle holds an actor without a name")
        known = {n: i for i, n in self.connection.execute(select(Actor.id, Actor.name))}
        codes = {a["actor"]: a.get("actor_inter_code") for u in units for a in u.get("actors", [])}
        fresh = [
            {
                "name": n,
                "inter_code": codes.get(n),
                "uuid": new_uuid(),
                "created_at": self.now,
                "updated_at": self.now,
            }
            for n in sorted(names - set(known))
        ]
        if fresh:
            self.log.note_last_id(Actor)
            insert_rows(self.connection, Actor, fresh)
            self.log.add(Actor, [row["uuid"] for row in fresh], before={})
            known = {n: i for i, n in self.connection.execute(select(Actor.id, Actor.name))}
        return known

    def _conflict(self, kind: str, ours: Unit, theirs: Unit) -> None:
        row = {
            "uuid": new_uuid(),
            "created_at": self.now,
            "updated_at": self.now,
            "kind": kind,
            "record_uuid": ours["uuid"],
            "title": str(ours.get("title") or ours.get("name") or ours.get("filename") or ""),
            "ours": ours,
            "theirs": theirs,
            "bundle_id": self.bundle_id,
        }
        self.connection.execute(insert(MergeConflict), [row])
        self.summary.count(self.summary.conflicts, kind)

    def _index(self) -> None:
        """Bring the search index in step with rows written unlogged (a large merge): rows
        added are new to it, the rest it holds are replaced."""
        if self.connection.dialect.name != "sqlite":
            return  # the index is SQLite's (as the commit hook's)
        incidents = set(self.log.added_ids(Incident))
        reports = set(self.log.added_ids(SourceReport))
        fts.add(self.connection, incidents=sorted(incidents), reports=sorted(reports))
        changed_reports = (self.touched_reports - {0}) - reports
        changed = (self.touched_incidents - {0}) - incidents
        changed |= fts.citing(self.connection, changed_reports) - incidents
        fts.reindex(self.connection, incidents=changed, reports=changed_reports)

    def settle(self, kind: str, unit: Unit, ours: str) -> None:
        """Write one version over our record (resolving a conflict)."""
        merge_units.check(kind, unit)
        self._update(kind, MODELS[kind], [(unit, self._row(kind, unit), ours)])

    def finish(self) -> MergeSummary:
        """Recount cited sources, record the new merge bases, bring the index in step."""
        logged = {u for model, uuids, _ in self.log.pending if model is Incident for u in uuids}
        recount(self.log, Incident.id, self.touched_incidents - {0}, logged=logged)
        set_bases(self.connection, self.new_base)
        self.log.flush()
        if self.log.bulk:
            self._index()
        # The search index follows the logged rows in the transaction's own hook.
        return self.summary


def insert_rows(connection: Connection, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows as `connection.execute(insert(model), rows)` would, with the driver's
    executemany: values pass through their column types, missing columns take their
    defaults, and no other per-row work is done (SQLAlchemy's took most of a merge)."""
    table = model.__table__
    dialect = connection.dialect
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for columns, found in groups.items():
        missing = {
            c.name: c.default.arg if c.default.is_scalar else c.default.arg(None)
            for c in table.c
            if c.name not in columns and c.default is not None
        }
        values: dict[str, Any] = {n: bindparam(n) for n in (*columns, *missing)}
        compiled = insert(table).values(values).compile(dialect=dialect)
        names = compiled.positiontup or ()
        process = [table.c[n].type.bind_processor(dialect) for n in names]
        convert = [(i, p) for i, p in enumerate(process) if p is not None]
        sent = []
        for row in found:
            out = [row[n] if n in row else missing[n] for n in names]
            for index, fn in convert:
                out[index] = fn(out[index])
            sent.append(tuple(out))
        connection.exec_driver_sql(str(compiled), sent)


def set_bases(connection: Connection, digests: dict[str, str]) -> None:
    """Remember these records' content as last exchanged."""
    items = sorted(digests.items())
    for start in range(0, len(items), 500):
        chunk = items[start : start + 500]
        connection.execute(delete(MergeBase).where(MergeBase.uuid.in_([u for u, _ in chunk])))
        connection.execute(insert(MergeBase), [{"uuid": u, "digest": d} for u, d in chunk])


def bases(connection: Connection, uuids: Iterable[str]) -> dict[str, str]:
    """The merge bases of these UUIDs (what each record was when last exchanged)."""
    wanted = sorted(set(uuids))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        query = select(MergeBase.uuid, MergeBase.digest).where(
            MergeBase.uuid.in_(wanted[start : start + 500])
        )
        found.update((uuid, value) for uuid, value in connection.execute(query))
    return found


def recount(
    log: MergeLog, column: Any, keys: Iterable[Any], *, logged: Set[str] = frozenset()
) -> None:
    """Bring the cited-source counts of these incidents (by `column`: id or uuid) in step
    with their citations, logging each whose count moved, unless `logged` already (read back
    at the log's flush): a count kept from other rows is no edit, so the version stays."""
    cited = (
        select(func.count())
        .select_from(Citation)
        .where(Citation.incident_id == Incident.id)
        .scalar_subquery()
    )
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), 500):
        stale = (column.in_(wanted[start : start + 500]), Incident.source_count != cited)
        moved = log.connection.execute(select(Incident.uuid).where(*stale)).scalars()
        quiet = [uuid for uuid in moved if uuid not in logged]
        before = log.read(Incident, quiet)
        log.connection.execute(update(Incident).where(*stale).values(source_count=cited))
        if quiet:
            log.add(Incident, quiet, before=before)


def _a(noun: str) -> str:
    """'an incident', 'a source report'."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
