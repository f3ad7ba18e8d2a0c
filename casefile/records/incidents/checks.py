"""An incident's checks: normalising what was typed, its problems and its warnings."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from casefile import errors
from casefile.records import taxonomy, values
from casefile.records.incidents.data import ActorRole, CasualtyCount, CitationRef, IncidentData

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
    present = {count.kind for count in data.casualties}
    for kind in taxonomy.CASUALTY_KINDS:
        if kind not in present:  # most incidents: none, or one total killed
            continue
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
    # tenth of the time of a bulk import. Of the plain class, the copy copy.copy makes
    # (a new instance holding the same attributes) without its generic protocol.
    if type(data) is IncidentData:
        out = IncidentData.__new__(IncidentData)
        out.__dict__ = dict(data.__dict__)
    else:
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
