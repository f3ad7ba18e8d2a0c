"""Case files whose names hold characters a URI gives a meaning to: opened as named."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile.store import glance
from casefile.store.uri import file_uri

NAMES = ["Case #12.casefile", "what?.casefile", "100% sure.casefile", "a&b=c.casefile"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("passphrase", [None, "correct horse battery"])
def test_a_case_named_with_uri_characters_is_that_file(
    tmp_path: Path, name: str, passphrase: str | None
) -> None:
    path = tmp_path / name
    with casefile.open(path, passphrase=passphrase) as cf:
        cf.add_incident(title="Crossing at night", event_date=date(2025, 3, 1))
    # Nothing beside it but the file (and an encrypted case's key): no stray file a misread
    # name would make.
    assert sorted(os.listdir(tmp_path)) == sorted([name] + ([name + ".key"] if passphrase else []))
    with casefile.open(path, passphrase=passphrase) as again:
        assert again.count_incidents() == 1
        assert again.protect.verify() == []
    with casefile.open(path, passphrase=passphrase, readonly=True) as read:
        assert read.count_incidents() == 1


def test_another_file_of_the_shorter_name_is_not_read(tmp_path: Path) -> None:
    decoy = tmp_path / "Case "
    with casefile.open(decoy) as cf:
        for day in range(1, 4):
            cf.add_incident(title="Decoy", event_date=date(2025, 3, day))
    path = tmp_path / "Case #12.casefile"
    with casefile.open(path) as cf:
        assert cf.count_incidents() == 0
        cf.add_incident(title="The real one", event_date=date(2025, 3, 1))
    connection = glance.connect(path)
    assert connection is not None
    try:
        assert connection.execute("SELECT title FROM incident").fetchall() == [("The real one",)]
    finally:
        connection.close()


def test_the_uri_encodes_the_path_and_keeps_its_folders() -> None:
    assert file_uri(Path("/tmp/a b/Case #1?.casefile"), "mode=ro") == (
        "file:/tmp/a%20b/Case%20%231%3F.casefile?mode=ro"
    )
