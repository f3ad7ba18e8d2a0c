"""The current ACLED layout (actor types as words), UCDP GED, and any CSV through a mapping."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import casefile
from casefile import errors
from casefile.exchange import acled

CURRENT = {
    "event_id_cnty": "AFG900",
    "event_date": "2024-05-02",
    "year": "2024",
    "time_precision": "1",
    "disorder_type": "Political violence; Demonstrations",
    "event_type": "Riots",
    "sub_event_type": "Violent demonstration",
    "actor1": "Rioters (Afghanistan)",
    "inter1": "Rioters",
    "actor2": "Police Forces of Afghanistan (2021-)",
    "inter2": "State forces",
    "interaction": "State forces-Rioters",
    "civilian_targeting": "",
    "iso": "4",
    "region": "Caucasus and Central Asia",
    "country": "Afghanistan",
    "admin1": "Badakhshan",
    "location": "Fayzabad",
    "latitude": "37.1166",
    "longitude": "70.5800",
    "geo_precision": "1",
    "source": "Pajhwok Afghan News; Tolo News",
    "source_scale": "National",
    "notes": "Protesters clashed with police.",
    "fatalities": "0",
    "tags": "crowd size=no report",
    "timestamp": "1715000000",
}


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    """A comma-separated UTF-8 file of these rows."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_current_layout_words_map_to_the_same_actor_types(
    cf: casefile.CaseFile, tmp_path: Path
) -> None:
    numbers = dict(CURRENT, event_id_cnty="AFG901", inter1="5", inter2="1", interaction="15")
    path = write_csv(tmp_path / "now.csv", list(acled.COLUMNS_2023), [CURRENT, numbers])
    summary = cf.import_file(path)
    assert (summary.added, summary.problems) == (2, [])
    by_id = {d.acled_id: d for d in map(cf.get_incident, (r.id for r in cf.list_incidents()))}
    for data in by_id.values():
        assert [(a.role, a.inter_code) for a in data.actors] == [("perpetrator", 5), ("target", 1)]
        assert data.disorder_type == "Political violence; Demonstrations"
    out = tmp_path / "out.csv"
    cf.export(out)
    with out.open(encoding="utf-8-sig") as fh:
        rows = {r["event_id_cnty"]: r for r in csv.DictReader(fh)}
    # ACLED's own codes come back exactly as they came in: words stay words.
    assert (rows["AFG900"]["inter1"], rows["AFG900"]["interaction"]) == (
        "Rioters",
        "State forces-Rioters",
    )
    assert (rows["AFG901"]["inter2"], rows["AFG901"]["interaction"]) == ("1", "15")


def test_an_acled_code_with_no_actor2_keeps_its_zero(cf: casefile.CaseFile, tmp_path: Path) -> None:
    row = dict(CURRENT, actor2="", inter1="6", inter2="0", interaction="60")
    row |= {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
    path = write_csv(tmp_path / "p.csv", list(acled.COLUMNS_2023), [row])
    assert cf.import_file(path).added == 1
    out = tmp_path / "out.csv"
    cf.export(out)
    with out.open(encoding="utf-8-sig") as fh:
        exported = next(csv.DictReader(fh))
    assert (exported["inter2"], exported["interaction"]) == ("0", "60")


UCDP_HEADER = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
]
UCDP_ROW = {
    "id": "412345",
    "relid": "AFG-2020-1-333-12",
    "year": "2020",
    "type_of_violence": "1",
    "conflict_name": "Afghanistan: Government",
    "dyad_name": "Government of Afghanistan - Taleban",
    "side_a": "Government of Afghanistan",
    "side_b": "Taleban",
    "source_office": "Pajhwok Afghan News;Xinhua",
    "source_headline": "Clash in Dawlat Abad",
    "where_prec": "3",
    "where_coordinates": "Dawlat Abad district",
    "adm_1": "Balkh province",
    "adm_2": "Dawlat Abad district",
    "latitude": "36.9882",
    "longitude": "66.8207",
    "country": "Afghanistan",
    "region": "Asia",
    "event_clarity": "1",
    "date_prec": "2",
    "date_start": "2020-03-21 00:00:00.000",
    "date_end": "2020-03-23 00:00:00.000",
    "deaths_a": "2",
    "deaths_b": "10",
    "deaths_civilians": "1",
    "deaths_unknown": "0",
    "best": "13",
    "high": "15",
    "low": "12",
}


