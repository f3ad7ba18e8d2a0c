"""Places benchmark: suggestions per keystroke over the whole gazetteer, beside bare lookups.

Target (issue #15): a place suggestion takes <= 20 ms per keystroke over the whole
gazetteer (235,000 places, 650,000 spellings). Each name below is typed a letter at a
time; every prefix is one keystroke. Timed, interleaved keystroke by keystroke:
- `Gazetteer.suggest(prefix, 10)`: the ranked, deduplicated suggestions with their
  country and admin-1 names (what the editor shows);
- `cf.places.suggest(prefix, 10)`: the same through the facade, with the case's own
  places (1,000 of them) asked first from SQLite;
- baseline "bisect": the bare prefix range over the same sorted keys, first 10 lines,
  unranked, no names built;
- baseline "dict": a plain dict lookup of the whole folded name (exact match only).
Also timed: the first load of the gazetteer and of the borders, a later load from the
cached copy, and reverse lookups.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path

import casefile
from casefile.paths import resource
from casefile.places.borders import Borders
from casefile.places.gazetteer import Gazetteer, key
from casefile.places.reverse import locate

TARGET_MS = 20.0
NAMES = [
    "Хоруғ",
    "Khorugh",
    "Khorog",
    "فیض‌آباد",
    "Faizabad",
    "Fayzabad",
    "Куляб",
    "تالقان",
    "Ishkashim",
    "Kunduz",
    "Mazar-e Sharif",
    "Душанбе",
]
RANDOM_NAMES = 30  # more names, drawn from the gazetteer itself
REPEATS = 5


def _typing(names: list[str]) -> list[str]:
    return [name[:end] for name in names for end in range(1, len(name) + 1)]


def _time_ms(run: Callable[[str], object], text: str) -> float:
    started = time.perf_counter()
    run(text)
    return (time.perf_counter() - started) * 1000


def _folder() -> Path:
    """The installed files, or this tree's when the editable install maps another checkout."""
    installed = resource("places")
    if (installed / "places.tsv.xz").exists():
        return installed
    return Path(__file__).resolve().parent.parent / "resources" / "places"


def main() -> int:
    """Print medians and worst cases; 0 if the per-keystroke target is met."""
    gazetteer, borders = Gazetteer(_folder()), Borders(_folder())
    started = time.perf_counter()
    index = gazetteer._data()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    borders.countries()
    borders_s = time.perf_counter() - started
    print(f"first load: gazetteer {load_s:.2f} s ({len(index.lines)} places,", end=" ")
    print(f"{len(index.keys)} spellings), borders {borders_s:.2f} s")
    with tempfile.TemporaryDirectory() as cache:
        Gazetteer(_folder(), cache=Path(cache))._data()  # writes the cached copy
        started = time.perf_counter()
        Gazetteer(_folder(), cache=Path(cache))._data()
        print(f"later loads, from the cached copy: {time.perf_counter() - started:.2f} s")

    rng = random.Random(15)
    drawn = [index.lines[rng.randrange(len(index.lines))].split("\t")[0] for _ in range(30)]
    keystrokes = _typing(NAMES + drawn[:RANDOM_NAMES])
    exact = {}
    for number, spelling in enumerate(index.keys):
        exact.setdefault(spelling, []).append(index.places[number])

    def bare_prefix(text: str) -> list[int]:
        wanted = key(text)
        low = bisect_left(index.keys, wanted)
        return list(index.places[low : low + 10])

    def bare_dict(text: str) -> list[int]:
        return exact.get(key(text), [])[:10]

    with (
        tempfile.TemporaryDirectory() as folder,
        casefile.open(Path(folder) / "bench.casefile") as cf,
    ):
        for n in range(1000):
            cf.places.add(
                name=f"Post {n} {drawn[n % len(drawn)]}",
                latitude=rng.uniform(35, 39),
                longitude=rng.uniform(67, 75),
                country_code="TJ",
            )
        cf.places._gazetteer, cf.places._borders = gazetteer, borders
        runs: dict[str, Callable[[str], object]] = {
            "suggest": lambda text: gazetteer.suggest(text, 10),
            "cf.places.suggest": lambda text: cf.places.suggest(text, 10),
            "baseline bisect": bare_prefix,
            "baseline dict": bare_dict,
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(REPEATS):
            for text in keystrokes:
                for name, run in runs.items():
                    times[name].append(_time_ms(run, text))
        points = [(rng.uniform(30, 42), rng.uniform(60, 80)) for _ in range(200)]
        locate(gazetteer, borders, *points[0])  # builds the grid once
        reverse = [_time_ms(lambda p: locate(gazetteer, borders, *p), p) for p in points]
        near = [_time_ms(lambda p: cf.places.near(*p), p) for p in points]

    print(f"{len(keystrokes)} keystrokes x {REPEATS}, interleaved; ms per keystroke:")
    base = statistics.median(times["baseline bisect"])
    for name, values in times.items():
        values.sort()
        median = statistics.median(values)
        p99 = values[int(len(values) * 0.99)]
        print(
            f"  {name:18} median {median:7.3f}  p99 {p99:7.3f}  max {values[-1]:7.3f}"
            f"  ({median / base:5.1f}x bisect)"
        )
    print(f"reverse lookup (locate), ms: median {statistics.median(reverse):.2f}", end="")
    print(f", max {max(reverse):.2f}; cf.places.near median {statistics.median(near):.2f}")
    worst = sorted(times["cf.places.suggest"])[int(len(times["cf.places.suggest"]) * 0.99)]
    met = worst <= TARGET_MS
    print(f"target: p99 of cf.places.suggest <= {TARGET_MS} ms: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
