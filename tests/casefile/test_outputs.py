"""Outputs never damage the case file, a device or an earlier good file; reading changes nothing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile import cli, errors, outputs
from casefile.store import db, schema


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def case(case_path: Path) -> Path:
    with casefile.open(case_path) as cf:
        cf.add_incident(title="Border post fired on", event_date=date(2025, 3, 1))
    return case_path


@pytest.mark.parametrize("command", ["export", "report"])
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", ".lock"])
def test_no_output_lands_on_the_case_or_its_companions(
    case: Path, command: str, suffix: str, capsys: pytest.CaptureFixture
) -> None:
    before = _digest(case)
    target = case.with_name(case.name + suffix)
    assert cli.main([command, str(case), "-o", str(target)]) == 1
    assert _digest(case) == before
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize("command", ["export", "report"])
def test_devices_folders_and_fifos_are_refused(
    case: Path, tmp_path: Path, command: str, capsys: pytest.CaptureFixture
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in ("/dev/full", str(tmp_path), str(fifo)):
        assert cli.main([command, str(case), "-o", target]) == 1
    assert Path("/dev/full").is_char_device() and fifo.is_fifo()
    with pytest.raises(SystemExit) as raised:
        cli.main([command, str(case), "-o", ""])
    assert raised.value.code == 2
    assert capsys.readouterr().err.count("\n") == 4


def test_another_case_file_is_never_written_over(case: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.casefile"
    other.write_bytes(case.read_bytes())
    assert cli.main(["export", str(case), "-o", str(other)]) == 1
    assert other.read_bytes() == case.read_bytes()


def test_a_failed_write_keeps_the_earlier_file_and_leaves_no_partial(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("earlier good export")
    with pytest.raises(OSError), outputs.writing(target) as out:
        out.write("half")
        raise OSError(28, "No space left on device")
    assert target.read_text() == "earlier good export"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_save_copy_refuses_the_case_itself(case: Path) -> None:
    with casefile.open(case) as cf, pytest.raises(errors.Invalid):
        cf.protect.save_copy(case.with_name(case.name + "-wal"))


def _no_companions(path: Path) -> bool:
    return not any(path.with_name(path.name + s).exists() for s in ("-wal", "-shm", ".lock"))


@pytest.mark.parametrize("command", ["search", "export", "report", "verify"])
def test_an_empty_file_is_refused_not_rebuilt(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture
) -> None:
    empty = tmp_path / "x.casefile"
    empty.touch()
    extra = {"search": ["word"], "export": ["-o", str(tmp_path / "o.csv")]}
    extra["report"] = ["-o", str(tmp_path / "o.pdf")]
    assert cli.main([command, str(empty), *extra.get(command, [])]) == 1
    assert empty.stat().st_size == 0 and _no_companions(empty)
    assert "empty" in capsys.readouterr().err


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "p.casefile"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "casefile.cli", "verify", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "regular file" in done.stderr


def test_verify_changes_no_byte_and_leaves_nothing_beside_the_file(
    case: Path, capsys: pytest.CaptureFixture
) -> None:
    before = _digest(case)
    case.chmod(0o444)
    try:
        assert cli.main(["verify", str(case)]) == 0
        assert cli.main(["search", str(case), "border"]) == 0
    finally:
        case.chmod(0o644)
    assert _digest(case) == before and _no_companions(case)
    assert "sound" in capsys.readouterr().out


def test_an_old_file_is_said_to_need_an_upgrade_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    old = tmp_path / "old.casefile"
    engine = db.make_engine(old)
    schema.prepare(engine, old, target="0001")
    engine.dispose()
    before = _digest(old)
    assert cli.main(["verify", str(old)]) == 1
    assert "needs an upgrade" in capsys.readouterr().err
    assert _digest(old) == before


def test_readonly_handles_refuse_writes(case: Path) -> None:
    with casefile.open(case, readonly=True) as cf, pytest.raises(errors.ReadOnly):
        cf.add_incident(title="x", event_date=date(2025, 1, 1))
