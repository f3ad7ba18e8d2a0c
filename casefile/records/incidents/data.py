"""An incident as a plain value: what the editor edits, drafts keep and imports build."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from casefile import errors
from casefile.records import taxonomy, totals


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
        unknown = set(data) - _field_names(cls)
        if unknown:
            raise errors.Invalid({name: "unknown field" for name in sorted(unknown)})
        return cls(**data)


def _field_names(cls: type) -> frozenset[str]:
    """A dataclass's field names, found once: an import builds a hundred thousand."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    return names


_FIELD_NAMES: dict[type, frozenset[str]] = {}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | time | datetime):
        return value.isoformat()
    return value


# The fields a row holds as its own columns; the rest are its child rows and its id.
SCALARS = [
    f.name
    for f in dataclasses.fields(IncidentData)
    if f.name not in {"id", "tags", "actors", "casualties", "citations", "version"}
]
