"""Any other CSV through a column mapping (column -> field), saved in the case file by name."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from casefile import errors
from casefile.exchange import values
from casefile.exchange.imported import Record, row_hash
from casefile.records import taxonomy

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The command line imports FIELDS for its help, and `casefile gui` starts through the
# command line before SQLAlchemy is loaded (issue #16): what needs the records or the
# tables imports them where it runs.

PREFIX = "import mapping: "
# The fields a column can fill, with what each holds.
FIELDS = {
    "title": "the incident's title",
    "event_date": "the date (2020-03-21, 21 March 2020 or 21.03.2020)",
    "event_type": "ACLED event type",
    "sub_event_type": "ACLED sub-event type",
    "disorder_type": "ACLED disorder type",
    "country": "country name",
    "country_code": "ISO 3166 two-letter code",
    "admin1": "province or region",
    "admin2": "district",
    "admin3": "sub-district",
    "location": "town or village",
    "latitude": "latitude in degrees",
    "longitude": "longitude in degrees",
    "narrative": "what happened",
    "killed": "number killed",
    "injured": "number injured",
    "abducted": "number abducted",
    "perpetrator": "perpetrators, ';'-separated",
    "target": "targets, ';'-separated",
    "tags": "tags, ';'-separated",
    "source": "source names, ';'-separated",
    "acled_id": "ACLED event_id_cnty (the key for updates)",
    "key": "any unique id of the row in its own data (the key for updates)",
}
REQUIRED = ("event_date",)


def check(mapping: dict[str, str], header: tuple[str, ...] | None = None) -> None:
    """Raise `CasefileError` naming an unknown field, a missing column or a missing date."""
    for column, field_name in mapping.items():
        if field_name not in FIELDS:
            known = ", ".join(FIELDS)
            raise errors.CasefileError(f"{field_name!r} is not a field to import into ({known})")
        if header is not None and column not in header:
            raise errors.CasefileError(f"the file has no column {column!r}")
    for field_name in REQUIRED:
        if field_name not in mapping.values():
            raise errors.CasefileError(f"map a column to {field_name}; it is required")


def save(session: Session, name: str, mapping: dict[str, str]) -> None:
    """Keep a mapping in the case file under a name (replacing one of that name)."""
    if not name.strip():
        raise errors.CasefileError("a mapping needs a name")
    from casefile.store.models import Setting

    check(mapping)
    session.merge(Setting(key=PREFIX + name.strip(), value=json.dumps(mapping)))


def load(session: Session, name: str) -> dict[str, str]:
    """A saved mapping, or `CasefileError` listing the saved ones."""
    from casefile.store.models import Setting

    value = session.get(Setting, PREFIX + name.strip())
    if value is None:
        saved = ", ".join(names(session)) or "none saved yet"
        raise errors.CasefileError(f"no saved mapping {name!r} (saved: {saved})")
    return dict(json.loads(value.value))


def names(session: Session) -> list[str]:
    """The names of the saved mappings."""
    from sqlalchemy import select

    from casefile.store.models import Setting

    keys = session.scalars(select(Setting.key).where(Setting.key.startswith(PREFIX)))
    return sorted(key[len(PREFIX) :] for key in keys)


def to_record(line: int, row: dict[str, str], mapping: dict[str, str]) -> Record:
    """One row read through a mapping; raises `CellError` naming the column it cannot read."""
    # The ACLED reader and the incident's values are loaded here: see FIELDS.
    from casefile.exchange import acled
    from casefile.records.incidents import ActorRole, CasualtyCount, IncidentData

    column_of = {field_name: column for column, field_name in mapping.items()}

    def cell(field_name: str) -> str:
        column = column_of.get(field_name)
        return row.get(column, "") if column else ""

    def named(field_name: str) -> str:
        return column_of.get(field_name, field_name)

    event_type = cell("event_type") or None
    sub_event_type = cell("sub_event_type") or None
    place = cell("location") or cell("admin2") or cell("admin1") or cell("country")
    casualties = [
        CasualtyCount(kind=kind, best=values.parse_count(cell(kind), named(kind)))
        for kind in taxonomy.CASUALTY_KINDS
        if cell(kind) or kind == "killed"
    ]
    actors = [
        ActorRole(name=name, role=role)
        for field_name, role in (("perpetrator", taxonomy.PERPETRATOR), ("target", taxonomy.TARGET))
        for name in acled.split(cell(field_name))
    ]
    code = cell("country_code").upper() or acled.country_code("", "", cell("country"))
    data = IncidentData(
        title=cell("title") or f"{sub_event_type or event_type or 'Incident'} in {place or '?'}",
        event_date=values.parse_date(cell("event_date"), named("event_date")),
        disorder_type=cell("disorder_type") or None,
        event_type=event_type,
        sub_event_type=sub_event_type,
        country_code=code or None,
        country=cell("country") or None,
        admin1=cell("admin1") or None,
        admin2=cell("admin2") or None,
        admin3=cell("admin3") or None,
        location=cell("location") or None,
        latitude=values.parse_coordinate(cell("latitude"), named("latitude"), 90),
        longitude=values.parse_coordinate(cell("longitude"), named("longitude"), 180),
        narrative=cell("narrative"),
        tags=acled.split(cell("tags")),
        actors=actors,
        casualties=casualties,
        acled_id=cell("acled_id") or None,
        import_codes={"hash": row_hash(row)},
    )
    # Without a key column a row is known by its content: the same file again adds nothing.
    data.import_key = f"csv:{cell('key')}" if cell("key") else f"row:{row_hash(row)}"
    return Record(line, data, acled.split(cell("source")))
