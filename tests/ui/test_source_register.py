"""The source register: sources graded A–F, their reports, and citations shown as A1…F6."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

import casefile
from casefile.records.drafts import Drafts
from tests.ui.conftest import clashing_mnemonics
from ui.incident_editor import IncidentEditor
from ui.source_register import SourceRegister
from ui.worker import Worker


def idle(qtbot: QtBot, worker: Worker) -> None:
    """Wait until every queued operation has come back."""
    qtbot.waitUntil(lambda: not worker.busy)


def open_register(qtbot: QtBot, worker: Worker) -> SourceRegister:
    """The register, shown and loaded; closing at teardown never prompts."""
    register = SourceRegister(worker)
    register.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(register)
    register.show()
    idle(qtbot, worker)
    return register


def test_add_a_source_and_a_report(qtbot: QtBot, worker: Worker, cf: casefile.CaseFile) -> None:
    register = open_register(qtbot, worker)
    register.new_source()
    qtbot.keyClicks(register.source_form.name, "SCNS")
    form = register.source_form
    form.reliability.setCurrentIndex(form.reliability.findData("C"))
    form.kind.setCurrentIndex(form.kind.findData("government"))
    register.save_source()
    idle(qtbot, worker)
    [source] = cf.sources.all()
    assert (source.name, source.reliability, source.kind) == ("SCNS", "C", "government")
    item = register.sources.topLevelItem(0)
    assert (item.text(1), item.text(2)) == ("C", "government")
    assert register.source_id == source.id
    register.reports_pane.new_report()
    register.reports_pane.form.title.insert("Изҳороти КДАМ")  # QTest types ASCII only
    qtbot.keyClicks(register.reports_pane.form.language, "tg")
    register.reports_pane.form.published.set_value(date(2025, 12, 24))
    register.reports_pane.save_report()
    idle(qtbot, worker)
    [report] = cf.sources.reports(source.id or "")
    assert (report.title, report.language, report.published) == (
        "Изҳороти КДАМ",
        "tg",
        date(2025, 12, 24),
    )
    assert register.reports_pane.reports.topLevelItemCount() == 1
    assert register.reports_pane.attachments is not None
    assert register.reports_pane.attachments.report_id == report.id


def test_errors_show_beside_the_field(qtbot: QtBot, worker: Worker, cf: casefile.CaseFile) -> None:
    cf.sources.add(name="SCNS")
    register = open_register(qtbot, worker)
    register.new_source()
    qtbot.keyClicks(register.source_form.name, "SCNS")
    qtbot.keyClicks(register.source_form.url, "ftp://scns.tj")
    register.save_source()
    assert "http" in register.source_form.boxes["url"].error.text()
    register.source_form.url.clear()
    register.save_source()
    idle(qtbot, worker)
    assert "already a source" in register.source_form.boxes["name"].error.text()
    assert len(cf.sources.all()) == 1


def test_cite_a_report_with_a_grade(
    qtbot: QtBot, worker: Worker, cf: casefile.CaseFile, tmp_path: Path
) -> None:
    source = cf.sources.add(name="Al Jazeera", kind="news", reliability="B").created or ""
    report = cf.sources.add_report(source_id=source, title="Border report").created or ""
    incident = cf.add_incident(title="Drone strike", event_date=date(2025, 11, 26)).created or ""
    editor = IncidentEditor(worker, incident, drafts=Drafts(tmp_path / "drafts"))
    editor.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(editor)
    editor.show()
    idle(qtbot, worker)
    table = editor.form.citations
    table.add()
    model = table.model
    assert model.index(0, 0).data() == "Al Jazeera (B) — Border report"
    assert model.index(0, 2).data() == "B6"  # credibility not judged yet
    model.setData(model.index(0, 1), 2, Qt.ItemDataRole.EditRole)
    assert model.index(0, 2).data() == "B2"
    with qtbot.waitSignal(editor.saved):
        editor.save()
    assert [(c.report.id, c.grade) for c in cf.sources.cited_by(incident)] == [(report, "B2")]


def test_a_report_added_elsewhere_becomes_citable(
    qtbot: QtBot, worker: Worker, cf: casefile.CaseFile, tmp_path: Path
) -> None:
    source = cf.sources.add(name="SCNS", reliability="C").created or ""
    editor = IncidentEditor(worker, None, drafts=Drafts(tmp_path / "drafts"))
    editor.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]
    qtbot.addWidget(editor)
    idle(qtbot, worker)
    assert editor.form.citations.reports == {}
    worker.run(lambda case, task: case.sources.add_report(source_id=source, title="Statement"))
    qtbot.waitUntil(lambda: len(editor.form.citations.reports) == 1)


def test_closing_while_work_is_pending_is_safe(
    qtbot: QtBot, worker: Worker, cf: casefile.CaseFile, tmp_path: Path
) -> None:
    """The main window deletes closed windows; replies arriving after that are dropped."""
    cf.sources.add(name="SCNS")
    for window in (SourceRegister(worker), IncidentEditor(worker, None, drafts=Drafts(tmp_path))):
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        with qtbot.waitSignal(window.destroyed):
            window.close()
    idle(qtbot, worker)


@pytest.mark.parametrize(("answer", "shown"), [("cancel", "SCNS"), ("discard", "Al Jazeera")])
def test_leaving_an_edited_source_asks(
    qtbot: QtBot, worker: Worker, cf: casefile.CaseFile, answer: str, shown: str
) -> None:
    cf.sources.add(name="Al Jazeera")
    cf.sources.add(name="SCNS")
    register = open_register(qtbot, worker)
    scns = register.sources.topLevelItem(1)
    register.sources.setCurrentItem(scns)
    qtbot.keyClicks(register.source_form.notes, "Commands the Border Troops.")
    asked: list[bool] = []
    register.ask_unsaved = lambda: asked.append(True) or answer  # type: ignore[method-assign]
    register.sources.setCurrentItem(register.sources.topLevelItem(0))
    assert asked == [True]
    assert register.source_form.name.text() == shown
    assert register.sources.currentItem().text(0) == shown


def test_a_report_shows_the_incidents_citing_it(
    qtbot: QtBot, worker: Worker, cf: casefile.CaseFile
) -> None:
    source = cf.sources.add(name="Al Jazeera", kind="news", reliability="B").created or ""
    report = cf.sources.add_report(source_id=source, title="Border report").created or ""
    strike = cf.add_incident(title="Drone strike", event_date=date(2025, 11, 26)).created or ""
    cf.sources.cite(incident_id=strike, report_id=report, credibility=2)
    register = open_register(qtbot, worker)
    pane = register.reports_pane
    citing = pane.citing
    assert citing.hint.text().startswith("Choose a saved report")
    with qtbot.waitSignal(citing.loaded):
        pane.reports.setCurrentItem(pane.reports.topLevelItem(0))
    rows = [[item.text(c) for c in range(3)] for item in _items(citing.list)]
    assert rows == [["Drone strike", "2025-11-26", "B2"]]
    assert not citing.hint.isVisibleTo(register)
    later = cf.add_incident(title="Gunfire", event_date=date(2025, 12, 1)).created or ""
    with qtbot.waitSignal(citing.loaded):
        worker.run(
            lambda case, task: case.sources.cite(incident_id=later, report_id=report, credibility=3)
        )
    assert [item.text(0) for item in _items(citing.list)] == ["Gunfire", "Drone strike"]
    with qtbot.waitSignal(register.open_incident) as opened:
        citing.list.itemActivated.emit(citing.list.topLevelItem(1), 0)
    assert opened.args == [strike]


def test_an_uncited_report_says_how_to_cite_it(
    qtbot: QtBot, worker: Worker, cf: casefile.CaseFile
) -> None:
    source = cf.sources.add(name="SCNS", reliability="C").created or ""
    cf.sources.add_report(source_id=source, title="Statement")
    register = open_register(qtbot, worker)
    pane = register.reports_pane
    with qtbot.waitSignal(pane.citing.loaded):
        pane.reports.setCurrentItem(pane.reports.topLevelItem(0))
    pane.tabs.setCurrentWidget(pane.citing)
    assert pane.citing.list.topLevelItemCount() == 0
    assert pane.citing.hint.isVisible()
    assert "No incident cites this report" in pane.citing.hint.text()


def _items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """A flat list's rows, top to bottom."""
    return [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]


def test_no_two_visible_controls_share_an_alt_key(
    qtbot: QtBot, worker: Worker, cf: casefile.CaseFile
) -> None:
    source = cf.sources.add(name="SCNS", reliability="C").created or ""
    cf.sources.add_report(source_id=source, title="Statement")
    register = open_register(qtbot, worker)
    pane = register.reports_pane
    pane.reports.setCurrentItem(pane.reports.topLevelItem(0))
    idle(qtbot, worker)
    for tab in range(pane.tabs.count()):
        pane.tabs.setCurrentIndex(tab)
        assert clashing_mnemonics(register) == [], pane.tabs.tabText(tab)
