"""Writing a case's incidents out as ACLED CSV, JSON or GeoJSON, safely and in full.

The file is written beside the target under a temporary name and renamed over it when
complete, so a failed export never leaves half a file where a good one was. Incidents
are read in batches, so an export of 100,000 holds a batch in memory, not the case.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import ColumnElement, Connection, func, select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.exchange import csv_export
from casefile.records import attachments, markings, sources
from casefile.records.incidents import ActorRole, CasualtyCount, CitationRef, IncidentData
from casefile.records.markings import Withheld
from casefile.store.models import (
    Actor,
    Attachment,
    Casualty,
    Citation,
    Incident,
    IncidentActor,
    IncidentTag,
    Source,
    SourceReport,
)

FORMATS = ("csv", "json", "geojson")
# The incident's own columns that make its IncidentData (the children are read apart).
SCALARS = [
    f.name
    for f in dataclasses.fields(IncidentData)
    if f.name not in {"id", "tags", "actors", "casualties", "citations"}
]
BATCH = 500
GEOJSON_PROPERTIES = (
    "id",
    "title",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "country_code",
    "admin1",
    "admin2",
    "location",
    "geo_precision",
    "status",
)


@dataclass(frozen=True)
class Marks:
    """What an export may carry: the SQL conditions of its highest marking, per table."""

    maximum: str
    incident: ColumnElement[bool]
    report: ColumnElement[bool]
    attachment: ColumnElement[bool]

    @classmethod
    def of(cls, session: Session, maximum: str) -> Marks:
        """The conditions for a highest marking, the case's own standing in for records."""
        case = markings.case_marking(session)
        return cls(
            maximum,
            markings.within(Incident.tlp, case, maximum),
            markings.within(SourceReport.tlp, case, maximum),
            markings.within(Attachment.tlp, case, maximum),
        )

    def withheld(self, session: Session) -> Withheld:
        """How many incidents, source reports and attachments stay home."""
        found = Withheld()
        for kind, model, allowed in (
            ("incidents", Incident, self.incident),
            ("source reports", SourceReport, self.report),
            ("attachments", Attachment, self.attachment),
        ):
            count = session.scalar(select(func.count()).select_from(model).where(~allowed))
            if count:
                found.add(kind, count)
        return found


@dataclass(frozen=True)
class Exported:
    """What an export wrote, and what its highest marking kept back."""

    path: Path
    written: int
    maximum: str
    withheld: Withheld

    def __str__(self) -> str:
        said = f"Wrote {self.written} incidents to {self.path}"
        if self.withheld.total:
            said += f"; left out, marked above {self.maximum}: {self.withheld.phrase()}"
        return said


def write(
    session: Session,
    path: Path,
    *,
    format: str = "csv",
    bom: bool = True,
    case_path: Path | None = None,
    max_tlp: str = markings.CASE_DEFAULT,
) -> Exported:
    """Write every incident marked up to `max_tlp` in the chosen format.

    CSV is UTF-8 with a byte-order mark unless `bom` is False (Excel needs it to read
    anything but ASCII). `case_path` is the case file, which is never written over.
    Nothing marked above `max_tlp` is written: no incident, cited report or attachment.
    """
    if format not in FORMATS:
        raise errors.CasefileError(f"Unknown export format {format!r}; use csv, json or geojson")
    if path.is_dir():
        raise errors.CasefileError(f"{path} is a folder; give a file name to write")
    if not path.parent.exists():
        raise errors.CasefileError(f"The folder {path.parent} does not exist")
    if case_path is not None and _same_file(path, case_path):
        raise errors.CasefileError(f"{path.name} is the case file itself; choose another name")
    marks = Marks.of(session, markings.parse(max_tlp))
    if format == "csv":
        encoding = "utf-8-sig" if bom else "utf-8"
        rows = _cited(session, marks)
        written = _replace(path, encoding, lambda fh: csv_export.write_rows(fh, rows))
    elif format == "json":
        written = _replace(path, "utf-8", lambda fh: _write_json(fh, session, marks))
    else:
        written = _replace(path, "utf-8", lambda fh: _write_geojson(fh, session, marks))
    return Exported(path, written, marks.maximum, marks.withheld(session))


def _same_file(path: Path, case_path: Path) -> bool:
    target = path.expanduser().resolve()
    case = case_path.expanduser().resolve()
    return target in (case, case.with_name(case.name + "-wal"), case.with_name(case.name + "-shm"))


def _replace(path: Path, encoding: str, body: Callable[[IO[str]], int]) -> int:
    """Write through a temporary file beside `path`, renamed over it once complete."""
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except PermissionError as exc:
        raise errors.CasefileError(f"{path.parent} cannot be written: permission denied") from exc
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            count = body(fh)
        os.replace(temporary, path)
    except PermissionError as exc:
        raise errors.CasefileError(f"{path} cannot be written: permission denied") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return count


def _cited(session: Session, marks: Marks) -> Iterator[tuple[IncidentData, list[str]]]:
    """Every incident, oldest first, with the names of the sources it cites, in batches.

    Read with plain SELECTs rather than the ORM, which spent four fifths of an export
    building objects that were turned straight into values.
    """
    connection = session.connection()
    order = select(Incident.id).where(marks.incident).order_by(Incident.event_date, Incident.id)
    ids = list(connection.execute(order).scalars())
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        children = _children(connection, chunk, marks)
        columns = [Incident.__table__.c[name] for name in SCALARS]
        statement = select(Incident.id, Incident.uuid, *columns).where(Incident.id.in_(chunk))
        rows = {row[0]: row for row in connection.execute(statement)}
        for incident_id in chunk:
            _, uuid, *scalars = rows[incident_id]
            actors, casualties, tags, citations, names = (
                group.get(incident_id, []) for group in children
            )
            data = IncidentData(
                id=uuid,
                tags=tags,
                actors=actors,
                casualties=casualties,
                citations=citations,
                **dict(zip(SCALARS, scalars, strict=True)),
            )
            yield data, names


