"""Benchmark: exporting 100,000 incidents as CSV, JSON and GeoJSON with flat memory.

Each export runs in a fresh process, so its peak RSS is the export's own (a process's
peak is its largest ever: measured after an import, it is the import's). Beside ours,
the same run times a bare yardstick: SELECT * of the incident table written with
csv.writer, before and after.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import synthetic

ROWS = int(os.environ.get("CASEFILE_EXPORT_ROWS", "100000"))
TARGET_RSS_MB = 200
FORMATS = ("csv", "json", "geojson")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_export(case_path: str, out_path: str, format: str) -> None:
    """In a fresh process: one export; prints seconds, CPU, peak RSS and the count as JSON."""
    import casefile

    with casefile.open(case_path) as cf:
        opened = _peak_mb()
        started, cpu = time.perf_counter(), time.process_time()
        done = cf.export(out_path, format=format, max_tlp="RED")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    result = {"seconds": seconds, "cpu": cpu, "rss": _peak_mb(), "opened": opened}
    print(json.dumps(result | {"written": done.written}))


def child_bare(case_path: str, out_path: str) -> None:
    """In a fresh process: every incident row through csv.writer, nothing else."""
    started, cpu = time.perf_counter(), time.process_time()
    with sqlite3.connect(case_path) as db, open(out_path, "w", encoding="utf-8-sig") as fh:
        rows = db.execute("SELECT * FROM incident ORDER BY event_date, id")
        writer = csv.writer(fh)
        writer.writerow(d[0] for d in rows.description)
        writer.writerows(rows)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rss": _peak_mb(), "written": ROWS}))


def _run(*args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.export_bench", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _line(name: str, found: dict[str, float]) -> str:
    return (
        f"{name:8} {found['seconds']:6.1f} s ({found['written'] / found['seconds']:8,.0f} rows/s),"
        f" CPU {found['cpu']:5.1f} s, peak RSS {found['rss']:4.0f} MB"
    )


def main() -> int:
    """Export the synthetic case in each format, each beside the bare yardstick."""
    cached = synthetic.cached(ROWS)
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "case.casefile"
        shutil.copyfile(cached, case)
        bare = [_run("bare", str(case), str(Path(tmp) / "bare.csv"))]
        ours = {f: _run("export", str(case), str(Path(tmp) / f"out.{f}"), f) for f in FORMATS}
        bare.append(_run("bare", str(case), str(Path(tmp) / "bare.csv")))
    yardstick = {
        key: statistics.median(b[key] for b in bare) for key in ("seconds", "cpu", "rss")
    } | {"written": ROWS}
    print(f"export of {ROWS:,} incidents (each in a fresh process):")
    for format, found in ours.items():
        print(_line(format, found) + f"; {found['seconds'] / yardstick['seconds']:.1f}x bare")
    print(_line("bare", yardstick) + " (SELECT * + csv.writer, median of 2)")
    opened = max(found["opened"] for found in ours.values())
    print(f"  (the open case alone, before exporting: {opened:.0f} MB)")
    ok = all(f["rss"] < TARGET_RSS_MB and f["written"] == ROWS for f in ours.values())
    print(f"target < {TARGET_RSS_MB} MB at {ROWS:,}: " + ("met" if ok else "MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "export":
        child_export(*sys.argv[2:5])
    elif len(sys.argv) > 1 and sys.argv[1] == "bare":
        child_bare(*sys.argv[2:4])
    else:
        sys.exit(main())
