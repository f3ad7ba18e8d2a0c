"""The incident editor: create, edit and undo, validation beside fields, unsaved prompt."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

import casefile
from casefile.records.drafts import Drafts
from casefile.records.incidents import ActorRole, CasualtyCount
from tests.ui.conftest import clashing_mnemonics, type_title
from ui.incident_editor import IncidentEditor
from ui.worker import Worker


def open_editor(
    qtbot: QtBot, worker: Worker, drafts: Drafts, incident_id: str | None
) -> IncidentEditor:
    """An editor, shown, once it has loaded."""
    editor = IncidentEditor(worker, incident_id, drafts=drafts)
    # Closing at teardown must never block on the modal prompt.
    editor.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.form.isEnabled() and not worker.busy)
    return editor


def test_create_an_incident(
    qtbot: QtBot, worker: Worker, drafts: Drafts, cf: casefile.CaseFile
) -> None:
    editor = open_editor(qtbot, worker, drafts, None)
    type_title(qtbot, editor, "Drone strike on gold mine")
    editor.form.event_date.setDate(QDate(2025, 11, 26))
    editor.form.event_type.setCurrentIndex(
        editor.form.event_type.findData("Explosions/Remote violence")
    )
    sub = editor.form.sub_event_type
    assert sub.findData("Air/drone strike") > 0
    assert sub.findData("Armed clash") < 0  # sub-event types follow the event type
    sub.setCurrentIndex(sub.findData("Air/drone strike"))
    editor.form.timezone.setCurrentText("Asia/Dushanbe")
    qtbot.keyClicks(editor.form.tags, "drone, chinese nationals")
    editor.form.actors.model.set_rows(
        [ActorRole(name="ISKP", role="suspected", likelihood="likely")]
    )
    editor.form.casualties.model.set_rows([CasualtyCount(kind="killed", best=2, group="Chinese")])
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    stored = cf.get_incident(saved.args[0])
    assert stored.title == "Drone strike on gold mine"
    assert stored.event_date == date(2025, 11, 26)
    assert stored.sub_event_type == "Air/drone strike"
    assert stored.disorder_type == "Political violence"
    assert stored.timezone == "Asia/Dushanbe"
    assert sorted(stored.tags) == ["chinese nationals", "drone"]
    assert stored.actors[0].likelihood == "likely"
    assert stored.total("killed") == (2, 2, 2)
    assert not editor.isVisible()
    assert drafts.pending(cf.path) == []


def test_edit_then_undo(
    qtbot: QtBot, worker: Worker, drafts: Drafts, cf: casefile.CaseFile
) -> None:
    incident = cf.add_incident(title="Before", event_date=date(2025, 12, 23)).created or ""
    editor = open_editor(qtbot, worker, drafts, incident)
    assert editor.form.title.text() == "Before"
    type_title(qtbot, editor, "After")
    with qtbot.waitSignal(editor.saved):
        editor.save()
    assert cf.get_incident(incident).title == "After"
    assert cf.undo_name == "Edit incident"
    with qtbot.waitSignal(worker.changed):
        worker.run(lambda case, task: case.undo())
    assert cf.get_incident(incident).title == "Before"


def test_errors_show_beside_the_field_and_keep_the_dialog_open(
    qtbot: QtBot, worker: Worker, drafts: Drafts, cf: casefile.CaseFile
) -> None:
    editor = open_editor(qtbot, worker, drafts, None)
    assert not editor.form.boxes["title"].error.isVisible()  # untouched fields are not judged
    qtbot.keyClicks(editor.form.latitude, "north")
    assert "not a number" in editor.form.boxes["latitude"].error.text()
    editor.save()
    assert editor.isVisible()
    assert editor.form.boxes["title"].error.isVisible()
    assert "title is required" in editor.form.boxes["title"].error.text()
    assert cf.count_incidents() == 0
    type_title(qtbot, editor, "Fixed")
    assert not editor.form.boxes["title"].error.isVisible()


def test_likelihood_only_for_a_suspected_actor(
    qtbot: QtBot, worker: Worker, drafts: Drafts
) -> None:
    editor = open_editor(qtbot, worker, drafts, None)
    model = editor.form.actors.model
    model.set_rows([ActorRole(name="ISKP", role="suspected", likelihood="likely")])
    likelihood = model.index(0, 3)
    assert model.flags(likelihood) & Qt.ItemFlag.ItemIsEditable
    model.setData(model.index(0, 1), "claimed_by")
    assert not model.flags(likelihood) & Qt.ItemFlag.ItemIsEditable
    assert model.rows()[0].likelihood is None


@pytest.mark.parametrize(
    ("answer", "saved", "open_after"),
    [
        ("save", 1, False),
        ("discard", 0, False),
        ("cancel", 0, True),
    ],
)
def test_closing_with_unsaved_changes_asks(
    qtbot: QtBot,
    worker: Worker,
    drafts: Drafts,
    cf: casefile.CaseFile,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    saved: int,
    open_after: bool,
) -> None:
    editor = open_editor(qtbot, worker, drafts, None)
    asked: list[bool] = []
    monkeypatch.setattr(editor, "ask_unsaved", lambda: asked.append(True) or answer)
    type_title(qtbot, editor, "Border post attack")
    editor.close()
    assert asked == [True]
    qtbot.waitUntil(lambda: not worker.busy)
    assert editor.isVisible() is open_after
    assert cf.count_incidents() == saved


def test_closing_unchanged_does_not_ask(
    qtbot: QtBot, worker: Worker, drafts: Drafts, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = open_editor(qtbot, worker, drafts, None)
    monkeypatch.setattr(editor, "ask_unsaved", lambda: pytest.fail("asked"))
    editor.close()
    assert not editor.isVisible()


def test_table_cells_edit_with_the_keyboard(qtbot: QtBot, worker: Worker, drafts: Drafts) -> None:
    editor = open_editor(qtbot, worker, drafts, None)
    editor.form.setCurrentWidget(editor.form.boxes["casualties"])
    table = editor.form.casualties
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_Insert)
    best = table.model.index(0, 4)
    table.view.setCurrentIndex(best)
    table.view.edit(best)
    qtbot.keyClicks(table.view.focusWidget(), "5")
    qtbot.keyClick(table.view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.model.rows()[0].best == 5)  # Qt commits on a queued call
    [count] = table.model.rows()
    assert (count.low, count.best, count.high) == (5, 5, 5)  # the range follows a bare figure
    group = table.model.index(0, 1)
    table.view.setCurrentIndex(group)
    table.view.edit(group)
    qtbot.keyClicks(table.view.focusWidget(), "Chinese workers")
    qtbot.keyClick(table.view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.model.rows()[0].group == "Chinese workers")
    table.view.selectRow(0)
    qtbot.keyClick(table.view, Qt.Key.Key_Delete)
    assert table.model.rows() == []


def test_tags_complete_the_last_tag(qtbot: QtBot, worker: Worker, drafts: Drafts) -> None:
    editor = open_editor(qtbot, worker, drafts, None)
    tags = editor.form.tags
    tags.set_known(["border post", "drone"])
    completer = tags.completer()
    assert completer.splitPath("drone, bor") == ["bor"]
    tags.setText("drone, bor")
    completer.setCompletionPrefix("bor")
    assert completer.pathFromIndex(completer.currentIndex()) == "drone, border post"


def test_ctrl_s_saves(qtbot: QtBot, worker: Worker, drafts: Drafts, cf: casefile.CaseFile) -> None:
    editor = open_editor(qtbot, worker, drafts, None)
    editor.activateWindow()
    type_title(qtbot, editor, "Saved from the keyboard")
    with qtbot.waitSignal(editor.saved):
        qtbot.keyClick(editor.form.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert cf.count_incidents() == 1


def test_nationality_is_a_country_code(qtbot: QtBot, worker: Worker, drafts: Drafts) -> None:
    editor = open_editor(qtbot, worker, drafts, None)
    model = editor.form.casualties.model
    model.set_rows([CasualtyCount(kind="killed", best=5, group="Chinese workers")])
    model.setData(model.index(0, 2), "China")
    assert "two-letter" in editor.problems()["casualties"]
    model.setData(model.index(0, 2), "cn")
    assert "casualties" not in editor.problems()
    assert model.rows()[0].nationality == "CN"


def test_no_two_visible_controls_share_an_alt_key(
    qtbot: QtBot, worker: Worker, drafts: Drafts, cf: casefile.CaseFile
) -> None:
    incident = cf.add_incident(title="Border post", event_date=date(2025, 12, 23)).created
    editor = open_editor(qtbot, worker, drafts, incident)
    editor.banner.show_change(None, dirty=True)
    for tab in range(editor.form.count()):
        editor.form.setCurrentIndex(tab)
        assert clashing_mnemonics(editor) == [], editor.form.tabText(tab)
