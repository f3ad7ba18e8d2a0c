"""ACLED CSV rows as incidents, in every layout ACLED has shipped, and Casefile's own CSV.

Layouts: before 2023 (data_id, iso3…), the 2023 31 columns, and the current one where
inter1/inter2 are actor-type words ("State forces") and interaction is
"State forces-Political militia". The codes are kept as written (`import_codes`), so an
export gives back exactly what came in. Casefile's own CSV is ACLED's columns followed
by ours (`OWN_COLUMNS`); its `casefile_id` makes a re-import update rather than duplicate.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache

import pycountry

from casefile.exchange import values
from casefile.exchange.imported import Record, row_hash
from casefile.exchange.values import CellError
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
# Columns every ACLED export has, in any layout.
REQUIRED = frozenset(
    {"event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "country"}
)
# ACLED's codes kept as written, for the export to give back unchanged.
KEPT_CODES = ("inter1", "inter2", "interaction", "iso", "civilian_targeting", "year")

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
# A cell starting with one of these is run as a formula by Excel and LibreOffice; our
# export puts a quote before it, which our import takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# ACLED's actor-type words (current layout) to the numeric codes (older layouts).
INTER_WORDS = {word.lower(): code for code, word in taxonomy.INTER_CODES.items()}
_SUSPECTED = re.compile(r"^(.*) \(([^()]*)\)$")
_GROUP = re.compile(r"^(\d+) (.+) (killed|injured|abducted)$")


def is_acled(header: set[str]) -> bool:
    """Whether a header is an ACLED export's (any layout) or Casefile's own CSV."""
    return header >= REQUIRED


def inter_code(text: str, column: str) -> int | None:
    """An actor type from ACLED's number ('1') or word ('State forces'); None when empty."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        code = int(text)
        if code in taxonomy.INTER_CODES:
            return code
    elif text.lower() in INTER_WORDS:
        return INTER_WORDS[text.lower()]
    raise CellError(column, f"{text!r} is not an ACLED actor type")


@lru_cache(maxsize=1024)
def country_code(iso3: str, iso: str, name: str) -> str | None:
    """The ISO 3166 alpha-2 code from ACLED's iso3, numeric iso, or country name."""
    found = None
    if iso3:
        found = pycountry.countries.get(alpha_3=iso3)
    if found is None and iso.isdigit():
        found = pycountry.countries.get(numeric=iso.zfill(3))
    if found is None and name:
        try:
            found = pycountry.countries.lookup(name)
        except LookupError:
            return None
    return str(found.alpha_2) if found is not None else None


def split(text: str) -> list[str]:
    """The parts of a ';'-separated cell, trimmed, empty parts dropped."""
    if ";" not in text:  # most cells: one part or none
        text = text.strip()
        return [text] if text else []
    return [part.strip() for part in text.split(";") if part.strip()]


# The columns of each side, spelt out once rather than per row.
_SIDES = {n: (f"inter{n}", f"actor{n}", f"assoc_actor_{n}") for n in (1, 2)}


def _side(row: dict[str, str], n: int, role: str) -> list[ActorRole]:
    inter_column, actor_column, associated_column = _SIDES[n]
    inter = inter_code(row.get(inter_column, ""), inter_column)
    actors = []
    if row.get(actor_column):
        actors.append(ActorRole(name=row[actor_column], role=role, inter_code=inter))
    associated = row.get(associated_column, "")
    if associated:
        for name in split(associated):
            actors.append(ActorRole(name=name, role=role, associated=True))
    return actors


