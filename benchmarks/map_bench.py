"""Map benchmark: 100,000 incidents on the map, and what places cost the app's start-up.

Targets (issue #15):
- the map with 100,000 incidents draws in <= 1 s: the worker's one query (`cf.find.points`)
  plus building the markers and painting the first frame, timed beside a bare baseline
  (the same columns read with the sqlite3 module, no filters, no objects);
- panning stays smooth: one frame after a drag, timed (median and worst);
- the gazetteer adds <= 50 ms to first paint: `casefile gui FILE --smoke` is run and asked
  afterwards whether the gazetteer, the borders or search's place spellings were read
  (they must not be), and importing the places modules alone is timed.
Interleaved, REPEATS times each; medians. The synthetic case is copied first (opening it
may upgrade it to the newest migration).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

N = 100_000
REPEATS = 5
TARGET_S = 1.0
TARGET_STARTUP_MS = 50.0
FRAME = (1000, 700)
BARE = (
    "SELECT uuid, latitude, longitude, killed, event_type FROM incident "
    "WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
)

_PROBE = """
import atexit, runpy, sys
def report():
    from casefile.places import borders, gazetteer
    from casefile.search import aliases
    shared = {"gazetteer": gazetteer.shared, "borders": borders.shared, "aliases": aliases.shared}
    made = {name: f.cache_info().currsize > 0 for name, f in shared.items()}
    read = {
        "gazetteer": made["gazetteer"] and gazetteer.shared()._index is not None,
        "borders": made["borders"] and borders.shared()._countries is not None,
        "aliases": made["aliases"] and aliases.shared().loaded,
    }
    names = ",".join(k for k, v in read.items() if v) or "none"
    print("places-read", names, file=sys.stderr, flush=True)
atexit.register(report)
sys.argv = ["ui.launch", "gui", sys.argv[1], "--smoke"]
runpy.run_module("ui.launch", run_name="__main__")
"""

_IMPORTS = """
import time, sqlalchemy, sqlalchemy.orm, anyascii, platformdirs, casefile.store.operations
import casefile.errors, casefile.paths
started = time.perf_counter()
import casefile.places.atlas, casefile.places.outline, casefile.search.aliases
print((time.perf_counter() - started) * 1000)
"""


def _copy() -> Path:
    from benchmarks.synthetic import cached

    folder = Path(tempfile.mkdtemp(prefix="casefile-map-bench-"))
    path = folder / "map.casefile"
    shutil.copy(cached(N), path)
    return path


def draw_once(case: object, view: object, text: str = "") -> tuple[float, float, int]:
    """(seconds for the query, seconds to build the markers and paint a frame, points)."""
    from PySide6.QtGui import QImage, QPainter

    started = time.perf_counter()
    points = case.find.points(text)  # type: ignore[attr-defined]
    queried = time.perf_counter()
    view.set_points(points, fit=True)  # type: ignore[attr-defined]
    image = QImage(*FRAME, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    view.render(painter)  # type: ignore[attr-defined]
    painter.end()
    return queried - started, time.perf_counter() - queried, len(points)


def pan_frames(view: object, steps: int = 20) -> list[float]:
    """Milliseconds to paint each frame while the map is dragged 40 pixels at a time."""
    from PySide6.QtGui import QImage, QPainter

    frames = []
    bar = view.horizontalScrollBar()  # type: ignore[attr-defined]
    for _ in range(steps):
        bar.setValue(bar.value() + 40)
        image = QImage(*FRAME, QImage.Format.Format_ARGB32_Premultiplied)
        started = time.perf_counter()
        painter = QPainter(image)
        view.render(painter)  # type: ignore[attr-defined]
        painter.end()
        frames.append((time.perf_counter() - started) * 1000)
    return frames


def bare_once(path: Path) -> float:
    """Seconds for the same columns with sqlite3 alone."""
    started = time.perf_counter()
    with sqlite3.connect(path) as connection:
        connection.execute(BARE).fetchall()
    connection.close()
    return time.perf_counter() - started


def startup(path: Path) -> tuple[str, float]:
    """What a smoke start read of the places data, and the places modules' import time (ms)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True, env=env
    )
    read = next(
        (line.split()[1] for line in run.stderr.splitlines() if line.startswith("places-read")),
        "unknown (" + run.stderr[-300:] + ")",
    )
    imports = []
    for _ in range(REPEATS):
        out = subprocess.run([sys.executable, "-c", _IMPORTS], capture_output=True, text=True)
        imports.append(float(out.stdout.split()[-1]))
    return read, statistics.median(imports)


def main() -> int:
    """Run the map and start-up measurements; 0 when every target is met."""
    from PySide6.QtWidgets import QApplication

    import casefile
    from ui.map_view import MapView, read_land

    path = _copy()
    app = QApplication.instance() or QApplication([])
    case = casefile.open(path)
    view = MapView()
    view.resize(*FRAME)
    from casefile.places.outline import Box

    view.set_land(read_land(case, Box(60, 30, 80, 45)))
    draw_once(case, view)  # warm-up: the file cache, SQLAlchemy's statement cache
    bare, query, scene, searched = [], [], [], []
    for _ in range(REPEATS):
        bare.append(bare_once(path))
        q, s, count = draw_once(case, view)
        query.append(q)
        scene.append(s)
        searched.append(sum(draw_once(case, view, "Khorugh")[:2]))
    frames = pan_frames(view)
    case.close()
    app.processEvents()
    total = statistics.median(a + b for a, b in zip(query, scene, strict=True))
    print(f"{count:,} incidents on the map (median of {REPEATS}, interleaved):")
    print(f"  bare sqlite3 read          {statistics.median(bare) * 1000:7.0f} ms")
    print(f"  cf.find.points (worker's query) {statistics.median(query) * 1000:7.0f} ms")
    print(f"  markers + first frame      {statistics.median(scene) * 1000:7.0f} ms")
    print(f"  total                      {total * 1000:7.0f} ms (target <= {TARGET_S * 1000:.0f})")
    print(f"  search 'Khorugh' + draw    {statistics.median(searched) * 1000:7.0f} ms")
    print(f"  panning: frame median {statistics.median(frames):.1f} ms, worst {max(frames):.1f} ms")
    read, imports = startup(path)
    print(f"start-up: places data read by a smoke start: {read}")
    target = f"(target <= {TARGET_STARTUP_MS:.0f})"
    print(f"start-up: importing the places modules: {imports:.1f} ms {target}")
    shutil.rmtree(path.parent, ignore_errors=True)
    return 0 if total <= TARGET_S and read == "none" and imports <= TARGET_STARTUP_MS else 1


if __name__ == "__main__":
    sys.exit(main())
