"""A search's pages: hits with their list rows, in one call, ranked once.

`first_page` ranks the matches and returns the first page's hits together with the list
rows a result list shows for them (`IncidentRow`): the app makes one trip to its worker
per keystroke. Each page carries a `Cursor`; `page_at` reads the next page from it
without ranking again: a ranked search keeps the order of its matches, an unranked one
(newest first) continues from the key of the last row it read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import BindParameter, Connection, Select, bindparam, select

from casefile.records.listing import IncidentRow
from casefile.search import fts
from casefile.search.filters import Filters
from casefile.search.hit import MAX_HITS, Hit
from casefile.search.hits import (
    HIT_COLUMNS,
    NEWEST,
    SNIPPET_FIELDS,
    child_texts,
    count,
    expression_of,
    make_hits,
    matching_kind,
    ordered,
    should_rank,
    text_kind,
)
from casefile.search.query import Query, parse
from casefile.search.snippets import Matcher
from casefile.store.models import Incident

# What a list row shows beyond the hit's own columns (see IncidentRow).
_ROW_EXTRA = (
    Incident.event_type,
    Incident.sub_event_type,
    Incident.killed,
    Incident.status,
    Incident.source_count,
)
_IDS, _LIMIT = "ids", "page_limit"
_PAGE = select(*HIT_COLUMNS, *_ROW_EXTRA).where(Incident.id.in_(bindparam(_IDS, expanding=True)))
_CHILD_FIELDS = ("actors", "tags", "reports")
_FIRST = 2**63 - 1  # above every rowid: where the first unranked page starts
Flags = tuple[bool, ...]


@dataclass(frozen=True)
class Ranked:
    """A search as ordered once: what its later pages need.

    `ids` holds the local ids of the matches in result order, when kept: ranked by bm25
    (at most hits.RANK_AT_MOST), with their `ranks` and the index columns each matched
    (`flags`); or, without text, the newest MAX_HITS. Text matching too many to rank
    leaves `ids` None: its pages come newest entered first, each from the last rowid
    read, and ask FTS5 for their own flags. `total` counts every match.
    """

    text: str
    filters: Filters
    ids: tuple[int, ...] | None = None
    ranks: tuple[float, ...] = ()
    flags: tuple[Flags, ...] = ()
    total: int = 0


@dataclass(frozen=True)
class Cursor:
    """Where a search's next page starts; `cf.find.search_more` takes it."""

    ranked: Ranked
    offset: int  # hits read so far
    after: tuple[Any, ...] = ()  # unranked: the order key of the last row read


@dataclass(frozen=True)
class SearchPage:
    """One page of a search: its hits and their list rows, in the same order.

    `next` continues the search (None at its end, or at MAX_HITS). An incident deleted
    since the search was ranked is skipped: `end` is where the next page starts.
    """

    hits: list[Hit]
    rows: list[IncidentRow]
    offset: int
    end: int
    total: int
    next: Cursor | None


def first_page(connection: Connection, text: str, *, limit: int, **filters: Any) -> SearchPage:
    """Order a search once and read its first `limit` hits with their list rows.

    Ranked by bm25 when the text matches at most hits.RANK_AT_MOST incidents; newest
    first otherwise, and without text: the order `hits.search` gives.
    """
    query = parse(text)
    chosen = Filters.of(**filters)
    kind = text_kind(query)
    expression = expression_of(query)
    bound = {fts.QUERY: expression} if expression else {}
    if kind == "match" and should_rank(connection, query):
        rows = connection.execute(_ranked(chosen), bound).all()
        ranked = Ranked(
            text=text,
            filters=chosen,
            ids=tuple(row[0] for row in rows),
            ranks=tuple(float(row[-1] or 0.0) for row in rows),
            flags=tuple(tuple(row[1:-1]) for row in rows),
            total=len(rows),
        )
    elif kind != "match":
        # The newest MAX_HITS ids at once: sorting them costs about what sorting a page
        # does, and every later page is then read by id rather than sorted again.
        ids = tuple(connection.execute(_newest(kind, chosen), bound).scalars())
        total = len(ids) if len(ids) < MAX_HITS else count(connection, text, **filters)
        ranked = Ranked(text, chosen, ids, total=total)
    else:
        page = page_at(connection, Cursor(Ranked(text, chosen), 0), limit=limit)
        if page.next is None:
            return replace(page, total=page.end)
        # Only a full page can hide more: counting costs a second query.
        total = count(connection, text, **filters)
        ranked = replace(page.next.ranked, total=total)
        return replace(page, total=total, next=replace(page.next, ranked=ranked))
    return page_at(connection, Cursor(ranked, 0), limit=limit)


