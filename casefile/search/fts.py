"""The SQLite FTS5 index: its tables, keeping rows in step, MATCH and rank. SQLite-only.

Everything that is FTS5 lives here, so a PostgreSQL backend replaces this one module.
The tables hold folded text (see `folding`), written from Python by the commit hook,
never by SQL triggers: the file stays usable from a plain sqlite3 shell. They are
ordinary FTS5 tables that keep their own copy of the folded text, so rows can be
deleted and replaced without knowing what was indexed before.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnClause,
    ColumnElement,
    Connection,
    Label,
    Select,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.selectable import FromClause, Join

from casefile.records.wording import PLACE_FIELDS
from casefile.search.folding import fold_text
from casefile.store import cipher
from casefile.store.models import Incident

INCIDENT_COLUMNS = ("title", "narrative", "place", "actors", "tags", "reports")
REPORT_COLUMNS = ("title", "excerpt")
# bm25 weights by column: a word in the title, place or actors says more about an
# incident than one in a long narrative or a cited report.
INCIDENT_WEIGHTS = (5.0, 1.0, 3.0, 3.0, 2.0, 0.5)
REPORT_WEIGHTS = (3.0, 1.0)
# The text is folded to ASCII already. A prefix index makes the shortest typed prefix
# (query.MIN_PREFIX letters) cheap; longer ones read few terms anyway. One for two-letter
# prefixes too made building the index a third slower for no query that uses it. An
# index made before keeps it until rebuilt: both shapes answer every query alike.
OPTIONS = "tokenize = 'unicode61', prefix = '3'"
INCIDENTS = table("incident_fts", column("rowid"), column("rank"), *map(column, INCIDENT_COLUMNS))
REPORTS = table("report_fts", column("rowid"), column("rank"), *map(column, REPORT_COLUMNS))
BATCH = 2000
# Bytes of new index entries FTS5 gathers in memory before writing them out (default 1 MB).
# A big transaction (a build, an import) then writes fewer, larger pieces that need less
# merging: building 100,000 incidents' index writes it in one piece and takes a third less
# time. Small changes never gather much; only a bulk load holds this much memory.
HASH_SIZE = 128 * 1024 * 1024
QUERY = "fts_query"  # the bound parameter holding a statement's FTS5 expression
MATCHED = "matched_"
Doc = tuple[int, str, str, str, str, str, str]


# --- queries -----------------------------------------------------------------------------


def _expression(expression: str | None) -> BindParameter[str]:
    """The QUERY parameter, holding `expression`; None leaves it to bind at execution."""
    return bindparam(QUERY) if expression is None else bindparam(QUERY, expression)


def matches(fts_table: str, expression: str | None = None) -> ColumnElement[bool]:
    """The condition `<fts_table> MATCH expression`, the expression bound as QUERY.

    Without an expression the statement can be kept and run for any text, given
    `{QUERY: expression}` when executed.
    """
    return literal_column(fts_table).op("MATCH")(_expression(expression))


class _MatchesFirst(Join):
    """An inner join that SQLite must run in the order written (CROSS JOIN).

    Without statistics, SQLite takes an indexed filter such as country = 'TJ' for a
    narrow one and checks the index's MATCH for each of its rows; starting from the
    matches is what makes a search fast whatever the filters.
    """

    inherit_cache = True


@compiles(_MatchesFirst, "sqlite")
def _cross_join(join: _MatchesFirst, compiler: Any, **kw: Any) -> str:
    kw["asfrom"] = True
    left = compiler.process(join.left, **kw)
    right = compiler.process(join.right, **kw)
    kw.pop("asfrom")
    return f"{left} CROSS JOIN {right} ON {compiler.process(join.onclause, **kw)}"


def incidents_matching(
    incident: FromClause | type[Incident], key: ColumnElement[int] | InstrumentedAttribute[int]
) -> FromClause:
    """The index joined to the incident table, the index's matches read first."""
    return _MatchesFirst(INCIDENTS, incident, INCIDENTS.c.rowid == key)


def incident_ids(expression: str | None = None) -> Select[int]:
    """Local ids of the incidents whose folded text matches an FTS5 expression."""
    return select(INCIDENTS.c.rowid).where(matches("incident_fts", expression))


