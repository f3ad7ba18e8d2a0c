"""`casefile import` of 100,000 rows killed with SIGKILL: all of it or none, nothing else lost.

At each kill point, the case must open, `casefile verify` must call it sound, the import's
incidents must be all there or none of them, what was committed before must be as it
was, and another import must then complete; for a plain and an encrypted case alike.
Kill points are found by watching the files, not the clock: early (the log's first
spilled pages), mid-import (tens of megabytes of uncommitted log) and, in the slow
variant, during the checkpoint after the commit (the case file itself growing). The slow
variant waits for a whole import, minutes on a busy machine: `make test-slow` runs it.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

import casefile
from casefile import cli
from casefile.exchange import acled

ROOT = Path(__file__).resolve().parents[3]
ROWS = 100_000
AGAIN = 1_000  # the import that completes after each kill in the quick variant
PASSPHRASE = "correct horse battery staple"
MB = 1_000_000
WAIT_S = 900  # a whole import on a loaded two-core machine took four minutes
PLACES = [
    ("Badakhshan", "Ishkashim", 36.71, 71.57),
    ("Kunduz", "Imam Sahib", 37.18, 68.92),
    ("Takhar", "Taloqan", 36.74, 69.53),
    ("Balkh", "Mazar-i-Sharif", 36.71, 67.11),
    ("Kabul", "Kabul", 34.53, 69.17),
]
EVENTS = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
]
ACTORS = ["Taliban", "Military Forces of Afghanistan (2014-2021)", "Unidentified Armed Group"]
WORDS = ["clash", "border", "post", "convoy", "ambush", "district", "market", "river", "drone"]


def write_acled(path: Path, rows: int, *, prefix: str = "AFG", seed: int = 1) -> Path:
    """An ACLED export (2023 layout) of `rows` varied rows; the same seed, the same rows."""
    rng = random.Random(seed)
    start = date(2019, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(acled.COLUMNS_2023)
        for i in range(rows):
            admin1, town, lat, lon = rng.choice(PLACES)
            event, sub = rng.choice(EVENTS)
            day = start + timedelta(days=rng.randrange(1500))
            notes = " ".join(rng.choices(WORDS, k=rng.randint(8, 30)))
            fields = {
                "event_id_cnty": f"{prefix}{i + 1}",
                "event_date": day.strftime("%d %B %Y"),
                "year": day.year,
                "time_precision": 1,
                "event_type": event,
                "sub_event_type": sub,
                "actor1": rng.choice(ACTORS),
                "inter1": "Rebel group",
                "actor2": rng.choice(ACTORS),
                "inter2": "State forces",
                "interaction": "Rebel group-State forces",
                "iso": 4,
                "region": "Caucasus and Central Asia",
                "country": "Afghanistan",
                "admin1": admin1,
                "location": town,
                "latitude": lat,
                "longitude": lon,
                "geo_precision": 1,
                "source": rng.choice(("Xinhua", "Pajhwok Afghan News", "Tolo News")),
                "source_scale": "National",
                "notes": f"Report {i}: {notes}.",
                "fatalities": rng.choice((0, 0, 1, 2, 5)),
                "timestamp": 1700000000 + i,
            }
            writer.writerow([fields.get(column, "") for column in acled.COLUMNS_2023])
    return path


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """100,000 rows, written once for the module (about 25 MB)."""
    return write_acled(tmp_path_factory.mktemp("acled") / "acled-100000.csv", ROWS)


@dataclass(frozen=True)
class KillPoint:
    """When to kill the import, seen from the case's files; what it must leave."""

    name: str
    reached: Callable[[Path, int], bool]  # (case path, case file size before the import)
    committed: bool  # the whole import is in the case afterwards


def _wal(path: Path) -> int:
    try:
        return Path(f"{path}-wal").stat().st_size
    except FileNotFoundError:
        return 0


EARLY = KillPoint("early", lambda path, _size: _wal(path) > 1 * MB, committed=False)
# A whole import leaves about 500 MB of log; past 32 MB, thousands of rows are written.
MIDWAY = KillPoint("mid-import", lambda path, _size: _wal(path) > 32 * MB, committed=False)


def _copying_log(path: Path, size: int) -> bool:
    """Whether the checkpoint has begun writing pages past the file's old end.

    The file grows before the commit (store/room.py reserves the room, as zeros); only the
    checkpoint, which runs once the commit is done, writes a page there, and it writes the
    pages already in the file first: the first page past the old end not all zeros is past
    the commit and within the copy.
    """
    if path.stat().st_size <= size:
        return False
    with path.open("rb") as file:
        file.seek(size)
        return any(file.read(4096))


# The commit is done once the log is copied into the file: kill while it is being copied.
CHECKPOINT = KillPoint("checkpoint", _copying_log, committed=True)


