"""Merging units from another case file by UUID: new ones added, edits taken, clashes kept.

For each record the case remembers the digest of its content when it was last exchanged
(the merge base). An incoming unit is taken when ours has not changed since; ours is kept
when theirs has not; when both changed, ours stays and both versions are stored as a
conflict for the analyst to resolve. Writes are Core statements in bulk, inside the
caller's transaction; the search index is brought in step at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from casefile import errors
from casefile.exchange.snapshots import KINDS, Reader, Unit, digest
from casefile.records import incidents, sources
from casefile.records.incidents import CasualtyCount, IncidentData
from casefile.records.sources import SourceData, SourceReportData
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


@dataclass
class MergeSummary:
    """What a merge did, by kind: added, changed (theirs taken), conflicts, unchanged."""

    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0

    def count(self, what: dict[str, int], kind: str) -> None:
        """One more unit of `kind` in `what`."""
        what[kind] = what.get(kind, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form, kept with the bundle received."""
        return {
            "added": self.added,
            "changed": self.changed,
            "conflicts": self.conflicts,
            "unchanged": self.unchanged,
        }

    def __str__(self) -> str:
        def total(what: dict[str, int]) -> int:
            return sum(what.values())

        return (
            f"{total(self.added)} added, {total(self.changed)} changed, "
            f"{total(self.conflicts)} conflicts, {self.unchanged} unchanged"
        )


def _value(column: Any, value: Any) -> Any:
    """A unit's JSON value back in the column's Python type."""
    if value is None:
        return None
    kind = column.type.python_type if hasattr(column.type, "python_type") else object
    try:
        if kind is date:
            return date.fromisoformat(value)
        if kind is datetime:
            return datetime.fromisoformat(value)
        if kind is time:
            return time.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise errors.CasefileError(f"The bundle holds a bad {column.name}: {value!r}") from exc
    return value


def _columns(table: Table, unit: Unit, *, skip: set[str]) -> dict[str, Any]:
    return {
        c.name: _value(c, unit[c.name]) for c in table.c if c.name in unit and c.name not in skip
    }


