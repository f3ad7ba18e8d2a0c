"""The borders, decoded from the shipped file or read from the copy cached after the first load."""

from __future__ import annotations

import json
import lzma
import marshal
from pathlib import Path

import pytest

from casefile.places import borders as borders_module
from casefile.places.borders import Borders

# Two squares in quanta of a tenth of a degree, delta-coded as the build script writes them.
BORDERS = {
    "quantum": 10,
    "countries": [
        ["TJ", "Tajikistan", [[0, 0, 100, 0, 0, 100, -100, 0]]],
        ["AF", "Afghanistan", [[0, -100, 100, 0, 0, 100, -100, 0]]],
        ["XX", "Nowhere", []],
    ],
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "places"
    folder.mkdir()
    (folder / "borders.json.xz").write_bytes(lzma.compress(json.dumps(BORDERS).encode()))
    return folder


def _summary(borders: Borders) -> list[tuple[str, list[tuple[list[int], list[int]]]]]:
    return [(c.code, [(list(r.xs), list(r.ys)) for r in c.rings]) for c in borders.countries()]


def test_rings_are_decoded_from_their_deltas(folder: Path) -> None:
    borders = Borders(folder)
    assert _summary(borders) == [
        ("TJ", [([0, 100, 100, 0], [0, 0, 100, 100])]),
        ("AF", [([0, 100, 100, 0], [-100, -100, 0, 0])]),
    ]
    assert borders.countries()[0].box == (0, 0, 100, 100)
    found = borders.country_at(5.0, 5.0)
    assert found is not None and found.name == "Tajikistan"
    assert borders.country_at(20.0, 5.0) is None


def test_the_second_load_reads_the_cache(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = Borders(folder, cache=cache)
    first.countries()
    (copy,) = cache.glob("borders-*.marshal")
    monkeypatch.setattr(borders_module, "json", None)  # decoding the file again would fail
    second = Borders(folder, cache=cache)
    assert _summary(second) == _summary(first)
    assert second.countries() == first.countries() and second.quantum == 10
    assert list(cache.glob("borders-*.marshal")) == [copy]


def test_a_new_release_replaces_the_old_copy(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Borders(folder, cache=cache).countries()
    (old,) = cache.glob("borders-*.marshal")
    smaller = {**BORDERS, "countries": BORDERS["countries"][:1]}
    (folder / "borders.json.xz").write_bytes(lzma.compress(json.dumps(smaller).encode()))
    assert [c.code for c in Borders(folder, cache=cache).countries()] == ["TJ"]
    (new,) = cache.glob("borders-*.marshal")
    assert new != old


@pytest.mark.parametrize("garbage", [b"\x00garbage", b"", b"N", b"i\x05\x00\x00\x00"])
def test_a_damaged_cache_is_passed_by(folder: Path, tmp_path: Path, garbage: bytes) -> None:
    cache = tmp_path / "cache"
    Borders(folder, cache=cache).countries()
    (copy,) = cache.glob("borders-*.marshal")
    copy.write_bytes(garbage)
    assert [c.code for c in Borders(folder, cache=cache).countries()] == ["TJ", "AF"]


def test_an_unwritable_cache_is_passed_by(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    borders = Borders(folder, cache=blocker / "cache")  # a folder inside a file
    assert [c.code for c in borders.countries()] == ["TJ", "AF"]


def test_rings_are_unpacked_when_first_asked_for(folder: Path) -> None:
    tajikistan, afghanistan = Borders(folder).countries()
    assert "rings" not in vars(tajikistan)  # kept packed: no arrays, nothing to collect
    assert [list(r.xs) for r in tajikistan.rings] == [[0, 100, 100, 0]]
    assert "rings" in vars(tajikistan) and "rings" not in vars(afghanistan)


def test_a_cached_copy_with_a_damaged_ring_is_made_again(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Borders(folder, cache=cache).countries()
    (copy,) = cache.glob("borders-*.marshal")
    uneven = (b"\x00" * 4, b"\x00" * 8, (0, 0, 1, 1))  # one x, two ys
    copy.write_bytes(marshal.dumps((10, [("TJ", "Tajikistan", [uneven])])))
    assert _summary(Borders(folder, cache=cache))[0] == (
        "TJ",
        [([0, 100, 100, 0], [0, 0, 100, 100])],
    )
