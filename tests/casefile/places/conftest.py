"""The shipped gazetteer and borders, loaded once for every places test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from casefile.paths import resource
from casefile.places import borders, gazetteer

SOURCE_TREE = Path(__file__).resolve().parents[3] / "resources" / "places"


@pytest.fixture(scope="session")
def places_folder() -> Path:
    """The folder of the shipped files: the installed one, or this tree's when an editable
    install maps casefile.resources to another checkout that does not have them yet."""
    installed = resource("places")
    return installed if (installed / "places.tsv.xz").exists() else SOURCE_TREE


@pytest.fixture(scope="session")
def gaz(places_folder: Path) -> gazetteer.Gazetteer:
    """The shipped gazetteer, read once."""
    return gazetteer.Gazetteer(places_folder)


@pytest.fixture(scope="session")
def bord(places_folder: Path) -> borders.Borders:
    """The shipped borders, read once."""
    return borders.Borders(places_folder)


@pytest.fixture(autouse=True, scope="session")
def shared_copies(gaz: gazetteer.Gazetteer, bord: borders.Borders) -> Iterator[None]:
    """`cf.places` and the command line use these same copies (no second load)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gazetteer, "shared", lambda: gaz)
        patch.setattr(borders, "shared", lambda: bord)
        yield