def test_ucdp_ged(cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ged.csv", UCDP_HEADER, [UCDP_ROW])
    summary = cf.import_file(path)
    assert (summary.added, summary.problems, summary.format) == (1, [], "UCDP GED CSV")
    data = cf.get_incident(cf.list_incidents()[0].id)
    assert [(a.name, a.role) for a in data.actors] == [
        ("Government of Afghanistan", "perpetrator"),
        ("Taleban", "target"),
    ]
    assert str(data.event_date) == "2020-03-21" and data.time_precision == 2
    assert data.geo_precision == 2 and data.country_code == "AF"
    assert data.total("killed") == (12, 13, 15)
    assert [(c.group, c.best) for c in data.casualties if c.group] == [("civilians", 1)]
    assert data.event_type == "Battles"
    assert (data.import_codes or {})["date_end"] == "2020-03-23 00:00:00.000"
    assert sorted(s.name for s in cf.sources.all()) == ["Pajhwok Afghan News", "Xinhua"]
    # UCDP's id is the key: the same file again adds nothing, a revised row updates.
    assert cf.import_file(path).skipped == 1
    write_csv(path, UCDP_HEADER, [dict(UCDP_ROW, best="14")])
    assert cf.import_file(path).updated == 1
    assert cf.count_incidents() == 1
    assert cf.get_incident(data.id or "").total("killed")[1] == 14


def test_ucdp_bad_codes_are_named(cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ged.csv", UCDP_HEADER, [dict(UCDP_ROW, where_prec="9")])
    assert cf.import_file(path).problems == ["line 2, where_prec: 9 is not a UCDP where_prec code"]


SPREADSHEET = "Дата;Место;Погибло;Кто;Заметки\n21.03.2020;Хорог;2;Unknown gunmen;Нападение\n"
MAPPING = {
    "Дата": "event_date",
    "Место": "location",
    "Погибло": "killed",
    "Кто": "perpetrator",
    "Заметки": "narrative",
}


def test_any_csv_through_a_saved_mapping(cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = tmp_path / "colleague.csv"
    path.write_bytes(SPREADSHEET.encode("cp1251"))
    with pytest.raises(errors.CasefileError, match="not an ACLED or UCDP export"):
        cf.import_file(path)
    cf.mappings.save("colleague", MAPPING)
    assert cf.mappings.names() == ["colleague"]
    summary = cf.import_file(path, mapping="colleague")
    assert (summary.added, summary.problems) == (1, [])
    data = cf.get_incident(cf.list_incidents()[0].id)
    assert (data.location, data.total("killed")[1], data.narrative) == ("Хорог", 2, "Нападение")
    assert data.actors[0].name == "Unknown gunmen"
    # Without a key column, a row is known by its content.
    assert cf.import_file(path, mapping="colleague").skipped == 1
    assert cf.count_incidents() == 1


def test_mapping_problems_are_words(cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = tmp_path / "colleague.csv"
    path.write_bytes(SPREADSHEET.encode("cp1251"))
    with pytest.raises(errors.CasefileError, match="no saved mapping 'nope'"):
        cf.import_file(path, mapping="nope")
    with pytest.raises(errors.CasefileError, match="'weather' is not a field"):
        cf.import_file(path, mapping={"Дата": "event_date", "Место": "weather"})
    with pytest.raises(errors.CasefileError, match="the file has no column 'Date'"):
        cf.import_file(path, mapping={"Date": "event_date"})
    path.write_text(SPREADSHEET.replace("21.03.2020", "31.02.2020"), encoding="utf-8")
    summary = cf.import_file(path, mapping=MAPPING)
    assert summary.problems == ["line 2, Дата: '31.02.2020' is not a date that exists"]
    path.write_text(SPREADSHEET.replace(";2;", ";two;"), encoding="utf-8")
    summary = cf.import_file(path, mapping=MAPPING)
    assert summary.problems == ["line 2, Погибло: 'two' is not a number"]