class Merger:
    """Merges units into one case file's open connection; call `finish` once at the end."""

    def __init__(self, connection: Connection, bundle_id: str):
        self.connection = connection
        self.bundle_id = bundle_id
        self.ours = Reader(connection)
        self.summary = MergeSummary()
        self.base = dict(
            connection.execute(select(MergeBase.uuid, MergeBase.digest)).all()
        )
        self.new_base: dict[str, str] = {}
        self.touched_incidents: set[int] = set()
        self.touched_reports: set[int] = set()
        self._local: dict[str, dict[str, Unit]] = {}
        self._actors = {n: i for i, n in connection.execute(select(Actor.id, Actor.name))}

    def _local_units(self, kind: str) -> dict[str, Unit]:
        if kind not in self._local:
            self._local[kind] = {u["uuid"]: u for u in self.ours.units(kind)}
        return self._local[kind]

    def merge(self, kind: str, unit: Unit) -> None:
        """Add, take, keep or hold in conflict one incoming unit."""
        if kind not in KINDS or not isinstance(unit.get("uuid"), str):
            raise errors.CasefileError(f"The bundle holds an unknown record ({kind})")
        _check(kind, unit)
        local = self._local_units(kind)
        ours = local.get(unit["uuid"]) or self._same_by_name(kind, unit, local)
        theirs_digest = digest(unit)
        self.new_base[unit["uuid"]] = theirs_digest
        if ours is None:
            self._write(kind, unit, existing=None)
            self.summary.count(self.summary.added, kind)
            return
        ours_digest = digest({**ours, "uuid": unit["uuid"]})
        base = self.base.get(unit["uuid"])
        if ours_digest == theirs_digest or base == theirs_digest:
            self.summary.unchanged += 1
        elif base == ours_digest:
            self._write(kind, unit, existing=ours["uuid"])
            self.summary.count(self.summary.changed, kind)
        else:
            self._conflict(kind, ours, unit)

    def _same_by_name(self, kind: str, unit: Unit, local: dict[str, Unit]) -> Unit | None:
        """Sources are unique by name: one added on both sides is the same source."""
        if kind != "source":
            return None
        return next((u for u in local.values() if u["name"] == unit.get("name")), None)

    def _conflict(self, kind: str, ours: Unit, theirs: Unit) -> None:
        row = {
            "uuid": new_uuid(),
            "created_at": utcnow(),
            "updated_at": utcnow(),
            "kind": kind,
            "record_uuid": ours["uuid"],
            "title": str(ours.get("title") or ours.get("name") or ours.get("filename") or ""),
            "ours": ours,
            "theirs": theirs,
            "bundle_id": self.bundle_id,
        }
        self.connection.execute(insert(MergeConflict), [row])
        self.summary.count(self.summary.conflicts, kind)

    # --- writing -------------------------------------------------------------------------

    def _write(self, kind: str, unit: Unit, *, existing: str | None) -> None:
        getattr(self, f"_write_{kind}")(unit, existing)

    def _upsert(self, model: Any, values: dict[str, Any], existing: str | None) -> int:
        values["updated_at"] = utcnow()
        if existing is None:
            values.setdefault("created_at", utcnow())
            result = self.connection.execute(insert(model).values(**values))
            return int(result.inserted_primary_key[0])  # type: ignore[index]
        values.pop("uuid", None)
        self.connection.execute(update(model).where(model.uuid == existing).values(**values))
        return int(self.connection.scalar(select(model.id).where(model.uuid == existing)) or 0)

    def _id(self, model: Any, uuid: str | None, what: str) -> int | None:
        if uuid is None:
            return None
        found = self.connection.scalar(select(model.id).where(model.uuid == uuid))
        if found is None:
            raise errors.CasefileError(f"The bundle refers to a {what} it does not hold")
        return int(found)

    def _write_source(self, unit: Unit, existing: str | None) -> None:
        self._upsert(Source, _columns(Source.__table__, unit, skip={"id"}), existing)

    def _write_source_report(self, unit: Unit, existing: str | None) -> None:
        values = _columns(SourceReport.__table__, unit, skip={"id", "source_id"})
        values["source_id"] = self._id(Source, unit.get("source"), "source")
        self.touched_reports.add(self._upsert(SourceReport, values, existing))

    def _write_incident(self, unit: Unit, existing: str | None) -> None:
        values = _columns(Incident.__table__, unit, skip={"id", "killed", "source_count"})
        killed = _killed(unit)
        values["killed"] = killed
        incident_id = self._upsert(Incident, values, existing)
        self.touched_incidents.add(incident_id)
        for model in (IncidentActor, Casualty, IncidentTag):
            self.connection.execute(delete(model).where(model.incident_id == incident_id))
        stamp = {"created_at": utcnow(), "updated_at": utcnow()}
        actors = [
            {
                **_columns(IncidentActor.__table__, a, skip={"id", "uuid", "incident_id"}),
                "actor_id": self._actor(a["actor"], a.get("actor_inter_code")),
                "incident_id": incident_id,
                "uuid": new_uuid(),
                **stamp,
            }
            for a in unit.get("actors", [])
        ]
        casualties = [
            {
                **_columns(Casualty.__table__, c, skip={"id", "uuid", "incident_id"}),
                "incident_id": incident_id,
                "uuid": new_uuid(),
                **stamp,
            }
            for c in unit.get("casualties", [])
        ]
        tags = [
            {"tag": t, "incident_id": incident_id, "uuid": new_uuid(), **stamp}
            for t in unit.get("tags", [])
        ]
        for model, rows in ((IncidentActor, actors), (Casualty, casualties), (IncidentTag, tags)):
            if rows:
                self.connection.execute(insert(model), rows)

    def _actor(self, name: str, inter_code: int | None) -> int:
        if name not in self._actors:
            row = {"name": name, "inter_code": inter_code, "uuid": new_uuid()}
            row |= {"created_at": utcnow(), "updated_at": utcnow()}
            result = self.connection.execute(insert(Actor).values(**row))
            self._actors[name] = int(result.inserted_primary_key[0])  # type: ignore[index]
        return self._actors[name]

    def _write_citation(self, unit: Unit, existing: str | None) -> None:
        incident_id = self._id(Incident, unit.get("incident"), "incident")
        report_id = self._id(SourceReport, unit.get("report"), "source report")
        same = self.connection.scalar(
            select(Citation.uuid).where(
                Citation.incident_id == incident_id, Citation.report_id == report_id
            )
        )
        values = _columns(Citation.__table__, unit, skip={"id", "incident_id", "report_id"})
        values |= {"incident_id": incident_id, "report_id": report_id}
        self._upsert(Citation, values, existing or same)
        self.touched_incidents.add(incident_id or 0)

    def _write_attachment(self, unit: Unit, existing: str | None) -> None:
        values = _columns(Attachment.__table__, unit, skip={"id", "incident_id", "report_id"})
        values["incident_id"] = self._id(Incident, unit.get("incident"), "incident")
        values["report_id"] = self._id(SourceReport, unit.get("report"), "source report")
        if self.connection.scalar(select(Blob.size).where(Blob.sha256 == unit["sha256"])) is None:
            raise errors.CasefileError(f"The bundle lacks the content of {unit.get('filename')}")
        self._upsert(Attachment, values, existing)

    def _write_incident_link(self, unit: Unit, existing: str | None) -> None:
        values = _columns(IncidentLink.__table__, unit, skip={"id", "from_id", "to_id"})
        values["from_id"] = self._id(Incident, unit.get("from"), "incident")
        values["to_id"] = self._id(Incident, unit.get("to"), "incident")
        same = self.connection.scalar(
            select(IncidentLink.uuid).where(
                IncidentLink.from_id == values["from_id"],
                IncidentLink.to_id == values["to_id"],
                IncidentLink.kind == values.get("kind"),
            )
        )
        self._upsert(IncidentLink, values, existing or same)

    def finish(self) -> MergeSummary:
        """Recount cited sources, record the new merge bases, bring the index in step."""
        touched = sorted(self.touched_incidents - {0})
        cited = (
            select(func.count())
            .select_from(Citation)
            .where(Citation.incident_id == Incident.id)
            .scalar_subquery()
        )
        for start in range(0, len(touched), 500):
            chunk = touched[start : start + 500]
            self.connection.execute(
                update(Incident).where(Incident.id.in_(chunk)).values(source_count=cited)
            )
        set_bases(self.connection, self.new_base)
        if self.connection.dialect.name == "sqlite":
            reports = set(self.touched_reports)
            fts.reindex(
                self.connection,
                incidents=set(touched) | fts.citing(self.connection, reports),
                reports=reports,
            )
        return self.summary


