"""Loading the demo case, kept as readable TOML in resources/demo, into a case file."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from casefile import errors
from casefile.paths import resource
from casefile.records import incidents, sources
from casefile.records.incidents import CitationRef, IncidentData
from casefile.records.sources import SourceData, SourceReportData
from casefile.store.models import Setting

DEMO = resource("demo", "border-incidents.toml")


def read(path: Path = DEMO) -> dict[str, Any]:
    """The demo case as a dict, straight from its TOML file."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise errors.CasefileError(f"The demo case {path.name} cannot be read: {exc}") from exc


def _dates(values: dict[str, Any], *names: str) -> dict[str, Any]:
    out = dict(values)
    for name in names:
        if isinstance(out.get(name), str):
            out[name] = date.fromisoformat(out[name])
    return out


def load(session: Session, path: Path = DEMO) -> None:
    """Enter the demo case's records through a session (the caller's transaction)."""
    case = read(path)
    reports: dict[str, str] = {}
    uuids: dict[str, str] = {}
    for entry in case.get("sources", []):
        fields = {k: v for k, v in entry.items() if k not in ("key", "reports")}
        source = sources.store_source(session, SourceData(**fields))
        session.flush()
        for item in entry.get("reports", []):
            values = _dates({k: v for k, v in item.items() if k != "key"}, "published", "accessed")
            report = sources.store_report(
                session, SourceReportData(source_id=source.uuid, **values)
            )
            session.flush()
            reports[item["key"]] = report.uuid
    for entry in case.get("incidents", []):
        fields = {k: v for k, v in entry.items() if k not in ("key", "citations")}
        data = IncidentData.from_dict(fields)
        data.citations = [
            CitationRef(report_id=reports[c["report"]], credibility=c["credibility"])
            for c in entry.get("citations", [])
        ]
        row = incidents.store(session, data, author=case.get("case", {}).get("author"))
        session.flush()
        uuids[entry["key"]] = row.uuid
    for link in case.get("links", []):
        incidents.link(
            session,
            uuids[link["from"]],
            uuids[link["to"]],
            kind=link["kind"],
            note=link.get("note", ""),
        )
    session.merge(Setting(key="name", value=case.get("case", {}).get("name", "Demo case")))
