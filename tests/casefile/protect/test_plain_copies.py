"""Plain copies for other programs: a private folder per app, deleted on close, lock or restart."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from casefile.protect import plain_copies
from casefile.protect.plain_copies import PlainCopies


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder, as platformdirs finds it, inside the test's folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_copies_go_to_private_folders_in_the_data_folder(data_home: Path) -> None:
    copies = PlainCopies()
    assert not copies.made
    first, second = copies.folder(), copies.folder()
    assert first != second and copies.made
    assert plain_copies.root().is_relative_to(data_home)
    for folder in (plain_copies.root(), first.parent, first, second):
        assert _mode(folder) == 0o700
    (first / "report.eml").write_bytes(b"the draft")
    copies.remove()
    assert not copies.made
    assert list(plain_copies.root().iterdir()) == []  # the folder and its lock file
    copies.remove()  # nothing left to remove


def test_an_old_root_open_to_others_is_made_private(data_home: Path) -> None:
    plain_copies.root().mkdir(parents=True, mode=0o755)
    plain_copies.root().chmod(0o755)
    PlainCopies().folder()
    assert _mode(plain_copies.root()) == 0o700


def test_leftovers_of_a_killed_app_go_and_a_running_apps_stay(data_home: Path) -> None:
    running = PlainCopies()
    kept = running.folder() / "photo.jpg"
    kept.write_bytes(b"in use")
    # An app that was killed: its folder has a lock file nobody holds.
    script = (
        "import os, sys; from casefile.protect.plain_copies import PlainCopies;"
        "c = PlainCopies(); open(c.folder() / 'draft.eml', 'w').write('x');"
        "os._exit(0)"
    )
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "-c", script], check=True, cwd=root)
    assert len([p for p in plain_copies.root().iterdir() if p.is_dir()]) == 2
    assert plain_copies.remove_leftovers() == 1
    assert [p for p in plain_copies.root().iterdir() if p.is_dir()] == [kept.parent.parent]
    assert kept.read_bytes() == b"in use"
    running.remove()
    assert plain_copies.remove_leftovers() == 0


def test_no_folder_no_leftovers(data_home: Path) -> None:
    assert plain_copies.remove_leftovers() == 0
