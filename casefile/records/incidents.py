"""Incidents as plain values, their validation, and the operations that store them."""

from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from casefile import errors
from casefile.records import taxonomy, totals, values
from casefile.store.models import (
    Actor,
    Casualty,
    Citation,
    Incident,
    IncidentActor,
    IncidentLink,
    IncidentTag,
    SourceReport,
)


@dataclass
class ActorRole:
    """An actor's part in an incident, with an ICD 203 likelihood when only suspected."""

    name: str
    role: str = taxonomy.PERPETRATOR
    inter_code: int | None = None
    associated: bool = False
    likelihood: str | None = None
    note: str = ""


@dataclass
class CasualtyCount:
    """A casualty figure: low/best/high, for everyone (empty group) or one group."""

    kind: str
    best: int
    low: int | None = None
    high: int | None = None
    group: str = ""
    nationality: str | None = None

    def __post_init__(self) -> None:
        if self.low is None:
            self.low = self.best
        if self.high is None:
            self.high = self.best


@dataclass
class CitationRef:
    """A source report's account of the incident and its credibility grade (1–6)."""

    report_id: str
    credibility: int = 6
    note: str = ""


@dataclass
class IncidentData:
    """Everything about one incident as a plain value: what the editor edits and drafts keep."""

    title: str
    event_date: date
    id: str | None = None
    event_time: time | None = None
    time_precision: int = 1
    timezone: str | None = None
    reported_date: date | None = None
    disorder_type: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    country_code: str | None = None
    country: str | None = None
    region: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    claim_status: str = "unknown"
    narrative: str = ""
    status: str = "draft"
    tags: list[str] = field(default_factory=list)
    actors: list[ActorRole] = field(default_factory=list)
    casualties: list[CasualtyCount] = field(default_factory=list)
    citations: list[CitationRef] = field(default_factory=list)
    acled_id: str | None = None
    acled_source: str | None = None
    acled_source_scale: str | None = None
    acled_timestamp: int | None = None
    import_key: str | None = None
    import_codes: dict[str, str] | None = None
    tlp: str | None = None  # its own TLP marking; None: the case's
    created_at: datetime | None = None
    updated_at: datetime | None = None
    created_by: str | None = None
    updated_by: str | None = None
    version: int | None = None
    """The stored version this value was read at: saving it is refused (`errors.Conflict`)
    once another window or command has saved the incident since. None saves regardless."""

    def total(self, kind: str) -> tuple[int, int, int]:
        """Low, best and high for a casualty kind, by the one rule in `totals.total`."""
        return totals.total(self.casualties, kind)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO text)."""
        return _jsonable(dataclasses.asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IncidentData:
        """Build from a dict as `to_dict` writes it, or as the demo case spells it."""
        data = dict(data)
        for key in ("event_date", "reported_date"):
            if isinstance(data.get(key), str):
                data[key] = date.fromisoformat(data[key])
        if isinstance(data.get("event_time"), str):
            data["event_time"] = time.fromisoformat(data["event_time"])
        for key in ("created_at", "updated_at"):
            if isinstance(data.get(key), str):
                data[key] = datetime.fromisoformat(data[key])
        data["actors"] = [ActorRole(**a) for a in data.get("actors", [])]
        data["casualties"] = [CasualtyCount(**c) for c in data.get("casualties", [])]
        data["citations"] = [CitationRef(**c) for c in data.get("citations", [])]
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise errors.Invalid({name: "unknown field" for name in sorted(unknown)})
        return cls(**data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | time | datetime):
        return value.isoformat()
    return value


_TIMEZONES: set[str] | None = None
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def _valid_timezone(name: str) -> bool:
    global _TIMEZONES
    if _TIMEZONES is None:
        _TIMEZONES = available_timezones()
    if name in _TIMEZONES:
        return True
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def validate(data: IncidentData) -> dict[str, str]:
    """Every problem with an incident, keyed by field name; empty when it is sound."""
    problems = values.incident_problems(data, (ActorRole, CasualtyCount, CitationRef))
    if problems:  # the rules below assume the types are right
        return problems
    if not data.title or not data.title.strip():
        problems["title"] = "A title is required."
    elif len(data.title) > 500:
        problems["title"] = "Keep the title under 500 characters."
    if not isinstance(data.event_date, date):
        problems["event_date"] = "A date is required."
    if data.time_precision not in taxonomy.TIME_PRECISION:
        problems["time_precision"] = "Time precision is 1 (day), 2 (week) or 3 (month)."
    if data.timezone and not _valid_timezone(data.timezone):
        problems["timezone"] = f"Unknown time zone {data.timezone!r}; use e.g. Asia/Dushanbe."
    if data.event_type and data.event_type not in taxonomy.EVENT_TYPES:
        problems["event_type"] = f"Unknown event type {data.event_type!r}."
    elif data.sub_event_type:
        allowed = taxonomy.EVENT_TYPES.get(data.event_type or "", ())
        if data.sub_event_type not in allowed:
            problems["sub_event_type"] = (
                f"{data.sub_event_type!r} is not a sub-event type of {data.event_type!r}."
            )
    # ACLED gives an event that is both several types as "Political violence; Demonstrations".
    for part in (data.disorder_type or "").split(";"):
        if part.strip() and part.strip() not in taxonomy.DISORDER_TYPES:
            problems["disorder_type"] = f"Unknown disorder type {part.strip()!r}."
    if data.country_code and not COUNTRY_CODE.match(data.country_code):
        problems["country_code"] = "Use the two-letter ISO 3166 code, e.g. TJ."
    _validate_place(data, problems)
    if data.claim_status not in taxonomy.CLAIM_STATUSES:
        problems["claim_status"] = f"Unknown claim status {data.claim_status!r}."
    if data.status not in taxonomy.STATUSES:
        problems["status"] = "Status is draft or reviewed."
    _validate_actors(data, problems)
    _validate_casualties(data, problems)
    for citation in data.citations:
        if citation.credibility not in taxonomy.CREDIBILITY:
            problems["citations"] = "Credibility is graded 1 to 6."
    if data.tlp is not None and data.tlp not in taxonomy.TLP:
        problems["tlp"] = f"Unknown marking {data.tlp!r}; use one of {', '.join(taxonomy.TLP)}."
    return problems


def _validate_place(data: IncidentData, problems: dict[str, str]) -> None:
    if (data.latitude is None) != (data.longitude is None):
        problems["latitude"] = "Give both latitude and longitude, or neither."
    if data.latitude is not None and not -90 <= data.latitude <= 90:
        problems["latitude"] = "Latitude is between -90 and 90."
    if data.longitude is not None and not -180 <= data.longitude <= 180:
        problems["longitude"] = "Longitude is between -180 and 180."
    if data.geo_precision is not None and data.geo_precision not in taxonomy.GEO_PRECISION:
        problems["geo_precision"] = "Geo precision is 1, 2 or 3."


def _validate_actors(data: IncidentData, problems: dict[str, str]) -> None:
    for actor in data.actors:
        if not actor.name.strip():
            problems["actors"] = "Every actor needs a name."
        elif actor.role not in taxonomy.ACTOR_ROLES:
            problems["actors"] = f"Unknown role {actor.role!r} for {actor.name}."
        elif actor.likelihood is not None and actor.likelihood not in taxonomy.LIKELIHOOD_TERMS:
            problems["actors"] = f"{actor.likelihood!r} is not an ICD 203 likelihood term."
        elif actor.likelihood is not None and actor.role != taxonomy.SUSPECTED:
            problems["actors"] = f"Only a suspected actor carries a likelihood ({actor.name})."
        elif actor.inter_code is not None and actor.inter_code not in taxonomy.INTER_CODES:
            problems["actors"] = f"Inter code {actor.inter_code} is not an ACLED actor type."
    claimed = any(a.role == taxonomy.CLAIMED_BY for a in data.actors)
    if claimed and data.claim_status == "unclaimed":
        problems["claim_status"] = "An actor claims it, so it cannot be marked unclaimed."


def _validate_casualties(data: IncidentData, problems: dict[str, str]) -> None:
    for count in data.casualties:
        low, best, high = count.low or 0, count.best, count.high or 0
        if count.kind not in taxonomy.CASUALTY_KINDS:
            problems["casualties"] = f"Unknown casualty kind {count.kind!r}."
        elif min(low, best, high) < 0:
            problems["casualties"] = "Casualty figures cannot be negative."
        elif not low <= best <= high:
            problems["casualties"] = f"{count.kind}: low ≤ best ≤ high must hold."
    for kind in taxonomy.CASUALTY_KINDS:
        totals = [c for c in data.casualties if c.kind == kind and not c.group]
        groups = [c for c in data.casualties if c.kind == kind and c.group]
        if len(totals) > 1:
            problems["casualties"] = f"Only one total for {kind}; break it down by group."
        elif totals and groups and sum(g.low or 0 for g in groups) > (totals[0].high or 0):
            problems["casualties"] = f"The groups {kind} add up to more than the total."


def check(data: IncidentData) -> None:
    """Raise `Invalid` with every problem if the incident is not sound."""
    problems = validate(data)
    if problems:
        raise errors.Invalid(problems)


# --- Reading -----------------------------------------------------------------------------

_SCALARS = [
    f.name
    for f in dataclasses.fields(IncidentData)
    if f.name not in {"id", "tags", "actors", "casualties", "citations", "version"}
]


def load(session: Session, incident_id: str) -> Incident:
    """The ORM incident with this UUID, or `NotFound`."""
    row = session.scalar(
        select(Incident)
        .where(Incident.uuid == incident_id)
        .options(
            selectinload(Incident.actors),
            selectinload(Incident.casualties),
            selectinload(Incident.tags),
            selectinload(Incident.citations),
        )
    )
    if row is None:
        raise errors.NotFound(f"No incident {incident_id}")
    return row


def to_data(row: Incident) -> IncidentData:
    """The plain value of an ORM incident."""
    values = {name: getattr(row, name) for name in _SCALARS}
    return IncidentData(
        id=row.uuid,
        tags=[t.tag for t in row.tags],
        actors=[
            ActorRole(
                name=a.actor.name,
                role=a.role,
                inter_code=a.inter_code,
                associated=a.associated,
                likelihood=a.likelihood,
                note=a.note,
            )
            for a in row.actors
        ],
        casualties=[
            CasualtyCount(
                kind=c.kind,
                best=c.best,
                low=c.low,
                high=c.high,
                group=c.group,
                nationality=c.nationality,
            )
            for c in row.casualties
        ],
        citations=[
            CitationRef(report_id=c.report.uuid, credibility=c.credibility, note=c.note)
            for c in row.citations
        ],
        version=row.version,
        **values,
    )


# --- Writing -----------------------------------------------------------------------------

_READ_ONLY = {"created_at", "updated_at", "created_by", "updated_by"}


def store(session: Session, data: IncidentData, *, author: str | None) -> Incident:
    """Insert or overwrite an incident with its actors, casualties, tags and citations."""
    data = normalise(data)
    check(data)
    existing = None
    if data.id is None:
        row = Incident(created_by=author)
        session.add(row)
    else:
        existing = session.scalar(select(Incident).where(Incident.uuid == data.id))
        _check_version(existing, data)
        row = existing or Incident(uuid=data.id, created_by=author)
        if existing is None:
            session.add(row)
    before = _children(to_data(existing)) if existing is not None else None
    for name in _SCALARS:
        if name not in _READ_ONLY:
            setattr(row, name, getattr(data, name))
    row.updated_by = author
    row.killed = data.total("killed")[1]
    _store_actors(session, row, data.actors)
    _sync(row.casualties, [_casualty_row(i, c) for i, c in enumerate(data.casualties)], Casualty)
    _store_tags(row, data.tags)
    _store_citations(session, row, data.citations)
    row.source_count = len(data.citations)
    if before is not None and before != _children(data):
        # Its actors, casualties, tags or citations are the incident too: its version moves
        # (the row is written) so that a save read before this one is refused.
        flag_modified(row, "updated_by")
    return row


def _check_version(existing: Incident | None, data: IncidentData) -> None:
    """Refuse a save read at another version than the stored one: it would undo a change
    made since by another window, command or API handle (whatever checks the caller made)."""
    if data.version is None or (existing is not None and existing.version == data.version):
        return
    what = f"“{data.title}”" if data.title else "the incident"
    happened = "deleted" if existing is None else "changed"
    raise errors.Conflict(
        f"{what} was {happened} elsewhere (another window or command) since it was read; "
        "read it again and make the change there",
        action="The save",
    )


def _children(data: IncidentData) -> tuple[Any, ...]:
    return (data.tags, data.actors, data.casualties, data.citations)


def normalise(data: IncidentData) -> IncidentData:
    """Trim text, upper-case codes and fill the disorder type implied by the event type.

    Values of the wrong type are left as they are, for `validate` to name.
    """
    changes: dict[str, Any] = {}
    if isinstance(data.title, str) or data.title is None:
        changes["title"] = (data.title or "").strip()
    if isinstance(data.country_code, str) and data.country_code:
        changes["country_code"] = data.country_code.strip().upper()
    if (
        isinstance(data.event_type, str)
        and isinstance(data.sub_event_type, str)
        and data.sub_event_type
        and not data.disorder_type
    ):
        changes["disorder_type"] = taxonomy.disorder_type_for(data.event_type, data.sub_event_type)
    if values.list_problem(data.tags, str) is None:
        tags: list[str] = []
        for tag in data.tags:
            clean = " ".join(tag.split()).lower()
            if clean and clean not in tags:
                tags.append(clean)
        changes["tags"] = tags
    # A shallow copy with the changes set: dataclasses.replace runs __init__ again, a
    # tenth of the time of a bulk import.
    out = copy.copy(data)
    for name, value in changes.items():
        setattr(out, name, value)
    return out


def warnings(data: IncidentData) -> dict[str, str]:
    """What looks wrong but may be right, keyed by field: the editor shows it, saving goes on."""
    found = {}
    event, reported = data.event_date, data.reported_date
    if isinstance(event, date) and isinstance(reported, date) and event > reported:
        found["reported_date"] = "The event date is after the date it was reported; check both."
    return found


def _actor(session: Session, name: str, inter_code: int | None) -> Actor:
    name = " ".join(name.split())
    actor = session.scalar(select(Actor).where(Actor.name == name))
    if actor is None:
        actor = Actor(name=name, inter_code=inter_code)
        session.add(actor)
    return actor


def _store_actors(session: Session, row: Incident, actors: list[ActorRole]) -> None:
    wanted = [
        dict(
            actor=_actor(session, a.name, a.inter_code),
            role=a.role,
            inter_code=a.inter_code,
            associated=a.associated,
            likelihood=a.likelihood,
            note=a.note,
            position=i,
        )
        for i, a in enumerate(actors)
    ]
    _sync(row.actors, wanted, IncidentActor)


def _casualty_row(i: int, c: CasualtyCount) -> dict[str, Any]:
    return dict(
        kind=c.kind,
        group=c.group.strip(),
        nationality=c.nationality,
        low=c.low,
        best=c.best,
        high=c.high,
        position=i,
    )


def _sync(rows: list[Any], wanted: list[dict[str, Any]], model: type) -> None:
    """Make a child collection match `wanted`, updating rows in place to keep their UUIDs."""
    for row, fields in zip(rows, wanted, strict=False):
        for key, value in fields.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    if len(wanted) > len(rows):
        rows.extend(model(**values) for values in wanted[len(rows) :])
    else:
        del rows[len(wanted) :]


def _store_tags(row: Incident, tags: list[str]) -> None:
    current = {t.tag: t for t in row.tags}
    row.tags[:] = [current.get(tag) or IncidentTag(tag=tag) for tag in tags]


def _store_citations(session: Session, row: Incident, citations: list[CitationRef]) -> None:
    current = {c.report.uuid: c for c in row.citations}
    keep: list[Citation] = []
    # No autoflush: a half-built citation must not be flushed while reports are looked up.
    with session.no_autoflush:
        _collect_citations(session, citations, current, keep)
    row.citations[:] = keep


def _collect_citations(
    session: Session,
    citations: list[CitationRef],
    current: dict[str, Citation],
    keep: list[Citation],
) -> None:
    for ref in citations:
        citation = current.get(ref.report_id)
        if citation is None:
            report = session.scalar(select(SourceReport).where(SourceReport.uuid == ref.report_id))
            if report is None:
                raise errors.Invalid({"citations": f"No source report {ref.report_id}"})
            citation = Citation(report=report)
        citation.credibility = ref.credibility
        citation.note = ref.note
        keep.append(citation)


def remove(session: Session, incident_id: str) -> None:
    """Delete an incident and everything that hangs off it, links included."""
    row = load(session, incident_id)
    links = session.scalars(
        select(IncidentLink).where(
            or_(IncidentLink.from_id == row.id, IncidentLink.to_id == row.id)
        )
    )
    for link in links:
        session.delete(link)
    session.delete(row)


def link(session: Session, from_id: str, to_id: str, *, kind: str, note: str = "") -> IncidentLink:
    """Relate two incidents: 'duplicate', 'series' or 'related'."""
    if kind not in ("duplicate", "series", "related"):
        raise errors.Invalid({"kind": "A link is a duplicate, series or related."})
    a, b = load(session, from_id), load(session, to_id)
    if a.id == b.id:
        raise errors.Invalid({"to_id": "An incident cannot be linked to itself."})
    found = session.scalar(
        select(IncidentLink).where(
            IncidentLink.from_id == a.id, IncidentLink.to_id == b.id, IncidentLink.kind == kind
        )
    )
    if found is None:
        found = IncidentLink(from_id=a.id, to_id=b.id, kind=kind, note=note)
        session.add(found)
    return found


def unlink(session: Session, from_id: str, to_id: str) -> None:
    """Remove every link between two incidents, in either direction."""
    a, b = load(session, from_id), load(session, to_id)
    for found in session.scalars(
        select(IncidentLink).where(
            or_(
                (IncidentLink.from_id == a.id) & (IncidentLink.to_id == b.id),
                (IncidentLink.from_id == b.id) & (IncidentLink.to_id == a.id),
            )
        )
    ):
        session.delete(found)


def links(session: Session, incident_id: str) -> list[tuple[str, str, str]]:
    """(kind, other incident UUID, other title) for every link of an incident."""
    row = load(session, incident_id)
    other = Incident.__table__.alias("other")
    out: list[tuple[str, str, str]] = []
    for mine, theirs in (("from_id", "to_id"), ("to_id", "from_id")):
        query = (
            select(IncidentLink.kind, other.c.uuid, other.c.title)
            .join(other, other.c.id == getattr(IncidentLink, theirs))
            .where(getattr(IncidentLink, mine) == row.id)
        )
        out.extend(tuple(r) for r in session.execute(query))
    return out
