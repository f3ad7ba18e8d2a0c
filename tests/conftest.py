"""Shared fixtures: an empty migrated case file built once and copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import casefile


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/ui as a gui test."""
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty case file at the newest schema, made once per run."""
    path = tmp_path_factory.mktemp("template") / "empty.casefile"
    casefile.open(path).close()
    return path


@pytest.fixture
def case_path(empty_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the empty case file."""
    path = tmp_path / "case.casefile"
    shutil.copy(empty_template, path)
    return path


@pytest.fixture
def cf(case_path: Path) -> Iterator[casefile.CaseFile]:
    """An open, empty case file, closed after the test."""
    with casefile.open(case_path, author="tester") as opened:
        yield opened
