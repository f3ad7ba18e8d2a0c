"""Importing Casefile's own JSON export: read as a stream, and a broken file changes nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile import errors
from casefile.exchange import json_import


@pytest.fixture
def exported(demo_cf: casefile.CaseFile, tmp_path: Path) -> Path:
    out = tmp_path / "demo.json"
    demo_cf.export(out, format="json")
    return out


def _state(cf: casefile.CaseFile) -> tuple[int, int, list[str]]:
    return cf.count_incidents(), len(cf.sources.all()), cf.incident_ids()


def test_an_export_imports_whole_with_a_byte_order_mark_too(
    demo_cf: casefile.CaseFile, exported: Path, tmp_path: Path
) -> None:
    marked = tmp_path / "marked.json"
    marked.write_bytes(b"\xef\xbb\xbf" + exported.read_bytes())
    with casefile.open(tmp_path / "other.casefile") as other:
        seen: list[tuple[int, int]] = []
        summary = other.import_file(marked, progress=lambda done, total: seen.append((done, total)))
        assert (summary.added, summary.problems) == (demo_cf.count_incidents(), [])
        assert sorted(other.incident_ids()) == sorted(demo_cf.incident_ids())
        assert seen and seen[-1][0] == seen[-1][1] == summary.added


@pytest.mark.parametrize("fraction", [0.02, 0.3, 0.6, 0.97, 0.999])
def test_a_file_cut_short_is_refused_and_changes_nothing(
    exported: Path, tmp_path: Path, fraction: float
) -> None:
    data = exported.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: int(len(data) * fraction)])
    with casefile.open(tmp_path / "other.casefile") as other:
        before = _state(other)
        with pytest.raises(errors.CasefileError, match=r"cut\.json") as caught:
            other.import_file(cut)
        assert "\n" not in str(caught.value)
        assert _state(other) == before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff\xfe binary junk \x89PNG",
        b'{"format": "something else", "incidents": []}',
        b"[1, 2, 3]",
        b'{"format": "casefile", "incidents": [{"title": "\xff\xfe"}]}',
    ],
)
def test_a_file_that_is_not_an_export_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.json"
    path.write_bytes(content)
    with casefile.open(tmp_path / "other.casefile") as other:
        with pytest.raises(errors.CasefileError, match=r"odd\.json"):
            other.import_file(path)
        assert other.count_incidents() == 0


def test_an_incident_that_is_not_readable_is_named(tmp_path: Path) -> None:
    path = tmp_path / "some.json"
    document = {"format": "casefile", "version": 1, "incidents": [1, {"title": 5}], "sources": []}
    path.write_text(json.dumps(document))
    with casefile.open(tmp_path / "other.casefile") as other:
        summary = other.import_file(path)
        assert summary.rejected == 2 and not summary.imported
        assert [p.split(":")[0] for p in summary.problems] == ["incident 1", "incident 2"]
        assert other.count_incidents() == 0


def test_an_incident_of_many_parts_imports(cf: casefile.CaseFile, tmp_path: Path) -> None:
    # Keys for the parts were once given out eight to an incident, and ran out past that.
    cf.add_incident(
        title="Many tags", event_date=date(2025, 1, 2), tags=[f"tag{i}" for i in range(20)]
    )
    out = tmp_path / "many.json"
    cf.export(out, format="json")
    with casefile.open(tmp_path / "other.casefile") as other:
        assert other.import_file(out).added == 1
        (only,) = other.incident_ids()
        assert len(other.get_incident(only).tags) == 20


def test_sources_and_reports_come_across_with_their_grades_and_markings(
    cf: casefile.CaseFile, tmp_path: Path
) -> None:
    source = cf.sources.add(name="UN OCHA", reliability="B").created or ""
    report = cf.sources.add_report(source_id=source, title="Flash update 3").created or ""
    cf.mark(report, tlp="GREEN")
    incident = cf.add_incident(title="Cited", event_date=date(2025, 1, 3)).created or ""
    cf.sources.cite(incident_id=incident, report_id=report, credibility=2)
    out = tmp_path / "cited.json"
    cf.export(out, format="json")
    with casefile.open(tmp_path / "other.casefile") as other:
        assert other.import_file(out).added == 1
        (cited,) = other.sources.cited_by(incident)
        assert (cited.source.name, cited.source.reliability, cited.credibility) == (
            "UN OCHA",
            "B",
            2,
        )
        assert other.sources.get_report(report).tlp == "TLP:GREEN"
        assert other.import_file(out).added == 0  # nothing twice, reports included
        assert len(other.sources.reports(other.sources.all()[0].id or "")) == 1


def test_a_report_with_an_unknown_marking_is_refused(tmp_path: Path) -> None:
    report = {"id": "r1", "title": "T", "tlp": "TLP:PURPLE"}
    source = {"id": "s1", "name": "S", "reports": [report]}
    document = {"format": "casefile", "incidents": [], "sources": [source]}
    path = tmp_path / "purple.json"
    path.write_text(json.dumps(document))
    with casefile.open(tmp_path / "other.casefile") as other:
        with pytest.raises(errors.CasefileError, match="source or report"):
            other.import_file(path)
        assert other.sources.all() == []


def test_the_sources_pass_reports_work_going_on_and_hears_a_cancel(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The sources come at the end of the file: the pass reading up to them yields nothing
    # for a long while, and once gave no progress and no chance to cancel.
    monkeypatch.setattr(json_import, "_BUSY_EVERY", 1)
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        raise errors.Cancelled()

    with casefile.open(tmp_path / "other.casefile") as other:
        before = _state(other)
        with pytest.raises(errors.Cancelled):
            other.import_file(exported, progress=progress)
        assert _state(other) == before
    assert calls == [(0, 0)]


def test_a_whole_import_reports_busy_then_counted_progress(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_import, "_BUSY_EVERY", 1)
    calls: list[tuple[int, int]] = []
    with casefile.open(tmp_path / "other.casefile") as other:
        added = other.import_file(exported, progress=lambda d, t: calls.append((d, t))).added
    assert calls[0] == (0, 0)
    assert calls[-1] == (added, added)


def test_a_rejected_update_leaves_the_incident_as_it_was(
    cf: casefile.CaseFile, tmp_path: Path
) -> None:
    # The update of an incident already in the case fails on its citations, after its
    # title and actors were set: with bad rows skipped, none of it may stay.
    incident = cf.add_incident(
        title="Before",
        event_date=date(2025, 1, 3),
        actors=[casefile.ActorRole(name="Border guards")],
    ).created
    out = tmp_path / "one.json"
    cf.export(out, format="json")
    document = json.loads(out.read_text(encoding="utf-8"))
    (row,) = document["incidents"]
    row["title"] = "After"
    row["actors"] = [{"name": "Somebody new"}]
    row["citations"] = [{"report_id": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"}]
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    summary = cf.import_file(path, skip_bad_rows=True)
    assert (summary.updated, summary.rejected) == (0, 1)
    assert "No source report" in summary.problems[0]
    kept = cf.get_incident(incident or "")
    assert (kept.title, [a.name for a in kept.actors]) == ("Before", ["Border guards"])
    assert cf.protect.verify() == []


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        False,
        0,
        -(2**70),
        1.5,
        -0.0,
        1e-7,
        float("nan"),
        float("inf"),
        "",
        'é "quoted" \\ \u2028 \x00',
        "\ud800",
        [],
        {},
        [1, {"b": 1.0, "a": [None, "x"]}],
        {"z": True, "a": {"y": 2}},
    ],
)
def test_a_value_is_hashed_as_json_dumps_writes_it(value: object) -> None:
    """The hash of an imported incident is of each value's json.dumps text: kept as it was."""
    assert json_import._json_text(value) == json.dumps(value, sort_keys=True)
