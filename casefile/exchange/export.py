"""Writing a case's incidents out as ACLED CSV, JSON or GeoJSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.exchange import acled
from casefile.records import incidents, sources, totals
from casefile.records.incidents import IncidentData
from casefile.store.models import Incident

FORMATS = ("csv", "json", "geojson")


def write(session: Session, path: Path, *, format: str = "csv") -> int:
    """Write every incident in the chosen format; returns how many were written."""
    if format not in FORMATS:
        raise errors.CasefileError(f"Unknown export format {format!r}; use csv, json or geojson")
    if path.is_dir():
        raise errors.CasefileError(f"{path} is a folder; give a file name to write")
    if not path.parent.exists():
        raise errors.CasefileError(f"The folder {path.parent} does not exist")
    try:
        if format == "csv":
            return acled.write_csv(path, _incidents(session))
        items = [data.to_dict() for data in _incidents(session)]
        document = _json_document(session, items) if format == "json" else _geojson(items)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        return len(items)
    except PermissionError as exc:
        raise errors.CasefileError(f"{path} cannot be written: permission denied") from exc


def _incidents(session: Session) -> Iterator[IncidentData]:
    """Every incident as a plain value, oldest first."""
    ids = list(session.scalars(select(Incident.uuid).order_by(Incident.event_date, Incident.id)))
    for incident_id in ids:
        yield incidents.to_data(incidents.load(session, incident_id))


def _json_document(session: Session, items: list[dict[str, Any]]) -> dict[str, Any]:
    entries = []
    for source in sources.all_sources(session):
        entry = source.__dict__ | {
            "reports": [
                {
                    k: (v.isoformat() if hasattr(v, "isoformat") else v)
                    for k, v in r.__dict__.items()
                }
                for r in sources.reports_of(session, source.id or "")
            ]
        }
        entries.append(entry)
    return {"format": "casefile", "version": 1, "incidents": items, "sources": entries}


def _geojson(items: list[dict[str, Any]]) -> dict[str, Any]:
    features = []
    for item in items:
        if item["latitude"] is None or item["longitude"] is None:
            continue
        properties = {
            key: item[key]
            for key in (
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
        }
        counts = [incidents.CasualtyCount(**c) for c in item["casualties"]]
        properties["killed"] = totals.total(counts, "killed")[1]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [item["longitude"], item["latitude"]]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}
