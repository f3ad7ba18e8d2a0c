"""ACLED CSV: both column layouts in, the 2023 layout plus Casefile's columns out."""

from __future__ import annotations

import csv
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import casefile
from casefile import errors
from casefile.exchange import acled, values

PRE_2023 = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
    "notes,fatalities,timestamp,iso3\n"
    '1,4,AFG1,1,"21 March 2020",2020,1,Battles,"Armed clash",Taliban,,2,'
    '"Military Forces of Afghanistan (2014-)",,1,12,"Caucasus and Central Asia",Afghanistan,'
    'Balkh,"Dawlat Abad",,"Dawlat Abad",36.9882,66.8207,2,"Xinhua; Khaama Press",'
    'National-International,"12 Taliban militants were killed.",12,1584984341,AFG\n'
    '2,4,AFG2,2,"20 March 2020",2020,2,"Violence against civilians",Attack,'
    '"Unidentified Armed Group (Afghanistan)",,3,"Civilians (Afghanistan)",'
    '"Teachers (Afghanistan); Muslim Group (Afghanistan)",7,37,"Caucasus and Central Asia",'
    'Afghanistan,Kabul,Kabul,,Kabul,34.5167,69.1833,1,"Pajhwok Afghan News",National,'
    '"A teacher was killed.",1,1584984341,AFG\n'
)

LAYOUT_2023 = (
    ",".join(acled.COLUMNS_2023)
    + "\n"
    + (
        "TJK1,2025-12-23,2025,1,Political violence,Battles,Armed clash,"
        '"Unidentified Armed Group (Afghanistan)",,3,'
        '"Military Forces of Tajikistan (2016-)",,1,13,,'
        "762,Caucasus and Central Asia,Tajikistan,Khatlon,Shamsiddin Shohin,,Shamsiddin Shohin,"
        '37.78,70.12,2,SCNS,National,"Three intruders and two border guards were killed.",5,'
        '"border; infiltration",1766534400\n'
    )
)


@pytest.fixture
def pre_2023(tmp_path: Path) -> Path:
    path = tmp_path / "old.csv"
    path.write_text(PRE_2023, encoding="utf-8")
    return path


def test_pre_2023_layout_maps_every_field(cf: casefile.CaseFile, pre_2023: Path) -> None:
    summary = cf.import_file(pre_2023)
    assert (summary.added, summary.skipped, summary.errors) == (2, 0, [])
    rows = {r.title: r for r in cf.list_incidents()}
    clash = cf.get_incident(rows["Armed clash in Dawlat Abad"].id)
    assert clash.event_date == date(2020, 3, 21)
    assert clash.country_code == "AF" and clash.admin1 == "Balkh" and clash.geo_precision == 2
    assert (clash.latitude, clash.longitude) == (36.9882, 66.8207)
    assert clash.total("killed") == (12, 12, 12)
    assert [(a.name, a.role, a.inter_code) for a in clash.actors] == [
        ("Taliban", "perpetrator", 2),
        ("Military Forces of Afghanistan (2014-)", "target", 1),
    ]
    assert clash.acled_source == "Xinhua; Khaama Press"
    attack = cf.get_incident(rows["Attack in Kabul"].id)
    assert attack.time_precision == 2
    assert [a.name for a in attack.actors if a.associated] == [
        "Teachers (Afghanistan)",
        "Muslim Group (Afghanistan)",
    ]


def test_reimport_skips_what_is_there(cf: casefile.CaseFile, pre_2023: Path) -> None:
    cf.import_file(pre_2023)
    summary = cf.import_file(pre_2023)
    assert (summary.added, summary.updated, summary.skipped) == (0, 0, 2)
    assert cf.count_incidents() == 2


def test_a_newer_export_updates_by_event_id(cf: casefile.CaseFile, pre_2023: Path) -> None:
    cf.import_file(pre_2023)
    clash_id = next(r.id for r in cf.list_incidents() if r.title == "Armed clash in Dawlat Abad")
    cf.update_incident(clash_id, status="draft")
    newer = PRE_2023.replace('"12 Taliban militants were killed."', '"14 were killed."')
    pre_2023.write_text(newer.replace(",12,1584984341", ",14,1584984341"), encoding="utf-8")
    summary = cf.import_file(pre_2023)
    assert (summary.added, summary.updated, summary.skipped) == (0, 1, 1)
    clash = cf.get_incident(clash_id)
    assert clash.narrative == "14 were killed." and clash.total("killed")[1] == 14
    assert clash.status == "draft"  # the analyst's own judgement stays
    assert cf.count_incidents() == 2


def test_the_source_column_becomes_cited_graded_reports(
    cf: casefile.CaseFile, pre_2023: Path
) -> None:
    cf.import_file(pre_2023)
    names = sorted(s.name for s in cf.sources.all())
    assert names == ["Khaama Press", "Pajhwok Afghan News", "Xinhua"]
    assert {s.reliability for s in cf.sources.all()} == {"F"}
    clash_id = next(r.id for r in cf.list_incidents() if r.title == "Armed clash in Dawlat Abad")
    cited = cf.sources.cited_by(clash_id)
    assert sorted(c.source.name for c in cited) == ["Khaama Press", "Xinhua"]
    assert {c.credibility for c in cited} == {6}
    assert cf.protect.verify() == []


