"""Export: nothing altered on the way out, and export then import gives the same records."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import IO, Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import casefile
from casefile import errors
from casefile.exchange import acled, export
from casefile.records import attachments, markings, sources
from casefile.store.models import Attachment, SourceReport
from tests.casefile.exchange.test_acled import PRE_2023, REAL
from tests.casefile.exchange.test_layouts import CURRENT, write_csv

# Each case's own bookkeeping (its version counts the saves in that case) is not carried.
IGNORED = {"created_at", "updated_at", "created_by", "updated_by", "citations", "import_codes"}
IGNORED |= {"version"}


def snapshot(cf: casefile.CaseFile) -> dict[str, dict[str, Any]]:
    """Every incident by UUID as comparable values: fields, codes and cited sources."""
    out = {}
    for row in cf.list_incidents(limit=10_000):
        data = cf.get_incident(row.id)
        values = {k: v for k, v in data.to_dict().items() if k not in IGNORED}
        values["codes"] = {k: v for k, v in (data.import_codes or {}).items() if k != "hash"}
        values["cited"] = sorted(
            (c.source.name, c.source.reliability, c.credibility)
            for c in cf.sources.cited_by(row.id)
        )
        out[row.id] = values
    return out


@pytest.fixture
def mixed(cf: casefile.CaseFile, tmp_path: Path) -> casefile.CaseFile:
    """A case with the old and the current ACLED layout, and one incident made by hand."""
    old = tmp_path / "old.csv"
    old.write_text(PRE_2023, encoding="utf-8")
    cf.import_file(old)
    cf.import_file(write_csv(tmp_path / "now.csv", list(acled.COLUMNS_2023), [CURRENT]))
    source = cf.sources.add(name="UN OCHA", reliability="B").created or ""
    report = cf.sources.add_report(source_id=source, title="Flash update 3").created or ""
    hand = cf.add_incident(
        title='=HYPERLINK("http://x") checkpoint',
        event_date=date(2020, 3, 22),
        country_code="TJ",
        narrative="+5 degrees; @night",
        tags=["checkpoint"],
    )
    cf.sources.cite(incident_id=hand.created or "", report_id=report, credibility=2)
    return cf


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_gives_the_same_records(
    mixed: casefile.CaseFile, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"out.{fmt}"
    assert mixed.export(out, format=fmt).written == 4
    before = snapshot(mixed)
    with casefile.open(tmp_path / "other.casefile") as other:
        summary = other.import_file(out)
        assert (summary.added, summary.problems) == (4, [])
        after = snapshot(other)
        if fmt == "csv":  # CSV names the sources, not their grades: new ones start at F
            for uuid, values in before.items():
                values["cited"] = [(name, "F", 6) for name, *_ in values["cited"]]
                # The codes kept come back; the CSV also spells out those computed.
                codes = after[uuid]["codes"]
                after[uuid]["codes"] = {k: codes[k] for k in values["codes"]}
        assert after == before
        # Casefile's own export matches on UUID: importing it again adds nothing.
        again = other.import_file(out)
        assert again.added == 0 and other.count_incidents() == 4
    # And into the case it came from: nothing new either.
    assert mixed.import_file(out).added == 0 and mixed.count_incidents() == 4


@pytest.mark.skipif(not REAL.exists(), reason="the shared ACLED sample is not beside the project")
def test_round_trip_of_the_real_acled_sample(cf: casefile.CaseFile, tmp_path: Path) -> None:
    cf.import_file(REAL)
    out = tmp_path / "out.csv"
    cf.export(out)
    with REAL.open(encoding="utf-8") as fh:
        original = {r["event_id_cnty"]: r for r in csv.DictReader(fh)}
    with out.open(encoding="utf-8-sig") as fh:
        exported = {r["event_id_cnty"]: r for r in csv.DictReader(fh)}
    assert exported.keys() == original.keys()
    for key, row in original.items():
        for column in ("inter1", "inter2", "interaction", "iso", "fatalities", "source", "notes"):
            assert exported[key][column] == row[column], (key, column)
        for column in ("actor1", "actor2", "assoc_actor_1", "admin1", "location", "latitude"):
            assert exported[key][column] == row[column], (key, column)
    before = snapshot(cf)
    with casefile.open(tmp_path / "other.casefile") as other:
        assert other.import_file(out).added == len(original)
        after = snapshot(other)
        for uuid, values in before.items():  # the CSV spells out civilian_targeting too
            after[uuid]["codes"] = {k: after[uuid]["codes"][k] for k in values["codes"]}
        assert after == before
        assert other.protect.verify() == []


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_csv_is_safe_for_spreadsheets(mixed: casefile.CaseFile, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    mixed.export(out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    hand = next(r for r in _rows(out) if r["casefile_id"] and not r["event_id_cnty"])
    assert hand["title"] == '\'=HYPERLINK("http://x") checkpoint'
    assert hand["notes"] == "'+5 degrees; @night"
    assert hand["source"] == "UN OCHA"  # the cited sources, for incidents made by hand too
    clash = next(r for r in _rows(out) if r["event_id_cnty"] == "AFG1")
    assert clash["longitude"] == "66.8207" and clash["source"] == "Xinhua; Khaama Press"
    plain = tmp_path / "plain.csv"
    mixed.export(plain, bom=False)
    assert plain.read_bytes().startswith(b"event_id_cnty,")


def test_geojson_keeps_incidents_without_coordinates(
    mixed: casefile.CaseFile, tmp_path: Path
) -> None:
    out = tmp_path / "out.geojson"
    assert mixed.export(out, format="geojson").written == 4
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert len(features) == 4
    assert [f["geometry"] for f in features if f["geometry"] is None] == [None]
    clash = next(f for f in features if f["properties"]["location"] == "Dawlat Abad")
    assert clash["geometry"]["coordinates"] == [66.8207, 36.9882]
    assert clash["properties"]["killed"] == 12


def test_json_has_sources_grades_and_attachments(mixed: casefile.CaseFile, tmp_path: Path) -> None:
    hand = next(r.id for r in mixed.list_incidents() if r.title.startswith("=HYPER"))
    mixed.attachments.add(incident_id=hand, data=b"photo", filename="p.jpg")
    out = tmp_path / "out.json"
    mixed.export(out, format="json")
    document = json.loads(out.read_text(encoding="utf-8"))
    incident = next(i for i in document["incidents"] if i["id"] == hand)
    assert incident["citations"][0]["credibility"] == 2
    assert incident["attachments"][0]["filename"] == "p.jpg"
    ocha = next(s for s in document["sources"] if s["name"] == "UN OCHA")
    assert ocha["reliability"] == "B" and ocha["reports"][0]["title"] == "Flash update 3"


def test_export_never_writes_over_the_case_file(mixed: casefile.CaseFile) -> None:
    size = mixed.path.stat().st_size
    with pytest.raises(errors.CasefileError, match="is the case file itself"):
        mixed.export(mixed.path)
    assert mixed.path.stat().st_size == size and mixed.count_incidents() == 4


def test_export_leaves_no_half_file(
    mixed: casefile.CaseFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.csv"
    out.write_text("the previous export", encoding="utf-8")

    def broken(*args: object) -> dict[str, object]:
        raise OSError("disk full")

    monkeypatch.setattr("casefile.exchange.csv_export.incident_to_row", broken)
    with pytest.raises(OSError, match="disk full"):
        mixed.export(out)
    assert out.read_text(encoding="utf-8") == "the previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


def test_csv_has_a_row_for_each_incident(demo_cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert demo_cf.export(path, format="csv").written == 4
    with path.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 4


def test_json_holds_incidents_and_sources(demo_cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    assert demo_cf.export(path, format="json").written == 4
    document = json.loads(path.read_text(encoding="utf-8"))
    assert len(document["incidents"]) == 4
    assert document["sources"]


def test_geojson_has_a_feature_for_each_incident(
    demo_cf: casefile.CaseFile, tmp_path: Path
) -> None:
    path = tmp_path / "out.geojson"
    assert demo_cf.export(path, format="geojson").written == 4
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["type"] == "FeatureCollection"
    assert len(document["features"]) == 4
    geometries = [f["geometry"] for f in document["features"]]
    assert all(g is None or g["type"] == "Point" for g in geometries)


def test_an_empty_case_exports_nothing(cf: casefile.CaseFile, tmp_path: Path) -> None:
    assert cf.export(tmp_path / "empty.json", format="json").written == 0


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


def _old_write_json(fh: IO[str], session: Session, marks: export.Marks) -> int:
    """The export as it was: each incident's and report's attachments read one by one."""

    def described(**owner: str) -> list[dict[str, Any]]:
        allowed = set(session.scalars(select(Attachment.uuid).where(marks.attachment)))
        found = attachments.list_for(session, **owner)
        return [export._plain(info.__dict__) for info in found if info.id in allowed]

    fh.write('{"format": "casefile", "version": 1, "incidents": [\n')
    count = 0
    for data, _names in export._cited(session, marks):
        item = data.to_dict()
        del item["version"]
        if data.id:
            item["attachments"] = described(incident_id=data.id)
        fh.write(("" if count == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
        count += 1
    fh.write('\n], "sources": ')
    allowed = set(session.scalars(select(SourceReport.uuid).where(marks.report)))
    entries = []
    for source in sources.all_sources(session):
        every = sources.reports_of(session, source.id or "")
        reports = []
        for report in (r for r in every if r.id in allowed):
            entry = export._plain(report.__dict__)
            entry["attachments"] = described(report_id=report.id or "")
            reports.append(entry)
        if reports or not every:
            entries.append(source.__dict__ | {"reports": reports})
    json.dump(entries, fh, ensure_ascii=False, indent=1)
    fh.write("}\n")
    return count


@pytest.mark.parametrize("maximum", ["RED", "AMBER"])
def test_json_export_gives_the_same_bytes_as_the_per_incident_one(
    mixed: casefile.CaseFile,
    tmp_path: Path,
    maximum: str,
) -> None:
    ids = mixed.incident_ids()
    report = next(r.id for s in mixed.sources.all() for r in mixed.sources.reports(s.id or ""))
    for n, owner in enumerate([ids[0], ids[0], ids[1], ids[-1]]):
        mixed.attachments.add(incident_id=owner, data=f"photo {n}".encode(), filename=f"{n}.jpg")
    mixed.attachments.add(report_id=report, data=b"scan", filename="scan.pdf")
    mixed.attachments.add(incident_id=ids[1], data=b"red", filename="red.jpg")
    withheld = next(a for a in mixed.attachments.of(incident_id=ids[1]) if a.filename == "red.jpg")
    mixed.mark(withheld.id or "", tlp="RED")
    mixed.mark(ids[-1], tlp="RED")
    out = tmp_path / "new.json"
    mixed.export(out, format="json", max_tlp=maximum)
    old = io.StringIO()
    with mixed._read() as session:
        _old_write_json(old, session, export.Marks.of(session, markings.parse(maximum)))
    assert out.read_bytes() == old.getvalue().encode()
    assert b'"attachments": [{' in out.read_bytes()
