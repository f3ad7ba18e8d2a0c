"""Read-only commands on a case whose changes are still in its -wal: seen, and nothing new
or changed beside the case (no -shm made, not a byte of the case or its log changed)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile import cli
from casefile.store import reading

ROOT = Path(__file__).resolve().parents[3]
TITLE = "Convoy stopped at Ishkashim"

# A writer that commits an incident which a reader it holds open keeps in the log (the
# checkpoint after the commit cannot pass the reader's snapshot), then is killed.
KILLED_WRITER = f"""
import os, signal, sqlite3, sys
from datetime import date
import casefile
path = sys.argv[1]
pin = sqlite3.connect(path)
pin.execute("BEGIN")
pin.execute("SELECT count(*) FROM incident").fetchall()
cf = casefile.open(path)
cf.add_incident(title={TITLE!r}, event_date=date(2025, 5, 1))
os.kill(os.getpid(), signal.SIGKILL)
"""


def _pinned(path: Path) -> sqlite3.Connection:
    """A reader holding a snapshot from before the next commit, which stays in the log."""
    pin = sqlite3.connect(path)
    pin.execute("BEGIN")
    pin.execute("SELECT count(*) FROM incident").fetchall()
    return pin


@contextlib.contextmanager
def _open_writer(case_path: Path) -> Iterator[Path]:
    """The app at work: a writer holds the case open, its last change only in the log."""
    pin = _pinned(case_path)
    with casefile.open(case_path) as cf:
        cf.add_incident(title=TITLE, event_date=date(2025, 5, 1))
        yield case_path
    pin.close()


@contextlib.contextmanager
def _killed_writer(case_path: Path) -> Iterator[Path]:
    """A writer killed after its commit: -wal and -shm left, no one has the case open."""
    done = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(case_path)], cwd=ROOT)
    assert done.returncode == -signal.SIGKILL
    yield case_path


@contextlib.contextmanager
def _copied_without_shm(case_path: Path) -> Iterator[Path]:
    """A case and its -wal copied elsewhere (to a USB stick), without the -shm."""
    pin = _pinned(case_path)
    with casefile.open(case_path) as cf:
        cf.add_incident(title=TITLE, event_date=date(2025, 5, 1))
        stick = case_path.parent / "stick"
        stick.mkdir()
        copy = Path(shutil.copy(case_path, stick / case_path.name))
        shutil.copy(case_path.with_name(case_path.name + "-wal"), stick / f"{copy.name}-wal")
    pin.close()
    yield copy


SITUATIONS = {"open-writer": _open_writer, "killed-writer": _killed_writer}
SITUATIONS["copied-without-shm"] = _copied_without_shm
COMMANDS = {
    "verify": [],
    "search": ["Ishkashim"],
    "export": ["-o", "{out}/o.csv"],
    "report": ["-o", "{out}/o.pdf"],
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _beside(case: Path) -> dict[str, str | None]:
    """Every file in the case's folder, with the digest of the case and of its log."""
    kept = {case.name, case.name + "-wal"}
    return {p.name: _digest(p) if p.name in kept else None for p in sorted(case.parent.iterdir())}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_a_read_only_command_sees_the_log_and_leaves_everything_as_it_was(
    case_path: Path, tmp_path: Path, situation: str, command: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with SITUATIONS[situation](case_path) as case:
        log = case.with_name(case.name + "-wal")
        with sqlite3.connect(f"file:{case}?immutable=1", uri=True) as alone:
            # The incident is only in the log: read without it, the case does not hold it.
            assert alone.execute("SELECT count(*) FROM incident").fetchone() == (0,)
        assert log.stat().st_size > 0
        before = _beside(case)
        printed = io.StringIO()
        argv = [command, str(case), *(a.format(out=out) for a in COMMANDS[command])]
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            code = cli.main(argv)
        assert code == 0, printed.getvalue()
        assert _beside(case) == before
        if command == "search":
            assert TITLE in printed.getvalue()
        if command == "export":
            assert TITLE in (out / "o.csv").read_text(encoding="utf-8-sig")


def test_a_copy_read_aside_is_removed_when_the_case_closes(case_path: Path, tmp_path: Path) -> None:
    with _copied_without_shm(case_path) as case:
        plan = reading.plan(case)
        assert plan.path != case and plan.path.with_name(plan.path.name + "-wal").exists()
        with casefile.open(case, readonly=True) as cf:
            assert [r.title for r in cf.list_incidents()] == [TITLE]
        plan.done()
        assert not plan.path.parent.exists()


def test_a_log_that_changes_while_copied_is_copied_again(
    case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _copied_without_shm(case_path) as case:
        log = case.with_name(case.name + "-wal")
        stamps = iter([(1, 1, 1), (1, 1, 1), (1, 1, 1), (2, 2, 2)])
        real = reading._stamp
        monkeypatch.setattr(reading, "_stamp", lambda p: next(stamps, None) or real(p))
        plan = reading.plan(case)
        try:
            assert plan.path.read_bytes() == case.read_bytes()
            assert plan.path.with_name(plan.path.name + "-wal").read_bytes() == log.read_bytes()
        finally:
            plan.done()


def test_a_writer_that_opens_the_case_meanwhile_is_read_with_it(case_path: Path) -> None:
    with _copied_without_shm(case_path) as case:
        case.with_name(case.name + "-shm").touch()  # what a writer's first read makes
        assert reading.plan(case) == reading.Reading(case, "")
    assert os.path.exists(case)
