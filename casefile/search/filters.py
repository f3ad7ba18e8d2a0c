"""Search filters: their values and checking them (their SQL is in casefile.search.conditions).

A filter given several values keeps an incident matching any of them (two event types
means either type). Filters of different names all apply together.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from casefile import errors
from casefile.records import values

CHOICES = (
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "actor",
    "reliability",
    "status",
    "tags",
)


@dataclass(frozen=True)
class Filters:
    """What a search is narrowed to besides its text; empty fields filter nothing."""

    start: date | None = None
    end: date | None = None
    event_type: tuple[str, ...] = ()
    sub_event_type: tuple[str, ...] = ()
    country: tuple[str, ...] = ()  # ISO code or country name
    admin1: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    min_killed: int | None = None
    reliability: tuple[str, ...] = ()  # Admiralty grades of any cited source
    status: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @classmethod
    def of(cls, **values: Any) -> Filters:
        """Filters from keyword values: one value or a list; dates as dates or ISO text."""
        unknown = set(values) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise errors.Invalid({name: "unknown search filter" for name in sorted(unknown)})
        clean: dict[str, Any] = {}
        for name, value in values.items():
            if value is None or value == () or value == []:
                continue
            if name in ("start", "end"):
                clean[name] = _date(name, value)
            elif name == "min_killed":
                clean[name] = _count(value)
            else:
                clean[name] = _choices(name, value)
        return cls(**clean)

    def without(self, name: str) -> Filters:
        """These filters with one of them cleared (facet counts ignore their own filter)."""
        # The field is named at run time: its value is typed by the check above, not by mypy.
        cleared: dict[str, Any] = {name: None if name in ("start", "end", "min_killed") else ()}
        return dataclasses.replace(self, **cleared)

    def keywords(self) -> dict[str, Any]:
        """The filters that are set as keyword arguments for `CaseFile.search`.

        Dates stay dates; a filter of one value gives that value, of several a list.
        """
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None or value == ():
                continue
            out[f.name] = (
                (value[0] if len(value) == 1 else list(value))
                if isinstance(value, tuple)
                else value
            )
        return out

    def to_json(self) -> dict[str, Any]:
        """The filters that are set, as JSON-ready values (for saved searches)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None or value == ():
                continue
            out[f.name] = (
                value.isoformat()
                if isinstance(value, date)
                else (list(value) if isinstance(value, tuple) else value)
            )
        return out


# The filters whose values come from a known list: a value outside it is a mistake.
CHECKED = {
    "event_type": "event type",
    "sub_event_type": "sub-event type",
    "country": "country",
    "status": "status",
    "reliability": "reliability grade",
}


class UnknownValue(errors.Invalid):
    """A filter value that is no known country, type, sub-type, status or grade."""

    def __init__(self, name: str, value: str, known: Collection[str]):
        self.name, self.value = name, value
        self.closest = _closest(value, known)
        what = CHECKED[name]
        if self.closest:
            hint = f"did you mean {' or '.join(self.closest)}?"
        elif not known:
            hint = f"this case has no {what} yet"
        else:
            listed = sorted(known, key=str.casefold)
            more = f" … ({len(listed)} in all)" if len(listed) > 12 else ""
            hint = f"use {', '.join(listed[:12])}{more}"
        super().__init__({name: f"{value!r} is not a known {what}; {hint}"})


def _closest(value: str, known: Collection[str]) -> list[str]:
    by_folded = {k.casefold(): k for k in known}
    near = difflib.get_close_matches(value.casefold(), list(by_folded), n=3, cutoff=0.6)
    return [by_folded[k] for k in near]


def check_known(filters: Filters, known: Mapping[str, Collection[str]]) -> None:
    """Refuse the first value of a checked filter that is not known (`UnknownValue`)."""
    for name in CHECKED:
        for value in getattr(filters, name):
            if value not in known.get(name, ()):
                raise UnknownValue(name, value, known.get(name, ()))


def _date(name: str, value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise errors.Invalid({name: f"{value!r} is not a date (use YYYY-MM-DD)"}) from exc


def _count(value: Any) -> int:
    if isinstance(value, str):  # the command line and saved searches may give it as text
        with contextlib.suppress(ValueError):
            value = int(value)
    values.check([("min_killed", values.int_problem(value))])
    return max(int(value), 0)  # fewer than none killed is every incident


def _choices(name: str, value: Any) -> tuple[str, ...]:
    given: Iterable[Any] = [value] if isinstance(value, str) else value
    values.check([(name, values.list_problem(given, str))])
    out = tuple(given)
    if name == "tags":
        out = tuple(" ".join(v.split()).lower() for v in out)  # tags are stored normalised
    if name == "reliability":
        out = tuple(v.strip().upper() for v in out)
    return out
