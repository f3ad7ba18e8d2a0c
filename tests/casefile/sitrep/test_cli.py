"""`casefile report`: options on the command line, one-line errors, nothing written on failure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

import casefile
from casefile import cli
from casefile.sitrep import ReportOptions


@pytest.fixture
def case(case_path: Path) -> Path:
    """A case file with one incident in December 2025."""
    with casefile.open(case_path) as cf:
        cf.add_incident(
            title="Border post attacked in Шамсиддин Шоҳин",
            event_date=date(2025, 12, 23),
            event_type="Battles",
            sub_event_type="Armed clash",
            country_code="TJ",
        )
    return case_path


def test_report_with_options(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "sitrep.pdf"
    status = cli.main(
        [
            "report",
            str(case),
            "-o",
            str(out),
            "--from",
            "2025-12-01",
            "--to",
            "2025-12-31",
            "--tlp",
            "amber+strict",
            "--title",
            "<b>Border",
            "--number",
            "SR-1",
            "--recipients",
            "HQ, Ops",
            "--country",
            "TJ",
            "--type",
            "Battles",
            "--save",
        ]
    )
    assert status == 0
    assert "Wrote" in capsys.readouterr().out
    reader = PdfReader(out)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "TLP:AMBER+STRICT" in text and "<b>Border" in text and "Шамсиддин Шоҳин" in text
    with casefile.open(case) as cf:
        [stored] = cf.reports.all()
    assert stored.recipients == ["HQ", "Ops"] and stored.filters["country"] == ["TJ"]


def test_reissue_a_stored_report(case: Path, tmp_path: Path) -> None:
    with casefile.open(case) as cf:
        report_id = cf.reports.save(
            ReportOptions(
                title="Stored",
                number="SR-2",
                start=date(2025, 12, 1),
                end=date(2025, 12, 31),
                tlp="TLP:GREEN",
            )
        ).created
    out = tmp_path / "again.pdf"
    assert cli.main(["report", str(case), "-o", str(out), "--reissue", str(report_id)]) == 0
    text = PdfReader(out).pages[0].extract_text()
    assert "Stored" in text and "TLP:GREEN" in text


def test_flash_report(case: Path, tmp_path: Path) -> None:
    with casefile.open(case) as cf:
        [row] = cf.list_incidents()
    out = tmp_path / "flash.pdf"
    assert (
        cli.main(["report", str(case), "-o", str(out), "--template", "flash", "--incident", row.id])
        == 0
    )
    assert "Flash report" in PdfReader(out).pages[0].extract_text()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--tlp", "white"], "Unknown marking"),
        (["--from", "2025-12-31", "--to", "2025-12-01"], "ends before it starts"),
        (["--template", "flash"], "flash report is about one incident: pass --incident ID"),
        (["--template", "flash", "--incident", "nope"], "No incident"),
    ],
)
def test_bad_options_fail_in_one_line(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture, args: list[str], message: str
) -> None:
    out = tmp_path / "bad.pdf"
    assert cli.main(["report", str(case), "-o", str(out), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists() and not list(tmp_path.glob(".*.partial"))


def test_a_flash_report_without_incident_says_how_to_find_one(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "flash.pdf"
    assert cli.main(["report", str(case), "-o", str(out), "--template", "flash"]) == 1
    err = capsys.readouterr().err
    assert "--incident ID" in err and "casefile search" in err and "--json" in err
    # The command it names does list the ids.
    assert cli.main(["search", str(case), "border", "--json"]) == 0
    assert '"incident_id"' in capsys.readouterr().out


def test_unwritable_output_fails_in_one_line(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "missing" / "r.pdf"
    assert cli.main(["report", str(case), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(out) in err and err.count("\n") == 1


def test_no_drafts_is_saved_with_the_report_and_drafts_brings_them_back(
    case: Path, tmp_path: Path
) -> None:
    with casefile.open(case) as cf:
        cf.add_incident(
            title="Roll-up kept as a draft", event_date=date(2025, 12, 10), status="draft"
        )
    out = tmp_path / "sitrep.pdf"
    period = ["--from", "2025-12-01", "--to", "2025-12-31"]
    assert cli.main(["report", str(case), "-o", str(out), *period, "--no-drafts", "--save"]) == 0
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    # New incidents are drafts until reviewed: the fixture's one too.
    assert "Roll-up" not in text and "2 draft incidents (not yet reviewed) left out" in text
    with casefile.open(case) as cf:
        [stored] = cf.reports.all()
    assert stored.drafts is False
    # Reissued, the option holds; --drafts overrides it for this issue.
    assert cli.main(["report", str(case), "-o", str(out), "--reissue", str(stored.id)]) == 0
    assert "Roll-up" not in "".join(page.extract_text() for page in PdfReader(out).pages)
    again = ["report", str(case), "-o", str(out), "--reissue", str(stored.id), "--drafts"]
    assert cli.main(again) == 0
    assert "DRAFT · 10 Dec 2025 — Roll-up" in "".join(
        page.extract_text() for page in PdfReader(out).pages
    )
