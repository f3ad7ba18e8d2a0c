"""Nothing typed is lost: drafts are written while editing and offered back after a crash."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

import casefile
from casefile.records.drafts import Draft, Drafts
from ui.drafts_recovery import offer_drafts
from ui.incident_editor import IncidentEditor
from ui.worker import Worker


def crash(editor: IncidentEditor) -> None:
    """Lose the window without any of the closing logic, as a crash would."""
    editor._timer.stop()
    editor.hide()
    editor.deleteLater()


def edit_title(qtbot: QtBot, worker: Worker, incident_id: str | None, title: str) -> IncidentEditor:
    """Open an editor and type a title, then wait for the draft to be written."""
    editor = IncidentEditor(worker, incident_id)
    editor.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]
    editor.show()
    qtbot.waitUntil(lambda: editor.form.isEnabled() and not worker.busy)
    editor.form.title.selectAll()
    qtbot.keyClicks(editor.form.title, title)
    return editor


def test_a_new_incident_is_recovered_after_a_crash(
    qtbot: QtBot, worker: Worker, drafts: Drafts, cf: casefile.CaseFile
) -> None:
    editor = edit_title(qtbot, worker, None, "Shooting at the Panj crossing")
    qtbot.waitUntil(lambda: len(drafts.pending(cf.path)) == 1)  # debounced write
    crash(editor)
    offered: list[str] = []

    def ask(parent: object, draft: Draft) -> str:
        offered.append(draft.title)
        return "recover"

    [recovered] = offer_drafts(worker, drafts=drafts, ask=ask)
    qtbot.addWidget(recovered)
    recovered.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]
    assert offered == ["Shooting at the Panj crossing"]
    qtbot.waitUntil(lambda: recovered.form.isEnabled())
    assert recovered.form.title.text() == "Shooting at the Panj crossing"
    assert recovered.is_dirty()
    with qtbot.waitSignal(recovered.saved):
        recovered.save()
    assert [r.title for r in cf.list_incidents()] == ["Shooting at the Panj crossing"]
    assert drafts.pending(cf.path) == []


def test_an_edit_of_a_stored_incident_is_recovered(
    qtbot: QtBot, worker: Worker, drafts: Drafts, cf: casefile.CaseFile
) -> None:
    incident = cf.add_incident(title="Old title", event_date=date(2025, 12, 23)).created or ""
    editor = edit_title(qtbot, worker, incident, "New title")
    editor.write_draft()  # as the timer would
    crash(editor)
    [recovered] = offer_drafts(worker, drafts=drafts, ask=lambda parent, draft: "recover")
    qtbot.addWidget(recovered)
    recovered.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]
    qtbot.waitUntil(lambda: recovered.form.isEnabled() and not worker.busy)
    assert recovered.incident_id == incident
    assert recovered.form.title.text() == "New title"
    recovered.close()  # discarding the recovered edit removes the draft
    assert drafts.pending(cf.path) == []
    assert cf.get_incident(incident).title == "Old title"


def test_declined_drafts_are_discarded_or_kept(
    worker: Worker, drafts: Drafts, cf: casefile.CaseFile
) -> None:
    drafts.save(cf.path, "new-a", {"title": "A", "event_date": "2025-12-01"})
    drafts.save(cf.path, "new-b", {"title": "B", "event_date": "2025-12-02"})
    answers = {"A": "discard", "B": "later"}
    opened = offer_drafts(worker, drafts=drafts, ask=lambda parent, draft: answers[draft.title])
    assert opened == []
    assert [d.title for d in drafts.pending(cf.path)] == ["B"]


def test_an_unchanged_editor_leaves_no_draft(
    qtbot: QtBot, worker: Worker, drafts: Drafts, cf: casefile.CaseFile
) -> None:
    editor = edit_title(qtbot, worker, None, "Typed then removed")
    editor.form.title.clear()
    editor.form.title.textEdited.emit("")
    editor.write_draft()
    assert drafts.pending(cf.path) == []
    editor.close()
