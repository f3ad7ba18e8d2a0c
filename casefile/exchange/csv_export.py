"""An incident as one CSV row: ACLED's 31 columns with its codes as imported, then ours."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

import pycountry

from casefile.exchange import acled
from casefile.records import taxonomy
from casefile.records.incidents import ActorRole, IncidentData

FORMULA_STARTS = acled.FORMULA_STARTS
COLUMNS = acled.COLUMNS_2023 + acled.OWN_COLUMNS


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made inert with a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _names(actors: list[ActorRole], role: str, *, associated: bool) -> list[ActorRole]:
    return [a for a in actors if a.role == role and a.associated == associated]


def _interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED's interaction code: the two actor types, lower first, 0 for a missing side."""
    if inter1 is None and inter2 is None:
        return ""
    low, high = sorted((inter1 or 0, inter2 or 0))
    return f"{low}{high}" if low else f"{high}0"


def _source_cell(data: IncidentData, cited: list[str]) -> str:
    """The sources the incident cites; ACLED's own spelling when it names the same ones."""
    kept = acled.split(data.acled_source or "")
    if not cited or set(kept) == set(cited):
        return data.acled_source or ""
    return "; ".join(dict.fromkeys(cited))


def incident_to_row(data: IncidentData, cited: list[str] | None = None) -> dict[str, Any]:
    """One incident as an ACLED 2023 row followed by Casefile's own columns."""
    codes = data.import_codes or {}
    side1 = _names(data.actors, taxonomy.PERPETRATOR, associated=False)
    side2 = _names(data.actors, taxonomy.TARGET, associated=False)
    inter1 = side1[0].inter_code if side1 else None
    inter2 = side2[0].inter_code if side2 else None
    country = pycountry.countries.get(alpha_2=data.country_code) if data.country_code else None
    plain_tags = [t for t in data.tags if t != acled.CIVILIAN_TARGETING]
    civilian = acled.CIVILIAN_TARGETING in data.tags or inter2 == 7
    killed, injured, abducted = (data.total(k) for k in taxonomy.CASUALTY_KINDS)
    computed = {
        "inter1": "" if inter1 is None else inter1,
        "inter2": "" if inter2 is None else inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": int(country.numeric) if country else "",
        "year": data.event_date.year,
    }
    # ACLED's codes as the file had them (numbers or words, inter2 0 as 0).
    kept = {key: codes[key] for key in acled.KEPT_CODES if key in codes}
    return (
        {
            "event_id_cnty": data.acled_id or "",
            "event_date": data.event_date.isoformat(),
            "time_precision": data.time_precision,
            "disorder_type": data.disorder_type or "",
            "event_type": data.event_type or "",
            "sub_event_type": data.sub_event_type or "",
            "actor1": side1[0].name if side1 else "",
            "assoc_actor_1": "; ".join(
                a.name for a in _names(data.actors, taxonomy.PERPETRATOR, associated=True)
            ),
            "actor2": side2[0].name if side2 else "",
            "assoc_actor_2": "; ".join(
                a.name for a in _names(data.actors, taxonomy.TARGET, associated=True)
            ),
            "region": data.region or "",
            "country": data.country or "",
            "admin1": data.admin1 or "",
            "admin2": data.admin2 or "",
            "admin3": data.admin3 or "",
            "location": data.location or "",
            "latitude": "" if data.latitude is None else data.latitude,
            "longitude": "" if data.longitude is None else data.longitude,
            "geo_precision": "" if data.geo_precision is None else data.geo_precision,
            "source": _source_cell(data, cited or []),
            "source_scale": data.acled_source_scale or "",
            "notes": data.narrative,
            "fatalities": killed[1],
            "tags": "; ".join(plain_tags),
            "timestamp": "" if data.acled_timestamp is None else data.acled_timestamp,
            "casefile_id": data.id or "",
            "title": data.title,
            "event_time": data.event_time.isoformat() if data.event_time else "",
            "timezone": data.timezone or "",
            "reported_date": data.reported_date.isoformat() if data.reported_date else "",
            "country_code": data.country_code or "",
            "claim_status": data.claim_status,
            "status": data.status,
            "suspected": "; ".join(
                f"{a.name} ({a.likelihood or 'likelihood not assessed'})"
                for a in data.actors
                if a.role == taxonomy.SUSPECTED
            ),
            "claimed_by": "; ".join(a.name for a in data.actors if a.role == taxonomy.CLAIMED_BY),
            "killed_low": killed[0],
            "killed_high": killed[2],
            "injured": injured[1],
            "injured_low": injured[0],
            "injured_high": injured[2],
            "abducted": abducted[1],
            "abducted_low": abducted[0],
            "abducted_high": abducted[2],
            "casualty_groups": "; ".join(
                f"{c.best} {c.group} {c.kind}" for c in data.casualties if c.group
            ),
            "casefile_tags": "; ".join(data.tags),
        }
        | computed
        | kept
    )


def write_rows(fh: IO[str], items: Iterable[tuple[IncidentData, list[str]]]) -> int:
    """Write (incident, cited source names) as CSV rows after the header; returns how many."""
    writer = csv.DictWriter(fh, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for data, cited in items:
        writer.writerow({k: neutralise(v) for k, v in incident_to_row(data, cited).items()})
        count += 1
    return count