def _env(passphrase: str | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CASEFILE_PASSPHRASE", None)
    if passphrase:
        env["CASEFILE_PASSPHRASE"] = passphrase
    return env


def _import(case: Path, source: Path, passphrase: str | None) -> subprocess.Popen[bytes]:
    command = "import sys; from casefile.cli import main; sys.exit(main())"
    return subprocess.Popen(
        [sys.executable, "-c", command, "import", str(case), str(source)],
        env=_env(passphrase),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def _kill_at(point: KillPoint, case: Path, source: Path, passphrase: str | None) -> None:
    size = case.stat().st_size
    child = _import(case, source, passphrase)
    deadline = time.monotonic() + WAIT_S
    try:
        while not point.reached(case, size):
            assert child.poll() is None, f"the import ended before the {point.name} kill point"
            assert time.monotonic() < deadline, f"the {point.name} kill point never came"
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def _committed_before(case: Path, passphrase: str | None) -> Path:
    """Commit a small import and an edited incident, as a case holds before a big import."""
    with casefile.open(case, passphrase=passphrase) as cf:
        cf.import_file(write_acled(case.with_name("before.csv"), 300, prefix="PRE", seed=2))
        made = cf.add_incident(title="Kept by hand", event_date=date(2020, 3, 21)).created
        assert made is not None
        cf.update_incident(made, narrative="Edited after it was added.")
    return case


def _rows(case: Path, passphrase: str | None) -> list[tuple[object, ...]]:
    """Every incident's identity and stored state, plus the history's length."""
    with (
        casefile.open(case, passphrase=passphrase, readonly=True) as cf,
        cf.engine.connect() as connection,
    ):
        found = connection.execute(
            text(
                "SELECT uuid, acled_id, title, narrative, event_date, version, updated_at"
                " FROM incident ORDER BY uuid"
            )
        ).all()
        logged = connection.execute(text("SELECT count(*) FROM history")).scalar()
    return [tuple(row) for row in found] + [("history", logged)]


def _verify(case: Path, passphrase: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """`casefile verify` (read-only, as a user would run it first) calls the case sound."""
    with monkeypatch.context() as env:
        env.delenv("CASEFILE_PASSPHRASE", raising=False)
        if passphrase:
            env.setenv("CASEFILE_PASSPHRASE", passphrase)
        assert cli.main(["verify", str(case)]) == 0


def _count(case: Path, passphrase: str | None) -> int:
    """The incidents, once the case is opened for writing (as the app would)."""
    with casefile.open(case, passphrase=passphrase) as cf:
        return cf.count_incidents()


def _check(
    case: Path,
    passphrase: str | None,
    before: list[tuple[object, ...]],
    *,
    added: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sound, the import's incidents `added` (all or none), and what came before as it was."""
    _verify(case, passphrase, monkeypatch)
    *incidents, _history = before
    assert _count(case, passphrase) == len(incidents) + added
    now = _rows(case, passphrase)
    if added == 0:
        assert now == before  # the history too: nothing of the import was logged
    kept = {row[0] for row in incidents}
    assert [row for row in now[:-1] if row[0] in kept] == incidents


def _complete(case: Path, source: Path, passphrase: str | None) -> None:
    child = _import(case, source, passphrase)
    assert child.wait(timeout=WAIT_S) == 0


def _case(tmp_path: Path, encrypted: bool) -> tuple[Path, str | None]:
    passphrase = PASSPHRASE if encrypted else None
    return _committed_before(tmp_path / "case.casefile", passphrase), passphrase


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_an_import_killed_early_or_midway_leaves_none_of_it(
    encrypted: bool, big_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, passphrase = _case(tmp_path, encrypted)
    before = _rows(case, passphrase)
    for point in (EARLY, MIDWAY):
        _kill_at(point, case, big_csv, passphrase)
        _check(case, passphrase, before, added=0, monkeypatch=monkeypatch)
    # The same rows import in full afterwards (the first of them: a whole import is the
    # slow variant's).
    _complete(case, write_acled(tmp_path / "again.csv", AGAIN), passphrase)
    _check(case, passphrase, before, added=AGAIN, monkeypatch=monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_an_import_killed_at_every_stage_leaves_all_or_none_and_imports_again(
    encrypted: bool, big_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, passphrase = _case(tmp_path, encrypted)
    before = _rows(case, passphrase)
    for point in (EARLY, MIDWAY, CHECKPOINT):
        _kill_at(point, case, big_csv, passphrase)
        _check(
            case, passphrase, before, added=ROWS if point.committed else 0, monkeypatch=monkeypatch
        )
    # Imported again, whole: every row is found unchanged and skipped.
    _complete(case, big_csv, passphrase)
    _check(case, passphrase, before, added=ROWS, monkeypatch=monkeypatch)
