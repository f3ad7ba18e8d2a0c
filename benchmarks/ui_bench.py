"""Desktop app benchmark: time to first paint, resident memory, and the longest UI stall.

Targets (issue #3), on synthetic case files (see `synthetic.py`):
- first paint with 1,000,000 incidents within 1.5x of an empty case file;
- resident memory with 1,000,000 incidents under 400 MB;
- the event loop never blocked for more than 100 ms while scrolling, sorting and
  searching the biggest file.

First paint is what `casefile gui FILE --smoke` prints (ms since the process started),
run as a subprocess; the median of several runs after one warm-up, since the benchmark
box is shared and noisy. Memory is the child's own peak RSS (VmHWM). Sizes come from
CASEFILE_BENCH_SIZES (default "100000,1000000"); an empty file is always measured.
"""

from __future__ import annotations

import itertools
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.synthetic import CACHE

RUNS = 5
TARGET_RATIO = 1.5
TARGET_RSS_MB = 400
TARGET_STALL_MS = 100


def _sizes() -> list[int]:
    text = os.environ.get("CASEFILE_BENCH_SIZES", "100000,1000000")
    return [0, *(int(part) for part in text.split(",") if part.strip())]


def _case_file(n: int) -> Path:
    if n == 0:
        import casefile

        CACHE.mkdir(parents=True, exist_ok=True)
        path = CACHE / "empty.casefile"
        casefile.open(path).close()
        return path
    from benchmarks.synthetic import cached

    return cached(n)


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}


# The child reports its own peak: a child started from this big process inherits the
# parent's peak in ru_maxrss (exec keeps the high-water mark of the memory it replaces).
_PEAK = "peak-rss-kib"
# The app itself, not `casefile gui`: that ends its process without the interpreter's
# teardown (ui/launch.py), so nothing after it would run.
_CHILD = f"""
import sys
from pathlib import Path
import casefile.cli
from ui.app import run
code = run(Path(sys.argv[1]), smoke=True)
with open("/proc/self/status") as status:
    for line in status:
        if line.startswith("VmHWM:"):
            print("{_PEAK}", line.split()[1], file=sys.stderr, flush=True)
sys.exit(code)
"""


def _peak_mib(err: str, fallback_kib: int) -> float:
    """The child's own peak resident memory (VmHWM), or wait4's figure off Linux."""
    for line in err.splitlines():
        if line.startswith(_PEAK):
            return int(line.split()[1]) / 1024
    return fallback_kib / 1024


def smoke_once(path: Path) -> tuple[int, float]:
    """One `casefile gui PATH --smoke`: (first paint in ms, peak resident memory in MB)."""
    command = [sys.executable, "-c", _CHILD, str(path)]
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, env=_env())
        assert child.stdout is not None
        out = child.stdout.read().decode()
        child.stdout.close()
        # wait4, not wait: it also returns this child's own peak RSS (in KiB on Linux).
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        err = log.read().decode(errors="replace")
    lines = out.split()
    if child.returncode != 0 or not lines or not lines[-1].isdigit():
        raise RuntimeError(f"smoke run failed ({child.returncode}): {err[-500:]}")
    return int(lines[-1]), _peak_mib(err, usage.ru_maxrss)


def stall_ms(path: Path) -> tuple[float, str]:
    """The longest event-loop stall while scrolling, sorting and searching, and its step."""
    command = [sys.executable, "-m", "benchmarks.ui_bench", "--stall", str(path)]
    done = subprocess.run(
        command, capture_output=True, text=True, env=_env(), timeout=600, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"stall run failed: {done.stderr[-500:]}")
    ms, _, during = done.stdout.strip().splitlines()[-1].partition(" ")
    return float(ms), during


