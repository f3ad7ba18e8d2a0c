"""Benchmark: importing a 100,000-row ACLED CSV at >= 10,000 rows/s, peak memory < 200 MB.

The CSV is synthetic, in the current ACLED layout (actor types as words), with the
places, actors, events and Zipf-distributed words of `benchmarks.synthetic`. Each
measurement runs in a fresh process, so its peak RSS is its own: the import into a new
case file (search index included), then the export of those rows to CSV, and as the
yardstick a bare `executemany` of the same rows into a plain SQLite table, run before
and after the import (interleaved; the median is quoted). Then the case's JSON export is
imported into a new case, beside the same file only read as a stream; and the imported
case is verified, beside SQLite's own integrity check of the same file. And the rows the
import wrote are written again by bare SQLite into a new case: the floor of any import into
this schema.
"""

from __future__ import annotations

import csv
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks import synthetic
from casefile.exchange import acled
from casefile.records import taxonomy

ROWS = 100_000
TARGET_ROWS_PER_SECOND = 10_000
TARGET_RSS_MB = 200
SOURCES = ["Xinhua", "Khaama Press", "Pajhwok Afghan News", "Tolo News", "Asia-Plus", "RFE/RL"]


def write_csv(path: Path, n: int, *, seed: int = 1) -> None:
    """A synthetic ACLED export (current layout) of n rows."""
    rng = random.Random(seed)
    words = synthetic.vocabularies(seed)["latin"]
    places = synthetic.Zipf(synthetic.PLACES, 0.8)
    events = synthetic.Zipf(synthetic.EVENTS, 0.9)
    actors = synthetic.Zipf(synthetic.ACTORS, 1.0)
    types = list(taxonomy.INTER_CODES.values())[1:]
    start = date(2015, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(acled.COLUMNS_2023)
        for i in range(n):
            place = places.draw(rng, 1)[0]
            event, sub = events.draw(rng, 1)[0]
            actor1, actor2 = actors.draw(rng, 2)
            inter1, inter2 = rng.sample(types, 2)
            day = start + timedelta(days=rng.randrange(4000))
            notes = " ".join(words.draw(rng, rng.randint(15, 60)))
            writer.writerow(
                [
                    f"TJK{i + 1}",
                    day.strftime("%d %B %Y"),
                    day.year,
                    rng.choice((1, 1, 1, 2, 3)),
                    taxonomy.disorder_type_for(event, sub),
                    event,
                    sub,
                    actor1,
                    "",
                    inter1,
                    actor2,
                    "",
                    inter2,
                    f"{inter1}-{inter2}",
                    "",
                    762,
                    "Caucasus and Central Asia",
                    place[5],
                    place[3],
                    "",
                    "",
                    place[0],
                    place[6],
                    place[7],
                    rng.choice((1, 2, 3)),
                    "; ".join(rng.sample(SOURCES, rng.randint(1, 2))),
                    "National",
                    notes,
                    rng.choice((0, 0, 0, 1, 2, 5)),
                    "",
                    1700000000 + i,
                ]
            )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_import(csv_path: str, case_path: str, export_path: str) -> None:
    """In a fresh process: import, then export; prints seconds and peak RSS as JSON."""
    import casefile

    with casefile.open(case_path) as cf:
        started, cpu = time.perf_counter(), time.process_time()
        summary = cf.import_file(csv_path)
        imported = time.perf_counter() - started
        imported_cpu = time.process_time() - cpu
        rss = _peak_mb()
        # Opening the case again right after the import: the check of its -wal (store.wal)
        # reads whatever log the import left.
        log = Path(case_path + "-wal")
        log_mb = log.stat().st_size / 1e6 if log.exists() else 0.0
        started = time.perf_counter()
        casefile.open(case_path).close()
        reopen = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        cf.export(export_path)
        exported = time.perf_counter() - started
        exported_cpu = time.process_time() - cpu
        cf.export(export_path + ".json", format="json")  # for the JSON import below
        problems = cf.protect.verify()
    result = {
        "added": summary.added,
        "import": imported,
        "import_cpu": imported_cpu,
        "import_rss": rss,
        "log_mb": log_mb,
        "reopen": reopen,
        "export": exported,
        "export_cpu": exported_cpu,
        "export_rss": _peak_mb(),
        "verify": problems,
    }
    print(json.dumps(result))


def child_bare(csv_path: str, db_path: str) -> None:
    """In a fresh process: the same rows into a plain table with one executemany."""
    started, cpu = time.perf_counter(), time.process_time()
    connection = sqlite3.connect(db_path)
    columns = ", ".join(f'"{name}"' for name in acled.COLUMNS_2023)
    connection.execute(f"CREATE TABLE acled ({columns})")
    marks = ", ".join("?" * len(acled.COLUMNS_2023))
    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        with connection:
            connection.executemany(f"INSERT INTO acled VALUES ({marks})", rows)
    connection.close()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"bare": seconds, "bare_cpu": cpu, "bare_rss": _peak_mb()}))