def report_ids(expression: str | None = None) -> Select[int]:
    """Local ids of the source reports whose folded text matches an FTS5 expression."""
    return select(REPORTS.c.rowid).where(matches("report_fts", expression))


_BAR: ColumnClause[str] = literal_column("'|'")
_NONE: ColumnClause[str] = literal_column("''")


def matched_columns(*, ranked: bool) -> list[Label[bool]]:
    """Whether the MATCH found a phrase of its query in each column, labelled MATCHED + name.

    For a query's matches only (the MATCH must be in the same SELECT); FTS5 knows from
    the match it is on, so nothing is folded again. Ranked: bm25 weighing one column
    alone is below zero exactly when a phrase occurs in it, and costs little, as ranking
    has counted each phrase's documents already. Unranked, that count would read every
    match of a broad query, so highlight() marks the column instead: it reads the text,
    but only of the rows returned.
    """
    out = []
    for index, name in enumerate(INCIDENT_COLUMNS):
        if ranked:
            weights = ("1" if other == name else "0" for other in INCIDENT_COLUMNS)
            score = func.bm25(literal_column("incident_fts"), *map(literal_column, weights))
            found = score < literal_column("0")
        else:
            # Folded text is [a-z0-9 ] only: a '|' can only be highlight()'s mark.
            column_number: ColumnClause[int] = literal_column(str(index))
            marked = func.highlight(literal_column("incident_fts"), column_number, _BAR, _NONE)
            found = func.instr(marked, _BAR) > literal_column("0")
        out.append(found.label(MATCHED + name))
    return out


def count_upto(connection: Connection, expression: str, most: int) -> int:
    """How many incidents match, counting no further than `most` (cheap: no ranking).

    Run on the driver's cursor: every search asks first, and SQLAlchemy's execution
    was a sixth of the statement's time here.
    """
    sql = "SELECT count(*) FROM (SELECT rowid FROM incident_fts WHERE incident_fts MATCH ? LIMIT ?)"
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, (expression, most))
        found = cursor.fetchone()
    finally:
        cursor.close()
    return int(found[0]) if found else 0


def bare(
    connection: Connection, expression: str, *, limit: int = 50, snippets: bool = False
) -> list[tuple[object, ...]]:
    """The plain FTS5 query, ranked, as a yardstick for the benchmark."""
    what = "rowid, snippet(incident_fts, -1, '[', ']', '…', 12)" if snippets else "rowid"
    sql = f"SELECT {what} FROM incident_fts WHERE incident_fts MATCH ? ORDER BY rank LIMIT ?"
    return list(connection.exec_driver_sql(sql, (expression, limit)))


# --- keeping the index in step -----------------------------------------------------------

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
_CITED = " WHERE rowid IN (SELECT report_id FROM citation WHERE incident_id IN :ids)"


def _grouped(connection: Connection, name: str, ids: list[int] | None) -> Iterator[tuple[int, str]]:
    """(incident id, folded text of its actors/tags/reports), ordered by incident id."""
    sql = _CHILDREN_SQL[name]
    key = _CHILD_KEY[name]
    if ids is not None:
        sql += f" WHERE {key} IN :ids"
    # Cited reports in the order of the (incident_id, report_id) index, with no sorting.
    order = f"{key}, report_id" if name == "reports" else key
    statement = text(sql + f" ORDER BY {order}")
    if ids is not None:
        statement = statement.bindparams(bindparam("ids", ids, expanding=True))
    rows = connection.execute(statement)
    if name == "reports":
        # A report is cited by several incidents: its text is read once, not per citation.
        texts = _report_texts(connection, ids)
        for incident_id, cited in itertools.groupby(rows, key=lambda row: row[0]):
            yield incident_id, " ".join(texts[row[1]] for row in cited if row[1] in texts)
        return
    for incident_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        yield incident_id, " ".join(_fold_short(row[1] or "") for row in group)


