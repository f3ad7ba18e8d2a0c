"""The report dialog keeps what was typed: a draft across close and restart, and a question
before anything is thrown away."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

import casefile
from casefile.records.drafts import Drafts
from ui import report_drafts
from ui.report_dialog import ReportDialog
from ui.report_drafts import Answer
from ui.worker import Worker

WAIT = 15_000


def opened(qtbot: QtBot, worker: Worker, answer: Answer = "keep") -> ReportDialog:
    """A report dialog shown, its choices (and any draft) loaded; closing answers `answer`."""
    made = ReportDialog(worker)
    made.ask_unsaved = lambda: answer  # type: ignore[method-assign]
    qtbot.addWidget(made)
    made.show()
    qtbot.waitUntil(lambda: made._ready, timeout=WAIT)
    return made


def type_report(qtbot: QtBot, dialog: ReportDialog) -> None:
    """Type a title, number and the three texts as an analyst would."""
    qtbot.keyClicks(dialog.form.title, "Weekly border report")
    qtbot.keyClicks(dialog.form.number, "SR-7")
    dialog.form.bluf.setPlainText("Two clashes near the border.")
    dialog.form.judgments.setPlainText("Clashes will continue")
    dialog.form.outlook.setPlainText("Tense")


@pytest.fixture
def case(cf: casefile.CaseFile) -> casefile.CaseFile:
    """A case with one incident, so the report has something to cover."""
    cf.add_incident(title="Armed clash", event_date=date(2025, 12, 20), event_type="Battles")
    return cf


def test_kept_as_draft_the_text_is_back_in_a_new_dialog(
    qtbot: QtBot, worker: Worker, case: casefile.CaseFile
) -> None:
    asked: list[bool] = []
    first = opened(qtbot, worker)
    first.ask_unsaved = lambda: asked.append(True) or "keep"  # type: ignore[method-assign]
    type_report(qtbot, first)
    assert first.close()
    assert asked == [True]
    # A restart: a new dialog over the same case file finds the draft.
    again = opened(qtbot, worker, "discard")
    assert again.form.title.text() == "Weekly border report"
    assert again.form.number.text() == "SR-7"
    assert again.form.bluf.toPlainText() == "Two clashes near the border."
    assert again.form.judgments.toPlainText() == "Clashes will continue"
    assert again.form.outlook.toPlainText() == "Tense"
    assert "draft" in again.status.text()


def test_the_draft_is_on_disk_while_typing_before_any_close(
    qtbot: QtBot, worker: Worker, case: casefile.CaseFile
) -> None:
    dialog = opened(qtbot, worker, "discard")
    type_report(qtbot, dialog)
    store = report_drafts.drafts_store()
    qtbot.waitUntil(lambda: bool(store.pending(case.path)), timeout=WAIT)
    assert store.pending(case.path)[0].data["title"] == "Weekly border report"


def test_discarded_the_text_is_gone(qtbot: QtBot, worker: Worker, case: casefile.CaseFile) -> None:
    first = opened(qtbot, worker, "discard")
    type_report(qtbot, first)
    first.write_draft()
    assert first.close()
    assert report_drafts.drafts_store().pending(case.path) == []
    assert opened(qtbot, worker).form.title.text() == ""


def test_cancel_keeps_the_dialog_open(
    qtbot: QtBot, worker: Worker, case: casefile.CaseFile
) -> None:
    dialog = opened(qtbot, worker, "cancel")
    type_report(qtbot, dialog)
    assert not dialog.close()
    assert dialog.isVisible()
    dialog.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]


def test_save_stores_the_report_then_closes_and_leaves_no_draft(
    qtbot: QtBot, worker: Worker, case: casefile.CaseFile
) -> None:
    dialog = opened(qtbot, worker, "save")
    type_report(qtbot, dialog)
    dialog.close()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: not worker.busy, timeout=WAIT)
    assert [r.title for r in case.reports.all()] == ["Weekly border report"]
    assert report_drafts.drafts_store().pending(case.path) == []


def test_closing_untouched_does_not_ask(
    qtbot: QtBot, worker: Worker, case: casefile.CaseFile
) -> None:
    dialog = opened(qtbot, worker)
    dialog.ask_unsaved = lambda: pytest.fail("asked")  # type: ignore[method-assign]
    assert dialog.close()


def test_report_drafts_never_mix_with_incident_drafts(
    qtbot: QtBot, worker: Worker, case: casefile.CaseFile, drafts: Drafts
) -> None:
    dialog = opened(qtbot, worker, "keep")
    type_report(qtbot, dialog)
    dialog.close()
    assert report_drafts.drafts_store().pending(case.path)
    assert drafts.pending(case.path) == []  # the editor's offer after a crash lists none


def test_leaving_drafts_out_survives_a_kept_draft_and_an_older_draft_without_it(
    qtbot: QtBot, worker: Worker, case: casefile.CaseFile
) -> None:
    first = opened(qtbot, worker, "keep")
    assert first.form.drafts.isChecked()  # drafts are counted (and marked) unless left out
    first.form.drafts.setChecked(False)
    assert first.is_dirty()  # unticking alone is a change to keep
    assert first.close()
    again = opened(qtbot, worker, "discard")
    assert not again.form.drafts.isChecked()
    assert again.options().drafts is False
    # A draft written before the option existed leaves the box as it is.
    report_drafts.show_typed(again.form, {"title": "Older"})
    assert not again.form.drafts.isChecked()
