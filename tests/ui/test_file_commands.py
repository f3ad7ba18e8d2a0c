"""File and Help menu commands: the demo case, and importing a file with rejected rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

import casefile
from casefile import paths
from tests.casefile.exchange.test_acled import PRE_2023
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


def _problems_box(window: MainWindow) -> QMessageBox | None:
    return window.findChild(QMessageBox, "import_problems")


def test_rejected_rows_are_shown_and_the_good_ones_imported_on_request(
    qtbot: QtBot,
    window: MainWindow,
    cf: casefile.CaseFile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(PRE_2023.replace(",12,1584984341", ",many,1584984341"), encoding="utf-8")
    window.import_file(path)
    qtbot.waitUntil(lambda: _problems_box(window) is not None)
    box = _problems_box(window)
    assert box is not None and cf.count_incidents() == 0
    assert "line 2, fatalities: 'many' is not a number" in box.detailedText()
    assert "nothing was imported" in box.informativeText()
    report = tmp_path / "problems.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    save = next(b for b in box.buttons() if b.text() == "Save Report…")
    save.click()
    qtbot.waitUntil(report.exists)
    assert "line 2, fatalities" in report.read_text(encoding="utf-8")
    assert box.isVisible()  # saving the report leaves the choice open
    good = next(b for b in box.buttons() if b.text() == "Import the Good Rows")
    good.click()
    qtbot.waitUntil(lambda: cf.count_incidents() == 1)

    def left_out() -> bool:
        boxes = window.findChildren(QMessageBox, "import_problems")
        return any(b.isVisible() and "left out" in b.informativeText() for b in boxes)

    qtbot.waitUntil(left_out)
    for shown in window.findChildren(QMessageBox, "import_problems"):
        shown.close()