def _children(connection: Connection, chunk: list[int], marks: Marks) -> list[dict[int, list[Any]]]:
    """Actors, casualties, tags, citations and cited source names of some incidents."""
    actors: dict[int, list[Any]] = {}
    ia, actor = IncidentActor.__table__, Actor.__table__
    statement = (
        select(ia.c.incident_id, actor.c.name, ia.c.role, ia.c.inter_code, ia.c.associated)
        .add_columns(ia.c.likelihood, ia.c.note)
        .join(actor, actor.c.id == ia.c.actor_id)
        .where(ia.c.incident_id.in_(chunk))
        .order_by(ia.c.incident_id, ia.c.position)
    )
    for incident_id, name, role, inter, associated, likelihood, note in connection.execute(
        statement
    ):
        actors.setdefault(incident_id, []).append(
            ActorRole(name, role, inter, bool(associated), likelihood, note)
        )
    casualties: dict[int, list[Any]] = {}
    c = Casualty.__table__
    statement = (
        select(c.c.incident_id, c.c.kind, c.c.best, c.c.low, c.c.high, c.c.group)
        .add_columns(c.c.nationality)
        .where(c.c.incident_id.in_(chunk))
        .order_by(c.c.incident_id, c.c.position)
    )
    for incident_id, *values in connection.execute(statement):
        casualties.setdefault(incident_id, []).append(CasualtyCount(*values))
    tags: dict[int, list[Any]] = {}
    t = IncidentTag.__table__
    statement = select(t.c.incident_id, t.c.tag).where(t.c.incident_id.in_(chunk))
    for incident_id, tag in connection.execute(statement.order_by(t.c.incident_id, t.c.tag)):
        tags.setdefault(incident_id, []).append(tag)
    citations: dict[int, list[Any]] = {}
    names: dict[int, list[Any]] = {}
    ci, report, source = Citation.__table__, SourceReport.__table__, Source.__table__
    statement = (
        select(ci.c.incident_id, report.c.uuid, ci.c.credibility, ci.c.note, source.c.name)
        .join(report, report.c.id == ci.c.report_id)
        .join(source, source.c.id == report.c.source_id)
        .where(ci.c.incident_id.in_(chunk), marks.report)
        .order_by(ci.c.incident_id, ci.c.id)
    )
    for incident_id, report_uuid, credibility, note, name in connection.execute(statement):
        citations.setdefault(incident_id, []).append(CitationRef(report_uuid, credibility, note))
        names.setdefault(incident_id, []).append(name)
    return [actors, casualties, tags, citations, names]


def _write_json(fh: IO[str], session: Session, marks: Marks) -> int:
    """Incidents with citations and grades, attachment metadata, sources and their reports."""
    fh.write('{"format": "casefile", "version": 1, "incidents": [\n')
    count = 0
    # Read once, not for every incident: which attachments may go, and which incidents
    # have any (most have none, and two queries each made JSON four times slower than CSV).
    allowed = set(session.scalars(select(Attachment.uuid).where(marks.attachment)))
    attached = set(session.scalars(select(Incident.uuid).join(Attachment).distinct()))
    for data, _names in _cited(session, marks):
        item = data.to_dict()
        del item["version"]  # this case's counter of saves: another case reads it as nothing
        if data.id:
            found = (
                _attachments(session, allowed, incident_id=data.id) if data.id in attached else []
            )
            item["attachments"] = found
        fh.write(("" if count == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
        count += 1
    fh.write('\n], "sources": ')
    json.dump(_sources(session, marks, allowed), fh, ensure_ascii=False, indent=1)
    fh.write("}\n")
    return count


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}


def _attachments(session: Session, allowed: set[str], **owner: str) -> list[dict[str, Any]]:
    """An incident's or a report's attachments that may go out (`allowed`), described."""
    found = attachments.list_for(session, **owner)
    return [_plain(info.__dict__) for info in found if info.id in allowed]


def _sources(session: Session, marks: Marks, allowed: set[str]) -> list[dict[str, Any]]:
    """Sources and their reports up to the marking; a source whose every report is withheld
    is left out too (an informant's name is in it). `allowed`: attachments that may go."""
    cleared = set(session.scalars(select(SourceReport.uuid).where(marks.report)))
    entries = []
    for source in sources.all_sources(session):
        every = sources.reports_of(session, source.id or "")
        reports = []
        for report in (r for r in every if r.id in cleared):
            entry = _plain(report.__dict__)
            entry["attachments"] = _attachments(session, allowed, report_id=report.id or "")
            reports.append(entry)
        if reports or not every:
            entries.append(source.__dict__ | {"reports": reports})
    return entries


def _write_geojson(fh: IO[str], session: Session, marks: Marks) -> int:
    """Every incident as a feature; one without coordinates has a null geometry (RFC 7946)."""
    fh.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for data, names in _cited(session, marks):
        item = data.to_dict()
        properties = {key: item[key] for key in GEOJSON_PROPERTIES}
        properties["killed"] = data.total("killed")[1]
        properties["sources"] = "; ".join(dict.fromkeys(names))
        geometry = None
        if data.latitude is not None and data.longitude is not None:
            geometry = {"type": "Point", "coordinates": [data.longitude, data.latitude]}
        feature = {"type": "Feature", "geometry": geometry, "properties": properties}
        fh.write(("" if count == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        count += 1
    fh.write("\n]}\n")
    return count
