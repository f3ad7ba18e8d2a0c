"""Country borders (Natural Earth 10 m admin-0, simplified) and which country holds a point.

The 10 m data keeps the Panj between Ishkashim and Eshkashem: the 110 m data would put
the Afghan town in Tajikistan. Rings are tested with the even-odd rule over all of a
country's rings, so islands count and holes (Lesotho inside South Africa) do not.
"""

from __future__ import annotations

import json
import lzma
import threading
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from casefile.paths import cache_dir, derived, resource

CACHE_FORMAT = 1  # bump when the cached borders change shape


@dataclass(frozen=True)
class Ring:
    """One closed ring of a border, in quanta (degrees x quantum), with its bounding box."""

    xs: Sequence[int]  # arrays: two million numbers, not two million int objects
    ys: Sequence[int]
    box: tuple[int, int, int, int]  # min x, min y, max x, max y

    def crossings(self, x: float, y: float) -> int:
        """How many of the ring's edges a ray from (x, y) toward +x crosses."""
        if not (self.box[0] <= x <= self.box[2] and self.box[1] <= y <= self.box[3]):
            return 0
        count = 0
        xs, ys = self.xs, self.ys
        x0, y0 = xs[-1], ys[-1]
        for x1, y1 in zip(xs, ys, strict=True):
            if (y1 > y) != (y0 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                count += 1
            x0, y0 = x1, y1
        return count


# A ring as the cached copy holds it: its x and y arrays' bytes, and its bounding box.
Packed = tuple[bytes, bytes, tuple[int, int, int, int]]


@dataclass(frozen=True)
class Country:
    """A country's code (ISO 3166 alpha-2, "" for a disputed area without one), name, rings.

    The rings are kept packed until first asked for: a map asks for those of the few
    countries in its area, and the world's 4,300 rings, made into arrays up front, were
    13,000 objects the cyclic collector went through for the rest of the process.
    """

    code: str
    name: str
    packed: tuple[Packed, ...]
    box: tuple[int, int, int, int]

    @cached_property
    def rings(self) -> tuple[Ring, ...]:
        """The country's rings."""
        return tuple(_unpacked(xs, ys, box) for xs, ys, box in self.packed)

    def holds(self, x: float, y: float) -> bool:
        """Whether the point (in quanta) lies inside the country."""
        if not (self.box[0] <= x <= self.box[2] and self.box[1] <= y <= self.box[3]):
            return False
        return sum(ring.crossings(x, y) for ring in self.rings) % 2 == 1


class Borders:
    """The shipped borders, read on first use."""

    def __init__(self, folder: Path | None = None, *, cache: Path | None = None):
        self.folder = folder or resource("places")
        self.cache = cache
        self._countries: list[Country] | None = None
        self.quantum = 1
        self._lock = threading.Lock()

    def countries(self) -> list[Country]:
        """Every country with its rings."""
        with self._lock:
            if self._countries is None:
                self._countries = self._load()
            return self._countries

    def _load(self) -> list[Country]:
        """The shipped borders, or the copy cached once the first load decoded them.

        Decoding the file (unpacking, JSON, two million running sums) took a third of a
        second of the first map or report in a process; the cached copy (the rings as raw
        arrays) loads in a few milliseconds.
        """
        packed = (self.folder / "borders.json.xz").read_bytes()

        def make() -> tuple[int, list[Any]]:
            data = json.loads(lzma.decompress(packed))
            rings = [
                (code, name, [_packed(_ring(flat)) for flat in flats])
                for code, name, flats in data["countries"]
            ]
            return data["quantum"], rings

        return derived(
            packed, self.cache, kind="borders", version=CACHE_FORMAT, make=make, read=self._unpack
        )

    def _unpack(self, data: Any) -> list[Country]:
        """The countries from a cached copy (a damaged one fails with ValueError or TypeError)."""
        quantum, packed_rings = data
        if not isinstance(quantum, int):
            raise TypeError("not a cached copy of the borders")
        self.quantum = quantum
        countries = []
        for code, name, ring_list in packed_rings:
            rings = tuple(_checked(xs, ys, box) for xs, ys, box in ring_list)
            if rings:
                box = (
                    min(r[2][0] for r in rings),
                    min(r[2][1] for r in rings),
                    max(r[2][2] for r in rings),
                    max(r[2][3] for r in rings),
                )
                countries.append(Country(code, name, rings, box))
        return countries

    def country_at(self, latitude: float, longitude: float) -> Country | None:
        """The country whose border holds a point, or None (sea, or a gap in the data)."""
        countries = self.countries()
        x, y = longitude * self.quantum, latitude * self.quantum
        return next((c for c in countries if c.holds(x, y)), None)


def _ring(flat: list[int]) -> Ring:
    """A ring from the delta-coded x, y integers the build script writes."""
    xs, ys = array("i", accumulate(flat[0::2])), array("i", accumulate(flat[1::2]))
    return Ring(xs, ys, (min(xs), min(ys), max(xs), max(ys)))


def _packed(ring: Ring) -> tuple[bytes, bytes, tuple[int, int, int, int]]:
    """A ring as the cached copy holds it."""
    return ring.xs.tobytes(), ring.ys.tobytes(), ring.box  # type: ignore[attr-defined]


def _checked(xs: bytes, ys: bytes, box: Sequence[int]) -> Packed:
    """A cached ring, checked whole (a damaged one raises ValueError) but not unpacked."""
    size = array("i").itemsize
    if not (isinstance(xs, bytes) and isinstance(ys, bytes)):
        raise TypeError("a damaged ring")
    if len(xs) != len(ys) or len(xs) % size or len(box) != 4:
        raise ValueError("a damaged ring")
    x0, y0, x1, y1 = box
    return xs, ys, (x0, y0, x1, y1)


def _unpacked(xs: bytes, ys: bytes, box: tuple[int, int, int, int]) -> Ring:
    """A ring from its cached arrays."""
    ring = Ring(array("i"), array("i"), box)
    ring.xs.frombytes(xs)  # type: ignore[attr-defined]
    ring.ys.frombytes(ys)  # type: ignore[attr-defined]
    return ring


@lru_cache(maxsize=1)
def shared() -> Borders:
    """The one copy of the shipped borders, shared by every open case file."""
    return Borders(cache=cache_dir())
