"""Encryption benchmark: search and first paint on an encrypted case beside the same case plain.

Target (issue #13): on 100,000 incidents, the median search and the median first paint of
the encrypted case stay within 1.3x of the plain one, measured in the same run,
interleaved (query by query, launch by launch) so both see the same load.

The synthetic file cached by `synthetic.py` is shared with other checkouts, so it is never
opened here: a private copy is brought to this version's schema, and an encrypted copy is
made of that (both cached in /tmp/casefile-bench-protect, per schema revision).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import casefile
from benchmarks import ui_bench
from benchmarks.search_bench import FILTER, REPEATS, _queries
from benchmarks.synthetic import cached
from casefile.protect import encryption
from casefile.store import schema

SIZE = 100_000
TARGET_RATIO = 1.3
PASSPHRASE = "benchmark passphrase"
RUNS = 5
PRIVATE = Path("/tmp/casefile-bench-protect")


def _files(n: int) -> tuple[Path, Path]:
    """The plain and encrypted copies of the synthetic case, made once per revision."""
    PRIVATE.mkdir(parents=True, exist_ok=True)
    plain = PRIVATE / f"plain-{n}-{schema.HEAD}.casefile"
    secret = PRIVATE / f"encrypted-{n}-{schema.HEAD}.casefile"
    if not plain.exists():
        started = time.perf_counter()
        partial = plain.with_name(plain.name + ".partial")
        shutil.copy(cached(n), partial)
        casefile.open(partial).close()  # upgrade the private copy
        for extra in PRIVATE.glob("*.before-upgrade-*"):
            extra.unlink()
        partial.replace(plain)
        print(f"  upgraded a private copy in {time.perf_counter() - started:.0f} s")
    if not secret.exists():
        started = time.perf_counter()
        partial = secret.with_name(secret.name + ".partial")
        shutil.copy(plain, partial)
        encryption.encrypt(partial, PASSPHRASE)
        Path(f"{partial}.key").replace(f"{secret}.key")
        partial.replace(secret)
        print(f"  encrypted a copy in {time.perf_counter() - started:.0f} s")
    return plain, secret


def _search(plain: Path, secret: Path) -> float:
    queries = _queries()
    with casefile.open(plain) as a, casefile.open(secret, passphrase=PASSPHRASE) as b:
        cases = {"plain": a, "encrypted": b}
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(REPEATS):
            for query in queries:
                for cf in cases.values():  # warm, untimed, as search_bench does
                    cf.search(query, limit=50, country=FILTER)
                for name, cf in cases.items():
                    started = time.perf_counter()
                    cf.search(query, limit=50, country=FILTER)
                    times[name].append((time.perf_counter() - started) * 1000)
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["encrypted"] / medians["plain"]
    print(
        f"  search (1 filter, rank, snippets): plain {medians['plain']:.2f} ms, "
        f"encrypted {medians['encrypted']:.2f} ms median: {ratio:.2f}x"
    )
    return ratio


def _paint_once(path: Path, passphrase: str | None) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("CASEFILE_PASSPHRASE", None)
    if passphrase:
        env["CASEFILE_PASSPHRASE"] = passphrase
    with tempfile.TemporaryDirectory() as home:
        env["XDG_DATA_HOME"] = home  # the opening backup goes here, not to the user's folder
        done = subprocess.run(
            [sys.executable, "-c", ui_bench._CHILD, str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )
    lines = done.stdout.split()
    if done.returncode != 0 or not lines or not lines[-1].isdigit():
        raise RuntimeError(f"smoke run failed ({done.returncode}): {done.stderr[-500:]}")
    return int(lines[-1])


def _paint(plain: Path, secret: Path) -> float:
    _paint_once(plain, None), _paint_once(secret, PASSPHRASE)  # warm the caches
    times: dict[str, list[int]] = {"plain": [], "encrypted": []}
    for _ in range(RUNS):
        times["plain"].append(_paint_once(plain, None))
        times["encrypted"].append(_paint_once(secret, PASSPHRASE))
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["encrypted"] / medians["plain"]
    print(
        f"  first paint: plain {medians['plain']:.0f} ms, encrypted {medians['encrypted']:.0f} ms"
        f" median of {RUNS}: {ratio:.2f}x"
    )
    return ratio


def main() -> int:
    """Measure both figures; 0 if both are within the target."""
    plain, secret = _files(SIZE)
    print(f"{SIZE:,} incidents: {plain.name} and {secret.name}")
    search = _search(plain, secret)
    paint = _paint(plain, secret)
    met = search <= TARGET_RATIO and paint <= TARGET_RATIO
    print(f"  target: both <= {TARGET_RATIO}x {'OK' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
