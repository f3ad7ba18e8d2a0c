"""The demo case and the `casefile` command: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import casefile
from casefile.cli import main
from casefile.cli import search as search_command
from casefile.exchange import demo


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.casefile"
    assert main(["demo", str(path)]) == 0
    return path


def test_demo_case_is_entered_as_an_analyst_would(demo_file: Path) -> None:
    with casefile.open(demo_file) as cf:
        rows = {r.title: r for r in cf.list_incidents()}
        drone = cf.get_incident(rows["Drone strike on Chinese-operated gold mine"].id)
        assert drone.claim_status == "unclaimed"
        suspected = [a for a in drone.actors if a.role == "suspected"]
        assert suspected[0].name.startswith("Islamic State Khorasan Province")
        assert suspected[0].likelihood == "likely"
        assert not [a for a in drone.actors if a.role == "claimed_by"]
        assert drone.casualties[0].nationality == "CN"
        clash = cf.get_incident(
            rows["Armed intruders attack border post in Shamsiddin Shohin district"].id
        )
        assert clash.total("killed") == (5, 5, 5)
        assert {c.group for c in clash.casualties} == {"", "Armed intruders", "Tajik border guards"}
        names = {s.name for s in cf.sources.all()}
        for expected in (
            "Al Jazeera",
            "Government of Tajikistan",
            "Embassy of the People's Republic of China in Tajikistan",
            "Islamic Emirate of Afghanistan (Taliban)",
            "Regional analysts (cited by Al Jazeera)",
        ):
            assert expected in names
        assert any("SCNS" in n for n in names)
        assert {c.grade for c in cf.sources.cited_by(drone.id or "")} >= {"B2", "F3"}
        assert cf.protect.verify() == []


def test_demo_counts_nobody_twice(demo_file: Path) -> None:
    with casefile.open(demo_file) as cf:
        everyone = [cf.get_incident(r.id) for r in cf.list_incidents()]
    chinese = sum(
        c.best for data in everyone for c in data.casualties if c.group == "Chinese nationals"
    )
    assert chinese == 5  # "five Chinese nationals", as the report says
    assert sum(data.total("killed")[1] for data in everyone) == 18


def test_demo_data_is_readable_toml() -> None:
    case = demo.read()
    assert len(case["incidents"]) == 4 and len(case["sources"]) == 6


def test_search_finds_the_drone_strike(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", str(demo_file), "gold mine", "--json"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert hits[0]["title"] == "Drone strike on Chinese-operated gold mine"
    assert set(hits[0]) >= {"incident_id", "title", "date", "place", "snippet", "score"}


def test_search_marks_matched_words_bold_on_a_terminal_only(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", str(demo_file), "gold mine"]) == 0
    piped = capsys.readouterr().out
    assert "gold mine" in piped and "**" not in piped and "\033" not in piped
    with casefile.open(demo_file) as cf:
        [hit, *_] = cf.search("gold mine")
    bold = search_command._snippet(hit, bold=True)
    assert hit.highlights
    for start, end in hit.highlights:
        assert f"{search_command.BOLD}{hit.snippet[start:end]}{search_command.PLAIN}" in bold
    assert search_command._snippet(hit, bold=False) == hit.snippet
    assert main(["search", str(demo_file), "gold mine", "--json"]) == 0
    assert "**" in json.loads(capsys.readouterr().out.splitlines()[0])["snippet"]


def test_verify_says_sound(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(demo_file)]) == 0
    assert "is sound" in capsys.readouterr().out


def test_verify_fails_on_a_damaged_attachment(
    case_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3
    from datetime import date

    with casefile.open(case_path) as cf:
        created = cf.add_incident(title="A", event_date=date(2025, 1, 1)).created
        cf.attachments.add(data=b"photo bytes", filename="p.jpg", incident_id=created)
    with sqlite3.connect(case_path) as conn:
        conn.execute("UPDATE blob SET data = x'00'")
    assert main(["verify", str(case_path)]) == 1
    assert "damaged" in capsys.readouterr().err


def test_report_writes_a_pdf(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "sitrep.pdf"
    assert (
        main(
            ["report", str(demo_file), "-o", str(out), "--from", "2025-11-01", "--to", "2025-12-31"]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("fmt", ["csv", "json", "geojson"])
def test_export_formats(demo_file: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    assert main(["export", str(demo_file), "-o", str(out), "--format", fmt]) == 0
    if fmt == "geojson":
        document = json.loads(out.read_text(encoding="utf-8"))
        features = document["features"]
        assert document["type"] == "FeatureCollection" and len(features) == 4
        assert len([f for f in features if f["geometry"] is None]) == 1
    elif fmt == "json":
        document = json.loads(out.read_text(encoding="utf-8"))
        assert len(document["incidents"]) == 4 and len(document["sources"]) == 6


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "{missing}", "x"],
        ["verify", "{text}"],
        ["import", "{case}", "{missing}"],
        ["import", "{case}", "{text}"],
        ["export", "{case}", "-o", "{nodir}/out.csv"],
        ["report", "{case}", "-o", "{nodir}/out.pdf"],
        ["demo", "{case}"],
    ],
)
def test_user_errors_are_one_line_without_traceback(
    argv: list[str], case_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a case file")
    names = {
        "missing": str(tmp_path / "missing.casefile"),
        "text": str(text_file),
        "case": str(case_path),
        "nodir": str(tmp_path / "no" / "such"),
    }
    before = case_path.read_bytes()
    code = main([part.format(**names) for part in argv])
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err
    assert err.startswith("casefile: ") and len(err.strip().splitlines()) == 1
    assert case_path.read_bytes() == before


def test_bad_arguments_exit_non_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["report", "x.casefile", "-o", "r.pdf", "--from", "yesterday"])
    assert raised.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_writing_to_a_file_the_app_holds_is_refused(
    case_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "acled.csv"
    csv_file.write_text("event_id_cnty,event_date\n")
    with casefile.open(case_path, exclusive=True):
        assert main(["import", str(case_path), str(csv_file)]) != 0
        assert "already open" in capsys.readouterr().err
        assert main(["search", str(case_path), "drone"]) == 0  # reading is still fine


def test_an_unexpected_error_is_logged_not_shown(
    demo_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def bug(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    log = tmp_path / "casefile.log"
    monkeypatch.setattr(casefile.CaseFile, "search", bug)
    monkeypatch.setattr("casefile.paths.log_file", lambda: log)
    assert main(["search", str(demo_file), "drone"]) == 70
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert str(log) in err
    assert "ZeroDivisionError: a bug" in log.read_text()
