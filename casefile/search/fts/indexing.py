"""Keeping the index in step: folded rows of incidents and reports, written in batches."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.orm import Session

from casefile.records.wording import PLACE_FIELDS
from casefile.search.folding import fold_text
from casefile.search.fts.tables import INCIDENT_COLUMNS, REPORT_COLUMNS, create
from casefile.store import db

BATCH = 2000
Doc = tuple[int, str, str, str, str, str, str]

# The place fields in the place line's order; their words are indexed as they are, repeats
# included (`_folded_place`), so the index is not the place line and needs no rebuild.
_INCIDENTS_SQL = f"SELECT id, title, narrative, {', '.join(PLACE_FIELDS)} FROM incident"
_CHILDREN_SQL = {
    "actors": "SELECT ia.incident_id, a.name FROM incident_actor ia "
    "JOIN actor a ON a.id = ia.actor_id",
    "tags": "SELECT incident_id, tag FROM incident_tag",
    "reports": "SELECT incident_id, report_id FROM citation",
}
_CHILD_KEY = {"actors": "ia.incident_id", "tags": "incident_id", "reports": "incident_id"}
# The folded text of reports, from their own index rows: only those the incidents cite.
_REPORTS_SQL = "SELECT rowid, title || ' ' || excerpt FROM report_fts"
_CITED = " WHERE rowid IN (SELECT report_id FROM citation"


def _grouped(connection: Connection, name: str, ids: list[int] | None) -> Iterator[tuple[int, str]]:
    """(incident id, folded text of its actors/tags/reports), ordered by incident id."""
    # Cited reports in the order of the (incident_id, report_id) index, with no sorting.
    order = f"{_CHILD_KEY[name]}, report_id" if name == "reports" else _CHILD_KEY[name]
    rows = _read(connection, _CHILDREN_SQL[name], _CHILD_KEY[name], ids, f" ORDER BY {order}")
    if name == "reports":
        # A report is cited by several incidents: its text is read once, not per citation.
        texts = _report_texts(connection, ids)
        for incident_id, cited in itertools.groupby(rows, key=_FIRST):
            yield incident_id, " ".join(texts[row[1]] for row in cited if row[1] in texts)
        return
    for incident_id, group in itertools.groupby(rows, key=_FIRST):
        yield incident_id, " ".join(_fold_short(row[1] or "") for row in group)


def _report_texts(connection: Connection, ids: list[int] | None) -> dict[int, str]:
    """Folded text by report id: of the reports these incidents cite (of all, without ids)."""
    if ids is None:
        return dict(_read(connection, _REPORTS_SQL, "", None))
    return dict(_read(connection, _REPORTS_SQL + _CITED, "incident_id", ids, ")"))


def _read(
    connection: Connection, sql: str, key: str, ids: list[int] | None, tail: str = ""
) -> Iterator[tuple[Any, ...]]:
    """The rows of a query, of these ids' (`key IN ids`) or of all, on the driver's cursor.

    The same SQL that SQLAlchemy's expanding IN makes, without its per-call compiling and
    per-row objects: an import reads a hundred thousand rows back to index them.
    """
    params: list[int] = []
    if ids is not None:
        sql += f" WHERE {key} IN ({db.marks(len(ids))})"
        params = ids
    return db.driver_rows(connection, sql + tail, params)


_FIRST = operator.itemgetter(0)


@lru_cache(maxsize=65_536)
def _fold_short(text: str) -> str:
    """`fold_text`, remembered: actor names, tags and places repeat across incidents."""
    return fold_text(text)


@lru_cache(maxsize=65_536)
def _folded_place(*parts: str | None) -> str:
    """Every folded word of the place fields: what the index holds.

    Other spellings of a place are not indexed: the query asks for them (`query`), so the
    index needs no rebuild when the gazetteer grows. An index built before holds a few
    alternate names beside the place; they still match what they did.
    """
    return " ".join(filter(None, map(_fold_short, (part or "" for part in parts))))


class _Groups:
    """One ordered stream of (incident id, text), read alongside the ordered incidents."""

    def __init__(self, rows: Iterator[tuple[int, str]]):
        self.rows = rows
        self.head = next(rows, None)

    def take(self, incident_id: int) -> str:
        """The text grouped under this incident ("" if none); skips past orphans."""
        while self.head is not None and self.head[0] < incident_id:
            self.head = next(self.rows, None)
        if self.head is None or self.head[0] != incident_id:
            return ""
        return self.head[1]


def incident_docs(connection: Connection, ids: list[int] | None = None) -> Iterator[Doc]:
    """Folded index rows for some incidents (or all), in id order."""
    actors, tags, reports = (_Groups(_grouped(connection, name, ids)) for name in _CHILDREN_SQL)
    for incident_id, title, narrative, *place in _read(
        connection, _INCIDENTS_SQL, "id", ids, " ORDER BY id"
    ):
        yield (
            incident_id,
            fold_text(title or ""),
            fold_text(narrative or ""),
            _folded_place(*place),
            actors.take(incident_id),
            tags.take(incident_id),
            reports.take(incident_id),
        )


def report_docs(
    connection: Connection, ids: list[int] | None = None
) -> Iterator[tuple[int, str, str]]:
    """Folded index rows for some source reports (or all)."""
    sql = "SELECT id, title, excerpt FROM source_report"
    for report_id, title, excerpt in _read(connection, sql, "id", ids):
        yield report_id, fold_text(title or ""), fold_text(excerpt or "")


def _write(
    connection: Connection,
    fts_table: str,
    columns: tuple[str, ...],
    docs: Iterable[tuple[object, ...]],
) -> int:
    names = ", ".join(("rowid", *columns))
    marks = ", ".join("?" * (len(columns) + 1))
    sql = f"INSERT INTO {fts_table}({names}) VALUES ({marks})"
    count = 0
    for batch in _batched(docs):  # itertools.batched is 3.12+
        connection.exec_driver_sql(sql, list(batch))
        count += len(batch)
    return count


def _batched(docs: Iterable[tuple[object, ...]]) -> Iterator[tuple[tuple[object, ...], ...]]:
    it = iter(docs)
    while batch := tuple(itertools.islice(it, BATCH)):
        yield batch


def _delete(connection: Connection, fts_table: str, ids: list[int]) -> None:
    statement = text(f"DELETE FROM {fts_table} WHERE rowid IN :ids")
    connection.execute(statement.bindparams(bindparam("ids", ids, expanding=True)))


def reindex(connection: Connection, *, incidents: set[int], reports: set[int]) -> None:
    """Replace the index rows of these incidents and reports (deleted ones just go)."""
    for chunk in _chunks(sorted(reports)):  # first: incident rows copy the reports' text
        _delete(connection, "report_fts", chunk)
        _write(connection, "report_fts", REPORT_COLUMNS, report_docs(connection, chunk))
    for chunk in _chunks(sorted(incidents)):
        _delete(connection, "incident_fts", chunk)
        _write(connection, "incident_fts", INCIDENT_COLUMNS, incident_docs(connection, chunk))


def add(connection: Connection, *, incidents: list[int], reports: list[int]) -> None:
    """Index incidents and reports new to the index, in batches (a bulk import's path).

    Unlike `reindex` nothing is deleted first: these rows have never been indexed.
    Reports go first, as an incident's row copies the text of the reports it cites.
    """
    for chunk in _chunks(sorted(reports)):
        _write(connection, "report_fts", REPORT_COLUMNS, report_docs(connection, chunk))
    for chunk in _chunks(sorted(incidents)):
        _write(connection, "incident_fts", INCIDENT_COLUMNS, incident_docs(connection, chunk))


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def citing(connection: Connection, report_ids: set[int]) -> set[int]:
    """Ids of the incidents citing any of these reports (their index holds report text)."""
    if not report_ids:
        return set()
    statement = text("SELECT incident_id FROM citation WHERE report_id IN :ids")
    statement = statement.bindparams(bindparam("ids", sorted(report_ids), expanding=True))
    return set(connection.execute(statement).scalars())


def rebuild(connection: Connection | Session) -> tuple[int, int]:
    """Build the whole index afresh from the data; returns (incidents, reports) indexed.

    For bulk loads: insert rows with Core, then call this once. Also what a migration
    calls when the index changes shape. The caller commits.
    """
    if isinstance(connection, Session):
        connection = connection.connection()
    create(connection)
    reports = _write(connection, "report_fts", REPORT_COLUMNS, report_docs(connection))
    incidents = _write(connection, "incident_fts", INCIDENT_COLUMNS, incident_docs(connection))
    for name in ("incident_fts", "report_fts"):
        # Merge the index b-trees into one: faster queries after a bulk build.
        connection.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('optimize')")
    return incidents, reports