def set_bases(connection: Connection, digests: dict[str, str]) -> None:
    """Remember these records' content as last exchanged."""
    if not digests:
        return
    known = set(connection.execute(select(MergeBase.uuid)).scalars())
    fresh = [{"uuid": u, "digest": d} for u, d in digests.items() if u not in known]
    if fresh:
        connection.execute(insert(MergeBase), fresh)
    for uuid, value in digests.items():
        if uuid in known:
            connection.execute(update(MergeBase).where(MergeBase.uuid == uuid).values(digest=value))


def _killed(unit: Unit) -> int:
    casualties = [
        CasualtyCount(
            kind=c.get("kind", ""), best=int(c.get("best") or 0), group=c.get("group") or ""
        )
        for c in unit.get("casualties", [])
    ]
    data = IncidentData(title="", event_date=date.today(), casualties=casualties)
    return data.total("killed")[1]


def _check(kind: str, unit: Unit) -> None:
    """Refuse a unit the app itself would refuse (the bundle may come from anyone)."""
    try:
        if kind == "source":
            fields = {k: str(unit.get(k) or "") for k in ("name", "kind", "reliability")}
            problems = sources.validate_source(SourceData(**fields))
        elif kind == "source_report":
            report = SourceReportData("-", str(unit.get("title") or ""), url=unit.get("url"))
            problems = sources.validate_report(report)
        elif kind == "incident":
            problems = incidents.validate(_incident_data(unit))
        else:
            problems = {}
    except (TypeError, ValueError, AttributeError) as exc:
        raise errors.CasefileError(f"The bundle holds a damaged {kind}: {exc}") from exc
    if problems:
        what = "; ".join(f"{k}: {v}" for k, v in problems.items())
        raise errors.CasefileError(f"The bundle holds an invalid {kind} {unit['uuid']}: {what}")


def _incident_data(unit: Unit) -> IncidentData:
    event_date = unit.get("event_date")
    return IncidentData(
        title=unit.get("title") or "",
        event_date=date.fromisoformat(event_date) if isinstance(event_date, str) else event_date,  # type: ignore[arg-type]
        latitude=unit.get("latitude"),
        longitude=unit.get("longitude"),
        country_code=unit.get("country_code"),
        status=unit.get("status") or "draft",
    )
