"""A new case file appears whole at its place, or nothing appears there."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

import casefile
from casefile import errors
from casefile.store import creation, schema


def test_a_new_case_is_whole_on_its_own(tmp_path: Path) -> None:
    path = tmp_path / "new.casefile"
    creation.create(path)
    assert [p.name for p in tmp_path.iterdir()] == ["new.casefile"]  # no -wal, no temporary
    with casefile.open(path, readonly=True) as cf:
        assert cf.protect.verify() == [] and cf.count_incidents() == 0


def test_a_failure_while_building_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = schema.prepare

    def full(engine: Engine, path: Path, **options: Any) -> str:
        real(engine, path, **options)
        raise errors.DiskFull(f"{path.name} cannot be written: the disk is full")

    monkeypatch.setattr(schema, "prepare", full)
    with pytest.raises(errors.DiskFull, match=r"^new\.casefile cannot be written"):
        casefile.open(tmp_path / "new.casefile")
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_appears_meanwhile_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.casefile"
    real = creation._build

    def racing(temp: Path, key: bytes | None) -> None:
        real(temp, key)
        path.write_bytes(b"another program's file")

    monkeypatch.setattr(creation, "_build", racing)
    with pytest.raises(errors.CasefileError, match="already exists"):
        creation.create(path)
    assert path.read_bytes() == b"another program's file"
    assert [p.name for p in tmp_path.iterdir()] == ["new.casefile"]


def test_a_case_left_empty_by_a_failed_command_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "new.casefile"
    with pytest.raises(errors.Invalid), creation.removed_if_left_empty(path):
        casefile.open(path).close()
        raise errors.Invalid({"file": "rejected"})
    assert list(tmp_path.iterdir()) == []


def test_a_case_that_holds_something_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "new.casefile"
    with pytest.raises(errors.Invalid), creation.removed_if_left_empty(path):
        with casefile.open(path) as cf:
            cf.add_incident(title="Kept", event_date=date(2025, 1, 1))
        raise errors.Invalid({"file": "rejected"})
    assert path.exists()