# The tables an import writes, parents first; and each search index's columns.
_WRITTEN = (
    "actor",
    "source",
    "source_report",
    "incident",
    "incident_actor",
    "casualty",
    "incident_tag",
    "citation",
    "history",
)
_INDEXES = ("report_fts", "incident_fts")


def child_floor(imported_path: str, case_path: str) -> None:
    """In a fresh process: the very rows the import wrote (tables, search index, history)
    written again by bare SQLite into a new case of the same schema, as the app's connection
    is set up (foreign keys, WAL, the import's page cache). Only the writes and the commit are
    timed: what no import of these rows into this schema can go below."""
    import casefile
    from casefile.store import db

    casefile.open(case_path).close()  # the schema, migrated
    source = sqlite3.connect(imported_path)
    target = sqlite3.connect(case_path, isolation_level=None)
    for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = NORMAL"):
        target.execute(f"PRAGMA {pragma}")
    target.execute(f"PRAGMA cache_size = -{db.BULK_CACHE_KB}")
    cpu = wall = 0.0
    rows_written = 0
    target.execute("BEGIN IMMEDIATE")
    for table in _WRITTEN + _INDEXES:
        columns = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
        quoted = [f'"{c}"' for c in (["rowid", *columns] if table in _INDEXES else columns)]
        names = ", ".join(quoted)
        insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(quoted))})"
        read = source.execute(f"SELECT {names} FROM {table} ORDER BY rowid")
        while chunk := read.fetchmany(5000):
            started, clock = time.perf_counter(), time.process_time()
            target.executemany(insert, chunk)
            wall += time.perf_counter() - started
            cpu += time.process_time() - clock
            rows_written += len(chunk)
    started, clock = time.perf_counter(), time.process_time()
    target.execute("COMMIT")
    wall += time.perf_counter() - started
    cpu += time.process_time() - clock
    print(json.dumps({"floor": wall, "floor_cpu": cpu, "floor_rows": rows_written}))


def child_json(json_path: str, case_path: str) -> None:
    """In a fresh process: Casefile's own JSON export imported into a new case."""
    import casefile

    with casefile.open(case_path) as cf:
        started, cpu = time.perf_counter(), time.process_time()
        summary = cf.import_file(json_path)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"added": summary.added, "json": seconds, "json_cpu": cpu, "rss": _peak_mb()}))


def child_verify(case_path: str) -> None:
    """In a fresh process: verify the imported case; and as a yardstick, SQLite's own check."""
    import casefile

    started, cpu = time.perf_counter(), time.process_time()
    connection = sqlite3.connect(case_path)
    connection.execute("PRAGMA integrity_check").fetchall()
    connection.close()
    bare = time.perf_counter() - started
    bare_rss = _peak_mb()
    with casefile.open(case_path) as cf:
        started, cpu = time.perf_counter(), time.process_time()
        problems = cf.protect.verify()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        json.dumps(
            {"verify": seconds, "cpu": cpu, "rss": _peak_mb(), "bare": bare, "bare_rss": bare_rss}
            | {"problems": problems}
        )
    )


def child_json_bare(json_path: str) -> None:
    """In a fresh process: the same file only read as a stream, its incidents counted."""
    import ijson

    started, cpu = time.perf_counter(), time.process_time()
    with open(json_path, "rb") as fh:
        count = sum(1 for _ in ijson.items(fh, "incidents.item", use_float=True))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"count": count, "bare": seconds, "bare_cpu": cpu, "rss": _peak_mb()}))