def to_record(line: int, row: dict[str, str]) -> Record:
    """One ACLED row as an incident; raises `CellError` naming the column it cannot read."""
    if "casefile_id" in row:
        row = {key: _unquote(value) for key, value in row.items()}
    event_date = values.parse_date(row["event_date"], "event_date")
    event_type = row["event_type"]
    sub_event_type = row["sub_event_type"]
    location = row.get("location") or row.get("admin2") or row.get("admin1") or row["country"]
    tags = [t.lower() for t in split(row.get("tags", ""))]
    if row.get("civilian_targeting"):
        tags.append(CIVILIAN_TARGETING)
    fatalities = values.parse_count(row.get("fatalities", ""), "fatalities")
    timestamp = values.parse_int(row.get("timestamp", ""), "timestamp")
    time_precision = values.parse_int(row.get("time_precision", ""), "time_precision", default=1)
    codes = {key: row[key] for key in KEPT_CODES if key in row}
    codes["hash"] = row_hash(row)
    data = IncidentData(
        title=f"{sub_event_type or event_type} in {location}",
        event_date=event_date,
        time_precision=time_precision or 1,
        reported_date=datetime.fromtimestamp(timestamp, UTC).date() if timestamp else None,
        disorder_type=row.get("disorder_type") or None,
        event_type=event_type or None,
        sub_event_type=sub_event_type or None,
        country_code=country_code(row.get("iso3", ""), row.get("iso", ""), row["country"]),
        country=row["country"] or None,
        region=row.get("region") or None,
        admin1=row.get("admin1") or None,
        admin2=row.get("admin2") or None,
        admin3=row.get("admin3") or None,
        location=row.get("location") or None,
        latitude=values.parse_coordinate(row.get("latitude", ""), "latitude", 90),
        longitude=values.parse_coordinate(row.get("longitude", ""), "longitude", 180),
        geo_precision=values.parse_int(row.get("geo_precision", ""), "geo_precision"),
        narrative=row.get("notes", ""),
        status="reviewed",
        tags=tags,
        actors=_side(row, 1, taxonomy.PERPETRATOR) + _side(row, 2, taxonomy.TARGET),
        # No row for none reported: a total of 0 reads the same, and half of ACLED is 0.
        casualties=[CasualtyCount(kind="killed", best=fatalities)] if fatalities else [],
        acled_id=row["event_id_cnty"] or None,
        acled_source=row.get("source") or None,
        acled_source_scale=row.get("source_scale") or None,
        acled_timestamp=timestamp,
        import_codes=codes,
    )
    if row.get("casefile_id"):
        _own_columns(data, row)
    return Record(line, data, split(row.get("source", "")))


def _unquote(text: str) -> str:
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS and text[1:2] else text


def _own_columns(data: IncidentData, row: dict[str, str]) -> None:
    """Casefile's own columns, as its CSV export writes them, over the ACLED reading."""
    data.id = row["casefile_id"]
    data.title = row.get("title") or data.title
    if row.get("event_time"):
        try:
            data.event_time = datetime.strptime(row["event_time"], "%H:%M:%S").time()
        except ValueError:
            raise CellError("event_time", f"{row['event_time']!r} is not a time") from None
    data.timezone = row.get("timezone") or None
    if row.get("reported_date"):
        data.reported_date = values.parse_date(row["reported_date"], "reported_date")
    data.country_code = row.get("country_code") or data.country_code
    data.claim_status = row.get("claim_status") or data.claim_status
    data.status = row.get("status") or data.status
    if "casefile_tags" in row:
        data.tags = split(row["casefile_tags"])
    for text in split(row.get("suspected", "")):
        match = _SUSPECTED.match(text)
        name, likelihood = match.groups() if match else (text, None)
        known = likelihood if likelihood in taxonomy.LIKELIHOOD_TERMS else None
        data.actors.append(ActorRole(name=name, role=taxonomy.SUSPECTED, likelihood=known))
    for name in split(row.get("claimed_by", "")):
        data.actors.append(ActorRole(name=name, role=taxonomy.CLAIMED_BY))
    data.casualties = [_total(row, kind, data) for kind in taxonomy.CASUALTY_KINDS]
    data.casualties = [c for c in data.casualties if c.high]
    if not row.get("event_id_cnty"):  # made in Casefile: the column lists cited sources
        data.acled_source = None
    for text in split(row.get("casualty_groups", "")):
        match = _GROUP.match(text)
        if match is None:
            raise CellError("casualty_groups", f"{text!r} is not 'number group kind'")
        best, group, kind = match.groups()
        data.casualties.append(CasualtyCount(kind=kind, best=int(best), group=group))


def _total(row: dict[str, str], kind: str, data: IncidentData) -> CasualtyCount:
    best = data.total("killed")[1] if kind == "killed" else None
    if best is None:
        best = values.parse_count(row.get(kind, ""), kind)
    low = values.parse_int(row.get(f"{kind}_low", ""), f"{kind}_low", default=best)
    high = values.parse_int(row.get(f"{kind}_high", ""), f"{kind}_high", default=best)
    return CasualtyCount(kind=kind, best=best, low=low, high=high)
