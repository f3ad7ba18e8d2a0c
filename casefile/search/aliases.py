"""Other spellings of place names for search: the gazetteer's names folded as search folds them.

A compact index, not the gazetteer: for each GeoNames place, admin-1 area and country whose
names fold to more than one spelling, its spellings as folded words ("kulob|kulab|kuliab|
kulyab"). `resources/places/aliases.tsv.xz` holds them, one group a line, built by
`build` (run by scripts/build_places.py). Read on the first search that needs it, never at
import; the first read sorts it (about a second) and keeps the sorted copy in the user's
cache folder, which later reads load in a few hundredths of a second.
"""

from __future__ import annotations

import lzma
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from casefile.paths import cache_dir, derived, resource

FILE = "aliases.tsv.xz"
CACHE_FORMAT = 1  # bump when the cached copy changes shape
# A spelling naming more places than this is a common word or a generic name ("Kalay",
# "Novoye"): its alternates would be everyone's, so it expands to nothing.
MOST_GROUPS = 8
# A small place's other spellings are not looked up, only its name: Dronero (5,000 people)
# is also "Drone", Bordères "Border", and a search for drones is not one for Dronero.
# Larger places, admin-1 areas and countries are looked up by every spelling.
NOTABLE = 10_000
ONLY_GIVEN = "~"  # marks a spelling given as another's alternate but never looked up


class Aliases:
    """Folded spellings and the groups of spellings they belong to, read on first use."""

    def __init__(self, folder: Path | None = None, *, cache: Path | None = None):
        self.folder = folder or resource("places")
        self.cache = cache
        self._keys: list[str] | None = None
        self._groups: array[int] = array("i")
        self._lines: list[str] = []
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the index has been read (for tests and the start-up benchmark)."""
        return self._keys is not None

    def _load(self) -> list[str]:
        with self._lock:
            if self._keys is None:
                self._keys, self._groups, self._lines = _read(self.folder / FILE, self.cache)
            return self._keys

    def others(self, spelling: str) -> list[str]:
        """The other spellings (folded, words joined by a space) of the places named so."""
        keys = self._load()
        low = bisect_left(keys, spelling)
        high = bisect_right(keys, spelling, low)
        if high == low or high - low > MOST_GROUPS:
            return []
        found: dict[str, None] = {}
        for group in self._groups[low:high]:
            for other in self._lines[group].split("|"):
                other = other.removeprefix(ONLY_GIVEN)
                if other != spelling:
                    found[other] = None
        return list(found)


def _read(path: Path, cache: Path | None) -> tuple[list[str], array[int], list[str]]:
    try:
        packed = path.read_bytes()
    except OSError:
        return [], array("i"), []  # not shipped (a partial install): no other spellings

    def make() -> tuple[list[str], bytes, list[str]]:
        lines = lzma.decompress(packed).decode().split("\n")
        pairs = sorted(
            (spelling, number)
            for number, line in enumerate(lines)
            for spelling in line.split("|")
            if not spelling.startswith(ONLY_GIVEN)
        )
        numbers = array("i", (number for _, number in pairs))
        return [spelling for spelling, _ in pairs], numbers.tobytes(), lines

    def read(made: Any) -> tuple[list[str], array[int], list[str]]:
        keys, numbers, lines = made
        groups = array("i")
        groups.frombytes(numbers)
        if len(groups) != len(keys) or not isinstance(lines, list):
            raise ValueError("not a cached copy of the spellings")
        return keys, groups, lines

    return derived(packed, cache, kind="aliases", version=CACHE_FORMAT, make=make, read=read)


def groups(
    names: Iterable[tuple[list[str], bool]], fold: Callable[[str], list[str]]
) -> Iterable[str]:
    """One line per place with more than one folded spelling: its spellings, `|`-separated,
    the name first; with `notable` False the others are marked ONLY_GIVEN."""
    for spellings, notable in names:
        folded = dict.fromkeys(" ".join(fold(name)) for name in spellings)
        folded.pop("", None)
        if len(folded) > 1:
            name, *others = folded
            mark = "" if notable else ONLY_GIVEN
            yield "|".join([name, *(mark + other for other in others)])


def build(folder: Path, fold: Callable[[str], list[str]]) -> bytes:
    """The aliases file for the gazetteer files in `folder` (places, admin-1, countries)."""
    names: list[tuple[list[str], bool]] = []
    for line in lzma.decompress((folder / "places.tsv.xz").read_bytes()).decode().splitlines():
        fields = line.split("\t")
        names.append(([fields[0], *fields[6].split("|")], int(fields[5] or 0) >= NOTABLE))
    for table, width in (("admin1.tsv", 2), ("countries.tsv", 1)):
        for line in (folder / table).read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            names.append(([fields[width], *fields[width + 1].split("|")], True))
    return lzma.compress("\n".join(groups(names, fold)).encode(), preset=9)


@lru_cache(maxsize=1)
def shared() -> Aliases:
    """The one index of the shipped place names, shared by every open case file."""
    return Aliases(cache=cache_dir())
