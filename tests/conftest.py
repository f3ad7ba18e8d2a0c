"""Shared fixtures: an empty case file and the demo case, each built once and copied per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import settings

import casefile
from casefile.paths import resource
from casefile.search import aliases

SOURCE_PLACES = Path(__file__).resolve().parent.parent / "resources" / "places"

# Speed is measured in benchmarks/, never in tests: a shared, loaded machine can take a
# second over an example (the first search loads the place spellings), which is no failure.
settings.register_profile("casefile", deadline=None)
settings.load_profile("casefile")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/ui as a gui test."""
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True, scope="session")
def place_spellings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[aliases.Aliases]:
    """Search reads the shipped place spellings (this tree's when an editable install maps
    casefile.resources to a checkout without them), sorted once per run, not the user's cache."""
    installed = resource("places")
    folder = installed if (installed / aliases.FILE).exists() else SOURCE_PLACES
    shared = aliases.Aliases(folder, cache=tmp_path_factory.mktemp("cache"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aliases, "shared", lambda: shared)
        yield shared


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


@pytest.fixture(scope="session")
def demo_template(empty_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo case (the Tajikistan–Afghanistan border, four incidents), made once per run."""
    path = tmp_path_factory.mktemp("demo") / "demo.casefile"
    shutil.copy(empty_template, path)
    with casefile.open(path, author="tester") as opened:
        opened.load_demo()
    return path


@pytest.fixture
def demo_cf(demo_template: Path, tmp_path: Path) -> Iterator[casefile.CaseFile]:
    """An open copy of the demo case, closed after the test."""
    path = tmp_path / "demo.casefile"
    shutil.copy(demo_template, path)
    with casefile.open(path, author="tester") as opened:
        yield opened


def add_incidents(
    cf: casefile.CaseFile, count: int, *, start: date = date(2024, 1, 1)
) -> list[str]:
    """Add `count` simple incidents a day apart ("Incident 000" is the oldest); returns ids."""
    ids = []
    for n in range(count):
        changes = cf.add_incident(
            title=f"Incident {n:03d}",
            event_date=start + timedelta(days=n),
            event_type="Protests",
            sub_event_type="Peaceful protest",
            location=f"Town {n % 7}",
            country="Tajikistan",
            narrative=f"Gathering number {n} in the square.",
        )
        assert changes.created is not None
        ids.append(changes.created)
    return ids


def downgrade(path: Path, target: str) -> None:
    """Take a case file back to an older revision, as a file made by an older Casefile."""
    from alembic import command
    from sqlalchemy import create_engine

    from casefile.store import schema

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(schema._config(connection), target)
    engine.dispose()


def held_open(under: Path) -> list[str]:
    """The files under `under` this process holds open, deleted or not (Linux: [] elsewhere)."""
    if not os.path.isdir("/proc/self/fd"):
        return []
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # closed meanwhile (the listing's own descriptor)
        if target.startswith(str(under)):
            held.append(target)
    return held
