"""The app closes cleanly on SIGTERM and SIGINT: the WAL folded into the file, side files gone."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

import casefile

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_app_closes_cleanly_on_a_signal(tmp_path: Path, sig: signal.Signals) -> None:
    path = tmp_path / "case.casefile"
    with casefile.open(path) as cf:
        cf.add_incident(title="Kept", event_date=date(2025, 1, 1))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PYTHONPATH": str(ROOT),
    }
    code = "import sys; from ui.app import run; sys.exit(run(sys.argv[1]))"
    app = subprocess.Popen([sys.executable, "-c", code, str(path)], env=env, cwd=ROOT)
    try:
        backups = tmp_path / "data" / "Casefile" / "backups"
        deadline = time.monotonic() + 60
        # The backup made on opening runs from the event loop: the app is up once it exists.
        while not list(backups.glob("*/*.casefile")) and time.monotonic() < deadline:
            assert app.poll() is None, "the app stopped before the signal"
            time.sleep(0.1)
        assert list(backups.glob("*/*.casefile")), "no backup on opening within a minute"
        assert app.poll() is None, "the app stopped after its backup"
        assert Path(str(path) + "-wal").exists()
        app.send_signal(sig)
        assert app.wait(timeout=60) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()  # reaped: a failure above is not followed by a warning about it
    assert not Path(str(path) + "-wal").exists() and not Path(str(path) + "-shm").exists()
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()
