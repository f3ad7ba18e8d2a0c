"""The places a report's map names: the gazetteer's places by one-degree cell, most populous
first, so that a map finds the largest places in its area without reading the gazetteer.

The gazetteer's index (every spelling folded, the admin-1 areas and countries) took a
third of a second or more to read in each process, for a map that names a dozen places.
This index holds only each place's name and point, by cell; it is made from the shipped
file on first use and kept in the user's cache folder (marshal, named by the hash of the
shipped file, as the gazetteer's index is), and a cell's arrays are read when a map asks.
"""

from __future__ import annotations

import lzma
import math
import threading
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from casefile.paths import cache_dir, derived, resource

CACHE_FORMAT = 1  # bump when the cached cells change shape
Cell = tuple[int, int]  # floor(latitude), floor(longitude)


@dataclass(frozen=True)
class Label:
    """A place to name on a map; `line` is its rank by population (0 the most populous)."""

    name: str
    latitude: float
    longitude: float
    line: int


class _Cell:
    """One cell's places, most populous first: line numbers, points and names."""

    __slots__ = ("lats", "lines", "lons", "names")

    def __init__(self, packed: Any):
        lines, lats, lons, names = packed
        self.lines, self.lats, self.lons = array("i"), array("d"), array("d")
        self.lines.frombytes(lines)
        self.lats.frombytes(lats)
        self.lons.frombytes(lons)
        self.names: list[str] = names.decode().split("\t")
        if not len(self.lines) == len(self.lats) == len(self.lons) == len(self.names):
            raise ValueError("a damaged cell")


class MapLabels:
    """The shipped gazetteer's places by cell (or another folder's, for tests)."""

    def __init__(self, folder: Path | None = None, *, cache: Path | None = None):
        self.folder = folder or resource("places")
        self.cache = cache
        self._packed: dict[Cell, Any] | None = None
        self._cells: dict[Cell, _Cell] = {}
        self._lock = threading.Lock()

    def largest(
        self, west: float, south: float, east: float, north: float, limit: int
    ) -> list[Label]:
        """The most populous places inside a box, at most `limit`, most populous first: the
        same places as `Gazetteer.largest` finds."""
        if limit <= 0:
            return []
        found: list[Label] = []
        for cell in self._cells_in(west, south, east, north):
            taken = 0
            for i, line in enumerate(cell.lines):
                lat, lon = cell.lats[i], cell.lons[i]
                if west <= lon <= east and south <= lat <= north:
                    found.append(Label(cell.names[i], lat, lon, line))
                    taken += 1
                    if taken == limit:
                        break  # the cell's others are smaller than these
        found.sort(key=lambda label: label.line)
        return found[:limit]

    def _cells_in(self, west: float, south: float, east: float, north: float) -> list[_Cell]:
        with self._lock:
            if self._packed is None:
                self._packed = _load(self.folder, self.cache)
            try:
                return self._decoded(west, south, east, north)
            except (ValueError, TypeError, AttributeError):
                # A cached copy damaged inside (marshal read it whole): made again.
                self._packed, self._cells = _load(self.folder, self.cache, fresh=True), {}
                return self._decoded(west, south, east, north)

    def _decoded(self, west: float, south: float, east: float, north: float) -> list[_Cell]:
        """The cells a box meets, each read from its packed arrays the first time."""
        assert self._packed is not None
        packed, cells = self._packed, self._cells
        found = []
        for row in range(math.floor(south), math.floor(north) + 1):
            for col in range(math.floor(west), math.floor(east) + 1):
                cell = cells.get((row, col))
                if cell is None and (row, col) in packed:
                    cell = cells[row, col] = _Cell(packed[row, col])
                if cell is not None:
                    found.append(cell)
        return found


def _load(folder: Path, cache: Path | None, *, fresh: bool = False) -> dict[Cell, Any]:
    """The packed cells from the cached copy (unless `fresh`), or made from the shipped file
    and cached. A damaged copy is made again (each cell is checked when it is first read,
    not all of them here).
    """
    packed = (folder / "places.tsv.xz").read_bytes()

    def read(cells: Any) -> dict[Cell, Any]:
        if not isinstance(cells, dict):
            raise TypeError("not a cached copy of the label cells")
        return cells

    return derived(
        packed,
        cache,
        kind="labels",
        version=CACHE_FORMAT,
        make=lambda: _cells(lzma.decompress(packed).decode().splitlines()),
        read=read,
        fresh=fresh,
    )


def _cells(lines: list[str]) -> dict[Cell, Any]:
    """Each cell's places in the order of the lines (most populous first), packed."""
    columns: dict[Cell, tuple[array[int], array[float], array[float], list[str]]] = {}
    for number, line in enumerate(lines):
        name, lat_text, lon_text, _ = line.split("\t", 3)
        lat, lon = float(lat_text), float(lon_text)
        cell = columns.get((math.floor(lat), math.floor(lon)))
        if cell is None:
            cell = columns[math.floor(lat), math.floor(lon)] = (
                array("i"),
                array("d"),
                array("d"),
                [],
            )
        cell[0].append(number)
        cell[1].append(lat)
        cell[2].append(lon)
        cell[3].append(name)
    return {
        key: (lines_.tobytes(), lats.tobytes(), lons.tobytes(), "\t".join(names).encode())
        for key, (lines_, lats, lons, names) in columns.items()
    }


@lru_cache(maxsize=1)
def shared() -> MapLabels:
    """The one index of the shipped gazetteer's places by cell, shared by every report."""
    return MapLabels(cache=cache_dir())
