"""Place spellings in search: what asking for a place's other spellings costs a query.

Target (issue #15): search does not get slower. `cf.search` (1 filter, ranking, snippets)
runs the search benchmark's two-word queries, and place names, on the synthetic 100,000
incident case twice, interleaved query by query: as shipped (each word looked up among the
gazetteer's spellings, the query asking for the others) and with the lookup turned off
(the baseline). Also timed: the first read of the spellings index (from the user's cache
folder; the very first read after installing sorts it once, about a second more).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import casefile
from benchmarks.search_bench import _queries
from benchmarks.synthetic import cached
from casefile.paths import resource
from casefile.search import aliases, folding

REPEATS = 9
PLACES = ["Khorugh", "Куляб", "تالقان", "Kunduz border", "Fayzabad clash", "Душанбе"]
TARGET_RATIO = 1.25  # noise on a shared machine; the lookups themselves are microseconds


def main() -> int:
    """Time the queries with and without the spellings; 0 if within the target."""
    folder = Path(tempfile.mkdtemp(prefix="casefile-spellings-bench-"))
    path = folder / "case.casefile"
    shutil.copy(cached(100_000), path)
    shipped = resource("places")
    if not (shipped / aliases.FILE).exists():  # an editable install of another checkout
        shipped = Path(__file__).resolve().parent.parent / "resources" / "places"
    index = aliases.Aliases(shipped, cache=folder / "cache")
    index.others("warm")  # sorted once into the cache
    started = time.perf_counter()
    index = aliases.Aliases(shipped, cache=folder / "cache")
    index.others("warm")
    first_read = (time.perf_counter() - started) * 1000
    on = index
    off = aliases.Aliases(folder / "nothing")  # no file: no spellings
    current = {"index": on}
    aliases.shared = lambda: current["index"]  # type: ignore[assignment]  # this process only
    cf = casefile.open(path)
    queries = _queries() + PLACES
    timings: dict[str, list[float]] = {}
    for query in queries:
        kind = "places" if query in PLACES else "words"
        for chosen in (on, off, on, off):  # warm both first
            current["index"] = chosen
            folding.fold_word_as_place.cache_clear()
            cf.search(query, country="TJ")
        for _ in range(REPEATS):
            for name, chosen in (("with", on), ("without", off)):
                current["index"] = chosen
                begin = time.perf_counter()
                cf.search(query, country="TJ")
                elapsed = (time.perf_counter() - begin) * 1000
                timings.setdefault(name, []).append(elapsed)
                timings.setdefault(f"{name} {kind}", []).append(elapsed)
    cf.close()
    shutil.rmtree(folder, ignore_errors=True)
    with_ms = statistics.median(timings["with"])
    without_ms = statistics.median(timings["without"])
    ratio = with_ms / without_ms
    print(f"{len(queries)} queries x {REPEATS}, cf.search with 1 filter, ranking, snippets:")
    print(f"  with place spellings      {with_ms:6.2f} ms (median)")
    print(f"  without (baseline)        {without_ms:6.2f} ms  ratio {ratio:.2f}x")
    for kind in ("words", "places"):
        mine = statistics.median(timings[f"with {kind}"])
        base = statistics.median(timings[f"without {kind}"])
        print(f"    {kind:6}: {mine:6.2f} ms beside {base:6.2f} ms  ratio {mine / base:.2f}x")
    print(f"  reading the spellings index from the cache: {first_read:.0f} ms (once per process)")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
