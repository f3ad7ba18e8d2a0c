"""Exchange from the app: the export dialog, reading a bundle in, and settling conflicts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyrage
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import casefile
from casefile.exchange.bundle import Key
from ui.bundle_dialog import ExportBundleDialog, read_bundle, write_bundle
from ui.conflicts_dialog import ConflictsDialog
from ui.worker import Worker

IDENTITY = pyrage.x25519.Identity.generate()


def test_the_export_dialog_says_what_is_missing(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportBundleDialog(None, folder=tmp_path, case_name="outpost")
    qtbot.addWidget(dialog)
    assert dialog.check() == "A recipient's public key starts with age1."
    dialog.recipient.setText(str(IDENTITY.to_public()))
    assert dialog.check() == ""
    dialog.by_passphrase.setChecked(True)
    assert not dialog.recipient.isEnabled() and dialog.passphrase.isEnabled()
    dialog.passphrase.setText("long enough")
    dialog.repeat.setText("long enougj")
    assert dialog.check() == "The two passphrases differ."
    dialog.repeat.setText("long enough")
    dialog.peer.setText("HQ")
    dialog.max_tlp.setCurrentText("TLP:GREEN")
    choices = dialog.choices()
    assert choices["path"] == tmp_path / "outpost.age"
    assert choices["key"] == Key(passphrase="long enough")
    assert (choices["since_last"], choices["max_tlp"]) == ("HQ", "TLP:GREEN")


def test_a_bundle_goes_out_and_in_on_the_worker(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker, tmp_path: Path
) -> None:
    cf.load_demo()
    path = tmp_path / "b.age"
    choices = {"path": path, "key": Key(recipient=str(IDENTITY.to_public()))}
    with qtbot.waitSignal(worker.idle):
        worker.run(lambda case, task: write_bundle(case, task, choices), label="Writing")
    (tmp_path / "id").write_text(f"{IDENTITY}\n")
    with casefile.open(tmp_path / "hq.casefile") as hq:
        other = Worker(hq)
        found = []
        with qtbot.waitSignal(other.idle):
            other.run(
                lambda case, task: read_bundle(case, task, path, {"identity": tmp_path / "id"}),
                done=found.append,
            )
        other.shutdown()
        assert hq.count_incidents() == 4 and "29 added" in str(found[0])


def test_conflicts_are_shown_field_by_field_and_settled(qtbot: QtBot, tmp_path: Path) -> None:
    key = Key(recipient=str(IDENTITY.to_public()))
    (tmp_path / "id").write_text(f"{IDENTITY}\n")
    with casefile.open(tmp_path / "a.casefile") as a, casefile.open(tmp_path / "b.casefile") as b:
        iid = a.add_incident(title="Shots at the ferry", event_date=date(2025, 12, 1)).created
        a.bundles.write(tmp_path / "1.age", key=key)
        b.bundles.read(tmp_path / "1.age", identity=tmp_path / "id")
        a.update_incident(iid or "", title="Shots at the Panj ferry")
        b.update_incident(iid or "", title="Shots at the ferry crossing", narrative="From HQ.")
        b.bundles.write(tmp_path / "2.age", key=key)
        a.bundles.read(tmp_path / "2.age", identity=tmp_path / "id")
        worker = Worker(a)
        dialog = ConflictsDialog(worker)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.list.count() == 1)
        fields = [dialog.fields.item(i, 0).text() for i in range(dialog.fields.rowCount())]
        assert fields == ["narrative", "title"]
        assert dialog.fields.item(1, 1).text() == "Shots at the Panj ferry"
        assert dialog.fields.item(1, 2).text() == "Shots at the ferry crossing"
        assert dialog.received.rowCount() == 1
        dialog.fields.item(0, 3).setCheckState(Qt.CheckState.Checked)  # their narrative
        dialog.merge.click()
        qtbot.waitUntil(lambda: dialog.list.count() == 0)
        assert dialog.status.text() == "No conflicts"
        settled = a.get_incident(iid or "")
        assert (settled.title, settled.narrative) == ("Shots at the Panj ferry", "From HQ.")
        worker.shutdown()


def test_the_bundles_read_say_what_was_deleted_and_what_was_kept(
    qtbot: QtBot, tmp_path: Path
) -> None:
    key = Key(recipient=str(IDENTITY.to_public()))
    (tmp_path / "id").write_text(f"{IDENTITY}\n")
    with casefile.open(tmp_path / "a.casefile") as a, casefile.open(tmp_path / "b.casefile") as b:
        ids = [
            a.add_incident(title=title, event_date=date(2025, 12, 1)).created or ""
            for title in ("Shots at the ferry", "Shots at the ferry, again")
        ]
        a.bundles.write(tmp_path / "1.age", key=key, since_last="HQ")
        b.bundles.read(tmp_path / "1.age", identity=tmp_path / "id")
        b.update_incident(ids[1], narrative="HQ knows more.")
        for iid in ids:
            a.delete_incident(iid)
        a.bundles.write(tmp_path / "2.age", key=key, since_last="HQ")
        b.bundles.read(tmp_path / "2.age", identity=tmp_path / "id")
        worker = Worker(b)
        dialog = ConflictsDialog(worker)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.received.rowCount() == 2)
        assert dialog.tabs.currentWidget() is dialog.received  # no conflicts: the news first
        said = dialog.received.item(0, 2).text()
        assert said.startswith("1 deleted, 0 conflicts")
        assert "1 incident deleted at the sender was kept: edited here since" in said
        assert "2 added" in dialog.received.item(1, 2).text()
        worker.shutdown()
