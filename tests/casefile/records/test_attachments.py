"""Attachments written out: safe names, a private folder, no link followed, streamed bytes."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import casefile
from casefile import errors, outputs


def _incident(cf: casefile.CaseFile) -> str:
    return cf.add_incident(title="A", event_date=date(2025, 1, 1)).created or ""


def _plant_name(case_path: Path, name: str) -> None:
    """Set a stored file name as another tool could (the sqlite3 shell), past the API."""
    raw = sqlite3.connect(case_path)
    raw.execute("UPDATE attachment SET filename = ?", (name,))
    raw.commit()
    raw.close()


@pytest.mark.parametrize(
    "stored",
    [
        "../../x.sh",
        "/etc/cron.d/evil",
        "..",
        ".",
        "a/../../b",
        "C:\\evil\\x.bat",
        "\x00\x1b]0;",
        "",
    ],
)
def test_a_crafted_stored_name_is_written_only_inside_the_folder(
    cf: casefile.CaseFile, case_path: Path, tmp_path: Path, stored: str
) -> None:
    cf.attachments.add(data=b"hello", filename="note.txt", incident_id=_incident(cf))
    _plant_name(case_path, stored)
    attachment = cf.attachments.of(incident_id=cf.incident_ids()[0])[0]
    folder = tmp_path / "out"
    folder.mkdir()
    written = cf.attachments.copy_out(attachment.id, folder)
    assert written.parent == folder and written.read_bytes() == b"hello"
    assert os.listdir(folder) == [written.name]
    assert ".." not in written.name and "/" not in written.name


def test_the_default_folder_is_new_and_private(cf: casefile.CaseFile) -> None:
    cf.attachments.add(data=b"x" * 10, filename="photo.jpg", incident_id=_incident(cf))
    attachment = cf.attachments.of(incident_id=cf.incident_ids()[0])[0]
    first = cf.attachments.copy_out(attachment.id)
    second = cf.attachments.copy_out(attachment.id)
    assert first.parent != second.parent
    assert stat.S_IMODE(first.parent.stat().st_mode) == 0o700
    assert first.name == "photo.jpg"


def test_a_planted_link_is_neither_followed_nor_replaced(
    cf: casefile.CaseFile, tmp_path: Path
) -> None:
    cf.attachments.add(data=b"new", filename="x.txt", incident_id=_incident(cf))
    attachment = cf.attachments.of(incident_id=cf.incident_ids()[0])[0]
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "x.txt").symlink_to(victim)
    written = cf.attachments.copy_out(attachment.id, folder)
    assert victim.read_bytes() == b"keep"
    assert written.name == "x (2).txt" and written.read_bytes() == b"new"
    linked = tmp_path / "linked"
    linked.symlink_to(folder)
    with pytest.raises(errors.Invalid):
        cf.attachments.copy_out(attachment.id, linked)


def test_names_are_made_safe_on_the_way_in(cf: casefile.CaseFile) -> None:
    incident = _incident(cf)
    cf.attachments.add(data=b"x", filename="../../x.sh", incident_id=incident)
    cf.attachments.add(data=b"y", filename="..", media_type="image/png", incident_id=incident)
    names = [a.filename for a in cf.attachments.of(incident_id=incident)]
    assert names == ["x.sh", "attachment.png"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["", "image/jpeg", "application/pdf"]))
def test_safe_name_is_always_a_plain_name(name: str, media_type: str) -> None:
    safe = outputs.safe_name(name, media_type)
    assert safe and safe not in (".", "..") and "/" not in safe and "\\" not in safe
    assert len(safe) <= outputs.MAX_NAME
    assert not any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in safe)
    safe.encode("utf-8")


def test_large_attachments_round_trip_in_pieces(cf: casefile.CaseFile, tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    cf.attachments.add(big, incident_id=_incident(cf))
    attachment = cf.attachments.of(incident_id=cf.incident_ids()[0])[0]
    assert cf.attachments.copy_out(attachment.id).read_bytes() == big.read_bytes()
    assert cf.protect.verify() == []


def test_an_empty_attachment_is_kept(cf: casefile.CaseFile) -> None:
    cf.attachments.add(data=b"", filename="empty.txt", incident_id=_incident(cf))
    attachment = cf.attachments.of(incident_id=cf.incident_ids()[0])[0]
    assert cf.attachments.copy_out(attachment.id).read_bytes() == b""
    assert cf.protect.verify() == []


def test_verify_finds_damaged_attachment_bytes(cf: casefile.CaseFile, case_path: Path) -> None:
    cf.attachments.add(data=b"genuine", filename="a.txt", incident_id=_incident(cf))
    raw = sqlite3.connect(case_path)
    raw.execute("UPDATE blob SET data = ?", (b"tampered",))
    raw.commit()
    raw.close()
    assert any("damaged" in problem for problem in cf.protect.verify())


def test_wrong_values_are_refused_naming_the_field(cf: casefile.CaseFile) -> None:
    incident = _incident(cf)
    with pytest.raises(errors.Invalid, match="data"):
        cf.attachments.add(data="text", filename="a.txt", incident_id=incident)  # type: ignore[arg-type]
    with pytest.raises(errors.Invalid, match="filename"):
        cf.attachments.add(data=b"x", filename=5, incident_id=incident)  # type: ignore[arg-type]


def test_an_encrypted_case_stores_and_gives_back_attachments(tmp_path: Path) -> None:
    # sqlcipher3 has no incremental blob I/O: the bytes go in and come out whole.
    data = bytes(range(256)) * 5000  # more than one piece
    with casefile.open(tmp_path / "secret.casefile", passphrase="correct horse battery") as cf:
        incident = cf.add_incident(title="Crater", event_date=date(2025, 1, 1)).created
        cf.attachments.add(data=data, filename="crater.jpg", incident_id=incident)
        [info] = cf.attachments.of(incident_id=incident)
        assert cf.attachments.content(info.id)[1] == data
        out = tmp_path / "out"
        out.mkdir()
        assert cf.attachments.copy_out(info.id, out).read_bytes() == data
        assert cf.protect.verify() == []
