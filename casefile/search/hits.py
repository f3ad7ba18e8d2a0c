"""Instant search of incidents: folded full text, filters, ranking and snippets.

The text part runs on the FTS5 index (`fts`, the one SQLite-only package); filters and
facets (`facets.py`) are portable SQL. The index is kept in step by a commit hook, inside the same
transaction as the change, so undo and redo reindex too.

What callers use (on `CaseFile` and `cf.find`; reads are safe on the UI worker thread):

    hits = cf.search('"armed clash" khorugh OR rushon -drill', country="TJ", min_killed=1,
                     limit=50, offset=0)          # list[Hit], best first
    total = cf.find.count_matches(text, **filters)  # for "1–50 of 1,234"
    page = cf.find.search_page(text, limit=200, **filters)  # hits and list rows (`results.py`)
    page = cf.find.search_more(page.next)         # the next page, not ranked again
    counts = cf.find.facets(text, **filters)      # {"event_type": [("Battles", 12), ...], ...}
    cf.saved_searches.save(name=..., query=..., filters={...}); cf.saved_searches.all()
    cf.saved_searches.run(name_or_id); cf.saved_searches.delete(name_or_id)
    cf.find.search_reports(text)                  # source reports (`reports.py`)

Query text: words (each also matches as the start of a word), "quoted phrases", OR
between words, -word or -"phrase" to exclude. Any script finds any other.
Filters (keyword arguments; a list means any of them): start, end (date or ISO text),
event_type, sub_event_type, country (ISO code or name), admin1, actor (exact name),
min_killed, reliability (Admiralty grade of any cited source), status, tags.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from itertools import compress
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    case,
    func,
    literal,
    null,
    select,
)
from sqlalchemy.orm import Session

from casefile.records import values, wording
from casefile.search import fts
from casefile.search.conditions import conditions
from casefile.search.filters import Filters
from casefile.search.hit import Hit
from casefile.search.query import Query, has_no_words, parse
from casefile.search.snippets import Matcher, snippet
from casefile.store.changes import Changes, RowChange
from casefile.store.models import (
    Actor,
    Citation,
    Incident,
    IncidentActor,
    IncidentTag,
    SourceReport,
)
from casefile.store.transaction import Transactions

# The order in which a matched field is picked for the snippet: the narrative says most.
SNIPPET_FIELDS = ("narrative", "place", "actors", "tags", "reports", "title")
# Above this many text matches, results come newest first instead of by bm25 rank: about
# the most bm25 can rank in 50 ms on a shared laptop core.
RANK_AT_MOST = 4000
NEWEST = (Incident.event_date.desc(), Incident.id.desc())


# --- searching ---------------------------------------------------------------------------


def matching(query: Query, filters: Filters) -> Select[Any]:
    """Ids of the incidents matching the text and filters: the FROM and WHERE of a search.

    With text, the index's matches drive the query through a join, so a filter on an
    indexed column that leaves most rows is checked per match rather than scanned.
    """
    return matching_kind(text_kind(query), filters, expression_of(query))


def text_kind(query: Query) -> str | None:
    """How a query filters by text: "match", "exclude" (only -words) or None."""
    if query.match() is not None:
        return "match"
    return "exclude" if query.exclusion() is not None else None


def expression_of(query: Query) -> str | None:
    """The one FTS5 expression a search statement binds: the match, or the exclusion."""
    return query.match() or query.exclusion()


def matching_kind(text: str | None, filters: Filters, expression: str | None = None) -> Select[Any]:
    """`matching` by the kind of text; without `expression`, fts.QUERY binds at execution."""
    if text == "match":
        base = select(Incident.id).select_from(fts.incidents_matching(Incident, Incident.id))
        return base.where(fts.matches("incident_fts", expression), *conditions(filters))
    base = select(Incident.id).select_from(Incident).where(*conditions(filters))
    if text == "exclude":
        return base.where(Incident.id.not_in(fts.incident_ids(expression)))
    return base


HIT_COLUMNS = (
    Incident.id,
    Incident.uuid,
    Incident.title,
    Incident.event_date,
    Incident.narrative,
    Incident.location,
    Incident.admin3,
    Incident.admin2,
    Incident.admin1,
    Incident.country,
)


def ordered(text: str | None, filters: Filters, *, by_rank: bool) -> Select[Any]:
    """Ids, ranks and (with text) matched fields of matching incidents in result order.

    By bm25 rank with the most recent first among equals; without query text, or when
    not `by_rank`, newest first (rank 0).
    """
    base = matching_kind(text, filters)
    if text != "match":
        return base.add_columns(literal(0.0).label("rank")).order_by(*NEWEST)
    base = base.add_columns(*fts.matched_columns(ranked=by_rank))
    if by_rank:
        return base.add_columns(fts.INCIDENTS.c.rank).order_by(fts.INCIDENTS.c.rank, *NEWEST)
    # Newest entered first: the index yields that order itself and can stop after a page.
    unranked = base.add_columns(literal(0.0).label("rank"))
    return unranked.order_by(fts.INCIDENTS.c.rowid.desc())


@lru_cache(maxsize=64)
def _page(
    text: str | None, filters: Filters, *, by_rank: bool, limit: int, offset: int
) -> Select[Any]:
    """One page of results with what a hit shows, in one statement, for any query text.

    Only the narrow (id, rank, matched fields) rows are sorted; the text of the page's
    incidents is read for those alone. The FTS5 expression binds as fts.QUERY when run,
    so the statement is built once for a set of filters (kept: it holds no data).
    """
    top = ordered(text, filters, by_rank=by_rank).offset(offset).limit(limit).subquery("top")
    page = select(top.c.rank, *HIT_COLUMNS).join_from(top, Incident, Incident.id == top.c.id)
    if text == "match":
        flags = {name: top.c[fts.MATCHED + name] for name in fts.INCIDENT_COLUMNS}
        page = page.add_columns(*flags.values(), _snippet_source(flags))
        if not by_rank:
            return page.order_by(Incident.id.desc())
    return page.order_by(top.c.rank, *NEWEST)


def should_rank(connection: Connection, query: Query) -> bool:
    """Whether to rank: not when the text matches more than RANK_AT_MOST incidents."""
    expression = query.match()
    if expression is None:
        return False
    return fts.count_upto(connection, expression, RANK_AT_MOST + 1) <= RANK_AT_MOST


def search(
    connection: Connection, text: str, *, limit: int = 50, offset: int = 0, **filters: Any
) -> list[Hit]:
    """Incidents matching the query text and filters, best first, with snippets.

    Text that folds to nothing filters nothing: the filtered incidents come newest first.
    So do the results of text matching more than RANK_AT_MOST incidents (the first
    letters typed): ranking them all would take a second on a million incidents; the
    bm25 order returns as soon as the text narrows. `Hit.score` is 0 when not ranked.
    Text with no words in it (punctuation, emoji) finds nothing: see `has_no_words`.
    """
    values.check([("query", values.text_problem(text))])
    # Negative numbers page as nothing and from the start (see _page); others are refused.
    values.check([(n, values.int_problem(v)) for n, v in (("limit", limit), ("offset", offset))])
    filters_set = Filters.of(**filters)
    if has_no_words(text):
        return []
    query = parse(text)
    by_rank = should_rank(connection, query)
    page = _page(
        text_kind(query),
        filters_set,
        by_rank=by_rank,
        limit=max(limit, 0),
        offset=max(offset, 0),
    )
    expression = expression_of(query)
    rows = connection.execute(page, {fts.QUERY: expression} if expression else {}).all()
    return make_hits(rows, Matcher(query.terms))


def count(connection: Connection, text: str, **filters: Any) -> int:
    """How many incidents the query and filters find (for "1–50 of 1,234")."""
    values.check([("query", values.text_problem(text))])
    if has_no_words(text):
        Filters.of(**filters)  # still refuse wrong filters
        return 0
    base = matching(parse(text), Filters.of(**filters))
    return connection.scalar(base.with_only_columns(func.count())) or 0


# --- hits and snippets -------------------------------------------------------------------


def child_texts() -> dict[str, ColumnElement[str]]:
    """The original text of each field kept in other tables, for the page row's incident.

    Portable SQL: each is a correlated subquery, read only for the rows of a page. The
    parts come in the order the child table's index on the incident yields them.
    """
    actors = (
        select(func.aggregate_strings(Actor.name, _JOINERS["actors"]))
        .join(IncidentActor, IncidentActor.actor_id == Actor.id)
        .where(IncidentActor.incident_id == Incident.id)
    )
    tags = select(func.aggregate_strings(IncidentTag.tag, _JOINERS["tags"])).where(
        IncidentTag.incident_id == Incident.id
    )
    report = func.coalesce(SourceReport.title + " — " + SourceReport.excerpt, "")
    reports = (
        select(func.aggregate_strings(report, _JOINERS["reports"]))
        .join(Citation, Citation.report_id == SourceReport.id)
        .where(Citation.incident_id == Incident.id)
    )
    found = {"actors": actors, "tags": tags, "reports": reports}
    return {name: rows.scalar_subquery() for name, rows in found.items()}


_JOINERS = {"actors": "; ", "tags": ", ", "reports": " | "}


def _snippet_source(flags: dict[str, Any]) -> ColumnElement[str | None]:
    """The text of a child field when that is where the snippet comes from, else NULL.

    Follows SNIPPET_FIELDS, so only a page row whose snippet needs it reads a child table.
    """
    children = child_texts()
    whens = [(flags[name], children.get(name, null())) for name in SNIPPET_FIELDS]
    return case(*whens, else_=null()).label("snippet_source")


class _PageRow(NamedTuple):
    """The rank and `HIT_COLUMNS` of a page row, read by position.

    A Row's values by name cost a lookup each, about a microsecond here: fifteen of them
    per hit were a fifth of building a page's hits.
    """

    rank: float | None
    id: int
    uuid: str
    title: str
    event_date: date
    narrative: str | None
    location: str | None
    admin3: str | None
    admin2: str | None
    admin1: str | None
    country: str | None


# A page row: rank, the HIT_COLUMNS, then (with query text) one matched flag per index column
# and the snippet's source text if it comes from a child table.
_FLAGS_AT = len(_PageRow._fields)
_FLAGS_END = _FLAGS_AT + len(fts.INCIDENT_COLUMNS)


@lru_cache(maxsize=128)
def _fields(flags: tuple[Any, ...]) -> tuple[tuple[str, ...], str]:
    """The fields a page row's flags say the query matched, and the one its snippet is from.

    None matched without query text; the snippet's field is the first matched in
    SNIPPET_FIELDS. Remembered: a page's rows hold a few of the 64 combinations.
    """
    fields = tuple(compress(fts.INCIDENT_COLUMNS, flags))
    return fields, next((f for f in SNIPPET_FIELDS if f in fields), "narrative")


def _original(row: _PageRow, field: str, source: str | None) -> str:
    """The text a hit's snippet is cut from, as written."""
    if field in _JOINERS:
        return source or ""
    if field == "place":
        return wording.place_line(row)
    return (row.title if field == "title" else row.narrative) or ""