def test_2023_layout(cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = tmp_path / "new.csv"
    path.write_text(LAYOUT_2023, encoding="utf-8")
    assert cf.import_file(path).added == 1
    data = cf.get_incident(cf.list_incidents()[0].id)
    assert data.country_code == "TJ"
    assert data.tags == ["border", "infiltration"]
    assert data.disorder_type == "Political violence"


def test_bad_rows_are_named_and_nothing_is_imported(cf: casefile.CaseFile, tmp_path: Path) -> None:
    broken = PRE_2023.replace('"20 March 2020"', '"sometime"').replace("36.9882", "north")
    path = tmp_path / "bad.csv"
    path.write_text(broken, encoding="utf-8")
    summary = cf.import_file(path)
    assert not summary.imported and summary.added == 0 and summary.rejected == 2
    assert summary.problems == [
        "line 2, latitude: 'north' is not a number",
        "line 3, event_date: 'sometime' is not a date (use 2020-03-21 or 21 March 2020)",
    ]
    assert cf.count_incidents() == 0


def test_skip_bad_rows_imports_the_good_ones(cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = tmp_path / "far.csv"
    path.write_text(PRE_2023.replace("36.9882", "136.9882"), encoding="utf-8")
    summary = cf.import_file(path, skip_bad_rows=True)
    assert summary.added == 1 and summary.rejected == 1
    assert summary.problems == ["line 2, latitude: 136.9882 is outside -90 to 90"]


def test_missing_file(cf: casefile.CaseFile, tmp_path: Path) -> None:
    with pytest.raises(errors.CaseFileNotFound):
        cf.import_file(tmp_path / "missing.csv")


def test_cancel_rolls_back_everything(cf: casefile.CaseFile, tmp_path: Path) -> None:
    rows = "\n".join(
        PRE_2023.splitlines()[1].replace("AFG1", f"AFG{n}", 1).replace(",1,AFG", f",{n},AFG", 1)
        for n in range(100, 260)
    )
    path = tmp_path / "many.csv"
    path.write_text(PRE_2023.splitlines()[0] + "\n" + rows + "\n", encoding="utf-8")

    def progress(done: int, total: int) -> None:
        if done >= 100:
            raise errors.Cancelled()

    with pytest.raises(errors.Cancelled):
        cf.import_file(path, progress=progress)
    assert cf.count_incidents() == 0


def test_export_writes_acled_columns_then_our_own(
    cf: casefile.CaseFile, pre_2023: Path, tmp_path: Path
) -> None:
    cf.import_file(pre_2023)
    out = tmp_path / "out.csv"
    assert cf.export(out).written == 2
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    with out.open(encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        rows = list(reader)
    assert tuple(header[:31]) == acled.COLUMNS_2023
    assert "casefile_id" in header[31:]
    clash = next(r for r in rows if r["event_id_cnty"] == "AFG1")
    assert clash["iso"] == "4" and clash["fatalities"] == "12" and clash["interaction"] == "12"
    attack = next(r for r in rows if r["event_id_cnty"] == "AFG2")
    assert attack["civilian_targeting"] == "Civilian targeting"
    assert attack["assoc_actor_2"] == "Teachers (Afghanistan); Muslim Group (Afghanistan)"


def test_exported_csv_imports_again(cf: casefile.CaseFile, pre_2023: Path, tmp_path: Path) -> None:
    cf.import_file(pre_2023)
    out = tmp_path / "out.csv"
    cf.export(out)
    with casefile.open(tmp_path / "other.casefile") as other:
        assert other.import_file(out).added == 2
        assert other.count_incidents() == 2


# The real export stays outside the repository: named by CASEFILE_ACLED_SAMPLE, or in the
# shared folder beside the project (or beside its worktrees' folder).
_SHARED = Path("shared") / "data" / "acled-afghanistan-2020-03.csv"
REAL = Path(
    os.environ.get("CASEFILE_ACLED_SAMPLE")
    or next(
        (p / _SHARED for p in Path(__file__).resolve().parents[4:6] if (p / _SHARED).exists()),
        _SHARED,
    )
)


@pytest.mark.skipif(not REAL.exists(), reason="the shared ACLED sample is not beside the project")
def test_the_real_acled_sample_imports_whole(cf: casefile.CaseFile) -> None:
    summary = cf.import_file(REAL)
    assert (summary.added, summary.errors) == (496, [])
    with REAL.open(encoding="utf-8") as fh:
        source = {r["event_id_cnty"]: r for r in csv.DictReader(fh)}
    for row in cf.list_incidents(limit=600):
        data = cf.get_incident(row.id)
        original = source[data.acled_id or ""]
        assert data.event_date == values.parse_date(original["event_date"])
        assert data.location == original["location"]
        assert data.admin1 == original["admin1"]
        assert data.total("killed")[1] == int(original["fatalities"])
        assert data.actors[0].name == original["actor1"]
    assert cf.protect.verify() == []


def test_an_import_is_one_undo_step(cf: casefile.CaseFile, pre_2023: Path) -> None:
    cf.import_file(pre_2023)
    assert cf.undo_name == "Import old.csv"
    cf.undo()
    assert cf.count_incidents() == 0
    cf.redo()
    assert cf.count_incidents() == 2


@given(st.text(alphabet="ab ;\t", max_size=12))
def test_a_cell_splits_as_its_parts_trimmed(text: str) -> None:
    assert acled.split(text) == [p.strip() for p in text.split(";") if p.strip()]
