"""Start-up benchmark: the whole `casefile gui demo.casefile --smoke` process against a bare
PySide6 window process that paints once, measured in the same run.

Target (issue #16): our process, from its start to its exit after the first paint, within
4x the bare window's. Both are timed from outside (the wall clock around the process),
interleaved, RUNS times each after one warm-up of each; the medians and their ratio are
printed, since the machine is shared and noisy. Without a display, both run offscreen.

The list paints before the case file is open (ui/preview.py): a third run, interleaved
too, waits with `--ready` until it is open and the window offers every command, and its
own clock says when; that is printed as well, as the time the user waits to work.

Both children may cache compiled bytecode (in a folder of their own, PYTHONPYCACHEPREFIX),
as an installed app does: pip compiles it at install. With PYTHONDONTWRITEBYTECODE set, as
in some sandboxes, every start would compile our sixty modules again (0.15 s of CPU), a
cost no user pays.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
TARGET_RATIO = 4.0
ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication(sys.argv[:1])
label = QLabel("Hello")
label.resize(1200, 760)
watcher = Painted()
label.installEventFilter(watcher)
label.show()
app.exec()
"""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "casefile-bench-pycache")
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _demo(folder: Path) -> Path:
    import casefile

    path = folder / "demo.casefile"
    with casefile.open(path) as case:
        case.load_demo()
    return path


def _timed(command: list[str], env: dict[str, str], said: list[str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    if said is not None:
        said.append(done.stdout.strip())
    return time.perf_counter() - started


def measure(runs: int = RUNS) -> tuple[float, float, float, float]:
    """Median seconds of (our smoke run, the bare window), interleaved; the median of the
    smoke run's own figure (when its list had painted its rows, from the process start);
    and of the `--ready` run's (when the case file was open and every command offered)."""
    env = _environment()
    said: list[str] = []
    ready: list[str] = []
    with tempfile.TemporaryDirectory(prefix="casefile-startup-") as folder:
        demo = _demo(Path(folder))
        # `-m ui.launch` runs this tree's code, as the installed `casefile` script would.
        ours = [sys.executable, "-m", "ui.launch", "gui", str(demo), "--smoke"]
        bare = [sys.executable, "-c", BARE]
        _timed(ours, env), _timed(bare, env)  # warm-up: the disk cache, compiled .pyc files
        times: dict[str, list[float]] = {"ours": [], "bare": []}
        for _ in range(runs):
            times["ours"].append(_timed(ours, env, said))
            times["bare"].append(_timed(bare, env))
            _timed([*ours, "--ready"], env, ready)
    listed = statistics.median(int(text.split()[-1]) for text in said) / 1000
    opened = statistics.median(int(text.split()[-1]) for text in ready) / 1000
    return statistics.median(times["ours"]), statistics.median(times["bare"]), listed, opened


def main() -> int:
    """Print the medians and the ratio; 0 when within the target."""
    ours, bare, listed, opened = measure()
    ratio = ours / bare
    print(f"casefile gui demo --smoke: {ours * 1000:.0f} ms (median of {RUNS}, whole process)")
    print(f"  of which to the list painted with its rows: {listed * 1000:.0f} ms (its own clock)")
    print(
        f"  with --ready, to the case open and every command offered: {opened * 1000:.0f} ms "
        f"(its own clock; {opened / bare:.2f}x the bare window)"
    )
    print(f"bare PySide6 window:       {bare * 1000:.0f} ms")
    verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
    print(f"ratio {ratio:.2f}x (target {TARGET_RATIO:.0f}x): {verdict}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
