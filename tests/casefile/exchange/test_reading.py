"""Files as analysts get them: every encoding and delimiter, and the broken ones."""

from __future__ import annotations

import codecs
import re
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile import errors
from casefile.exchange import acled

HEADER = list(acled.COLUMNS_2023)
ROW = {
    "event_id_cnty": "TJK7",
    "event_date": "21 March 2020",
    "year": "2020",
    "time_precision": "1",
    "disorder_type": "Political violence",
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": "Пограничные войска Таджикистана",
    "inter1": "1",
    "actor2": "Unidentified Armed Group (Afghanistan)",
    "inter2": "3",
    "interaction": "13",
    "iso": "762",
    "region": "Caucasus and Central Asia",
    "country": "Tajikistan",
    "admin1": "Хатлон",
    "location": "Шамсиддин Шохин",
    "latitude": "37.78",
    "longitude": "70.12",
    "geo_precision": "2",
    "source": "Asia-Plus",
    "notes": "Перестрелка на границе; два нарушителя убиты.",
    "fatalities": "2",
    "timestamp": "1766534400",
}


def table(delimiter: str = ",", row: dict[str, str] | None = None, rows: int = 1) -> str:
    """An ACLED CSV text; cells holding the delimiter or quotes are quoted."""
    values = row or ROW

    def cell(text: str) -> str:
        if any(c in text for c in (delimiter, '"', "\n", ";", ",")):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [delimiter.join(HEADER)]
    for n in range(rows):
        this = dict(values, event_id_cnty=f"TJK{n + 7}")
        lines.append(delimiter.join(cell(this.get(name, "")) for name in HEADER))
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom", "described"),
    [
        ("utf-8", ",", b"", "UTF-8, comma-separated"),
        ("utf-8", ";", codecs.BOM_UTF8, "UTF-8, semicolon-separated"),
        ("utf-8", ";", b"", "UTF-8, semicolon-separated"),
        ("utf-16-le", "\t", codecs.BOM_UTF16_LE, "UTF-16, tab-separated"),  # Excel "Unicode text"
        ("cp1251", ";", b"", "Windows-1251, semicolon-separated"),
        ("cp1251", ",", b"", "Windows-1251, comma-separated"),
    ],
)
def test_every_encoding_and_delimiter(
    cf: casefile.CaseFile,
    tmp_path: Path,
    encoding: str,
    delimiter: str,
    bom: bytes,
    described: str,
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(bom + table(delimiter).encode(encoding))
    summary = cf.import_file(path)
    assert (summary.added, summary.problems, summary.dialect) == (1, [], described)
    data = cf.get_incident(cf.list_incidents()[0].id)
    assert data.location == "Шамсиддин Шохин"
    assert data.narrative == "Перестрелка на границе; два нарушителя убиты."
    assert data.actors[0].name == "Пограничные войска Таджикистана"


@pytest.mark.parametrize("written", ["21 March 2020", "2020-03-21", "21.03.2020", "21-Mar-2020"])
def test_date_spellings(cf: casefile.CaseFile, tmp_path: Path, written: str) -> None:
    path = tmp_path / "in.csv"
    path.write_text(table(row=dict(ROW, event_date=written)), encoding="utf-8")
    assert cf.import_file(path).added == 1
    assert str(cf.get_incident(cf.list_incidents()[0].id).event_date) == "2020-03-21"


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("event_date", "31 February 2020", "line 2, event_date: '31 February 2020' is not a date"),
        ("event_date", "31.02.2020", "line 2, event_date: '31.02.2020' is not a date that exists"),
        ("fatalities", "many", "line 2, fatalities: 'many' is not a number"),
        ("fatalities", "-3", "line 2, fatalities: '-3' is below zero"),
        ("latitude", "123", "line 2, latitude: 123 is outside -90 to 90"),
        ("inter1", "Aliens", "line 2, inter1: 'Aliens' is not an ACLED actor type"),
        ("event_type", "Picnic", "line 2, event_type: Unknown event type 'Picnic'."),
    ],
)
def test_a_bad_cell_is_named_by_line_and_column(
    cf: casefile.CaseFile, tmp_path: Path, column: str, value: str, problem: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(table(row=dict(ROW, **{column: value})), encoding="utf-8")
    summary = cf.import_file(path)
    assert not summary.imported and summary.problems[0].startswith(problem)
    assert cf.count_incidents() == 0


def test_every_bad_cell_of_a_row_is_named(cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    bad = dict(ROW, fatalities="many", latitude="123", event_date="31.02.2020")
    path.write_text(table(row=bad), encoding="utf-8")
    summary = cf.import_file(path)
    assert summary.rejected == 1 and cf.count_incidents() == 0
    (problem,) = summary.problems
    assert problem.startswith("line 2, event_date: '31.02.2020' is not a date that exists")
    assert "; fatalities: 'many' is not a number" in problem
    assert "; latitude: 123 is outside -90 to 90" in problem


def test_blank_rows_are_passed_over(cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(table(";") + ";" * 30 + "\r\n\r\n", encoding="utf-8")
    assert cf.import_file(path).added == 1


def test_a_half_row_at_the_end_is_named(cf: casefile.CaseFile, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(table(rows=2) + "TJK99,2020-03-21,2020\r\n", encoding="utf-8")
    summary = cf.import_file(path)
    assert summary.problems == ["line 4: the row has 3 fields where the header has 31 (cut short?)"]
    assert cf.count_incidents() == 0
    assert cf.import_file(path, skip_bad_rows=True).added == 2


def _cut_short(text: str) -> str:
    return text[: text.index("два")]  # inside the quoted notes


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "in.csv is empty"),
        (b"\n\n  \n", "in.csv is empty"),
        (b"\x00\x01\x02\x89PNG\x00\x00binary", "in.csv is not a text file"),
        (",".join(HEADER).encode() + b"\n", "in.csv has a header but no rows"),
        (b"name,age\nbob,3\n", "in.csv is not an ACLED or UCDP export"),
        (
            table().replace("event_date", "day").encode(),
            "looks like an ACLED export but lacks column(s) event_date",
        ),
        (_cut_short(table()).encode(), "line 2: the file ends inside a quoted field"),
        (
            table(row=dict(ROW, notes="x" * 5_000_000)).encode(),
            "line 2: a field is longer than 131,072 characters",
        ),
        (
            table().encode() + "ещё".encode("cp1251") + b"\n",
            "in.csv, line 3: not valid UTF-8 text",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "binary",
        "header only",
        "not acled",
        "missing column",
        "cut short",
        "5 MB field",
        "broken encoding",
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(
    cf: casefile.CaseFile, tmp_path: Path, content: bytes, message: str
) -> None:
    cf.add_incident(title="Already here", event_date=date(2020, 1, 1))
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    with pytest.raises(errors.CasefileError, match=re.escape(message)):
        cf.import_file(path)
    assert cf.count_incidents() == 1


def test_missing_file(cf: casefile.CaseFile, tmp_path: Path) -> None:
    with pytest.raises(errors.CaseFileNotFound):
        cf.import_file(tmp_path / "missing.csv")
