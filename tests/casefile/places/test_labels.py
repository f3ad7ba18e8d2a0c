"""The map's places by cell: the same largest places as the gazetteer finds, and its cache."""

from __future__ import annotations

import lzma
import marshal
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.places import labels
from casefile.places.gazetteer import Gazetteer
from casefile.places.labels import MapLabels


def _places(count: int) -> list[str]:
    """Gazetteer lines at random points around the Panj, most populous first."""
    rng = random.Random(11)
    lines = []
    for i in range(count):
        lat, lon = round(rng.uniform(35.0, 40.0), 4), round(rng.uniform(68.0, 74.0), 4)
        lines.append(f"Place {i}\t{lat}\t{lon}\tTJ\t01\t{100_000 - i}\t")
    lines.append("Edge\t37.0\t71.0\tTJ\t01\t5\t")  # on the corner of four cells
    lines.append("Far\t-33.9\t18.4\tZA\t11\t4\t")
    return lines


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("places")
    (folder / "places.tsv.xz").write_bytes(lzma.compress("\n".join(_places(400)).encode()))
    (folder / "countries.tsv").write_text("TJ\tTajikistan\t\nZA\tSouth Africa\t\n")
    (folder / "admin1.tsv").write_text("TJ\t01\tGorno-Badakhshan\t\n")
    return folder


def _found(found: list) -> list[tuple[str, float, float]]:
    return [(p.name, p.latitude, p.longitude) for p in found]


@settings(max_examples=200)
@given(
    west=st.floats(66.0, 75.0),
    south=st.floats(34.0, 41.0),
    width=st.floats(0.0, 6.0),
    height=st.floats(0.0, 6.0),
    limit=st.integers(0, 30),
)
def test_the_same_places_as_the_gazetteer(
    folder: Path, west: float, south: float, width: float, height: float, limit: int
) -> None:
    box = (west, south, west + width, south + height)
    expected = _found(Gazetteer(folder).largest(*box, limit))
    assert _found(MapLabels(folder).largest(*box, limit)) == expected


def test_a_place_on_a_cell_corner_and_far_away(folder: Path) -> None:
    index = MapLabels(folder)
    assert [p.name for p in index.largest(71.0, 37.0, 71.0, 37.0, 5)] == ["Edge"]
    assert [p.name for p in index.largest(18.0, -34.0, 19.0, -33.0, 5)] == ["Far"]
    assert index.largest(0.0, 0.0, 1.0, 1.0, 5) == []


def test_the_shipped_places_as_the_shipped_gazetteer(places_folder: Path, gaz: Gazetteer) -> None:
    index = MapLabels(places_folder)
    for box in [(70.5, 36.5, 72.5, 38.5), (60.0, 29.0, 75.0, 39.0), (-0.6, 51.2, 0.3, 51.7)]:
        assert _found(index.largest(*box, 24)) == _found(gaz.largest(*box, 24))


def test_the_second_load_reads_the_cache(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = MapLabels(folder, cache=cache).largest(68.0, 35.0, 74.0, 40.0, 12)
    (copy,) = cache.glob("labels-*.marshal")

    def unpacked(lines: list[str]) -> None:
        raise AssertionError("the shipped file was read again")

    monkeypatch.setattr(labels, "_cells", unpacked)
    assert MapLabels(folder, cache=cache).largest(68.0, 35.0, 74.0, 40.0, 12) == first
    assert list(cache.glob("labels-*.marshal")) == [copy]


def test_a_new_release_replaces_the_old_copy(folder: Path, tmp_path: Path) -> None:
    cache, release = tmp_path / "cache", tmp_path / "release"
    MapLabels(folder, cache=cache).largest(68.0, 35.0, 74.0, 40.0, 1)
    (old,) = cache.glob("*.marshal")
    release.mkdir()
    (release / "places.tsv.xz").write_bytes(lzma.compress(b"Newtown\t37.5\t71.5\tTJ\t01\t9\t"))
    found = MapLabels(release, cache=cache).largest(68.0, 35.0, 74.0, 40.0, 5)
    assert [p.name for p in found] == ["Newtown"]
    (new,) = cache.glob("*.marshal")
    assert new != old


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00garbage",
        marshal.dumps([1, 2]),  # not the cells
        marshal.dumps({(37, 71): (b"\x01", b"", b"", b"")}),  # a cell's arrays cut short
        marshal.dumps({(37, 71): 5}),  # a cell that is not one
    ],
)
def test_a_damaged_cache_is_made_again(folder: Path, tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "cache"
    expected = MapLabels(folder, cache=cache).largest(68.0, 35.0, 74.0, 40.0, 12)
    (copy,) = cache.glob("*.marshal")
    copy.write_bytes(damage)
    assert MapLabels(folder, cache=cache).largest(68.0, 35.0, 74.0, 40.0, 12) == expected
    assert copy.read_bytes() != damage  # written again


def test_an_unwritable_cache_is_passed_by(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    index = MapLabels(folder, cache=blocker / "cache")  # a folder inside a file
    assert [p.name for p in index.largest(70.9, 36.9, 71.1, 37.1, 1)] == ["Edge"]
