"""The shipped gazetteer: GeoNames places, admin-1 areas and countries in Latin, Cyrillic
and Arabic script, suggested by typed prefix and found nearest to a point.

The index is read from resources/places/ on first use, never at import: a start-up that
needs no place pays nothing for it. The first load folds every spelling (seconds) and
keeps the result in the user's cache folder; later loads read that (a fraction of a second).
"""

from __future__ import annotations

import heapq
import lzma
import math
import re
import threading
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from anyascii import anyascii

from casefile import errors
from casefile.paths import cache_dir, derived, resource

_NOT_ALNUM = re.compile(r"[^a-z0-9]")
CACHE_FORMAT = 1  # bump when the cached index changes shape
TOP = 400  # lines kept ranked for each first letter: enough for 40 suggestions or more


def key(text: str) -> str:
    """A name folded for lookup: any script to lower-case ASCII letters and digits only.

    "Хоруғ", "Khorugh" and "KHORUGH" all give khorugh; spaces, hyphens and apostrophes
    go, so "Fayz Abad" and "Fayzabad" meet. The build script folds with the same rule.
    """
    if not text.isascii():
        text = anyascii(unicodedata.normalize("NFKC", text))
    return _NOT_ALNUM.sub("", text.casefold())


def script(text: str) -> str:
    """The script of the first letter of a text (LATIN, CYRILLIC, ARABIC...), or ""."""
    for char in text:
        if char.isalpha():
            return unicodedata.name(char, "?").split()[0]
    return ""


@dataclass(frozen=True)
class Place:
    """A place as suggested: `spelling` is the name as it matched, in the script typed."""

    id: str
    name: str
    spelling: str
    latitude: float
    longitude: float
    country_code: str
    country: str
    admin1: str
    population: int = 0
    source: str = "gazetteer"

    @property
    def label(self) -> str:
        """The place with its admin-1 area and country, for a list of suggestions."""
        name = self.spelling if self.spelling == self.name else f"{self.spelling} ({self.name})"
        return ", ".join(part for part in (name, self.admin1, self.country) if part)


@dataclass
class _Index:
    lines: list[str]  # one place per line, most populous first (see the build script)
    keys: list[str]  # every folded spelling, sorted
    places: array[int]  # the line of each key
    countries: dict[str, tuple[str, list[str]]]
    admin1: dict[tuple[str, str], tuple[str, list[str]]]
    grid: dict[tuple[int, int], list[int]] | None = None  # built on the first reverse lookup
    tops: dict[str, list[int]] | None = None  # see `_tops`: ranked on the first suggestion


