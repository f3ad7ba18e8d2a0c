"""Writing a case's incidents out as ACLED CSV, JSON or GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casefile import acled, errors

if TYPE_CHECKING:
    from casefile.case import CaseFile

FORMATS = ("csv", "json", "geojson")


def write(cf: CaseFile, path: Path, *, format: str = "csv") -> int:
    """Write every incident in the chosen format; returns how many were written."""
    if format not in FORMATS:
        raise errors.CasefileError(f"Unknown export format {format!r}; use csv, json or geojson")
    if path.is_dir():
        raise errors.CasefileError(f"{path} is a folder; give a file name to write")
    if not path.parent.exists():
        raise errors.CasefileError(f"The folder {path.parent} does not exist")
    try:
        if format == "csv":
            return acled.write_csv(path, cf.iter_incidents())
        items = [data.to_dict() for data in cf.iter_incidents()]
        document = _json_document(cf, items) if format == "json" else _geojson(items)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        return len(items)
    except PermissionError as exc:
        raise errors.CasefileError(f"{path} cannot be written: permission denied") from exc


def _json_document(cf: CaseFile, items: list[dict[str, Any]]) -> dict[str, Any]:
    sources = []
    for source in cf.list_sources():
        entry = source.__dict__ | {
            "reports": [
                {
                    k: (v.isoformat() if hasattr(v, "isoformat") else v)
                    for k, v in r.__dict__.items()
                }
                for r in cf.list_source_reports(source.id or "")
            ]
        }
        sources.append(entry)
    return {"format": "casefile", "version": 1, "incidents": items, "sources": sources}


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
        properties["killed"] = sum(
            c["best"] for c in item["casualties"] if c["kind"] == "killed" and not c["group"]
        ) or sum(c["best"] for c in item["casualties"] if c["kind"] == "killed")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [item["longitude"], item["latitude"]]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}
