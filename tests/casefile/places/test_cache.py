"""The gazetteer's index, cached after the first load, on a small gazetteer of its own."""

from __future__ import annotations

import lzma
from pathlib import Path

import pytest

from casefile.places.gazetteer import Gazetteer

PLACES = [
    "Khorugh\t37.4904\t71.5534\tTJ\t01\t30500\tKhorog|Хорог|Хоруғ|خروغ",
    "Ishqoshim\t36.7248\t71.6133\tTJ\t01\t26000\tIshkashim|Ишкашим",
    "Ashkāsham\t36.6833\t71.5333\tAF\t01\t12120\t",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "places"
    folder.mkdir()
    (folder / "places.tsv.xz").write_bytes(lzma.compress("\n".join(PLACES).encode()))
    (folder / "countries.tsv").write_text("TJ\tTajikistan\tТоҷикистон\nAF\tAfghanistan\t\n")
    (folder / "admin1.tsv").write_text("TJ\t01\tGorno-Badakhshan\t\nAF\t01\tBadakhshan\t\n")
    return folder


def test_the_second_load_reads_the_cache(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = Gazetteer(folder, cache=cache).suggest("хор")
    (copy,) = cache.glob("gazetteer-*.marshal")
    second = Gazetteer(folder, cache=cache).suggest("хор")
    assert first == second
    assert [p.label for p in second] == ["Хорог (Khorugh), Gorno-Badakhshan, Tajikistan"]
    assert list(cache.glob("gazetteer-*.marshal")) == [copy]


def test_a_new_release_replaces_the_old_copy(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Gazetteer(folder, cache=cache).suggest("k")
    (old,) = cache.glob("*.marshal")
    (folder / "places.tsv.xz").write_bytes(lzma.compress(PLACES[0].encode()))
    assert [p.name for p in Gazetteer(folder, cache=cache).suggest("i")] == []
    (new,) = cache.glob("*.marshal")
    assert new != old


def test_a_damaged_cache_is_passed_by(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Gazetteer(folder, cache=cache).suggest("k")
    (copy,) = cache.glob("*.marshal")
    copy.write_bytes(b"\x00garbage")
    assert [p.name for p in Gazetteer(folder, cache=cache).suggest("Ишк")] == ["Ishqoshim"]


def test_an_unwritable_cache_is_passed_by(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    gazetteer = Gazetteer(folder, cache=blocker / "cache")  # a folder inside a file
    assert [p.name for p in gazetteer.suggest("Ash")] == ["Ashkāsham"]


def test_nearest_on_a_small_gazetteer(folder: Path) -> None:
    gazetteer = Gazetteer(folder)
    found = gazetteer.nearest(36.70, 71.55)
    assert found is not None and found[0].name == "Ashkāsham"
    only_tj = gazetteer.nearest(36.70, 71.55, country_code="TJ")
    assert only_tj is not None and only_tj[0].name == "Ishqoshim"
    assert gazetteer.nearest(-60.0, 0.0) is None  # nothing within ten degrees