class Gazetteer:
    """Places from the shipped index (or another folder of the same files, for tests)."""

    def __init__(self, folder: Path | None = None, *, cache: Path | None = None):
        self.folder = folder or resource("places")
        self.cache = cache
        self._index: _Index | None = None
        self._lock = threading.Lock()

    def _data(self) -> _Index:
        with self._lock:
            if self._index is None:
                self._index = _load(self.folder, self.cache)
            return self._index

    def suggest(self, text: str, limit: int = 10) -> list[Place]:
        """Places whose name in any script starts like `text`: exact names first, then by
        population. The empty text, or one with no letter or digit, suggests nothing."""
        wanted = key(text)
        if not wanted or limit <= 0:
            return []
        index = self._data()
        low = bisect_left(index.keys, wanted)
        exact = bisect_right(index.keys, wanted, low)
        high = bisect_left(index.keys, wanted + "\x7f", exact)
        chosen: list[int] = []
        for line in sorted(set(index.places[low:exact])):
            if len(chosen) == limit:
                break
            chosen.append(line)
        if len(chosen) < limit and high > exact:
            # Lines are ordered by population, so the smallest are the best known places.
            # A place has a key for each spelling: ask for more than needed, drop repeats.
            wanted_count = limit * 4
            top = self._tops(index).get(wanted) if len(wanted) == 1 else None
            while True:
                if top is not None and wanted_count <= TOP:
                    found = top  # a single letter spans a tenth of the index: read ahead
                else:
                    found = heapq.nsmallest(wanted_count, index.places[exact:high])
                fresh = [line for line in dict.fromkeys(found) if line not in chosen]
                if len(fresh) >= limit - len(chosen) or len(found) < wanted_count:
                    break
                wanted_count *= 4
            chosen += fresh[: limit - len(chosen)]
        return [self._place(index, line, text) for line in chosen]

    def _tops(self, index: _Index) -> dict[str, list[int]]:
        """The ranked first letters, made on the first suggestion: a report's map or a
        reverse lookup reads the index without suggesting (a tenth of a second saved)."""
        with self._lock:
            if index.tops is None:
                index.tops = _tops(index.keys, index.places)
            return index.tops

    def place(self, place_id: str) -> Place:
        """A gazetteer place by its `Place.id` ("g123"), or `NotFound`."""
        index = self._data()
        number = place_id[1:]
        if not (place_id.startswith("g") and number.isdigit() and int(number) < len(index.lines)):
            raise errors.NotFound(f"No place {place_id!r} in the gazetteer")
        return self._place(index, int(number), "")

    def _place(self, index: _Index, line: int, typed: str) -> Place:
        name, lat, lon, cc, code, population, alts = index.lines[line].split("\t")
        return Place(
            id=f"g{line}",
            name=name,
            spelling=_spelling(name, alts, typed) if typed else name,
            latitude=float(lat),
            longitude=float(lon),
            country_code=cc,
            country=self.country_name(cc),
            admin1=self.admin1_name(cc, code),
            population=int(population),
        )

    def largest(
        self, west: float, south: float, east: float, north: float, limit: int
    ) -> list[Place]:
        """The most populous places inside a box, at most `limit`, most populous first
        (lines are kept in that order, so the first found are the largest)."""
        index = self._data()
        found: list[Place] = []
        for number, line in enumerate(index.lines):
            if len(found) >= limit:
                break
            _, lat, lon, _ = line.split("\t", 3)
            if west <= float(lon) <= east and south <= float(lat) <= north:
                found.append(self._place(index, number, ""))
        return found

    def country_name(self, country_code: str, typed: str = "") -> str:
        """A country's English name (or its name in the script of `typed`), "" if unknown."""
        name, alts = self._data().countries.get(country_code, ("", []))
        return _spelling(name, "|".join(alts), typed) if typed else name

    def admin1_name(self, country_code: str, code: str) -> str:
        """The English name of an admin-1 area from its GeoNames code, "" if unknown."""
        return self._data().admin1.get((country_code, code), ("", []))[0]

    def country_codes(self, text: str) -> list[str]:
        """Codes of the countries a name in any script names exactly ("Тоҷикистон" -> TJ)."""
        wanted = key(text)
        found = []
        for cc, (name, alts) in self._data().countries.items():
            if wanted and (wanted == key(cc) or wanted in {key(n) for n in (name, *alts)}):
                found.append(cc)
        return found

    def nearest(
        self, latitude: float, longitude: float, *, country_code: str | None = None
    ) -> tuple[Place, float] | None:
        """The place nearest a point, with its distance in km; within one country if given.

        Looks in one-degree cells around the point, widening until no nearer place can
        be left; gives up past ten degrees (open sea, or a country with no place near).
        """
        index = self._data()
        with self._lock:
            if index.grid is None:
                index.grid = _grid(index.lines)
        grid = index.grid
        row, col = math.floor(latitude), math.floor(longitude)
        best: tuple[float, int] | None = None
        for radius in range(11):
            for cell in _ring(row, col, radius):
                for line in grid.get(cell, ()):
                    fields = index.lines[line].split("\t", 4)
                    if country_code and fields[3] != country_code:
                        continue
                    distance = distance_km(latitude, longitude, float(fields[1]), float(fields[2]))
                    if best is None or distance < best[0]:
                        best = (distance, line)
            # Every place outside the rings seen so far is at least `radius` degrees away,
            # a degree of longitude being shorter toward the poles.
            shrink = math.cos(math.radians(min(89.0, abs(latitude) + radius + 1)))
            if best is not None and best[0] <= radius * 111.0 * shrink:
                break
        if best is None:
            return None
        return self._place(index, best[1], ""), best[0]


