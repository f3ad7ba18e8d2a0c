"""What Casefile derives from its shipped files and keeps in the cache folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casefile import paths


def _derive(cache: Path | None, made: list[int], *, fresh: bool = False, version: int = 1) -> Any:
    def make() -> list[int]:
        made.append(1)
        return [1, 2, 3]

    def read(value: Any) -> int:
        if not isinstance(value, list):
            raise TypeError("not a list")
        return sum(value)

    return paths.derived(
        b"shipped", cache, kind="test", version=version, make=make, read=read, fresh=fresh
    )


def test_made_once_then_read_from_the_cache(tmp_path: Path) -> None:
    made: list[int] = []
    assert _derive(tmp_path, made) == 6
    assert _derive(tmp_path, made) == 6
    assert len(made) == 1
    assert len(list(tmp_path.glob("test-1-*.marshal"))) == 1


def test_a_damaged_copy_is_made_again(tmp_path: Path) -> None:
    made: list[int] = []
    _derive(tmp_path, made)
    (copy,) = tmp_path.glob("test-*.marshal")
    copy.write_bytes(b"\x00garbage")
    assert _derive(tmp_path, made) == 6
    assert len(made) == 2
    assert _derive(tmp_path, made, fresh=True) == 6 and len(made) == 3


def test_a_new_version_replaces_the_old_copy(tmp_path: Path) -> None:
    _derive(tmp_path, [])
    _derive(tmp_path, [], version=2)
    assert [p.name.split("-")[1] for p in tmp_path.glob("test-*.marshal")] == ["2"]


@pytest.mark.parametrize("cache", [None, "unwritable"])
def test_without_a_cache_it_is_made_each_time(tmp_path: Path, cache: str | None) -> None:
    folder = None
    if cache:
        folder = tmp_path / "file-in-the-way"
        folder.write_text("not a folder")  # the cache folder cannot be made
    made: list[int] = []
    assert _derive(folder, made) == 6 and _derive(folder, made) == 6
    assert len(made) == 2
