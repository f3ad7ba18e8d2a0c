"""Export: the public `cf.export` contract for each format (the formats' details live elsewhere)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import casefile
from casefile import errors


def test_csv_has_a_row_for_each_incident(demo_cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert demo_cf.export(path, format="csv") == 4
    with path.open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 4


def test_json_holds_incidents_and_sources(demo_cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    assert demo_cf.export(path, format="json") == 4
    document = json.loads(path.read_text(encoding="utf-8"))
    assert len(document["incidents"]) == 4
    assert document["sources"]


def test_geojson_has_a_point_for_each_placed_incident(
    demo_cf: casefile.CaseFile, tmp_path: Path
) -> None:
    path = tmp_path / "out.geojson"
    assert demo_cf.export(path, format="geojson") == 4
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["type"] == "FeatureCollection"
    assert 0 < len(document["features"]) <= 4
    assert all(f["geometry"]["type"] == "Point" for f in document["features"])


def test_an_empty_case_exports_nothing(cf: casefile.CaseFile, tmp_path: Path) -> None:
    assert cf.export(tmp_path / "empty.json", format="json") == 0


@pytest.mark.parametrize("where", ["folder", "missing/out.csv"])
def test_a_bad_destination_is_refused(cf: casefile.CaseFile, tmp_path: Path, where: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(errors.CasefileError):
        cf.export(tmp_path / where)


def test_an_unknown_format_is_refused_and_writes_nothing(
    cf: casefile.CaseFile, tmp_path: Path
) -> None:
    with pytest.raises(errors.CasefileError, match="format"):
        cf.export(tmp_path / "out.xml", format="xml")
    assert not (tmp_path / "out.xml").exists()
