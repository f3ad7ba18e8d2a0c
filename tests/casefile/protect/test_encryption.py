"""Encryption at rest: creating, opening, converting and rekeying an SQLCipher case file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import casefile
from casefile import cli, errors
from casefile.protect import encryption, keys
from casefile.store import cipher

WORD = "Quetzalcoatlus"  # a word that appears nowhere but in the incident we write
PASS = "correct horse battery"


def _plain_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


def _add(cf: casefile.CaseFile) -> None:
    cf.add_incident(
        title=f"{WORD} sighted at the border", event_date=date(2025, 1, 1), narrative=WORD
    )


def test_a_case_created_with_a_passphrase_holds_no_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "secret.casefile"
    with casefile.open(path, passphrase=PASS) as cf:
        assert cf.protect.encrypted and cf.recovery_key
        _add(cf)
        # While open: the file and its -wal and -shm beside it.
        assert any(p.name.endswith("-wal") for p in tmp_path.iterdir())
        assert WORD.encode() not in _plain_bytes(tmp_path)
        assert WORD.lower().encode() not in _plain_bytes(tmp_path)
        assert [h.title for h in cf.search(WORD.lower())]  # FTS5 works under SQLCipher
    assert WORD.encode() not in _plain_bytes(tmp_path)
    assert cipher.is_encrypted(path)


def test_a_wrong_or_missing_passphrase_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "secret.casefile"
    with casefile.open(path, passphrase=PASS) as cf:
        _add(cf)
    before = _plain_bytes(tmp_path)
    with pytest.raises(errors.WrongPassphrase, match="wrong"):
        casefile.open(path, passphrase="not the passphrase")
    with pytest.raises(errors.PassphraseNeeded):
        casefile.open(path)
    assert _plain_bytes(tmp_path) == before


def test_the_recovery_key_opens_the_case_even_without_its_key_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.casefile"
    with casefile.open(path, passphrase=PASS) as cf:
        _add(cf)
        recovery = cf.recovery_key
    assert recovery is not None
    keys.key_file(path).unlink()
    with casefile.open(path, passphrase=recovery.lower().replace("-", " ")) as cf:
        assert cf.count_incidents() == 1
        assert cf.recovery_key is None  # shown once, at creation


def test_encrypt_then_decrypt_an_existing_case(cf: casefile.CaseFile, case_path: Path) -> None:
    _add(cf)
    cf.close()
    recovery = encryption.encrypt(case_path, PASS)
    folder = case_path.parent
    assert sorted(p.name for p in folder.iterdir()) == ["case.casefile", "case.casefile.key"]
    assert WORD.encode() not in _plain_bytes(folder)
    with casefile.open(case_path, passphrase=recovery) as opened:
        assert opened.protect.encrypted and opened.count_incidents() == 1
        assert opened.protect.verify() == []
    encryption.decrypt(case_path, PASS)
    assert sorted(p.name for p in folder.iterdir()) == ["case.casefile"]
    with casefile.open(case_path) as opened:
        assert not opened.protect.encrypted and opened.count_incidents() == 1


def test_encrypting_refuses_a_short_passphrase_and_an_open_case(
    cf: casefile.CaseFile, case_path: Path, tmp_path: Path
) -> None:
    with pytest.raises(errors.Invalid):
        encryption.encrypt(case_path, "short")
    cf.close()
    with casefile.open(case_path, exclusive=True), pytest.raises(errors.CaseFileBusy):
        encryption.encrypt(case_path, PASS)
    assert not cipher.is_encrypted(case_path)


def test_rekey_changes_the_passphrase_and_on_request_the_recovery_key(tmp_path: Path) -> None:
    path = tmp_path / "secret.casefile"
    with casefile.open(path, passphrase=PASS) as cf:
        _add(cf)
        recovery = cf.recovery_key
    assert encryption.rekey(path, PASS, "new passphrase", new_recovery=False) is None
    with pytest.raises(errors.WrongPassphrase):
        casefile.open(path, passphrase=PASS)
    casefile.open(path, passphrase=recovery).close()
    new_recovery = encryption.rekey(path, recovery, "third passphrase", new_recovery=True)
    assert new_recovery and new_recovery != recovery
    with pytest.raises(errors.WrongPassphrase):
        casefile.open(path, passphrase=recovery)
    for secret in ("third passphrase", new_recovery):
        with casefile.open(path, passphrase=secret) as cf:
            assert cf.count_incidents() == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.casefile", "secret.casefile.key"]


def test_the_command_line_encrypts_rekeys_and_decrypts(
    cf: casefile.CaseFile,
    case_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _add(cf)
    cf.close()
    monkeypatch.setenv("CASEFILE_PASSPHRASE", PASS)
    assert cli.main(["encrypt", str(case_path)]) == 0
    assert "Recovery key" in capsys.readouterr().err
    monkeypatch.setenv("CASEFILE_NEW_PASSPHRASE", "the new one")
    assert cli.main(["rekey", str(case_path)]) == 0
    assert cli.main(["verify", str(case_path)]) == 1
    assert "wrong" in capsys.readouterr().err
    monkeypatch.setenv("CASEFILE_PASSPHRASE", "the new one")
    assert cli.main(["search", str(case_path), WORD]) == 0
    assert WORD in capsys.readouterr().out
    assert cli.main(["decrypt", str(case_path)]) == 0
    assert not cipher.is_encrypted(case_path)


def test_a_case_created_by_a_command_with_the_variable_set_is_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASEFILE_PASSPHRASE", PASS)
    path = tmp_path / "demo.casefile"
    assert cli.main(["demo", str(path)]) == 0
    assert "Recovery key" in capsys.readouterr().err
    assert cipher.is_encrypted(path)
    monkeypatch.delenv("CASEFILE_PASSPHRASE")
    assert cli.main(["verify", str(path)]) == 1
    assert "CASEFILE_PASSPHRASE" in capsys.readouterr().err


@given(st.binary(min_size=32, max_size=32))
def test_a_recovery_key_spells_its_key_and_a_typo_is_caught(key: bytes) -> None:
    text = keys.recovery_key(key)
    assert keys.parse_recovery_key(text) == key
    typo = ("B" if text[0] != "B" else "C") + text[1:]
    assert keys.parse_recovery_key(typo) is None


def test_drafts_of_an_encrypted_case_are_sealed(tmp_path: Path) -> None:
    from casefile.records.drafts import Drafts

    drafts = Drafts(tmp_path / "drafts")
    with casefile.open(tmp_path / "secret.casefile", passphrase=PASS) as cf:
        seal = cf.protect.drafts_key
        assert seal is not None
        drafts.save(cf.path, "new-1", {"title": WORD}, seal=seal)
        assert WORD.encode() not in _plain_bytes(tmp_path / "drafts")
        assert drafts.pending(cf.path) == []  # without the key: not readable, skipped
        (found,) = drafts.pending(cf.path, seal=seal)
        assert found.title == WORD


def test_encrypting_deletes_the_plain_copies_casefile_made(
    cf: casefile.CaseFile, case_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casefile.protect import backups

    monkeypatch.setattr(backups.paths, "data_dir", lambda: tmp_path / "data")
    _add(cf)
    made = cf.protect.backup()
    cf.close()
    old = case_path.with_name(case_path.name + ".before-upgrade-0005.bak")
    old.write_bytes(case_path.read_bytes())
    encryption.encrypt(case_path, PASS)
    assert made is not None and not made.exists() and not old.exists()


def test_verify_reads_an_encrypted_case_without_a_plain_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Read-only, verify checks the search index on a copy; SQLCipher copies only into
    # SQLCipher, so the copy is encrypted (with a key used once) and the check works.
    path = tmp_path / "secret.casefile"
    with casefile.open(path, passphrase=PASS) as cf:
        _add(cf)
    monkeypatch.setenv("CASEFILE_PASSPHRASE", PASS)
    assert cli.main(["verify", str(path)]) == 0
    assert "is sound (1 incidents)" in capsys.readouterr().out


def test_a_facet_count_in_an_encrypted_case_stops_when_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casefile.store import db

    monkeypatch.setattr(db, "_CHECK_EVERY", 1)  # asked at once, however small the case
    asked: list[bool] = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) > 3

    with casefile.open(tmp_path / "secret.casefile", passphrase=PASS) as cf:
        _add(cf)
        with pytest.raises(errors.Cancelled):
            cf.find.facets("", should_stop=stop)
        assert cf.find.count_matches(WORD.lower()) == 1  # the case reads on
