"""Checking values where they enter the core: types and ranges, each problem named by field.

Wrong values from a caller (a count given as text, 2**63, None as a tag, a lone
surrogate) raise `errors.Invalid` naming the field here, instead of a TypeError or
OverflowError deep in SQLAlchemy, or being stored wrong ("abc" as the tags a, b, c).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import MISSING
from datetime import date, datetime, time
from typing import Any, TypeVar

from casefile import errors

# SQLite keeps 64-bit signed integers.
MAX_INT = 2**63 - 1
# Dates outside these years are typing slips (0001, 9999) and break date arithmetic later.
FIRST_YEAR, LAST_YEAR = 1900, 2100
Problems = dict[str, str]
T = TypeVar("T")


def text_problem(value: Any, *, optional: bool = False) -> str | None:
    """What is wrong with a text value, or None."""
    if value is None:
        return None if optional else "is required (text)"
    if not isinstance(value, str):
        return f"must be text, not {type(value).__name__}"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "holds a character that is not valid Unicode (a lone surrogate)"
    return None


def int_problem(value: Any, *, optional: bool = False, lowest: int = -MAX_INT - 1) -> str | None:
    """What is wrong with a whole number, or None."""
    if value is None:
        return None if optional else "is required (a whole number)"
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be a whole number, not {type(value).__name__} {value!r}"[:120]
    if not lowest <= value <= MAX_INT:
        return f"must be between {lowest} and {MAX_INT}"
    return None


def number_problem(value: Any) -> str | None:
    """What is wrong with an optional finite number (a coordinate), or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a number, not {type(value).__name__}"
    if not math.isfinite(value):
        return "must be a finite number"
    return None


def date_problem(value: Any, *, optional: bool = False) -> str | None:
    """What is wrong with a date, or None; dates are within 1900-2100."""
    if value is None:
        return None if optional else "is required (a date)"
    if not isinstance(value, date):
        return f"must be a date, not {type(value).__name__}"
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return f"must be between {FIRST_YEAR} and {LAST_YEAR} (got {value.isoformat()})"
    return None