def _report_texts(connection: Connection, ids: list[int] | None) -> dict[int, str]:
    """Folded text by report id: of the reports these incidents cite (of all, without ids)."""
    if ids is None:
        return dict(connection.exec_driver_sql(_REPORTS_SQL).all())
    statement = text(_REPORTS_SQL + _CITED).bindparams(bindparam("ids", ids, expanding=True))
    return dict(connection.execute(statement).all())


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
    where = " WHERE id IN :ids" if ids is not None else ""
    statement = text(_INCIDENTS_SQL + where + " ORDER BY id")
    if ids is not None:
        statement = statement.bindparams(bindparam("ids", ids, expanding=True))
    actors, tags, reports = (_Groups(_grouped(connection, name, ids)) for name in _CHILDREN_SQL)
    for incident_id, title, narrative, *place in connection.execute(statement):
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
    statement = text(sql + (" WHERE id IN :ids" if ids is not None else ""))
    if ids is not None:
        statement = statement.bindparams(bindparam("ids", ids, expanding=True))
    for row in connection.execute(statement):
        yield row.id, fold_text(row.title or ""), fold_text(row.excerpt or "")


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


def create(connection: Connection) -> None:
    """(Re)create the empty index tables in their current shape, with their ranking."""
    for name, columns, weights in (
        ("incident_fts", INCIDENT_COLUMNS, INCIDENT_WEIGHTS),
        ("report_fts", REPORT_COLUMNS, REPORT_WEIGHTS),
    ):
        # Dropping is far quicker than deleting every row of a full FTS5 table.
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {name} USING fts5({', '.join(columns)}, {OPTIONS})"
        )
        ranking = f"bm25({', '.join(map(str, weights))})"
        configure = f"INSERT INTO {name}({name}, rank) VALUES (?, ?)"
        connection.exec_driver_sql(configure, ("rank", ranking))
        with contextlib.suppress(DBAPIError):  # an SQLite without it just builds slower
            connection.exec_driver_sql(configure, ("hashsize", HASH_SIZE))


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


# --- integrity ---------------------------------------------------------------------------

_OUT_OF_STEP = [
    (
        "incident(s) missing from",
        "SELECT count(*) FROM incident WHERE id NOT IN (SELECT rowid FROM incident_fts)",
    ),
    (
        "stale incident row(s) in",
        "SELECT count(*) FROM incident_fts WHERE rowid NOT IN (SELECT id FROM incident)",
    ),
    (
        "source report(s) missing from",
        "SELECT count(*) FROM source_report WHERE id NOT IN (SELECT rowid FROM report_fts)",
    ),
    (
        "stale report row(s) in",
        "SELECT count(*) FROM report_fts WHERE rowid NOT IN (SELECT id FROM source_report)",
    ),
]


def check(session: Session) -> list[str]:
    """Problems with the search index: missing or stray rows, FTS5's own integrity check."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return []
    found = []
    for what, sql in _OUT_OF_STEP:
        count = connection.exec_driver_sql(sql).scalar() or 0
        if count:
            found.append(f"search index: {count} {what} the index")
    raw = connection.connection.driver_connection
    if raw is not None and raw.execute("PRAGMA query_only").fetchone()[0]:
        return found + _check_copy(raw)
    for name in ("incident_fts", "report_fts"):
        try:
            connection.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('integrity-check')")
        except DBAPIError as exc:
            found.append(f"search index {name}: {exc.orig}")
    return found


def _check_copy(raw: sqlite3.Connection) -> list[str]:
    """FTS5's integrity check on a private copy, for a file opened read-only.

    The check is an INSERT, which a read-only connection refuses (SQLite 3.44 runs it
    from PRAGMA integrity_check; older ones do not). The copy goes to a new private
    folder, so memory stays small, and is deleted after; `raw` is sqlite3's or
    SQLCipher's connection (whose backup writes only to its own kind).
    """
    found = []
    with tempfile.TemporaryDirectory(prefix="casefile-verify-") as folder:
        if isinstance(raw, sqlite3.Connection):
            copy = sqlite3.connect(Path(folder) / "copy.casefile")
        else:  # an encrypted case's copy is encrypted too, with a key used once
            copy = cipher.dbapi.connect(str(Path(folder) / "copy.casefile"))
            cipher.key_connection(copy, os.urandom(cipher.KEY_BYTES))
        try:
            raw.backup(copy)
            for name in ("incident_fts", "report_fts"):
                try:
                    copy.execute(f"INSERT INTO {name}({name}) VALUES ('integrity-check')")
                except (sqlite3.DatabaseError, cipher.Error) as exc:
                    found.append(f"search index {name}: {exc}")
        except (sqlite3.DatabaseError, cipher.Error) as exc:
            found.append(f"search index could not be checked: {exc}")
        finally:
            copy.close()
    return found
