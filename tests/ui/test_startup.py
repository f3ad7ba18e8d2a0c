"""What the window reads first: the list, then (after its paint) the saved searches and counts."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

import casefile
from ui.main_window import MainWindow
from ui.worker import Worker


def test_the_list_is_read_first_and_the_rest_after_its_paint(
    qtbot: QtBot,
    cf: casefile.CaseFile,
    worker: Worker,
    no_modal_dialogs: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cf.load_demo()
    cf.saved_searches.save(name="Border", query="border")
    asked: list[str] = []
    queue = worker.run

    def run(operation: Any, **options: Any) -> Any:
        asked.append(getattr(operation, "__qualname__", ""))
        return queue(operation, **options)

    monkeypatch.setattr(worker, "run", run)
    window = MainWindow(worker)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded):
        window.show()
    # One read ahead of the first rows: nothing holds the list back on the one worker.
    assert asked == ["IncidentTableModel.refresh.<locals>.load"]
    qtbot.waitUntil(lambda: window.saved_searches.run_menu.isEnabled())
    qtbot.waitUntil(lambda: window.filter_panel.combos["event_type"].count() > 1)
    assert any("facets" in name for name in asked[1:])
