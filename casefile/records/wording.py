"""How a record is written out for people: its place line, the one rule the list, the
details, search snippets and reports all use."""

from __future__ import annotations

# An incident's place fields, most precise first: the order every place line follows.
PLACE_FIELDS = ("location", "admin3", "admin2", "admin1", "country")


def place_parts(record: object) -> list[str]:
    """The record's place names, most precise first, spaces tidied.

    A name is left out when blank or when its words, ignoring case, are already part of an
    earlier name ("Khorugh" after "Khorugh city"); whole words only, so "Rog" stays after
    "Khorog" and every word a search can match is still written out. Fields the record
    lacks (a list row has only location and country) count as blank.
    """
    kept: list[str] = []
    seen: list[str] = []
    for name in PLACE_FIELDS:
        value = getattr(record, name, None)
        part = " ".join(value.split()) if isinstance(value, str) else ""
        words = f" {part.casefold()} "
        if part and not any(words in earlier for earlier in seen):
            kept.append(part)
            seen.append(words)
    return kept


def place_line(record: object) -> str:
    """The whole place: "Shamsiddin Shohin, Khatlon, Tajikistan"."""
    return ", ".join(place_parts(record))


def short_place(record: object) -> str:
    """The most precise name and the country, for one-line lists: "Khorugh, Tajikistan"."""
    parts = place_parts(record)
    country = parts[-1] if parts and _names_country(record, parts[-1]) else None
    first = parts[0] if parts else ""
    return f"{first}, {country}" if country and first != country else first


def _names_country(record: object, part: str) -> bool:
    country = getattr(record, "country", None)
    return isinstance(country, str) and " ".join(country.split()) == part
