"""Benchmark: a whole 100,000-incident case sent as one bundle, and read, each under 1 GB.

Headquarters sends its whole case to a new officer; an officer's first bundle may hold
everything gathered in the field. The case is import_bench's CSV imported once (kept in
the benchmark cache). Each step runs in a fresh process, so its peak RSS is its own:
writing the full bundle, reading it into an empty case, writing an incremental bundle
when nothing changed, and reading an officer's small bundle into the large case. Beside
them, in the same run: a fresh process that only opens the large case (the memory any
step starts from), and a bare yardstick of the same work with the sqlite3 module (every
row of the exchanged tables read and written as JSON lines; the incident rows inserted
into an empty table).
"""

from __future__ import annotations

import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyrage

import casefile
from casefile.exchange.bundle import Key

TARGET_RSS_MB = 1024
TABLES = ("source", "source_report", "incident", "incident_actor", "casualty", "citation")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _case() -> Path:
    """The 100,000-incident case, imported once from import_bench's CSV and kept."""
    # Here, not at the top: the steps' own processes must not carry their data.
    from benchmarks import import_bench, synthetic

    case = synthetic.CACHE / f"acled-{import_bench.ROWS}.casefile"
    if case.exists():
        return case
    source = synthetic.CACHE / f"acled-{import_bench.ROWS}.csv"
    if not source.exists():
        import_bench.write_csv(source, import_bench.ROWS)
    building = case.with_suffix(".building")
    building.unlink(missing_ok=True)
    with casefile.open(building) as cf:
        cf.import_file(source)
    building.rename(case)
    return case


def child(step: str, case: str, folder: str) -> None:
    """In a fresh process: one step, its seconds, CPU and peak RSS printed as JSON."""
    here = Path(folder)
    key = Key(recipient=(here / "public").read_text())
    started, cpu = time.perf_counter(), time.process_time()
    said = ""
    if step == "open":
        casefile.open(case).close()
    elif step == "write":
        with casefile.open(case) as cf:
            said = str(cf.bundles.write(here / "full.age", key=key, max_tlp="RED"))
    elif step == "read":
        with casefile.open(here / "copy.casefile") as cf:
            said = str(cf.bundles.read(here / "full.age", identity=here / "key"))
    elif step == "again":
        with casefile.open(case) as cf:
            cf.bundles.write(here / "first.age", key=key, since_last="bench", max_tlp="RED")
            started, cpu = time.perf_counter(), time.process_time()
            said = str(cf.bundles.write(here / "none.age", key=key, since_last="bench"))
    elif step == "small":
        with casefile.open(case) as cf:
            said = str(cf.bundles.read(here / "small.age", identity=here / "key"))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"s": seconds, "cpu": cpu, "rss": _peak_mb(), "said": said}))


def bare(case: Path, folder: Path) -> dict[str, float]:
    """The same tables read and written as JSON lines, and the incident rows inserted."""
    started = time.perf_counter()
    with sqlite3.connect(case) as db, (folder / "bare.jsonl").open("w") as out:
        for table in TABLES:
            cursor = db.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            for row in cursor:
                out.write(json.dumps(dict(zip(names, row, strict=True))) + "\n")
        rows = db.execute("SELECT * FROM incident").fetchall()
        schema = db.execute("SELECT sql FROM sqlite_master WHERE name = 'incident'").fetchone()
    exported = time.perf_counter() - started
    started = time.perf_counter()
    with sqlite3.connect(folder / "bare.sqlite") as db:
        db.execute(schema[0])
        db.executemany(f"INSERT INTO incident VALUES ({','.join('?' * len(rows[0]))})", rows)
    return {"export": exported, "insert": time.perf_counter() - started}


def _run(step: str, case: Path, folder: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bundle_large_bench", step, str(case), str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    """Time and weigh each step; 0 when writing and reading each stay under 1 GB."""
    cached = _case()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        case = folder / "big.casefile"  # the steps write to it (merge bases, what was sent)
        shutil.copy(cached, case)
        identity = pyrage.x25519.Identity.generate()
        (folder / "key").write_text(f"{identity}\n")
        (folder / "public").write_text(str(identity.to_public()))
        with casefile.open(folder / "demo.casefile") as demo:
            demo.load_demo()
            key = Key(recipient=str(identity.to_public()))
            demo.bundles.write(folder / "small.age", key=key, max_tlp="RED")
        steps = {name: _run(name, case, folder) for name in ("open", "write", "read", "again")}
        steps["small"] = _run("small", case, folder)
        yardstick = bare(case, folder)
    floor = float(steps["open"]["rss"])  # type: ignore[arg-type]
    for name, words in (
        ("write", "write the whole case as one bundle"),
        ("read", "read it into an empty case"),
        ("again", "write an incremental bundle, nothing changed"),
        ("small", "read an officer's bundle of 29 records into the case"),
    ):
        step = steps[name]
        print(
            f"{words}: {float(step['s']):.1f} s, CPU {float(step['cpu']):.1f} s,"  # type: ignore[arg-type]
            f" peak RSS {float(step['rss']):.0f} MB; {step['said']}"  # type: ignore[arg-type]
        )
    print(
        f"  beside: a process that only opens the case peaks at {floor:.0f} MB; bare sqlite3"
        f" reading the exchanged tables into JSON lines {yardstick['export']:.1f} s, inserting"
        f" the incident rows into an empty table {yardstick['insert']:.1f} s"
    )
    worst = max(float(steps[n]["rss"]) for n in ("write", "read"))  # type: ignore[arg-type]
    met = worst < TARGET_RSS_MB
    print(f"target: writing and reading under {TARGET_RSS_MB} MB: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    if len(sys.argv) > 3:
        child(*sys.argv[1:4])
    else:
        sys.exit(main())
