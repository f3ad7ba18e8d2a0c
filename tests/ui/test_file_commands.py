"""File and Help menu commands that switch case files: the demo case."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from casefile import paths
from ui.main_window import MainWindow
from ui.worker import Worker


@pytest.fixture
def window(qtbot: QtBot, worker: Worker, no_modal_dialogs: None) -> MainWindow:
    """The main window over the test's (empty) case file, shown, with its list loaded."""
    made = MainWindow(worker)
    qtbot.addWidget(made)
    with qtbot.waitSignal(made.model.loaded):
        made.show()
    return made


def test_help_opens_the_demo_case_made_in_the_data_folder(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path)
    window.actions.open_demo.trigger()
    assert window.worker.case.path == tmp_path / "Demo case.casefile"
    qtbot.waitUntil(lambda: window.count_label.text() == "4 incidents")
    # Opened again, it is neither loaded twice nor replaced.
    window.worker.case.update_incident(window.worker.case.incident_ids()[0], status="reviewed")
    first = window.worker
    window.actions.open_demo.trigger()
    assert window.worker is first
    qtbot.waitUntil(lambda: not window.worker.busy)
    assert window.worker.case.count_incidents() == 4
    window.worker.shutdown()
    window.worker.case.close()


def test_the_empty_case_says_how_to_try_the_demo(window: MainWindow) -> None:
    assert "Open the Demo Case" in window.detail.toHtml()
