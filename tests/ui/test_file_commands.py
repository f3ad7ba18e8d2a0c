"""File and Help menu commands: the demo case, and importing CSV and Casefile JSON files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

import casefile
from casefile import errors, paths
from casefile.store import schema
from tests.casefile.exchange.test_acled import PRE_2023
from tests.casefile.exchange.test_layouts import SPREADSHEET
from ui.import_dialog import ImportDialog
from ui.main_window import MainWindow


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


def _dialog(window: MainWindow) -> ImportDialog | None:
    found = window.findChild(ImportDialog, "import_dialog")
    return found if found is not None and found.isVisible() else None


def test_any_csv_is_mapped_in_the_import_dialog_and_the_mapping_kept(
    qtbot: QtBot, window: MainWindow, cf: casefile.CaseFile, tmp_path: Path
) -> None:
    path = tmp_path / "colleague.csv"
    path.write_bytes(SPREADSHEET.encode("cp1251"))
    window.choose_import(path)
    qtbot.waitUntil(lambda: _dialog(window) is not None)
    dialog = _dialog(window)
    assert dialog is not None
    preview = dialog.findChild(QTableWidget, "import_preview")
    assert preview is not None and preview.item(0, 1).text() == "Хорог"
    assert not dialog.import_button.isEnabled()  # no date column yet
    dialog.set_field("Дата", "event_date")
    dialog.set_field("Место", "location")
    assert dialog.import_button.isEnabled()
    dialog.save_as.setText("team")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Imported" in window.statusBar().currentMessage())
    assert cf.count_incidents() == 1
    assert cf.mappings.names() == ["team"]
    assert cf.get_incident(cf.list_incidents()[0].id).location == "Хорог"


def test_an_acled_export_needs_no_mapping(
    qtbot: QtBot, window: MainWindow, cf: casefile.CaseFile, tmp_path: Path
) -> None:
    path = tmp_path / "old.csv"
    path.write_text(PRE_2023, encoding="utf-8")
    _import_unmapped(qtbot, window, path)
    assert cf.count_incidents() == 2


def _import_unmapped(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """Import a file Casefile knows through the import dialog, with no column mapping."""
    window.choose_import(path)
    qtbot.waitUntil(lambda: _dialog(window) is not None)
    dialog = _dialog(window)
    assert dialog is not None and dialog.column_map() is None
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Imported" in window.statusBar().currentMessage())


def test_a_new_case_that_cannot_be_written_leaves_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # File ▸ New goes through casefile.open, which builds the file aside: a disk that
    # fills up once the schema is written leaves no stub where the case was to be.
    folder = tmp_path / "stick"
    folder.mkdir()
    real = schema.prepare

    def full(engine: Engine, path: Path, **options: Any) -> str:
        real(engine, path, **options)
        raise errors.DiskFull(f"{path.name} cannot be written: the disk is full")

    shown: list[str] = []
    monkeypatch.setattr(schema, "prepare", full)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder / "new"), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    before = window.worker.case.path
    window.actions.new_case.trigger()
    assert shown == ["new.casefile cannot be written: the disk is full"]
    assert window.worker.case.path == before
    assert list(folder.iterdir()) == []


def test_a_casefile_json_export_imports_from_the_app_with_progress(
    qtbot: QtBot,
    window: MainWindow,
    cf: casefile.CaseFile,
    demo_cf: casefile.CaseFile,
    tmp_path: Path,
) -> None:
    path = tmp_path / "from-hq.json"
    demo_cf.export(path, format="json")
    _import_unmapped(qtbot, window, path)
    assert cf.count_incidents() == demo_cf.count_incidents()


def test_a_json_file_cut_short_says_so_and_imports_nothing(
    qtbot: QtBot,
    window: MainWindow,
    cf: casefile.CaseFile,
    demo_cf: casefile.CaseFile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    whole = tmp_path / "whole.json"
    demo_cf.export(whole, format="json")
    path = tmp_path / "cut.json"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.import_file(path)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0].startswith("cut.json is not a readable JSON file (")
    assert "\n" not in shown[0] and "Traceback" not in shown[0]
    assert cf.count_incidents() == 0