def _ring(row: int, col: int, radius: int) -> list[tuple[int, int]]:
    """The cells at exactly `radius` steps from a cell (the cell itself for radius 0)."""
    if radius == 0:
        return [(row, col)]
    cells = []
    for d in range(-radius, radius + 1):
        cells += [(row - radius, col + d), (row + radius, col + d)]
    for d in range(-radius + 1, radius):
        cells += [(row + d, col - radius), (row + d, col + radius)]
    # Longitude wraps at the antimeridian.
    return [(r, (c + 180) % 360 - 180) for r, c in cells]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _spelling(name: str, alts: str, typed: str) -> str:
    """The spelling of a name that matches what was typed: in the script typed if there is
    one, the name itself next, then a Latin spelling (a typed digit has no script)."""
    wanted, kind = key(typed), script(typed)
    spellings = [name, *filter(None, alts.split("|"))]
    matching = [s for s in spellings if key(s).startswith(wanted)]
    if not matching:
        return name

    def rank(spelling: str) -> tuple[bool, bool, bool, bool]:
        return (
            script(spelling) != kind,
            spelling != typed,
            spelling != name,
            script(spelling) != "LATIN",
        )

    return min(matching, key=rank)


def _grid(lines: list[str]) -> dict[tuple[int, int], list[int]]:
    grid: dict[tuple[int, int], list[int]] = {}
    for number, line in enumerate(lines):
        _, lat, lon, _ = line.split("\t", 3)
        grid.setdefault((math.floor(float(lat)), math.floor(float(lon))), []).append(number)
    return grid


def _load(folder: Path, cache: Path | None) -> _Index:
    """The index from the shipped files, or from a copy cached once the first load made it.

    Folding and sorting 650,000 spellings takes a few seconds; the cached copy loads in a
    fraction of that.
    """
    packed = (folder / "places.tsv.xz").read_bytes()

    def make() -> tuple[list[str], list[str], bytes]:
        lines = lzma.decompress(packed).decode().splitlines()
        pairs = []
        for number, line in enumerate(lines):
            fields = line.split("\t")
            spellings = {key(fields[0])}
            if fields[6]:
                spellings.update(map(key, fields[6].split("|")))
            pairs += [(spelling, number) for spelling in spellings if spelling]
        pairs.sort()
        numbers = array("i", (number for _, number in pairs))
        return lines, [spelling for spelling, _ in pairs], numbers.tobytes()

    def read(made: Any) -> _Index:
        lines, keys, numbers = made
        places = array("i")
        places.frombytes(numbers)
        if len(places) != len(keys) or not lines or not isinstance(lines[0], str):
            raise ValueError("not a cached gazetteer index")
        return _Index(lines, keys, places, *_areas(folder))

    return derived(packed, cache, kind="gazetteer", version=CACHE_FORMAT, make=make, read=read)


def _tops(keys: list[str], places: array[int]) -> dict[str, list[int]]:
    """For each first letter, the most populous lines among its keys (best first).

    A one-letter prefix spans tens of thousands of keys, too many to rank within a
    keystroke on a busy machine; ranked once here (a tenth of a second), it is a lookup.
    """
    tops = {}
    start = 0
    while start < len(keys):
        first = keys[start][0]
        end = bisect_left(keys, chr(ord(first) + 1), start)
        tops[first] = heapq.nsmallest(TOP, places[start:end])
        start = end
    return tops


def _areas(folder: Path) -> tuple[dict, dict]:
    return _names(folder / "countries.tsv", 1), _admin1(folder)


def _names(path: Path, width: int) -> dict:
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        code = fields[0] if width == 1 else tuple(fields[:width])
        table[code] = (fields[width], [a for a in fields[width + 1].split("|") if a])
    return table


def _admin1(folder: Path) -> dict[tuple[str, str], tuple[str, list[str]]]:
    return _names(folder / "admin1.tsv", 2)


@lru_cache(maxsize=1)
def shared() -> Gazetteer:
    """The one gazetteer of the shipped index, shared by every open case file."""
    return Gazetteer(cache=cache_dir())
