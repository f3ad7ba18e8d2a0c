"""UCDP Georeferenced Event Dataset (GED) CSV rows as incidents.

UCDP codes an event between side A and side B with low/best/high deaths; its `id` is
the key a newer download updates by. Its precision scales are finer than ACLED's and
are folded onto ours; the originals are kept in `import_codes`.
"""

from __future__ import annotations

from casefile.exchange import acled, values
from casefile.exchange.imported import Record, row_hash
from casefile.exchange.values import CellError
from casefile.records import taxonomy
from casefile.records.incidents import ActorRole, CasualtyCount, IncidentData

REQUIRED = frozenset(
    {"id", "type_of_violence", "side_a", "side_b", "date_start", "date_end", "best", "country"}
)
# type_of_violence: 1 state-based, 2 non-state, 3 one-sided (against civilians).
EVENT_TYPES = {
    1: ("Battles", "Armed clash"),
    2: ("Battles", "Armed clash"),
    3: ("Violence against civilians", "Attack"),
}
# date_prec 1 (the day) … 5 (the year) onto ACLED's time precision 1 (day) … 3 (month).
TIME_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}
# where_prec 1 (the place) … 7 (international waters) onto ACLED's geo precision 1 … 3.
GEO_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}
KEPT_CODES = (
    "type_of_violence",
    "date_prec",
    "where_prec",
    "date_end",
    "conflict_name",
    "dyad_name",
    "deaths_a",
    "deaths_b",
    "deaths_unknown",
    "event_clarity",
    "code_status",
)


def is_ucdp(header: set[str]) -> bool:
    """Whether a header is a UCDP GED export's."""
    return header >= REQUIRED


def _scaled(row: dict[str, str], column: str, scale: dict[int, int]) -> int | None:
    code = values.parse_int(row.get(column, ""), column)
    if code is None:
        return None
    if code not in scale:
        raise CellError(column, f"{code} is not a UCDP {column} code")
    return scale[code]


def to_record(line: int, row: dict[str, str]) -> Record:
    """One GED row as an incident; raises `CellError` naming the column it cannot read."""
    violence = values.parse_int(row["type_of_violence"], "type_of_violence")
    if violence not in EVENT_TYPES:
        raise CellError("type_of_violence", f"{row['type_of_violence']!r} is not 1, 2 or 3")
    event_type, sub_event_type = EVENT_TYPES[violence]
    start = values.parse_date(row["date_start"], "date_start")
    end = values.parse_date(row["date_end"], "date_end")
    if end < start:
        raise CellError("date_end", f"{row['date_end']} is before date_start")
    best = values.parse_count(row["best"], "best")
    low = values.parse_int(row.get("low", ""), "low", default=best)
    high = values.parse_int(row.get("high", ""), "high", default=best)
    casualties = [CasualtyCount(kind="killed", best=best, low=low, high=high)]
    civilians = values.parse_count(row.get("deaths_civilians", ""), "deaths_civilians")
    if civilians:
        casualties.append(CasualtyCount(kind="killed", best=civilians, group="civilians"))
    place = row.get("where_coordinates") or row.get("adm_2") or row.get("adm_1") or row["country"]
    side_b = row["side_b"]
    codes = {key: row[key] for key in KEPT_CODES if key in row}
    codes["hash"] = row_hash(row)
    data = IncidentData(
        title=f"{row.get('dyad_name') or row['side_a']} in {place}",
        event_date=start,
        time_precision=_scaled(row, "date_prec", TIME_PRECISION) or 1,
        disorder_type=taxonomy.POLITICAL_VIOLENCE,
        event_type=event_type,
        sub_event_type=sub_event_type,
        country_code=acled.country_code("", "", row["country"].split("(")[0].strip()),
        country=row["country"] or None,
        region=row.get("region") or None,
        admin1=row.get("adm_1") or None,
        admin2=row.get("adm_2") or None,
        location=row.get("where_coordinates") or None,
        latitude=values.parse_coordinate(row.get("latitude", ""), "latitude", 90),
        longitude=values.parse_coordinate(row.get("longitude", ""), "longitude", 180),
        geo_precision=_scaled(row, "where_prec", GEO_PRECISION),
        narrative=row.get("source_headline", ""),
        status="reviewed",
        actors=[
            ActorRole(name=row["side_a"], role=taxonomy.PERPETRATOR),
            ActorRole(
                name=side_b,
                role=taxonomy.TARGET,
                inter_code=7 if side_b.lower() == "civilians" else None,
            ),
        ],
        casualties=casualties,
        import_key=f"ucdp:{row['id']}",
        import_codes=codes,
    )
    return Record(line, data, acled.split(row.get("source_office", "")))
