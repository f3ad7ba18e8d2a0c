"""An open editor notices changes made elsewhere to its incident and lets the user choose."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

import casefile
from casefile.records.conflicts import ChangedElsewhere
from casefile.records.drafts import Drafts
from casefile.records.incidents import IncidentData
from tests.ui.conftest import type_title
from ui import edit_conflicts
from ui.edit_conflicts import store_checked
from ui.incident_editor import IncidentEditor
from ui.worker import Worker


@pytest.fixture
def incident(cf: casefile.CaseFile) -> str:
    """One stored incident, titled "Before"."""
    return cf.add_incident(title="Before", event_date=date(2025, 12, 23)).created or ""


@pytest.fixture
def editor(qtbot: QtBot, worker: Worker, drafts: Drafts, incident: str) -> IncidentEditor:
    """An editor on the incident, loaded; its prompts fail the test unless replaced."""
    made = IncidentEditor(worker, incident, drafts=drafts)
    made.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]
    made.ask_conflict = lambda current: pytest.fail("asked")  # type: ignore[method-assign]
    qtbot.addWidget(made)
    made.show()
    qtbot.waitUntil(lambda: made.form.isEnabled() and not worker.busy)
    return made


def elsewhere(qtbot: QtBot, worker: Worker, operation: Any) -> None:
    """Run an operation as the main window would (another initiator), and let views react."""
    with qtbot.waitSignal(worker.changed):
        worker.run(operation, initiator=object())
    qtbot.waitUntil(lambda: not worker.busy)


def test_an_untouched_editor_shows_the_change(
    qtbot: QtBot, worker: Worker, editor: IncidentEditor, incident: str
) -> None:
    elsewhere(qtbot, worker, lambda case, task: case.update_incident(incident, title="Renamed"))
    qtbot.waitUntil(lambda: editor.form.title.text() == "Renamed")
    assert not editor.banner.isVisible()
    assert not editor.is_dirty()


def test_typed_text_stays_and_the_banner_offers_reload(
    qtbot: QtBot,
    worker: Worker,
    editor: IncidentEditor,
    incident: str,
    drafts: Drafts,
    cf: casefile.CaseFile,
) -> None:
    type_title(qtbot, editor, "Mine")
    elsewhere(qtbot, worker, lambda case, task: case.update_incident(incident, title="Theirs"))
    qtbot.waitUntil(editor.banner.isVisible)
    assert editor.form.title.text() == "Mine"  # never replaced unasked
    assert "changed elsewhere" in editor.banner.text.text()
    editor.write_draft()
    assert [d.data["title"] for d in drafts.pending(cf.path)] == ["Mine"]
    editor.banner.reload_button.click()
    assert editor.form.title.text() == "Theirs"
    assert not editor.banner.isVisible() and not editor.is_dirty()
    assert drafts.pending(cf.path) == []


def test_keep_my_version_then_save_overwrites(
    qtbot: QtBot, worker: Worker, editor: IncidentEditor, incident: str, cf: casefile.CaseFile
) -> None:
    type_title(qtbot, editor, "Mine")
    elsewhere(qtbot, worker, lambda case, task: case.update_incident(incident, title="Theirs"))
    qtbot.waitUntil(editor.banner.isVisible)
    editor.banner.keep_button.click()
    with qtbot.waitSignal(editor.saved):
        editor.save()
    assert cf.get_incident(incident).title == "Mine"


def test_undo_in_the_main_window_is_noticed(
    qtbot: QtBot, worker: Worker, drafts: Drafts, incident: str, cf: casefile.CaseFile
) -> None:
    cf.update_incident(incident, title="Edited")
    made = IncidentEditor(worker, incident, drafts=drafts)
    made.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(made)
    made.show()
    qtbot.waitUntil(lambda: made.form.isEnabled() and not worker.busy)
    type_title(qtbot, made, "Mine")
    elsewhere(qtbot, worker, lambda case, task: case.undo())
    qtbot.waitUntil(made.banner.isVisible)
    assert made.form.title.text() == "Mine"


@pytest.mark.parametrize(
    ("choice", "stored", "shown", "open_after"),
    [
        ("cancel", "Theirs", "Mine", True),
        ("overwrite", "Mine", None, False),
        ("reload", "Theirs", "Theirs", True),
    ],
)
def test_save_checks_again_on_the_worker(
    qtbot: QtBot,
    worker: Worker,
    editor: IncidentEditor,
    incident: str,
    cf: casefile.CaseFile,
    choice: str,
    stored: str,
    shown: str | None,
    open_after: bool,
) -> None:
    type_title(qtbot, editor, "Mine")
    asked: list[IncidentData | None] = []
    editor.ask_conflict = lambda current: asked.append(current) or choice  # type: ignore
    # Queued just before Save: the editor cannot have heard of it yet.
    worker.run(lambda case, task: case.update_incident(incident, title="Theirs"))
    editor.save()
    qtbot.waitUntil(lambda: bool(asked) and not worker.busy)
    assert asked[0] is not None and asked[0].title == "Theirs"
    qtbot.waitUntil(lambda: not worker.busy)
    assert cf.get_incident(incident).title == stored
    assert editor.isVisible() is open_after
    if shown is not None:
        assert editor.form.title.text() == shown


def test_deleted_elsewhere_offers_to_close_or_save_again(
    qtbot: QtBot, worker: Worker, editor: IncidentEditor, incident: str, cf: casefile.CaseFile
) -> None:
    type_title(qtbot, editor, "Mine")
    elsewhere(qtbot, worker, lambda case, task: case.delete_incident(incident))
    qtbot.waitUntil(editor.banner.isVisible)
    assert "deleted elsewhere" in editor.banner.text.text()
    assert editor.banner.keep_button.isVisible()
    editor.banner.keep_button.click()
    with qtbot.waitSignal(editor.saved):
        editor.save()
    assert cf.get_incident(incident).title == "Mine"


def test_an_untouched_editor_of_a_deleted_incident_can_close(
    qtbot: QtBot, worker: Worker, editor: IncidentEditor, incident: str
) -> None:
    elsewhere(qtbot, worker, lambda case, task: case.delete_incident(incident))
    qtbot.waitUntil(editor.banner.isVisible)
    assert not editor.banner.keep_button.isVisible()
    editor.banner.reload_button.click()
    assert not editor.isVisible()


def test_its_own_attachments_are_not_a_change_elsewhere(
    qtbot: QtBot, worker: Worker, editor: IncidentEditor, tmp_path: Path
) -> None:
    type_title(qtbot, editor, "Mine")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 not really a photo")
    assert editor.attachments is not None
    with qtbot.waitSignal(editor.attachments.loaded):
        editor.attachments.add_files([photo])
    qtbot.waitUntil(lambda: not worker.busy)
    assert not editor.banner.isVisible()


def test_store_checked_refuses_a_stale_save(cf: casefile.CaseFile, incident: str) -> None:
    loaded = cf.get_incident(incident)
    cf.update_incident(incident, title="Theirs")
    mine = IncidentData.from_dict({**loaded.to_dict(), "title": "Mine"})
    with pytest.raises(ChangedElsewhere) as raised:
        store_checked(cf, mine, loaded.to_dict(), overwrite=False)
    assert raised.value.current is not None and raised.value.current.title == "Theirs"
    store_checked(cf, mine, loaded.to_dict(), overwrite=True)
    assert cf.get_incident(incident).title == "Mine"


@pytest.mark.parametrize(
    ("choice", "stored_after"),
    [("reload", ("Before", "Theirs")), ("overwrite", ("Mine", ""))],  # overwrite: all of mine
)
def test_another_programs_save_between_the_check_and_the_write_is_asked_about(
    qtbot: QtBot,
    worker: Worker,
    editor: IncidentEditor,
    incident: str,
    cf: casefile.CaseFile,
    monkeypatch: pytest.MonkeyPatch,
    choice: str,
    stored_after: tuple[str, str],
) -> None:
    # The editor's own check passes; the command line saves just after it. The core's
    # version refuses the stale write, and the editor asks as for any change elsewhere.
    real = edit_conflicts.read_stored
    raced: list[bool] = []

    def read_then_race(case: casefile.CaseFile, incident_id: str) -> IncidentData | None:
        found = real(case, incident_id)
        if not raced:
            raced.append(True)
            with casefile.open(case.path) as other:
                other.update_incident(incident_id, narrative="Theirs")
        return found

    monkeypatch.setattr(edit_conflicts, "read_stored", read_then_race)
    type_title(qtbot, editor, "Mine")
    asked: list[IncidentData | None] = []
    editor.ask_conflict = lambda current: asked.append(current) or choice  # type: ignore
    editor.save()
    qtbot.waitUntil(lambda: bool(asked) and not worker.busy)
    assert asked[0] is not None and asked[0].narrative == "Theirs"
    qtbot.waitUntil(lambda: not worker.busy)
    stored = cf.get_incident(incident)
    assert (stored.title, stored.narrative) == stored_after
    if choice == "reload":
        assert editor.isVisible() and editor.form.title.text() == "Before"
