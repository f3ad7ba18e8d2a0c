"""A bundle's units checked as the app checks its own records, and their values parsed.

A bundle may come from anyone: a unit the app itself would refuse is refused here, and
JSON text goes back into each column's Python type before it is written.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache
from typing import Any

from casefile import errors
from casefile.exchange.snapshots import Unit
from casefile.records import incidents, sources
from casefile.records.incidents import CasualtyCount, IncidentData
from casefile.records.sources import SourceData, SourceReportData

_PARSERS: dict[type, Any] = {
    date: date.fromisoformat,
    datetime: datetime.fromisoformat,
    time: time.fromisoformat,
}


@cache
def _parser(column: Any) -> Any:
    """How a column's JSON text becomes its Python value (None: taken as it is)."""
    try:
        return _PARSERS.get(column.type.python_type)
    except NotImplementedError:
        return None


def value(column: Any, value: Any) -> Any:
    """A unit's JSON value back in the column's Python type."""
    parse = _parser(column)
    if value is None or parse is None:
        return value
    try:
        return parse(value)
    except (TypeError, ValueError) as exc:
        raise errors.CasefileError(f"The bundle holds a bad {column.name}: {value!r}") from exc


def killed(unit: Unit) -> int:
    """The people killed in an incident unit, counted as the app counts them."""
    casualties = [
        CasualtyCount(
            kind=c.get("kind", ""), best=int(c.get("best") or 0), group=c.get("group") or ""
        )
        for c in unit.get("casualties", [])
    ]
    data = IncidentData(title="", event_date=date.today(), casualties=casualties)
    return data.total("killed")[1]


def check(kind: str, unit: Unit) -> None:
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
