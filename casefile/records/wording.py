"""How a record is written out for people: its place line, the one rule the list, the
details, search snippets and reports all use."""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter

# An incident's place fields, most precise first: the order every place line follows.
PLACE_FIELDS = ("location", "admin3", "admin2", "admin1", "country")


def place_parts(record: object) -> list[str]:
    """The record's place names, most precise first, spaces tidied.

    A name is left out when blank or when its words, ignoring case, are already part of an
    earlier name ("Khorugh" after "Khorugh city"); whole words only, so "Rog" stays after
    "Khorog" and every word a search can match is still written out. Fields the record
    lacks (a list row has only location and country) count as blank.
    """
    return list(_kept(_values(record)))


def place_line(record: object) -> str:
    """The whole place: "Shamsiddin Shohin, Khatlon, Tajikistan"."""
    return ", ".join(_kept(_values(record)))


def short_place(record: object) -> str:
    """The most precise name and the country, for one-line lists: "Khorugh, Tajikistan"."""
    return _short(_values(record))


_ALL_FIELDS = attrgetter(*PLACE_FIELDS)


def _values(record: object) -> tuple[str | None, ...]:
    try:
        return _ALL_FIELDS(record)
    except AttributeError:  # a record with some of the fields
        return tuple(getattr(record, name, None) for name in PLACE_FIELDS)


# Remembered: a page of hits or a report names the same few places again and again, and
# working a line out costs several microseconds, more than the rest of a hit's place.
@lru_cache(maxsize=4096)
def _kept(values: tuple[str | None, ...]) -> tuple[str, ...]:
    kept: list[str] = []
    seen: list[str] = []
    for value in values:
        part = " ".join(value.split()) if isinstance(value, str) else ""
        words = f" {part.casefold()} "
        if part and not any(words in earlier for earlier in seen):
            kept.append(part)
            seen.append(words)
    return tuple(kept)


@lru_cache(maxsize=4096)
def _short(values: tuple[str | None, ...]) -> str:
    parts = _kept(values)
    if not parts:
        return ""
    country = values[-1]
    said = " ".join(country.split()) if isinstance(country, str) else ""
    return f"{parts[0]}, {said}" if said and parts[-1] == said != parts[0] else parts[0]
