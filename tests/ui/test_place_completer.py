"""The incident editor's place field: suggestions in any script fill the place fields."""

from __future__ import annotations

import lzma
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

import casefile
from casefile.places.gazetteer import Gazetteer
from casefile.records.drafts import Drafts
from tests.ui.test_incident_editor import open_editor, type_title
from ui.worker import Worker

PLACES = [
    "Khorugh\t37.4904\t71.5534\tTJ\t01\t30500\tKhorog|Хорог|Хоруғ|خروغ",
    "Khorixas\t-20.3667\t14.9667\tNA\t05\t6000\t",
]


def type_any(edit: QLineEdit, text: str) -> None:
    """Type text in any script (QTest's key clicks know only ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(edit, event)


@pytest.fixture
def small_gazetteer(cf: casefile.CaseFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A gazetteer of two places for the case, so a test loads no 235,000 places."""
    folder = tmp_path / "places"
    folder.mkdir()
    (folder / "places.tsv.xz").write_bytes(lzma.compress("\n".join(PLACES).encode()))
    (folder / "countries.tsv").write_text("TJ\tTajikistan\t\nNA\tNamibia\t\n")
    (folder / "admin1.tsv").write_text("TJ\t01\tGorno-Badakhshan\t\n")
    monkeypatch.setattr(cf.places, "_gazetteer", Gazetteer(folder))


@pytest.mark.usefixtures("small_gazetteer")
def test_choosing_a_suggestion_fills_the_place(
    qtbot: QtBot, worker: Worker, tmp_path: Path, cf: casefile.CaseFile
) -> None:
    editor = open_editor(qtbot, worker, Drafts(tmp_path / "drafts"), None)
    type_title(qtbot, editor, "Shooting at the bridge")
    editor.form.setCurrentIndex(editor.form.indexOf(editor.form.location.parentWidget()))
    editor.form.location.setFocus()
    type_any(editor.form.location, "Хор")
    completer = editor.places.completer
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    labels = [editor.places.model.item(row).text() for row in range(editor.places.model.rowCount())]
    # Cyrillic "Хор" folds to khor, so Khorixas matches as well, after the larger town.
    assert labels == ["Хорог (Khorugh), Gorno-Badakhshan, Tajikistan", "Khorixas, Namibia"]
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    data = editor.form.data()
    assert (data.location, data.country_code, data.country, data.admin1) == (
        "Khorugh",
        "TJ",
        "Tajikistan",
        "Gorno-Badakhshan",
    )
    assert (data.latitude, data.longitude, data.geo_precision) == (37.4904, 71.5534, 1)
    assert editor.is_dirty()
    with qtbot.waitSignal(editor.saved) as saved:
        editor.save()
    assert cf.get_incident(saved.args[0]).admin1 == "Gorno-Badakhshan"


@pytest.mark.usefixtures("small_gazetteer")
def test_the_case_own_places_come_first(
    qtbot: QtBot, worker: Worker, tmp_path: Path, cf: casefile.CaseFile
) -> None:
    cf.places.add(name="Khorog bridge post", latitude=37.49, longitude=71.55, country_code="TJ")
    editor = open_editor(qtbot, worker, Drafts(tmp_path / "drafts"), None)
    editor.form.setCurrentIndex(editor.form.indexOf(editor.form.location.parentWidget()))
    editor.form.location.setFocus()
    qtbot.keyClicks(editor.form.location, "khor")
    qtbot.waitUntil(lambda: editor.places.model.rowCount() == 3)
    assert editor.places.model.item(0).text() == "Khorog bridge post, Tajikistan"


@pytest.mark.usefixtures("small_gazetteer")
def test_clearing_the_field_asks_for_nothing(qtbot: QtBot, worker: Worker, tmp_path: Path) -> None:
    editor = open_editor(qtbot, worker, Drafts(tmp_path / "drafts"), None)
    editor.form.location.setFocus()
    qtbot.keyClicks(editor.form.location, "x")
    qtbot.keyClick(editor.form.location, Qt.Key.Key_Backspace)
    qtbot.wait(150)
    assert editor.places.model.rowCount() == 0
    assert not editor.places.completer.popup().isVisible()