def page_at(connection: Connection, cursor: Cursor, *, limit: int) -> SearchPage:
    """The `limit` hits of a search from a cursor, with their list rows: no ranking again."""
    ranked, offset = cursor.ranked, cursor.offset
    limit = max(0, min(limit, MAX_HITS - offset))
    query = parse(ranked.text)
    after: tuple[Any, ...] = ()
    if ranked.ids is not None:
        end = min(offset + limit, len(ranked.ids))
        ids = list(ranked.ids[offset:end])
        flags = dict(zip(ids, ranked.flags[offset:end], strict=False))
        ranks = dict(zip(ids, ranked.ranks[offset:end], strict=False))
        more = end < min(len(ranked.ids), MAX_HITS)
    else:
        bound = {fts.QUERY: expression_of(query), _LIMIT: limit}
        bound["after_id"] = cursor.after[0] if cursor.after else _FIRST
        found = connection.execute(_by_rowid(ranked.filters), bound).all() if limit else []
        ids = [row[0] for row in found]
        flags = {row[0]: tuple(row[1:]) for row in found}
        ranks = {}
        after = (ids[-1],) if ids else ()
        end = offset + len(ids)
        more = len(ids) == limit and end < MAX_HITS
    hits, rows = _read(connection, query, ids, ranks, flags)
    following = Cursor(ranked, end, after) if more else None
    return SearchPage(hits, rows, offset, end, ranked.total, following)


def _read(
    connection: Connection,
    query: Query,
    ids: list[int],
    ranks: dict[int, float],
    flags: dict[int, Flags],
) -> tuple[list[Hit], list[IncidentRow]]:
    """Hits and list rows of these incidents in this order, in one statement (and one
    for each child table a snippet comes from)."""
    if not ids:
        return [], []
    found = {row[0]: row for row in connection.execute(_PAGE, {_IDS: ids})}
    sources = _sources(connection, flags)
    page_rows: list[tuple[Any, ...]] = []
    list_rows: list[IncidentRow] = []
    for incident_id in ids:
        row = found.get(incident_id)
        if row is None:
            continue  # deleted since the search was ranked
        head = (ranks.get(incident_id, 0.0), *row[: len(HIT_COLUMNS)])
        matched = flags.get(incident_id)
        if matched is not None:
            head = (*head, *matched, sources.get(incident_id))
        page_rows.append(head)
        list_rows.append(_list_row(row))
    return make_hits(page_rows, Matcher(query.terms)), list_rows


@lru_cache(maxsize=64)
def _ranked(filters: Filters) -> Select[Any]:
    """Every match's id, matched flags and rank, best first (the text binds as fts.QUERY)."""
    return ordered("match", filters, by_rank=True)


@lru_cache(maxsize=64)
def _by_rowid(filters: Filters) -> Select[Any]:
    """A page of matches newest entered first from a rowid on, with their matched flags.

    The index yields rowids in that order and stops after a page; highlight() finds the
    flags of that page's rows alone. The text binds as fts.QUERY.
    """
    base = matching_kind("match", filters).add_columns(*fts.matched_columns(ranked=False))
    base = base.where(fts.INCIDENTS.c.rowid < bindparam("after_id"))
    return base.order_by(fts.INCIDENTS.c.rowid.desc()).limit(bindparam(_LIMIT))


@lru_cache(maxsize=64)
def _newest(kind: str | None, filters: Filters) -> Select[int]:
    """The ids of the newest MAX_HITS incidents the filters (and any -words) keep."""
    return matching_kind(kind, filters).order_by(*NEWEST).limit(MAX_HITS)


def _list_row(row: Any) -> IncidentRow:
    """The list row of a page row: HIT_COLUMNS (id, uuid, title, date, …) then _ROW_EXTRA."""
    _, uuid, title, event_date, _, location, _, _, _, country = row[: len(HIT_COLUMNS)]
    event_type, sub_event_type, killed, status, sources = row[len(HIT_COLUMNS) :]
    return IncidentRow(
        id=uuid,
        event_date=event_date,
        title=title,
        event_type=event_type,
        sub_event_type=sub_event_type,
        location=location,
        country=country,
        killed=killed,
        status=status,
        source_count=sources,
    )


def _snippet_field(flags: Flags) -> str | None:
    """The field a snippet comes from, by SNIPPET_FIELDS, when it is kept in another table."""
    matched = {name for name, hit in zip(fts.INCIDENT_COLUMNS, flags, strict=True) if hit}
    field = next((name for name in SNIPPET_FIELDS if name in matched), None)
    return field if field in _CHILD_FIELDS else None


def _sources(connection: Connection, flags: dict[int, Flags]) -> dict[int, str | None]:
    """The text of the child field each snippet comes from, read only where it is needed."""
    wanted: dict[str, list[int]] = {}
    for incident_id, matched in flags.items():
        field = _snippet_field(matched)
        if field is not None:
            wanted.setdefault(field, []).append(incident_id)
    texts: dict[int, str | None] = {}
    for field, ids in wanted.items():
        texts.update(
            (row[0], row[1]) for row in connection.execute(_child_text(field), {_IDS: ids})
        )
    return texts


@lru_cache(maxsize=len(_CHILD_FIELDS))
def _child_text(field: str) -> Select[int, str]:
    """The statement reading one child field's text for given incidents (built once)."""
    ids: BindParameter[list[int]] = bindparam(_IDS, expanding=True)
    return select(Incident.id, child_texts()[field]).where(Incident.id.in_(ids))
