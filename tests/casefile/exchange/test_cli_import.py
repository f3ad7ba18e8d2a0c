"""`casefile import` and `export` from the command line: summaries, exit codes, mappings."""

from __future__ import annotations

from pathlib import Path

import pytest

import casefile
from casefile.cli import main
from tests.casefile.exchange.test_acled import PRE_2023
from tests.casefile.exchange.test_layouts import SPREADSHEET


def test_a_rejected_row_exits_non_zero_and_imports_nothing(
    case_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(PRE_2023.replace(",12,1584984341", ",many,1584984341"), encoding="utf-8")
    assert main(["import", str(case_path), str(path)]) == 1
    out, err = capsys.readouterr()
    assert "nothing imported: 1 row rejected" in out
    assert "line 2, fatalities: 'many' is not a number" in err
    assert "--skip-bad-rows" in err and "Traceback" not in err
    with casefile.open(case_path) as cf:
        assert cf.count_incidents() == 0
    assert main(["import", str(case_path), str(path), "--skip-bad-rows"]) == 0
    assert "1 added, 0 updated, 0 unchanged, 1 rejected" in capsys.readouterr().out
    with casefile.open(case_path) as cf:
        assert cf.count_incidents() == 1


def test_a_rejected_file_leaves_no_new_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, case = tmp_path / "bad.csv", tmp_path / "new.casefile"
    path.write_text(PRE_2023.replace(",12,1584984341", ",many,1584984341"), encoding="utf-8")
    assert main(["import", str(case), str(path)]) == 1
    assert "nothing was imported" in capsys.readouterr().err
    assert not case.exists()
    assert main(["import", str(case), str(path), "--skip-bad-rows"]) == 0
    assert case.exists()


def test_a_clean_import_says_what_it_read(
    case_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.csv"
    path.write_text(PRE_2023, encoding="utf-8")
    assert main(["import", str(case_path), str(path)]) == 0
    assert "(ACLED CSV; UTF-8, comma-separated): 2 added" in capsys.readouterr().out
    assert main(["import", str(case_path), str(path)]) == 0
    assert "0 added, 0 updated, 2 unchanged, 0 rejected" in capsys.readouterr().out


def test_a_mapping_saved_from_the_command_line(
    case_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "colleague.csv"
    path.write_bytes(SPREADSHEET.encode("cp1251"))
    args = ["--map", "Дата=event_date", "--map", "Место=location", "--map", "Погибло=killed"]
    assert main(["import", str(case_path), str(path), *args, "--save-mapping", "team"]) == 0
    assert "Saved the mapping 'team'" in capsys.readouterr().out
    assert main(["import", str(case_path), str(path), "--mapping", "team"]) == 0
    assert "0 added, 0 updated, 1 unchanged" in capsys.readouterr().out
    assert main(["import", str(case_path), str(path), "--map", "Дата"]) == 1
    assert "--map takes COLUMN=FIELD" in capsys.readouterr().err


def test_export_without_bom(case_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_text(PRE_2023, encoding="utf-8")
    main(["import", str(case_path), str(path)])
    out = tmp_path / "out.csv"
    assert main(["export", str(case_path), "-o", str(out), "--no-bom"]) == 0
    assert out.read_bytes().startswith(b"event_id_cnty,")
    assert main(["export", str(case_path), "-o", str(case_path)]) == 1
