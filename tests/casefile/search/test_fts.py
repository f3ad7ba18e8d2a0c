"""The FTS5 index stays in step with the data: edits, deletes, undo, redo, rebuilds, the CLI."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import casefile
from casefile.cli import main
from casefile.records.incidents import ActorRole, CitationRef
from casefile.search import fts
from casefile.search.fts import indexing, tables


def ids(cf: casefile.CaseFile, query: str) -> list[str]:
    return [hit.incident_id for hit in cf.search(query)]


def test_an_edit_is_indexed_in_the_same_transaction(cf: casefile.CaseFile) -> None:
    created = cf.add_incident(title="Roadblock", event_date=date(2025, 1, 1)).created or ""
    assert ids(cf, "roadblock") == [created]
    cf.update_incident(created, title="Checkpoint", actors=[ActorRole(name="Police")])
    assert ids(cf, "roadblock") == []
    assert ids(cf, "checkpoint police") == [created]
    cf.delete_incident(created)
    assert ids(cf, "checkpoint") == []
    assert cf.protect.verify() == []


def test_undo_and_redo_reindex(cf: casefile.CaseFile) -> None:
    created = cf.add_incident(title="Roadblock", event_date=date(2025, 1, 1)).created or ""
    cf.update_incident(created, title="Checkpoint", tags=["police"])
    cf.undo()
    assert ids(cf, "roadblock") == [created]
    assert ids(cf, "checkpoint") == ids(cf, "police") == []
    cf.redo()
    assert ids(cf, "checkpoint police") == [created]
    cf.delete_incident(created)
    cf.undo()
    assert ids(cf, "checkpoint") == [created]
    assert cf.protect.verify() == []


def test_editing_a_cited_report_reindexes_the_incident(cf: casefile.CaseFile) -> None:
    source = cf.sources.add(name="Asia-Plus").created or ""
    report = cf.sources.add_report(source_id=source, title="Statement").created or ""
    created = (
        cf.add_incident(
            title="Clash", event_date=date(2025, 1, 1), citations=[CitationRef(report_id=report)]
        ).created
        or ""
    )
    cf.sources.update_report(report, excerpt="Ambush at the Tem bridge")
    assert ids(cf, "tem bridge") == [created]
    assert [h.report_id for h in cf.find.search_reports("ambush")] == [report]
    cf.sources.delete_report(report)
    assert ids(cf, "tem bridge") == []
    assert cf.find.search_reports("ambush") == []
    assert cf.protect.verify() == []


def test_an_import_is_indexed(cf: casefile.CaseFile, tmp_path: Path) -> None:
    csv = tmp_path / "acled.csv"
    csv.write_text(
        "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
        "actor1,inter1,country,iso,admin1,location,latitude,longitude,geo_precision,source,notes,"
        "fatalities,timestamp\n"
        "TJK1,2025-01-02,2025,1,Political violence,Battles,Armed clash,Military Forces of "
        'Tajikistan,1,Tajikistan,762,GBAO,Khorugh,37.49,71.55,1,Asia-Plus,"Clash in Khorugh",2,'
        "1700000000\n",
        encoding="utf-8",
    )
    summary = cf.import_file(csv)
    if summary.added != 1:
        pytest.skip(f"the ACLED reader wants other columns: {summary}")
    assert len(ids(cf, "Хоруғ")) == 1
    assert cf.protect.verify() == []


def rebuilt(cf: casefile.CaseFile) -> tuple[list[Any], tuple[int, int], list[Any]]:
    """The index rows before a rebuild, what the rebuild counted, and the rows after."""
    rows = text("SELECT rowid, * FROM incident_fts ORDER BY rowid")
    with cf.transactions.session() as session:
        before = session.execute(rows).all()
        counted = fts.rebuild(session)
        after = session.execute(rows).all()
        session.commit()
    return list(before), counted, list(after)


def test_rebuild_gives_the_same_index(cf: casefile.CaseFile) -> None:
    cf.add_incident(title="Ҳамла дар Хоруғ", event_date=date(2025, 1, 1), location="Хоруғ")
    before, counted, after = rebuilt(cf)
    assert counted == (1, 0)
    assert before == after
    assert after[0].place == "khorugh"  # other spellings are asked for by the query


def test_a_rebuild_in_many_batches_stores_what_the_hook_stored(
    cf: casefile.CaseFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = cf.sources.add(name="Asia-Plus", reliability="B").created or ""
    report = cf.sources.add_report(source_id=source, title="Clash at Ишкошим").created or ""
    for n in range(11):
        cf.add_incident(
            title=f"Incident {n} near Хоруғ",
            event_date=date(2025, 1, n + 1),
            narrative="Ҳамла " * n,
            actors=[ActorRole(name=f"Group {n % 3}")],
            tags=["border"] if n % 2 else [],
            location="Хоруғ",
            citations=[CitationRef(report_id=report, credibility=2)] if n % 4 == 0 else [],
        )
    monkeypatch.setattr(indexing, "BATCH", 3)  # four batches, the last one short
    before, counted, after = rebuilt(cf)
    assert counted == (11, 1)
    assert after == before
    assert len(after) == 11 and all("ishkoshim" in row.reports for row in after[::4])


def test_docs_of_some_incidents_are_those_rows_of_all(cf: casefile.CaseFile) -> None:
    source = cf.sources.add(name="Asia-Plus").created or ""
    report = cf.sources.add_report(source_id=source, title="Clash at Ишкошим").created or ""
    for n in range(6):
        cf.add_incident(
            title=f"Incident {n}",
            event_date=date(2025, 1, n + 1),
            actors=[ActorRole(name="Zeta"), ActorRole(name=f"Group {n}", role="target")],
            tags=["border", "ambush"] if n % 2 else [],
            citations=[CitationRef(report_id=report)] if n % 3 == 0 else [],
        )
    with cf.transactions.session() as session:
        connection = session.connection()
        every = list(fts.incident_docs(connection))
        some = list(fts.incident_docs(connection, [every[1][0], every[3][0]]))
        assert list(fts.incident_docs(connection, [])) == []
        reports = list(fts.report_docs(connection))
        assert list(fts.report_docs(connection, [reports[0][0]])) == reports
    assert some == [every[1], every[3]]
    # Actors in their order, tags as their index orders them, cited reports' text.
    assert every[3][4:] == ("zeta group 3", "ambush border", "clash at ishkoshim ")


def test_an_index_made_with_two_letter_prefixes_answers_alike(
    cf: casefile.CaseFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files indexed before keep that shape until rebuilt; no migration needs to touch them.
    for n, title in enumerate(["Clash near Khorugh", "Shooting at Kho", "UN convoy in Khost"]):
        cf.add_incident(title=title, event_date=date(2025, 1, n + 1), narrative="Ҳамла дар Хоруғ")
    queries = ["kho", "khor", "un", "kh", "un convoy", "хор", "shoot OR clash"]
    new = [sorted(ids(cf, q)) for q in queries]
    monkeypatch.setattr(tables, "OPTIONS", "tokenize = 'unicode61', prefix = '2 3'")
    with cf.transactions.session() as session:
        fts.rebuild(session)
        session.commit()
    assert [sorted(ids(cf, q)) for q in queries] == new
    assert new[0] and new[2] and not new[3]


def test_verify_reports_an_index_out_of_step(cf: casefile.CaseFile, case_path: Path) -> None:
    cf.add_incident(title="Roadblock", event_date=date(2025, 1, 1))
    with sqlite3.connect(case_path) as conn:
        conn.execute("DELETE FROM incident_fts")
    problems = cf.protect.verify()
    assert problems == ["search index: 1 incident(s) missing from the index"]


def test_upgrading_an_old_file_indexes_its_rows(tmp_path: Path) -> None:
    from casefile.store import db, schema

    path = tmp_path / "old.casefile"
    engine = db.make_engine(path)
    schema.prepare(engine, path, target="0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO incident (uuid, created_at, updated_at, title, event_date,"
                " time_precision, claim_status, narrative, status, killed, source_count, location)"
                " VALUES ('u-1', '2025-01-01', '2025-01-01', 'Ҳамла', '2025-11-26', 1, 'unknown',"
                " '', 'draft', 0, 0, 'Хоруғ')"
            )
        )
    engine.dispose()
    with casefile.open(path) as cf:
        assert ids(cf, "khorugh hamla") == ["u-1"]


def test_the_file_stays_usable_from_plain_sqlite(cf: casefile.CaseFile, case_path: Path) -> None:
    cf.add_incident(title="Roadblock", event_date=date(2025, 1, 1))
    with sqlite3.connect(case_path) as conn:
        conn.execute("UPDATE incident SET narrative = 'edited by hand'")
        rows = conn.execute("SELECT rowid FROM incident_fts WHERE incident_fts MATCH 'roadblock'")
        assert len(rows.fetchall()) == 1


# --- the command line ------------------------------------------------------------------


@pytest.fixture
def searchable(case_path: Path) -> Path:
    with casefile.open(case_path) as cf:
        cf.add_incident(
            title="Ҳамла дар Хоруғ",
            event_date=date(2025, 3, 1),
            country_code="TJ",
            event_type="Battles",
            sub_event_type="Armed clash",
            tags=["border"],
        )
        cf.add_incident(
            title="Khorugh protest",
            event_date=date(2024, 3, 1),
            country_code="TJ",
            event_type="Protests",
            sub_event_type="Peaceful protest",
        )
    return case_path


def test_cli_search_json(searchable: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", str(searchable), "khorugh", "--json"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [h["title"] for h in hits] == ["Khorugh protest", "Ҳамла дар Хоруғ"]
    assert set(hits[0]) >= {"incident_id", "title", "date", "place", "snippet", "score", "field"}


def test_cli_search_filters(searchable: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "search",
        str(searchable),
        "хоруғ",
        "--json",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--type",
        "Battles",
        "--sub-type",
        "Armed clash",
        "--country",
        "TJ",
        "--min-killed",
        "0",
        "--status",
        "draft",
        "--tag",
        "border",
        "--limit",
        "5",
    ]
    assert main(argv) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [h["title"] for h in hits] == ["Ҳамла дар Хоруғ"]
    assert main(["search", str(searchable), "khorugh", "--reliability", "A", "--actor", "X"]) == 0
    out = capsys.readouterr()
    assert out.out == "" and out.err == "Nothing found\n"


def test_cli_search_text_output(searchable: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", str(searchable), 'NEAR( "protest', "--admin1", "x"]) == 0
    assert capsys.readouterr().err == "Nothing found\n"
    assert main(["search", str(searchable), "protest"]) == 0
    out = capsys.readouterr()
    # Piped, as here, the snippet is plain text: bold is for a terminal (test_demo_and_cli).
    assert "protest" in out.out and "**" not in out.out and "1 of 1 found" in out.err
