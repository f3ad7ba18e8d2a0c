"""Benchmark: a bundle of 10,000 incidents with their sources written and read in < 10 s each.

The case is the shared synthetic one (10,000 incidents, their sources and citations).
Beside ours, the same run times a bare yardstick: reading every row of the same tables with
the sqlite3 module and writing them as JSON lines (export), and inserting the incident rows
into an empty table with executemany (import). Then an officer's small bundle is read into
the large case, as headquarters reads one, beside the same bundle read into an empty case.
"""

from __future__ import annotations

import json
import resource
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import pyrage

import casefile
from benchmarks import synthetic
from casefile.exchange.bundle import Key

INCIDENTS = 10_000
TARGET_SECONDS = 10.0
RUNS = 3
TABLES = ("source", "source_report", "incident", "incident_actor", "casualty", "citation")


def bare_export(case: Path) -> float:
    """Seconds to read the tables and write them as JSON lines, with no merging logic."""
    started = time.perf_counter()
    with sqlite3.connect(case) as db:
        lines = []
        for table in TABLES:
            cursor = db.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            lines += [json.dumps(dict(zip(names, row, strict=True))) for row in cursor]
    "\n".join(lines).encode()
    return time.perf_counter() - started


def bare_import(case: Path, folder: Path) -> float:
    """Seconds to insert the incident rows into an empty copy of the table."""
    with sqlite3.connect(case) as db:
        rows = db.execute("SELECT * FROM incident").fetchall()
        schema = db.execute("SELECT sql FROM sqlite_master WHERE name = 'incident'").fetchone()[0]
    target = folder / "bare.sqlite"
    target.unlink(missing_ok=True)
    started = time.perf_counter()
    with sqlite3.connect(target) as db:
        db.execute(schema)
        db.executemany(f"INSERT INTO incident VALUES ({','.join('?' * len(rows[0]))})", rows)
    return time.perf_counter() - started


def main() -> int:
    """Time writing and reading a 10,000-incident bundle; 0 when both meet the target."""
    folder = Path(tempfile.mkdtemp(prefix="casefile-bundle-bench-"))
    case = folder / "outpost.casefile"
    synthetic.generate(case, INCIDENTS)
    identity = pyrage.x25519.Identity.generate()
    (folder / "hq.key").write_text(f"{identity}\n")
    key = Key(recipient=str(identity.to_public()))
    writes, reads, bare_out, bare_in, cpu_writes, cpu_reads = [], [], [], [], [], []
    for run in range(RUNS):
        bundle = folder / f"b{run}.age"
        with casefile.open(case) as cf:
            started, cpu = time.perf_counter(), time.process_time()
            written = cf.bundles.write(bundle, key=key, max_tlp="RED")
            writes.append(time.perf_counter() - started)
            cpu_writes.append(time.process_time() - cpu)
        bare_out.append(bare_export(case))
        target = folder / f"hq{run}.casefile"
        with casefile.open(target) as hq:
            started, cpu = time.perf_counter(), time.process_time()
            result = hq.bundles.read(bundle, identity=folder / "hq.key")
            reads.append(time.perf_counter() - started)
            cpu_reads.append(time.process_time() - cpu)
            count = hq.count_incidents()
        bare_in.append(bare_import(case, folder))
        print(
            f"run {run + 1}: write {writes[-1]:.2f} s ({cpu_writes[-1]:.2f} s CPU), "
            f"read {reads[-1]:.2f} s ({cpu_reads[-1]:.2f} s CPU) "
            f"({count} incidents; {result.summary})",
            flush=True,
        )
    write, read = statistics.median(writes), statistics.median(reads)
    out, into = statistics.median(bare_out), statistics.median(bare_in)
    size = written.path.stat().st_size / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"bundle of {INCIDENTS:,} incidents: {size:.1f} MB; {written}")
    target = f"target <= {TARGET_SECONDS:.0f} s"
    print(
        f"write: median {write:.2f} s ({target}); bare read+JSON {out:.2f} s ({write / out:.1f}x)"
    )
    print(
        f"read:  median {read:.2f} s ({target}); "
        f"bare executemany of the incident rows {into:.2f} s ({read / into:.1f}x)"
    )
    cpu = f"{statistics.median(cpu_writes):.2f} s and {statistics.median(cpu_reads):.2f} s"
    print(f"CPU time (steadier on a shared machine): write and read medians {cpu}")
    print(f"peak RSS {peak:.0f} MB")
    small_into(folder, case, key)
    return 0 if write <= TARGET_SECONDS and read <= TARGET_SECONDS else 1


def small_into(folder: Path, big: Path, key: Key) -> None:
    """An officer's small bundle (the demo case's 29 records) read into a copy of the big
    case, as headquarters reads one, beside the same bundle read into an empty case."""
    outpost = folder / "demo.casefile"
    with casefile.open(outpost) as cf:
        cf.load_demo()
        small = cf.bundles.write(folder / "small.age", key=key, max_tlp="RED").path
    into_big, into_empty = [], []
    for run in range(RUNS):
        for target, times, name in ((big, into_big, "big"), (None, into_empty, "empty")):
            copy = folder / f"small-into-{name}-{run}.casefile"
            if target is not None:
                shutil.copy(target, copy)
            with casefile.open(copy) as hq:
                started = time.process_time()
                said = hq.bundles.read(small, identity=folder / "hq.key")
                times.append(time.process_time() - started)
                assert sum(said.summary.added.values()) == 29, said
    big_s, empty_s = statistics.median(into_big), statistics.median(into_empty)
    print(
        f"a small bundle (29 records) read into the {INCIDENTS:,}-incident case: median CPU"
        f" {big_s:.3f} s; into an empty case {empty_s:.3f} s ({big_s / empty_s:.1f}x)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