def list_problem(value: Any, kind: type | tuple[type, ...]) -> str | None:
    """What is wrong with a list of values of one kind, or None; a text is not a list."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return "must be a list"
    for item in value:
        if not isinstance(item, kind):
            return f"must hold only {_kind_name(kind)}, not {type(item).__name__}"
        if isinstance(item, str) and text_problem(item):
            return f"item {text_problem(item)}"
    return None


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join("text" if k is str else k.__name__ for k in kinds)


def check(checks: Iterable[tuple[str, str | None]]) -> None:
    """Raise `Invalid` naming every field whose check found a problem."""
    problems = {field: problem for field, problem in checks if problem}
    if problems:
        raise errors.Invalid(problems)


def build(cls: type[T], fields: dict[str, Any]) -> T:
    """A dataclass from keyword fields; unknown or missing fields are `Invalid`, not TypeError."""
    known = {spec.name: spec for spec in dataclasses.fields(cls)}  # type: ignore[arg-type]
    problems = {name: "unknown field" for name in sorted(set(fields) - set(known))}
    for name, spec in known.items():
        required = spec.default is MISSING and spec.default_factory is MISSING
        if required and name not in fields:
            problems[name] = "is required"
    if problems:
        raise errors.Invalid(problems)
    return cls(**fields)


def incident_problems(data: Any, kinds: tuple[type, type, type]) -> Problems:
    """Type and range problems of an `IncidentData`, before its own rules are checked.

    `kinds` are the classes of its actors, casualties and citations (passed in: the
    incidents module defines them and imports this one).
    """
    if _sound(data, kinds):
        return {}
    return _named_problems(data, kinds)


_TEXTS = ("title", "narrative", "claim_status", "status")
_OPTIONAL_FIELDS = (
    "disorder_type",
    "event_type",
    "sub_event_type",
    "country_code",
    "country",
    "region",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "timezone",
    "acled_id",
    "acled_source",
    "acled_source_scale",
)
_OPTIONAL_TEXTS = ("id", *_OPTIONAL_FIELDS)
_MIN_INT = -MAX_INT - 1


def _sound(data: Any, kinds: tuple[Any, Any, Any]) -> bool:
    """Whether an incident certainly has no type or range problem: every value of its
    exact expected type and in range, checked without naming anything.

    An import checks a hundred thousand sound incidents; one that is not sound here (or a
    subclass of an expected type) goes through `_named_problems`, which says what is wrong.
    """
    texts: list[str] = []
    add = texts.append
    for name in _TEXTS:
        value = getattr(data, name)
        if type(value) is not str:
            return False
        add(value)
    for name in _OPTIONAL_TEXTS:
        value = getattr(data, name)
        if value is not None:
            if type(value) is not str:
                return False
            add(value)
    if not (
        _sound_date(data.event_date)
        and (data.reported_date is None or _sound_date(data.reported_date))
    ):
        return False
    if not (data.event_time is None or type(data.event_time) is time):
        return False
    for stamp in (data.created_at, data.updated_at):
        # A JSON export carries them; anything but a datetime the named checks look at.
        if stamp is not None and type(stamp) is not datetime:
            return False
    if not (
        _sound_int(data.time_precision, _MIN_INT)
        and (data.geo_precision is None or _sound_int(data.geo_precision, _MIN_INT))
        and (data.acled_timestamp is None or _sound_int(data.acled_timestamp, _MIN_INT))
    ):
        return False
    for value in (data.latitude, data.longitude):
        if value is not None and not (type(value) in (float, int) and math.isfinite(value)):
            return False
    actor, casualty, citation = kinds
    if not (type(data.tags) is list and type(data.actors) is list):
        return False
    if type(data.casualties) is not list or type(data.citations) is not list:
        return False
    for tag in data.tags:
        if type(tag) is not str:
            return False
        add(tag)
    for a in data.actors:
        if type(a) is not actor or not (
            type(a.name) is str
            and type(a.role) is str
            and type(a.note) is str
            and type(a.associated) is bool
            and (a.likelihood is None or type(a.likelihood) is str)
            and (a.inter_code is None or _sound_int(a.inter_code, _MIN_INT))
        ):
            return False
        add(a.name)
        add(a.role)
        add(a.note)
        if a.likelihood is not None:
            add(a.likelihood)
    for c in data.casualties:
        if type(c) is not casualty or not (
            type(c.kind) is str
            and type(c.group) is str
            and (c.nationality is None or type(c.nationality) is str)
            and _sound_int(c.best, 0)
            and (c.low is None or _sound_int(c.low, 0))
            and (c.high is None or _sound_int(c.high, 0))
        ):
            return False
        add(c.kind)
        add(c.group)
        if c.nationality is not None:
            add(c.nationality)
    for r in data.citations:
        if type(r) is not citation or not (
            type(r.report_id) is str and type(r.note) is str and _sound_int(r.credibility, _MIN_INT)
        ):
            return False
        add(r.report_id)
        add(r.note)
    try:
        # A lone surrogate stays one when joined: one encoding checks every text at once.
        "".join(texts).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _sound_date(value: Any) -> bool:
    return type(value) is date and FIRST_YEAR <= value.year <= LAST_YEAR


def _sound_int(value: Any, lowest: int) -> bool:
    return type(value) is int and lowest <= value <= MAX_INT


def _named_problems(data: Any, kinds: tuple[type, type, type]) -> Problems:
    """Every type and range problem of an incident, named by field."""
    actor, casualty, citation = kinds
    found: list[tuple[str, str | None]] = [
        ("title", text_problem(data.title)),
        ("event_date", date_problem(data.event_date)),
        ("reported_date", date_problem(data.reported_date, optional=True)),
        (
            "event_time",
            None
            if data.event_time is None or isinstance(data.event_time, time)
            else "must be a time of day",
        ),
        ("time_precision", int_problem(data.time_precision)),
        ("geo_precision", int_problem(data.geo_precision, optional=True)),
        ("acled_timestamp", int_problem(data.acled_timestamp, optional=True)),
        ("latitude", number_problem(data.latitude)),
        ("longitude", number_problem(data.longitude)),
        ("narrative", text_problem(data.narrative)),
        ("claim_status", text_problem(data.claim_status)),
        ("status", text_problem(data.status)),
        ("tags", list_problem(data.tags, str)),
        ("id", text_problem(data.id, optional=True)),
    ]
    for name in _OPTIONAL_FIELDS:
        found.append((name, text_problem(getattr(data, name), optional=True)))
    for name in ("created_at", "updated_at"):
        value = getattr(data, name)
        if value is not None and not isinstance(value, datetime):
            found.append((name, "must be a date and time"))
    found += _actor_problems(data.actors, actor)
    found += _casualty_problems(data.casualties, casualty)
    found += _citation_problems(data.citations, citation)
    return {field: problem for field, problem in found if problem}


def _actor_problems(actors: Any, kind: type) -> list[tuple[str, str | None]]:
    problem = list_problem(actors, kind)
    if problem:
        return [("actors", problem)]
    found = []
    for actor in actors:
        found += [
            ("actors", text_problem(actor.name)),
            ("actors", text_problem(actor.role)),
            ("actors", text_problem(actor.note)),
            ("actors", text_problem(actor.likelihood, optional=True)),
            ("actors", int_problem(actor.inter_code, optional=True)),
            ("actors", None if isinstance(actor.associated, bool) else "associated is yes or no"),
        ]
    return found


def _casualty_problems(casualties: Any, kind: type) -> list[tuple[str, str | None]]:
    problem = list_problem(casualties, kind)
    if problem:
        return [("casualties", problem)]
    found = []
    for count in casualties:
        found += [
            ("casualties", text_problem(count.kind)),
            ("casualties", text_problem(count.group)),
            ("casualties", text_problem(count.nationality, optional=True)),
            *(
                ("casualties", int_problem(getattr(count, n), optional=n != "best", lowest=0))
                for n in ("low", "best", "high")
            ),
        ]
    return found


def _citation_problems(citations: Any, kind: type) -> list[tuple[str, str | None]]:
    problem = list_problem(citations, kind)
    if problem:
        return [("citations", problem)]
    found = []
    for citation in citations:
        found += [
            ("citations", text_problem(citation.report_id)),
            ("citations", int_problem(citation.credibility)),
            ("citations", text_problem(citation.note)),
        ]
    return found
