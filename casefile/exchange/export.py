"""Writing a case's incidents out as ACLED CSV, JSON or GeoJSON, safely and in full.

The file is written beside the target under a temporary name and renamed over it when
complete, so a failed export never leaves half a file where a good one was. Incidents
are read in batches, so an export of 100,000 holds a batch in memory, not the case.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casefile import errors
from casefile.exchange import csv_export
from casefile.records import attachments, incidents, sources
from casefile.records.incidents import IncidentData
from casefile.store.models import Citation, Incident, IncidentActor, SourceReport

FORMATS = ("csv", "json", "geojson")
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


def write(
    session: Session,
    path: Path,
    *,
    format: str = "csv",
    bom: bool = True,
    case_path: Path | None = None,
) -> int:
    """Write every incident in the chosen format; returns how many were written.

    CSV is UTF-8 with a byte-order mark unless `bom` is False (Excel needs it to read
    anything but ASCII). `case_path` is the case file, which is never written over.
    """
    if format not in FORMATS:
        raise errors.CasefileError(f"Unknown export format {format!r}; use csv, json or geojson")
    if path.is_dir():
        raise errors.CasefileError(f"{path} is a folder; give a file name to write")
    if not path.parent.exists():
        raise errors.CasefileError(f"The folder {path.parent} does not exist")
    if case_path is not None and _same_file(path, case_path):
        raise errors.CasefileError(f"{path.name} is the case file itself; choose another name")
    if format == "csv":
        encoding = "utf-8-sig" if bom else "utf-8"
        return _replace(path, encoding, lambda fh: csv_export.write_rows(fh, _cited(session)))
    if format == "json":
        return _replace(path, "utf-8", lambda fh: _write_json(fh, session))
    return _replace(path, "utf-8", lambda fh: _write_geojson(fh, session))


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


def _cited(session: Session) -> Iterator[tuple[IncidentData, list[str]]]:
    """Every incident, oldest first, with the names of the sources it cites, in batches."""
    ids = list(session.scalars(select(Incident.id).order_by(Incident.event_date, Incident.id)))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        statement = (
            select(Incident)
            .where(Incident.id.in_(chunk))
            .options(
                selectinload(Incident.actors).joinedload(IncidentActor.actor),
                selectinload(Incident.casualties),
                selectinload(Incident.tags),
                selectinload(Incident.citations)
                .joinedload(Citation.report)
                .joinedload(SourceReport.source),
            )
        )
        rows = {row.id: row for row in session.scalars(statement)}
        for incident_id in chunk:
            row = rows[incident_id]
            names = [c.report.source.name for c in row.citations]
            yield incidents.to_data(row), names
        session.expunge_all()  # keep memory to one batch


def _write_json(fh: IO[str], session: Session) -> int:
    """Incidents with citations and grades, attachment metadata, sources and their reports."""
    fh.write('{"format": "casefile", "version": 1, "incidents": [\n')
    count = 0
    for data, _names in _cited(session):
        item = data.to_dict()
        if data.id:
            item["attachments"] = [
                _plain(info.__dict__) for info in attachments.list_for(session, incident_id=data.id)
            ]
        fh.write(("" if count == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
        count += 1
    fh.write('\n], "sources": ')
    json.dump(_sources(session), fh, ensure_ascii=False, indent=1)
    fh.write("}\n")
    return count


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}


def _sources(session: Session) -> list[dict[str, Any]]:
    entries = []
    for source in sources.all_sources(session):
        reports = []
        for report in sources.reports_of(session, source.id or ""):
            entry = _plain(report.__dict__)
            entry["attachments"] = [
                _plain(info.__dict__)
                for info in attachments.list_for(session, report_id=report.id or "")
            ]
            reports.append(entry)
        entries.append(source.__dict__ | {"reports": reports})
    return entries


def _write_geojson(fh: IO[str], session: Session) -> int:
    """Every incident as a feature; one without coordinates has a null geometry (RFC 7946)."""
    fh.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for data, names in _cited(session):
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
