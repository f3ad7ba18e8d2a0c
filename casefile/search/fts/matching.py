"""Queries on the index: MATCH, the join that reads matches first, matched columns, counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnClause,
    ColumnElement,
    Connection,
    Label,
    Select,
    bindparam,
    func,
    literal_column,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.selectable import FromClause, Join

from casefile.search.fts.tables import INCIDENT_COLUMNS, INCIDENTS, REPORTS
from casefile.store.models import Incident

QUERY = "fts_query"  # the bound parameter holding a statement's FTS5 expression
MATCHED = "matched_"


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