def make_hits(rows: Sequence[Sequence[Any]], matcher: Matcher) -> list[Hit]:
    """Hits of page rows (rank, HIT_COLUMNS, matched flags, snippet source), snippets cut."""
    heads = [_PageRow._make(row[:_FLAGS_AT]) for row in rows]
    found = [_fields(tuple(row[_FLAGS_AT:_FLAGS_END])) for row in rows]
    sources = [row[_FLAGS_END] if len(row) > _FLAGS_END else None for row in rows]
    originals = [
        _original(head, field, source)
        for head, (_, field), source in zip(heads, found, sources, strict=True)
    ]
    matcher.learn(originals)
    hits = []
    for row, (fields, field), original in zip(heads, found, originals, strict=True):
        piece = snippet(original, matcher)
        hits.append(
            Hit(
                incident_id=row.uuid,
                title=row.title,
                date=row.event_date,
                place=wording.short_place(row),
                snippet=piece.text,
                score=-float(row.rank) if row.rank else 0.0,
                field=field if fields else None,
                fields=fields,
                highlights=piece.spans,
            )
        )
    return hits


# --- keeping the index in step -----------------------------------------------------------

_CHILD_TABLES = {"incident_actor", "incident_tag", "citation"}


def _touched(rows: tuple[RowChange, ...]) -> tuple[set[int], set[int]]:
    """Local ids of the incidents and source reports whose indexed text may have changed."""
    incidents: set[int] = set()
    reports: set[int] = set()
    for change in rows:
        if change.table == "incident":
            incidents.add(change.key["id"])
        elif change.table == "source_report":
            reports.add(change.key["id"])
        elif change.table in _CHILD_TABLES:
            for values in (change.before, change.after):
                if values is not None and values.get("incident_id") is not None:
                    incidents.add(values["incident_id"])
    return incidents, reports


def keep_in_step(session: Session, changes: Changes) -> None:
    """Commit hook: reindex what the transaction touched, inside the same transaction."""
    if not changes.rows:
        return
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    incidents, reports = _touched(changes.rows)
    incidents |= fts.citing(connection, reports)  # their index holds the reports' text
    if incidents or reports:
        fts.reindex(connection, incidents=incidents, reports=reports)


def install(transactions: Transactions) -> None:
    """Hook the index into the transaction helper (once per helper)."""
    if keep_in_step not in transactions.hooks:
        transactions.hooks.append(keep_in_step)
