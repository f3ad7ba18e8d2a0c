"""Fixtures shared by the exchange tests: an officer's case and headquarters' case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import casefile


@pytest.fixture
def outpost(tmp_path: Path) -> Iterator[casefile.CaseFile]:
    """An officer's case with the demo's records."""
    case = casefile.open(tmp_path / "outpost.casefile")
    case.load_demo()
    yield case
    case.close()


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[casefile.CaseFile]:
    """Headquarters' case, empty."""
    case = casefile.open(tmp_path / "hq.casefile")
    yield case
    case.close()
