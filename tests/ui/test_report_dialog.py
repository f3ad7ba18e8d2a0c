"""The report dialog: live preview through the worker, save, store, and the e-mail draft."""

from __future__ import annotations

import io
import stat
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

import casefile
from casefile import CasualtyCount
from casefile.protect import plain_copies
from casefile.sitrep.options import ReportOptions
from tests.ui.conftest import clashing_mnemonics, files_under
from ui.report_dialog import ReportDialog
from ui.worker import Worker

WAIT = 15_000


@pytest.fixture
def dialog(cf: casefile.CaseFile, worker: Worker, qtbot: QtBot) -> ReportDialog:
    """A report dialog over a case with two incidents, its first preview shown."""
    for day, title in ((20, "Armed clash near Хоруғ"), (23, "边境 attack on border post")):
        cf.add_incident(
            title=title,
            event_date=date(2025, 12, day),
            event_type="Battles",
            sub_event_type="Armed clash",
            country_code="TJ",
            casualties=[CasualtyCount(kind="killed", best=2)],
        )
    made = ReportDialog(worker)
    made.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]  # closed at teardown
    qtbot.addWidget(made)
    with qtbot.waitSignal(made.preview_ready, timeout=WAIT):
        made.show()
    return made


def test_preview_shows_the_report(dialog: ReportDialog) -> None:
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() >= 2
    assert dialog.options().end == date(2025, 12, 23)
    assert dialog.form.incident.count() == 2


def test_preview_follows_the_options(dialog: ReportDialog, qtbot: QtBot) -> None:
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT) as blocker:
        dialog.form.title.setText("<b>Attack & </para>")
        dialog.form.tlp.setCurrentText("TLP:RED")
    assert blocker.args[0].startswith(b"%PDF")
    assert dialog.options().tlp == "TLP:RED"


def test_bad_options_are_shown_not_written(dialog: ReportDialog, qtbot: QtBot) -> None:
    dialog.form.filters.start.setDate(dialog.form.filters.end.date().addDays(5))
    with qtbot.assertNotEmitted(dialog.preview_ready, wait=1500):
        dialog.refresh()
    assert "ends before it starts" in dialog.problem.text()


def test_save_writes_the_pdf(dialog: ReportDialog, qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.save_to(target)
    assert target.read_bytes().startswith(b"%PDF")


def test_store_and_reload_a_definition(
    dialog: ReportDialog, cf: casefile.CaseFile, qtbot: QtBot
) -> None:
    dialog.form.title.setText("Weekly border report")
    dialog.form.bluf.setPlainText("Two clashes.")
    dialog.store()
    qtbot.waitUntil(lambda: dialog._report_id is not None, timeout=WAIT)
    stored = cf.reports.get(dialog._report_id or "")
    assert (stored.title, stored.bluf) == ("Weekly border report", "Two clashes.")
    dialog.form.title.setText("Changed")
    dialog.show_options(stored)
    assert dialog.form.title.text() == "Weekly border report"


def test_leaving_drafts_out_is_stored_and_shown_again(
    dialog: ReportDialog, cf: casefile.CaseFile, qtbot: QtBot
) -> None:
    dialog.form.drafts.setChecked(False)
    dialog.store()
    qtbot.waitUntil(lambda: dialog._report_id is not None, timeout=WAIT)
    stored = cf.reports.get(dialog._report_id or "")
    assert stored.drafts is False
    dialog.form.drafts.setChecked(True)
    dialog.show_options(stored)
    assert not dialog.form.drafts.isChecked()
    dialog.form.template.setCurrentIndex(dialog.form.template.findData("flash"))
    assert not dialog.form.drafts.isEnabled()  # a flash report's incident is shown, draft or not


def test_a_stored_report_keeps_every_filter_when_reloaded(
    dialog: ReportDialog, qtbot: QtBot
) -> None:
    # Stored from the command line: the Filters panel has a field for each of them.
    filters = {
        "event_type": ["Battles", "Riots"],
        "country": ["TJ"],
        "tags": ["drone", "mining"],
        "status": ["reviewed"],
        "min_killed": 2,
    }
    stored = ReportOptions(title="Border", start=date(2025, 12, 1), filters=filters)
    dialog.show_options(stored)
    panel = dialog.form.filters
    assert panel.combos["event_type"].chosen() == ["Battles", "Riots"]
    assert panel.combos["tags"].chosen() == ["drone", "mining"]
    assert panel.min_killed.value() == 2
    assert dialog.options().filters == filters
    assert dialog.options().start == date(2025, 12, 1)
    panel.combos["event_type"].choose(["Battles"])  # the analyst narrows it; the rest stays
    assert dialog.options().filters == {**filters, "event_type": ["Battles"]}


def test_the_dialog_offers_every_filter_of_the_panel_with_counts(
    dialog: ReportDialog, qtbot: QtBot
) -> None:
    panel = dialog.form.filters
    assert set(panel.combos) == {
        "event_type",
        "sub_event_type",
        "country",
        "admin1",
        "actor",
        "reliability",
        "status",
        "tags",
    }
    sub_types = panel.combos["sub_event_type"]
    qtbot.waitUntil(lambda: sub_types.count() > 1, timeout=WAIT)
    assert sub_types.itemText(1) == "Armed clash (2)"
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT):
        sub_types.choose(["Armed clash"])
    assert dialog.options().filters == {"sub_event_type": ["Armed clash"]}