def _run(*args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.import_bench", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    """Generate (or reuse) the CSV, time the import, the export and the bare yardstick."""
    synthetic.CACHE.mkdir(parents=True, exist_ok=True)
    source = synthetic.CACHE / f"acled-{ROWS}.csv"
    if not source.exists():
        started = time.perf_counter()
        write_csv(source, ROWS)
        print(f"wrote {source} in {time.perf_counter() - started:.0f} s")
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)
        bare = [_run("bare", str(source), str(here / "bare1.sqlite"))]
        result = _run("import", str(source), str(here / "i.casefile"), str(here / "out.csv"))
        bare.append(_run("bare", str(source), str(here / "bare2.sqlite")))
        floor = _run("floor", str(here / "i.casefile"), str(here / "floor.casefile"))
        exported_json = str(here / "out.csv.json")
        json_bare = _run("json-bare", exported_json)
        json_result = _run("json", exported_json, str(here / "j.casefile"))
        verified = _run("verify", str(here / "i.casefile"))
    bare_s = statistics.median(float(b["bare"]) for b in bare)  # type: ignore[arg-type]
    bare_cpu = statistics.median(float(b["bare_cpu"]) for b in bare)  # type: ignore[arg-type]
    seconds = float(result["import"])  # type: ignore[arg-type]
    cpu = float(result["import_cpu"])  # type: ignore[arg-type]
    rate = ROWS / seconds
    rss = float(result["import_rss"])  # type: ignore[arg-type]
    # Other work on the machine stretches wall time; CPU seconds say what the import costs.
    print(
        f"import {ROWS:,} ACLED rows: {seconds:.1f} s ({rate:,.0f} rows/s), CPU {cpu:.1f} s"
        f" ({ROWS / cpu:,.0f} rows per CPU second), peak RSS {rss:.0f} MB"
    )
    bare_rss = max(float(b["bare_rss"]) for b in bare)  # type: ignore[arg-type]
    print(
        f"  bare executemany of the same rows (median of 2): {bare_s:.2f} s, CPU {bare_cpu:.2f} s"
        f" ({ROWS / bare_s:,.0f} rows/s), peak RSS {bare_rss:.0f} MB;"
        f" the import takes {seconds / bare_s:.1f}x as long ({cpu / bare_cpu:.1f}x the CPU)"
    )
    floor_s, floor_cpu = float(floor["floor"]), float(floor["floor_cpu"])  # type: ignore[arg-type]
    print(
        f"  the same {int(floor['floor_rows']):,} rows the import wrote (tables, search index,"  # type: ignore[call-overload]
        f" history), written again by bare SQLite into the same schema: {floor_s:.1f} s,"
        f" CPU {floor_cpu:.1f} s, i.e. at most {ROWS / floor_s:,.0f} rows/s with no Python at"
        f" all; the import takes {seconds / floor_s:.1f}x as long"
    )
    print(
        f"  opening the case again right after: {float(result['reopen']):.2f} s"  # type: ignore[arg-type]
        f" (its -wal then {float(result['log_mb']):.0f} MB)"  # type: ignore[arg-type]
    )
    export_s = float(result["export"])  # type: ignore[arg-type]
    print(
        f"export {ROWS:,} incidents to CSV: {export_s:.1f} s ({ROWS / export_s:,.0f} rows/s),"
        f" CPU {float(result['export_cpu']):.1f} s, peak RSS {result['export_rss']:.0f} MB"  # type: ignore[arg-type]
        " (the process's peak, the import's: export_bench measures the export alone)"
    )
    _print_json(json_result, json_bare)
    print(
        f"verify the {ROWS:,}-incident case: {float(verified['verify']):.1f} s,"  # type: ignore[arg-type]
        f" CPU {float(verified['cpu']):.1f} s, peak RSS {verified['rss']:.0f} MB;"  # type: ignore[arg-type]
        f" SQLite's integrity_check alone: {float(verified['bare']):.1f} s"  # type: ignore[arg-type]
        + (f"; PROBLEMS: {verified['problems']}" if verified["problems"] else "")
    )
    if result["verify"]:
        print(f"  verify found problems: {result['verify']}")
    ok = rate >= TARGET_ROWS_PER_SECOND and rss < TARGET_RSS_MB and result["added"] == ROWS
    print(
        f"target >= {TARGET_ROWS_PER_SECOND:,} rows/s and < {TARGET_RSS_MB} MB: "
        + ("met" if ok else "MISSED")
    )
    return 0 if ok else 1


def _print_json(result: dict[str, object], bare: dict[str, object]) -> None:
    seconds, cpu = float(result["json"]), float(result["json_cpu"])  # type: ignore[arg-type]
    bare_s = float(bare["bare"])  # type: ignore[arg-type]
    print(
        f"import {int(result['added']):,} incidents from Casefile JSON: {seconds:.1f} s"  # type: ignore[call-overload]
        f" ({ROWS / seconds:,.0f} rows/s), CPU {cpu:.1f} s, peak RSS {result['rss']:.0f} MB;"
        f" the file only read as a stream: {bare_s:.1f} s, peak RSS {bare['rss']:.0f} MB"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "import":
        child_import(*sys.argv[2:5])
    elif len(sys.argv) > 1 and sys.argv[1] == "bare":
        child_bare(*sys.argv[2:4])
    elif len(sys.argv) > 1 and sys.argv[1] == "floor":
        child_floor(*sys.argv[2:4])
    elif len(sys.argv) > 1 and sys.argv[1] == "json":
        child_json(*sys.argv[2:4])
    elif len(sys.argv) > 1 and sys.argv[1] == "verify":
        child_verify(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "json-bare":
        child_json_bare(sys.argv[2])
    else:
        sys.exit(main())
