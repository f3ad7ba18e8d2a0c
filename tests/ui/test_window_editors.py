"""The windows the main window opens: the incident editor, the source register, the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

import casefile
from tests.conftest import add_incidents
from tests.ui.conftest import reload, titles
from ui.main_window import MainWindow


def test_delete_asks_first(
    qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_incidents(cf, 2)
    reload(qtbot, window)
    window.table.selectRow(0)
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> Any:
        def question(parent: object, title: str, text: str, *args: object) -> Any:
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    window.actions.delete_incident.trigger()
    assert "Incident 001" in asked[0]
    qtbot.waitUntil(lambda: not window.worker.busy)
    assert cf.count_incidents() == 2
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(window.model.loaded):
        window.actions.delete_incident.trigger()
    assert titles(window) == ["Incident 000"]
    assert window.actions.undo.text() == "&Undo Delete incident"


def test_the_editor_opens_for_new_and_selected_incidents(
    qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow
) -> None:
    add_incidents(cf, 1)
    reload(qtbot, window)
    window.actions.new_incident.trigger()
    window.table.selectRow(0)
    window.actions.edit_incident.trigger()
    names = [type(w).__name__ for w in window.windows]
    assert names == ["IncidentEditor", "IncidentEditor"]
    qtbot.waitUntil(lambda: not window.worker.busy)
    for editor in list(window.windows):
        editor.close()


@pytest.fixture
def test_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editors opened from the window keep drafts in the test's folder."""
    from casefile.records.drafts import Drafts
    from ui import incident_editor

    monkeypatch.setattr(incident_editor, "drafts_store", lambda: Drafts(tmp_path / "drafts"))


def test_a_new_incident_saved_in_the_editor_is_listed_and_selected(
    qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow, test_drafts: None
) -> None:
    add_incidents(cf, 3)
    reload(qtbot, window)
    window.actions.new_incident.trigger()
    [editor] = window.windows
    qtbot.waitUntil(lambda: editor.form.isEnabled() and not window.worker.busy)
    editor.form.title.selectAll()
    qtbot.keyClicks(editor.form.title, "Checkpoint closed")
    editor.form.event_date.setDate(QDate(2030, 1, 1))
    with qtbot.waitSignal(window.model.loaded):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert titles(window)[0] == "Checkpoint closed"
    qtbot.waitUntil(lambda: window.selected_row() is not None)
    assert window.selected_row().title == "Checkpoint closed"  # type: ignore[union-attr]
    assert window.actions.undo.text() == "&Undo Add incident"


def test_one_editor_per_incident(
    qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow, test_drafts: None
) -> None:
    add_incidents(cf, 1)
    reload(qtbot, window)
    window.table.selectRow(0)
    window.actions.edit_incident.trigger()
    window.actions.edit_incident.trigger()
    assert len(window.windows) == 1
    qtbot.waitUntil(lambda: not window.worker.busy)
    window.windows[0].close()


def test_report_and_source_register_open(qtbot: QtBot, window: MainWindow) -> None:
    window.actions.report.trigger()
    window.actions.sources.trigger()
    assert [type(w).__name__ for w in window.windows] == ["ReportDialog", "SourceRegister"]
    assert window.actions.report.shortcut() == QKeySequence("Ctrl+P")
    qtbot.waitUntil(lambda: not window.worker.busy)
    for opened in list(window.windows):
        opened.close()


def test_an_incident_chosen_in_the_source_register_opens_in_the_editor(
    qtbot: QtBot, cf: casefile.CaseFile, window: MainWindow, test_drafts: None
) -> None:
    [incident] = add_incidents(cf, 1)
    window.actions.sources.trigger()
    [register] = window.windows
    qtbot.waitUntil(lambda: not window.worker.busy)
    register.open_incident.emit(incident)  # type: ignore[attr-defined]
    editors = [w for w in window.windows if type(w).__name__ == "IncidentEditor"]
    assert [e.incident_id for e in editors] == [incident]  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not window.worker.busy)
    for opened in list(window.windows):
        opened.close()