def test_prepare_email_writes_a_draft_with_the_pdf(
    dialog: ReportDialog, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog.form.recipients.setText("hq@example.org, ops@example.org")
    dialog.form.number.setText("SR-7")
    dialog.form.bluf.setPlainText("Clashes rose.")
    with qtbot.waitSignal(dialog.email_ready, timeout=WAIT) as blocker:
        dialog.prepare_email()
    eml = Path(blocker.args[0])
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "hq@example.org, ops@example.org"
    assert "SR-7" in message["Subject"] and "TLP:AMBER" in message["Subject"]
    assert "Clashes rose." in message.get_body(("plain",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content().startswith(b"%PDF")
    assert opened and opened[0].toLocalFile() == str(eml)


def test_flash_needs_an_incident_and_uses_it(dialog: ReportDialog, qtbot: QtBot) -> None:
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT):
        dialog.form.template.setCurrentIndex(dialog.form.template.findData("flash"))
    assert dialog.options().incident_id == dialog.form.incident.currentData()
    assert not dialog.form.filters.start.isEnabled()


def test_prepare_email_asks_for_recipients(dialog: ReportDialog, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(dialog.email_ready, wait=500):
        dialog.prepare_email()
    assert "recipients" in dialog.problem.text()


def test_a_newer_preview_cancels_the_one_under_way(dialog: ReportDialog, qtbot: QtBot) -> None:
    dialog.form.title.setText("First")
    dialog.refresh()
    first = dialog._preview
    dialog.form.title.setText("Second")
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT):
        dialog.refresh()
    assert first is not None and first.cancelled
    assert dialog.problem.text() == ""


def test_every_field_has_an_alt_key_and_a_name_and_enter_saves_nothing(
    dialog: ReportDialog,
) -> None:
    assert clashing_mnemonics(dialog) == []
    dialog.form.setCurrentWidget(dialog.form.filters)
    assert clashing_mnemonics(dialog) == []
    panel = dialog.form.filters
    for field in (
        dialog.form.title,
        dialog.form.number,
        dialog.form.recipients,
        dialog.form.bluf,
        panel.start,
        panel.min_killed,
        *panel.combos.values(),
    ):
        assert field.accessibleName()
    assert not any(
        button.autoDefault() or button.isDefault()
        for button in (dialog.store_button, dialog.save_button, dialog.email_button)
    )


def _notes(widget: QWidget) -> list[QMessageBox]:
    return [box for box in widget.findChildren(QMessageBox) if box.isVisible()]


def test_an_encrypted_case_leaves_no_plain_file_in_the_temp_folder(
    encrypted_worker: Worker,
    qtbot: QtBot,
    temp_folder: Path,
    data_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    word = "Quetzalcoatlus"  # in this case's incident only
    encrypted_worker.case.add_incident(
        title=f"{word} ambush near Khorugh", event_date=date(2025, 12, 20), country_code="TJ"
    )
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    dialog = ReportDialog(encrypted_worker)
    dialog.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]  # closed at teardown
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT) as preview:
        dialog.show()
    assert word in "".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.args[0])).pages)
    assert dialog.document.status() == QPdfDocument.Status.Ready
    dialog.form.recipients.setText("hq@example.org")
    drafts = []
    for number in ("SR-1", "SR-2"):
        dialog.form.number.setText(number)
        with qtbot.waitSignal(dialog.email_ready, timeout=WAIT) as blocker:
            dialog.prepare_email()
        drafts.append(Path(blocker.args[0]))
    assert files_under(temp_folder) == []  # neither the preview nor the draft
    for eml in drafts:
        assert eml.is_relative_to(plain_copies.root()) and plain_copies.root().is_relative_to(
            data_home
        )
        assert stat.S_IMODE(eml.parent.stat().st_mode) == 0o700
        message = message_from_bytes(eml.read_bytes(), policy=policy.default)
        [attached] = list(message.iter_attachments())
        pages = PdfReader(io.BytesIO(attached.get_content())).pages
        assert word in "".join(p.extract_text() for p in pages)
    [note] = _notes(dialog)  # said once, for both drafts
    assert "unencrypted" in note.text() and "closed or locked" in note.text()
    encrypted_worker.remove_plain_copies()  # as locking does

    def emptied() -> bool:
        # The worker removes the copies, then its lock file: wait for both. A folder may go
        # while it is being listed.
        try:
            return files_under(data_home) == []
        except FileNotFoundError:
            return False

    qtbot.waitUntil(emptied)
    assert not any(eml.exists() for eml in drafts)


def test_a_plain_cases_draft_goes_to_a_private_folder_without_a_note(
    dialog: ReportDialog,
    qtbot: QtBot,
    temp_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    dialog.form.recipients.setText("hq@example.org")
    with qtbot.waitSignal(dialog.email_ready, timeout=WAIT) as blocker:
        dialog.prepare_email()
    eml = Path(blocker.args[0])
    assert files_under(temp_folder) == [eml]  # the .eml alone: the PDF is inside it
    assert stat.S_IMODE(eml.parent.stat().st_mode) == 0o700
    assert _notes(dialog) == []
