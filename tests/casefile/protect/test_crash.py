"""Killed at any moment (SIGKILL), a case file loses nothing committed and stays sound."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import casefile

ROOT = Path(__file__).resolve().parents[3]
ROWS = 1000
HEADER = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
    "notes,fatalities,timestamp,iso3\n"
)


def _csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        out.write(HEADER)
        writer = csv.writer(out)
        for i in range(rows):
            writer.writerow(
                [
                    *(i, 4, f"AFG{i}", i, "21 March 2020", 2020, 1, "Battles", "Armed clash"),
                    *("Taliban", "", 2, "Military Forces of Afghanistan (2014-)", "", 1, 12),
                    *("Caucasus and Central Asia", "Afghanistan", "Balkh", "Dawlat Abad", ""),
                    *("Dawlat Abad", 36.9882, 66.8207, 2, "Xinhua", "National"),
                    f"Clash number {i} near the river, reported by several sources.",
                    *(1, 1584984341, "AFG"),
                ]
            )
    return path


def _child(
    *args: str, stdout: int | None = None, stdin: int | None = None
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CASEFILE_PASSPHRASE", None)
    return subprocess.Popen([sys.executable, *args], env=env, cwd=ROOT, stdout=stdout, stdin=stdin)


def _sound(path: Path) -> None:
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    check.close()
    with casefile.open(path) as cf:
        assert cf.protect.verify() == []


# A small page cache makes the import spill uncommitted pages into the -wal early, as a
# large import does: the kill then finds them there.
IMPORT = """
import sys, casefile
from sqlalchemy import event
cf = casefile.open(sys.argv[1])
event.listen(cf.engine, "connect", lambda c, r: c.execute("PRAGMA cache_size = 50"))
cf.engine.dispose()
cf.import_file(sys.argv[2])
"""


def test_an_import_killed_midway_leaves_all_or_nothing(case_path: Path, tmp_path: Path) -> None:
    source = _csv(tmp_path / "big.csv", ROWS)
    wal = Path(f"{case_path}-wal")
    child = _child("-c", IMPORT, str(case_path), str(source))
    deadline = time.monotonic() + 60
    while not (wal.exists() and wal.stat().st_size > 100_000) and time.monotonic() < deadline:
        assert child.poll() is None, "the import ended before it could be killed"
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
    _sound(case_path)
    with casefile.open(case_path) as cf:
        assert cf.count_incidents() == 0
        summary = cf.import_file(source)
        assert (summary.added, cf.count_incidents()) == (ROWS, ROWS)
    _sound(case_path)


EDITS = """
import sys, casefile
cf = casefile.open(sys.argv[1])
for i in range(1, 1_000_000):
    cf.update_incident(sys.argv[2], title=f"version {i}")
    print(i, flush=True)
"""


def test_edits_killed_midway_lose_nothing_committed(case_path: Path) -> None:
    with casefile.open(case_path) as cf:
        changes = cf.add_incident(title="version 0", event_date=date(2025, 1, 1))
    assert changes.created is not None
    child = _child("-c", EDITS, str(case_path), changes.created, stdout=subprocess.PIPE)
    assert child.stdout is not None
    done = 0
    while done < 15:
        line = child.stdout.readline()
        assert line, "the editing process stopped"
        done = int(line)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    done = max([done, *(int(x) for x in child.stdout.read().split())])
    child.stdout.close()
    _sound(case_path)
    with casefile.open(case_path) as cf:
        version = int(cf.get_incident(changes.created).title.split()[1])
    assert done <= version <= done + 1  # each edit said done was committed


REPORTS = """
import sys, casefile
cf = casefile.open(sys.argv[1])
for i in range(1_000_000):
    cf.write_report(sys.argv[2] + f"/report-{i}.pdf")
"""


def test_a_report_killed_midway_leaves_the_case_sound(tmp_path: Path) -> None:
    path = tmp_path / "demo.casefile"
    with casefile.open(path) as cf:
        cf.load_demo()
    child = _child("-c", REPORTS, str(path), str(tmp_path))
    deadline = time.monotonic() + 60
    while not (tmp_path / "report-0.pdf").exists() and time.monotonic() < deadline:
        assert child.poll() is None, "the report process stopped"
        time.sleep(0.05)
    time.sleep(0.2)  # into the next report
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    _sound(path)
