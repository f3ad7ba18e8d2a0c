"""Backups: written by SQLite's backup API, rotated in the data folder, restored safely."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile import cli, errors
from casefile.protect import backups, keys
from casefile.store import cipher

PASS = "correct horse battery"


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Automatic backups kept under the test's folder, never the user's."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setattr(backups.paths, "data_dir", lambda: folder)
    return folder


def test_backups_rotate_and_a_backup_restores(cf: casefile.CaseFile, case_path: Path) -> None:
    cf.add_incident(title="Kept", event_date=date(2025, 1, 1))
    first = cf.protect.backup(keep=2)
    assert first is not None and first.parent == backups.folder(case_path)
    assert cf.protect.backup(if_due=True) is None  # one a day
    for _ in range(3):
        cf.protect.backup(keep=2)
    assert len(backups.existing(case_path)) == 2 and not first.exists()
    kept = backups.existing(case_path)[-1]
    cf.add_incident(title="Lost", event_date=date(2025, 1, 2))
    cf.close()
    backups.restore(case_path, kept, None)
    with casefile.open(case_path) as restored:
        assert [r.title for r in restored.list_incidents()] == ["Kept"]
        assert restored.protect.verify() == []
    assert sorted(p.name for p in case_path.parent.iterdir() if "case.casefile" in p.name) == [
        "case.casefile"
    ]


def test_restore_refuses_what_is_not_a_backup(
    cf: casefile.CaseFile, case_path: Path, tmp_path: Path
) -> None:
    cf.close()
    text = tmp_path / "notes.casefile"
    text.write_text("shopping list")
    before = case_path.read_bytes()
    for wrong in (text, case_path):  # a text file; a case file that is no backup
        copy = tmp_path / "other.casefile"
        copy.write_bytes(wrong.read_bytes())
        with pytest.raises(errors.NotACaseFile, match="not a Casefile backup"):
            backups.restore(case_path, copy, None)
    assert case_path.read_bytes() == before


def test_an_encrypted_case_is_backed_up_encrypted_and_restored_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "secret.casefile"
    with casefile.open(path, passphrase=PASS) as cf:
        cf.add_incident(title="Quetzalcoatlus", event_date=date(2025, 1, 1))
    monkeypatch.setenv("CASEFILE_PASSPHRASE", PASS)
    out = tmp_path / "copy.casefile"
    assert cli.main(["backup", str(path), "-o", str(out)]) == 0
    assert cipher.is_encrypted(out) and keys.key_file(out).exists()
    assert b"Quetzalcoatlus" not in out.read_bytes()
    with casefile.open(path, passphrase=PASS) as cf:
        cf.add_incident(title="After the backup", event_date=date(2025, 1, 2))
    assert cli.main(["restore", str(path), str(out)]) == 0
    with casefile.open(path, passphrase=PASS) as cf:
        assert cf.count_incidents() == 1
    monkeypatch.setenv("CASEFILE_PASSPHRASE", "not the passphrase")
    assert cli.main(["restore", str(path), str(out)]) == 1
    assert "wrong" in capsys.readouterr().err
