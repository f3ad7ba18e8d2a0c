"""`casefile places`: suggestions and reverse lookup from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import casefile
from casefile.cli import main


def test_places_in_any_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["places", "Хоруғ", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Хоруғ (Khorugh), Gorno-Badakhshan, Tajikistan  (37.4904, 71.5534)")


def test_places_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["places", "فیض‌آباد", "--json", "--limit", "3"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 3
    assert {"name": "Fayzabad", "admin1": "Badakhshan", "country_code": "AF"}.items() <= rows[
        0
    ].items()


def test_near(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["places", "--near", "36.7248,71.6133"]) == 0
    out = capsys.readouterr().out
    assert "Country: Tajikistan" in out
    assert "Nearest place: Ishqoshim, Gorno-Badakhshan, Tajikistan" in out


def test_near_as_json_with_a_negative_latitude(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["places", "--near=-18.14,178.44", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["country_code"] == "FJ"
    assert row["place"]["name"] == "Suva"


def test_near_with_the_case_own_places(case_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with casefile.open(case_path) as cf:
        cf.places.add(name="Mine camp", latitude=37.45, longitude=71.7)
    assert main(["places", "--near", "37.45,71.7", "--case", str(case_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["place"]["name"] == "Mine camp"
    assert main(["places", "mine c", "--case", str(case_path)]) == 0
    assert capsys.readouterr().out.startswith("Mine camp, Tajikistan")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["places"], "give a place name, or --near LAT,LON"),
        (["places", "Khorugh", "--near", "1,2"], "give a place name, or --near LAT,LON"),
        (["places", "--near", "95,10"], "Latitude is between -90 and 90"),
        (["places", "--near", "north"], "Give latitude,longitude"),
        (["places", "x", "--case", "missing.casefile"], "missing.casefile"),
    ],
)
def test_bad_input_is_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    if "--case" in argv:
        argv = [*argv[:-1], str(tmp_path / argv[-1])]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "missing.casefile").exists()


def test_nothing_found_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["places", "qqqzzzxxq"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "No place found" in captured.err