def measure_stall(path: Path) -> str:
    """In this process: show the app on `path`, scroll, sort and search; longest stall in ms.

    A 5 ms timer ticks throughout; the longest gap between ticks, less the interval, is
    the longest time the event loop could not run. The user's actions are done between
    ticks, so their own cost on the main thread counts too.
    """
    import time

    from PySide6.QtCore import QEventLoop, Qt, QTimer

    ASCENDING, DESCENDING = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder

    from ui.app import application, open_case
    from ui.main_window import MainWindow
    from ui.worker import Worker

    application(smoke=True)
    case = open_case(path, smoke=True)
    assert case is not None
    window = MainWindow(Worker(case))
    window.show()
    ticks: list[float] = []

    def run_for(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    while window.model.rowCount() == 0 and window.model.total == 0:
        run_for(50)
    run_for(300)
    timer = QTimer(interval=5)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    marks: list[tuple[float, str]] = []

    def step(label: str, action: Callable[[], object], wait_ms: int) -> None:
        marks.append((time.perf_counter(), label))
        action()
        run_for(wait_ms)

    bar = window.table.verticalScrollBar()
    header = window.table.horizontalHeader()
    for fraction in (0.25, 0.5, 0.75, 1.0, 0.1, 0.0):
        step(
            f"scroll to {fraction:.0%}",
            lambda f=fraction: bar.setValue(int(bar.maximum() * f)),
            400,
        )
    for n in range(60):  # dragging the thumb from top to bottom in a second
        step("drag the scroll bar", lambda n=n: bar.setValue(bar.maximum() * n // 59), 16)
    for column, order in ((1, ASCENDING), (4, DESCENDING), (6, DESCENDING), (0, DESCENDING)):
        step(
            f"sort by column {column}", lambda c=column, o=order: header.setSortIndicator(c, o), 800
        )
        step("scroll to 50% after sorting", lambda: bar.setValue(bar.maximum() // 2), 400)
    for text in ("khorugh", "drone strike", ""):
        step(f"search {text!r}", lambda t=text: window.search_box.setText(t), 1500)
    step("select a row", lambda: window.table.selectRow(0), 300)
    timer.stop()
    while window.worker.busy:  # else closing asks whether to cancel, and nobody answers
        run_for(50)
    window.close()
    window.worker.shutdown()
    window.worker.case.close()
    window.deleteLater()
    run_for(50)
    return _longest_gap(ticks, marks, timer.interval())


def _longest_gap(ticks: list[float], marks: list[tuple[float, str]], interval: int) -> str:
    """The longest gap between ticks (ms, less the interval) and the step it fell in."""
    if len(ticks) < 2:
        return "0.0 (no ticks)"
    start, end = max(itertools.pairwise(ticks), key=lambda pair: pair[1] - pair[0])
    during = [label for at, label in marks if at <= end]
    return f"{(end - start) * 1000 - interval:.1f} during {during[-1] if during else 'start'}"


def main() -> int:
    """Measure every size; 0 if all targets are met."""
    results: dict[int, tuple[float, float]] = {}
    for n in _sizes():
        path = _case_file(n)
        smoke_once(path)  # warm-up: the OS file cache, Python's bytecode cache
        runs = [smoke_once(path) for _ in range(RUNS)]
        paint = statistics.median(ms for ms, _ in runs)
        rss = max(mb for _, mb in runs)
        results[n] = (paint, rss)
        print(
            f"  {n:>9,} incidents: first paint {paint:6.0f} ms median, peak RSS {rss:5.0f} MB",
            flush=True,
        )
    empty = results[0][0]
    biggest = max(results)
    ratio = results[biggest][0] / empty
    rss_ok = results[biggest][1] < TARGET_RSS_MB
    print(
        f"  first paint {biggest:,} / empty: {ratio:.2f}x (target <= {TARGET_RATIO}x) "
        f"{_ok(ratio <= TARGET_RATIO)}"
    )
    print(
        f"  peak RSS at {biggest:,}: {results[biggest][1]:.0f} MB (target < {TARGET_RSS_MB} MB) "
        f"{_ok(rss_ok)}"
    )
    stall, during = stall_ms(_case_file(biggest))
    print(
        f"  longest UI stall at {biggest:,} (scroll, sort, search): {stall:.0f} ms, {during} "
        f"(target <= {TARGET_STALL_MS} ms) {_ok(stall <= TARGET_STALL_MS)}"
    )
    return 0 if ratio <= TARGET_RATIO and rss_ok and stall <= TARGET_STALL_MS else 1


def _ok(met: bool) -> str:
    return "OK" if met else "MISSED"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--stall"]:
        print(measure_stall(Path(sys.argv[2])))
        raise SystemExit(0)
    raise SystemExit(main())
