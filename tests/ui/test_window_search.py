"""The main window's search: one worker call per keystroke, the facet counts after the rows."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.worker import Worker


def record_calls(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow
) -> list[tuple[str, bool, int]]:
    """Each worker call from now on: its label, and whether the list showed hits then."""
    calls: list[tuple[str, bool, int]] = []
    worker: Worker = window.worker
    run = worker.run

    def counted(operation: Any, **options: Any) -> Any:
        model = window.model
        calls.append((options.get("label", ""), model.searching, model.rowCount()))
        return run(operation, **options)

    monkeypatch.setattr(worker, "run", counted)
    return calls


def test_a_keystroke_makes_one_worker_call_for_hits_and_rows(
    qtbot: QtBot, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = demo_window
    window.filter_dock.hide()  # no counts wanted
    qtbot.waitUntil(lambda: not window.worker.busy)
    calls = record_calls(monkeypatch, window)
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.setText("shamsiddin")
    qtbot.waitUntil(lambda: not window.worker.busy)
    assert [label for label, _, _ in calls] == ["Searching"]
    assert window.model.rowCount() == 2
    assert window.result_label.text() == "2 found for “shamsiddin”"


def test_the_facet_counts_are_asked_for_after_the_rows_are_shown(
    qtbot: QtBot, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = demo_window
    qtbot.waitUntil(lambda: not window.worker.busy)
    calls = record_calls(monkeypatch, window)
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.setText("shamsiddin")
    qtbot.waitUntil(lambda: not window.worker.busy)
    # The search, then the counts, asked for once its two rows were listed.
    assert calls == [("Searching", False, 4), ("", True, 2)]


def test_a_count_under_way_stops_when_the_user_types_on(
    qtbot: QtBot, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = demo_window
    qtbot.waitUntil(lambda: not window.worker.busy)
    stopped: list[bool] = []
    counting = threading.Event()
    facets = type(window.worker.case.find).facets

    def slow_facets(case: Any, query: str, **options: Any) -> Any:
        should_stop = options["should_stop"]
        if query == "border":
            counting.set()
            # The next keystroke's search is queued behind this count: it must stop.
            deadline = time.monotonic() + 3
            while not should_stop() and time.monotonic() < deadline:
                time.sleep(0.01)
            stopped.append(should_stop())
        return facets(case, query, **options)

    monkeypatch.setattr(type(window.worker.case.find), "facets", slow_facets)
    with qtbot.waitSignal(window.model.loaded, timeout=3000):
        window.search_box.setText("border")
    qtbot.waitUntil(counting.is_set)  # the count for "border" is under way
    window.search_box.setText("border post")
    window.search_box.returnPressed.emit()
    qtbot.waitUntil(lambda: window.result_label.text().endswith("“border post”"), timeout=5000)
    qtbot.waitUntil(lambda: not window.worker.busy)
    assert stopped == [True]
