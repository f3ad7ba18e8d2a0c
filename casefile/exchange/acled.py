"""Reading and writing ACLED CSV, in the pre-2023 and the 2023 column layouts."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pycountry

from casefile import errors
from casefile.records import taxonomy
from casefile.records.incidents import ActorRole, CasualtyCount, IncidentData

# The 2023 layout, in ACLED's order; exports write exactly these first.
COLUMNS_2023 = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# Columns every ACLED export has, in either layout.
REQUIRED = {"event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "country"}

# Casefile's own columns, after ACLED's.
OWN_COLUMNS = (
    "casefile_id",
    "title",
    "event_time",
    "timezone",
    "reported_date",
    "country_code",
    "claim_status",
    "status",
    "suspected",
    "claimed_by",
    "killed_low",
    "killed_high",
    "injured",
    "injured_low",
    "injured_high",
    "abducted",
    "abducted_low",
    "abducted_high",
    "casualty_groups",
    "casefile_tags",
)

CIVILIAN_TARGETING = "civilian targeting"
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%d %b %Y")

Progress = Callable[[int, int], None]


@dataclass
class ImportSummary:
    """What an import did: rows added, rows skipped as already present, and row errors."""

    added: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.added} added, {self.skipped} skipped, {len(self.errors)} errors"


def read_rows(path: Path) -> tuple[list[dict[str, str]], int]:
    """ACLED rows from a CSV file with its header checked; the int is the header's line."""
    if not path.exists():
        raise errors.CaseFileNotFound(f"{path} does not exist")
    if not path.is_file():
        raise errors.CasefileError(f"{path.name} is not a file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise errors.CasefileError(f"{path.name} is not UTF-8 text; is it an ACLED CSV?") from exc
    except PermissionError as exc:
        raise errors.CasefileError(f"{path.name} cannot be read: permission denied") from exc
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = {name.strip() for name in reader.fieldnames or ()}
    except csv.Error as exc:
        raise errors.CasefileError(f"{path.name} is not a readable CSV file: {exc}") from exc
    missing = REQUIRED - header
    if missing:
        raise errors.CasefileError(
            f"{path.name} is not an ACLED export: missing column(s) {', '.join(sorted(missing))}"
        )
    try:
        rows = [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in reader]
    except csv.Error as exc:
        raise errors.CasefileError(f"{path.name} has a broken CSV row: {exc}") from exc
    return rows, 1


def parse_date(text: str) -> date:
    """An ACLED date in any of the layouts ACLED has used."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {text!r}")


def _int(text: str, default: int | None = None) -> int | None:
    text = text.strip()
    if not text:
        return default
    return int(float(text))


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


def _country_code(row: dict[str, str]) -> str | None:
    for key, lookup in (("iso3", "alpha_3"), ("iso", "numeric")):
        value = row.get(key, "").strip()
        if value:
            if lookup == "numeric":
                value = value.zfill(3)
            wanted: dict[str, Any] = {lookup: value}  # the field is named at run time
            found = pycountry.countries.get(**wanted)
            if found is not None:
                return str(found.alpha_2)
    name = row.get("country", "")
    try:
        return str(pycountry.countries.lookup(name).alpha_2) if name else None
    except LookupError:
        return None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _side(row: dict[str, str], n: int, role: str) -> list[ActorRole]:
    inter = _int(row.get(f"inter{n}", ""))
    actors = []
    if row.get(f"actor{n}"):
        actors.append(ActorRole(name=row[f"actor{n}"], role=role, inter_code=inter))
    for name in _split(row.get(f"assoc_actor_{n}", "")):
        actors.append(ActorRole(name=name, role=role, associated=True))
    return actors


def row_to_incident(row: dict[str, str]) -> IncidentData:
    """One ACLED row as an incident; raises ValueError on a row that cannot be read."""
    event_date = parse_date(row["event_date"])
    event_type = row["event_type"]
    sub_event_type = row["sub_event_type"]
    location = row.get("location") or row.get("admin2") or row.get("admin1") or row["country"]
    tags = [t.lower() for t in _split(row.get("tags", ""))]
    if row.get("civilian_targeting"):
        tags.append(CIVILIAN_TARGETING)
    fatalities = _int(row.get("fatalities", ""), 0) or 0
    timestamp = _int(row.get("timestamp", ""))
    return IncidentData(
        title=f"{sub_event_type or event_type} in {location}",
        event_date=event_date,
        time_precision=_int(row.get("time_precision", ""), 1) or 1,
        reported_date=datetime.fromtimestamp(timestamp, UTC).date() if timestamp else None,
        disorder_type=row.get("disorder_type") or None,
        event_type=event_type,
        sub_event_type=sub_event_type,
        country_code=_country_code(row),
        country=row["country"] or None,
        region=row.get("region") or None,
        admin1=row.get("admin1") or None,
        admin2=row.get("admin2") or None,
        admin3=row.get("admin3") or None,
        location=row.get("location") or None,
        latitude=_float(row.get("latitude", "")),
        longitude=_float(row.get("longitude", "")),
        geo_precision=_int(row.get("geo_precision", "")),
        narrative=row.get("notes", ""),
        status="reviewed",
        tags=tags,
        actors=_side(row, 1, taxonomy.PERPETRATOR) + _side(row, 2, taxonomy.TARGET),
        casualties=[CasualtyCount(kind="killed", best=fatalities)],
        acled_id=row["event_id_cnty"] or None,
        acled_source=row.get("source") or None,
        acled_source_scale=row.get("source_scale") or None,
        acled_timestamp=timestamp,
    )


def incidents_from(
    rows: Iterable[dict[str, str]], summary: ImportSummary
) -> Iterator[IncidentData]:
    """Incidents from ACLED rows; unreadable rows are noted in the summary and skipped."""
    for line, row in enumerate(rows, start=2):
        try:
            yield row_to_incident(row)
        except (ValueError, KeyError, OverflowError) as exc:
            summary.errors.append(f"line {line}: {exc}")


# --- Export ------------------------------------------------------------------------------


def _names(actors: list[ActorRole], role: str, *, associated: bool) -> list[ActorRole]:
    return [a for a in actors if a.role == role and a.associated == associated]


def _interaction(inter1: int | None, inter2: int | None) -> str:
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    return "".join(str(c) for c in codes) if codes else ""


def incident_to_row(data: IncidentData) -> dict[str, Any]:
    """One incident as an ACLED 2023 row followed by Casefile's own columns."""
    side1 = _names(data.actors, taxonomy.PERPETRATOR, associated=False)
    side2 = _names(data.actors, taxonomy.TARGET, associated=False)
    inter1 = side1[0].inter_code if side1 else None
    inter2 = side2[0].inter_code if side2 else None
    country = pycountry.countries.get(alpha_2=data.country_code) if data.country_code else None
    plain_tags = [t for t in data.tags if t != CIVILIAN_TARGETING]
    civilian = CIVILIAN_TARGETING in data.tags or inter2 == 7
    killed, injured, abducted = (data.total(k) for k in taxonomy.CASUALTY_KINDS)
    return {
        "event_id_cnty": data.acled_id or "",
        "event_date": data.event_date.isoformat(),
        "year": data.event_date.year,
        "time_precision": data.time_precision,
        "disorder_type": data.disorder_type or "",
        "event_type": data.event_type or "",
        "sub_event_type": data.sub_event_type or "",
        "actor1": side1[0].name if side1 else "",
        "assoc_actor_1": "; ".join(
            a.name for a in _names(data.actors, taxonomy.PERPETRATOR, associated=True)
        ),
        "inter1": "" if inter1 is None else inter1,
        "actor2": side2[0].name if side2 else "",
        "assoc_actor_2": "; ".join(
            a.name for a in _names(data.actors, taxonomy.TARGET, associated=True)
        ),
        "inter2": "" if inter2 is None else inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": int(country.numeric) if country else "",
        "region": data.region or "",
        "country": data.country or (country.name if country else ""),
        "admin1": data.admin1 or "",
        "admin2": data.admin2 or "",
        "admin3": data.admin3 or "",
        "location": data.location or "",
        "latitude": "" if data.latitude is None else data.latitude,
        "longitude": "" if data.longitude is None else data.longitude,
        "geo_precision": data.geo_precision or "",
        "source": data.acled_source or "",
        "source_scale": data.acled_source_scale or "",
        "notes": data.narrative,
        "fatalities": killed[1],
        "tags": "; ".join(plain_tags),
        "timestamp": data.acled_timestamp or "",
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


def write_csv(path: Path, incidents: Iterable[IncidentData]) -> int:
    """Write incidents as ACLED CSV plus Casefile columns; returns the number of rows."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS_2023 + OWN_COLUMNS)
        writer.writeheader()
        for data in incidents:
            writer.writerow(incident_to_row(data))
            count += 1
    return count
