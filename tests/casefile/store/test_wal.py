"""A damaged -wal holding committed changes is noticed, kept aside and never deleted."""

from __future__ import annotations

import io
import random
import shutil
import sqlite3
import struct
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile import cli
from casefile.store import db, wal


def _with_changes_only_in_the_log(case_path: Path, folder: Path) -> Path:
    """A copy of a case whose three incidents are committed in its -wal, not the file."""
    casefile.open(case_path).close()
    reader = sqlite3.connect(case_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM incident").fetchall()  # pins the old snapshot
    with casefile.open(case_path) as cf:
        for n in range(3):
            cf.add_incident(title=f"Incident {n}", event_date=date(2025, 1, n + 1))
        snapshot = folder / "snap.casefile"
        shutil.copy(case_path, snapshot)
        shutil.copy(case_path.with_name(case_path.name + "-wal"), folder / "snap.casefile-wal")
    reader.close()
    return snapshot


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_sound_log_is_read_and_not_reported(case_path: Path, tmp_path: Path) -> None:
    snapshot = _with_changes_only_in_the_log(case_path, tmp_path)
    assert wal.inspect(snapshot) is None
    with casefile.open(snapshot, readonly=True) as cf:
        assert cf.count_incidents() == 3 and cf.warnings == []


@pytest.mark.parametrize("where", ["page", "header", "cut"])
def test_damage_is_said_and_the_log_kept(
    case_path: Path, tmp_path: Path, where: str, capsys: pytest.CaptureFixture
) -> None:
    snapshot = _with_changes_only_in_the_log(case_path, tmp_path)
    log = snapshot.with_name(snapshot.name + "-wal")
    if where == "page":
        _flip(log, 32 + 24 + 100)
    elif where == "header":
        _flip(log, 5)
    else:
        log.write_bytes(log.read_bytes()[:-1000])
    damaged = log.read_bytes()
    assert cli.main(["verify", str(snapshot)]) == 1
    err = capsys.readouterr().err
    assert "-wal" in err and ("lost" in err or "missing" in err)
    assert log.read_bytes() == damaged
    with casefile.open(snapshot) as cf:  # a writer keeps a copy before the log is reused
        assert cf.warnings and "kept as" in cf.warnings[0]
    kept = list(tmp_path.glob("snap.casefile-wal.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_an_empty_log_is_sound_and_a_stub_is_not(tmp_path: Path) -> None:
    log = tmp_path / "x.casefile-wal"
    assert wal._inspect(log, io.BytesIO(b"")) is None
    assert wal._inspect(log, io.BytesIO(b"\x00" * 10)) is not None


def _checksum_a_pair_at_a_time(data: bytes, s0: int, s1: int, big: bool) -> tuple[int, int]:
    """SQLite's WAL checksum as its documentation states it."""
    words = struct.unpack(f"{'>' if big else '<'}{len(data) // 4}I", data)
    for x0, x1 in zip(words[0::2], words[1::2], strict=True):
        s0 = (s0 + x0 + s1) & 0xFFFFFFFF
        s1 = (s1 + x1 + s0) & 0xFFFFFFFF
    return s0, s1


@pytest.mark.parametrize("size", [8, 24, 512, 4096 + 8, 65536])
@pytest.mark.parametrize("big", [True, False])
def test_the_checksum_is_sqlites(size: int, big: bool) -> None:
    data = random.Random(size).randbytes(size)
    for start in ((0, 0), (0xFFFFFFFF, 0x12345678)):
        assert wal._checksum(data, *start, big) == _checksum_a_pair_at_a_time(data, *start, big)


def test_a_log_grown_past_the_limit_is_emptied_after_a_commit(
    case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = case_path.with_name(case_path.name + "-wal")
    with casefile.open(case_path) as cf:
        cf.add_incident(title="Kept in the log", event_date=date(2025, 1, 1))
        assert log.stat().st_size > 0  # under the limit: copied, the log left as it is
        monkeypatch.setattr(db, "LOG_LIMIT", 0)
        cf.add_incident(title="Past the limit", event_date=date(2025, 1, 2))
        assert log.stat().st_size == 0
        assert cf.count_incidents() == 2
