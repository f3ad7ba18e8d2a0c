"""Opening a case file off the UI thread: the event loop keeps running during a slow open."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog
from pytestqt.qtbot import QtBot

import casefile
from ui import opening


def slow_open(delay: float) -> object:
    """casefile.open, made slow as an upgrade of a big file would be."""
    real = casefile.open

    def open_slowly(path: Path, **options: object) -> casefile.CaseFile:
        time.sleep(delay)
        return real(path, **options)  # type: ignore[arg-type]

    return open_slowly


def test_a_slow_open_keeps_the_event_loop_running(
    qtbot: QtBot, case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(opening.casefile, "open", slow_open(0.6))
    ticks: list[float] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    case = opening.open_case_file(case_path)
    timer.stop()
    try:
        assert case.path == case_path
        assert len(ticks) > 10
        assert max(b - a for a, b in itertools.pairwise(ticks)) < 0.1
    finally:
        case.close()


def test_errors_come_back_to_the_caller(tmp_path: Path) -> None:
    with pytest.raises(casefile.CasefileError):
        opening.open_case_file(tmp_path / "missing" / "x.casefile")


def test_a_file_open_in_another_window_opens_read_only(
    case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(opening, "tell_read_only", lambda why, parent: told.append(why))
    with casefile.open(case_path, exclusive=True), opening.open_case_file(case_path) as second:
        assert second.readonly and "another Casefile window" in told[0]
        with pytest.raises(casefile.errors.ReadOnly):
            second.settings.set("x", "y")


def test_a_quick_open_shows_no_dialog(qtbot: QtBot, case_path: Path) -> None:
    with opening.open_case_file(case_path) as case:
        assert case.count_incidents() == 0


@pytest.mark.parametrize(("delay", "shown"), [(0.1, 0), (0.8, 1)])
def test_a_busy_dialog_is_made_only_when_opening_takes_a_while(
    qtbot: QtBot, case_path: Path, monkeypatch: pytest.MonkeyPatch, delay: float, shown: int
) -> None:
    # Past the quick path (50 ms) the loop runs; the dialog comes only after SHOW_AFTER_MS.
    monkeypatch.setattr(opening.casefile, "open", slow_open(delay))
    made: list[QProgressDialog] = []
    real = opening._busy_dialog
    monkeypatch.setattr(opening, "_busy_dialog", lambda *a: made.append(real(*a)) or made[-1])
    with opening.open_case_file(case_path):
        assert not any(dialog.isVisible() for dialog in made)  # gone once the file is open
    assert len(made) == shown
