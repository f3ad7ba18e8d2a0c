"""A search's pages: hits with their list rows in one call, later pages without ranking again."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import casefile
from casefile.records.listing import IncidentRow, sort_rows
from casefile.search import hits as search
from casefile.search import results
from casefile.search.results import SearchPage

WORDS = ("convoy", "mine", "patrol")


@pytest.fixture
def case(cf: casefile.CaseFile) -> casefile.CaseFile:
    """Thirty incidents: "gathering" in every one, some with more words, some drafts."""
    for n in range(30):
        cf.add_incident(
            title=f"Incident {n:03d}" + (" convoy" if n % 3 == 0 else ""),
            event_date=date(2024, 1, 1) + timedelta(days=n % 7),
            narrative=f"Gathering number {n} near the {WORDS[n % 3]}.",
            country_code="TJ" if n % 2 else "AF",
            status="draft" if n % 4 == 0 else "reviewed",
            tags=["ambush"] if n % 5 == 0 else [],
        )
    return cf


def read_all(cf: casefile.CaseFile, page: SearchPage, *, limit: int) -> SearchPage:
    """Every page of a search from the first, joined into one."""
    hits, rows = list(page.hits), list(page.rows)
    while page.next is not None:
        assert page.next.offset == page.end
        page = cf.find.search_more(page.next, limit=limit)
        hits += page.hits
        rows += page.rows
    return SearchPage(hits, rows, 0, page.end, page.total, None)


SEARCHES = [
    ("gathering", {}),
    ("convoy", {}),  # in titles and narratives: ranked, title matches first
    ("ambush", {"country": "AF"}),  # a tag: the snippet comes from another table
    ("gathering -mine", {"status": "reviewed"}),
    ("", {"status": "draft"}),  # filters alone: newest first
    ("-convoy", {}),  # only excluded words
]


@pytest.mark.parametrize("text, filters", SEARCHES)
@pytest.mark.parametrize("rank_at_most", [search.RANK_AT_MOST, 5])
def test_a_page_holds_the_hits_of_search_and_their_list_rows(
    case: casefile.CaseFile,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    filters: dict[str, str],
    rank_at_most: int,
) -> None:
    monkeypatch.setattr(search, "RANK_AT_MOST", rank_at_most)  # 5: too many to rank
    page = case.find.search_page(text, limit=7, **filters)
    expected = case.search(text, limit=100, **filters)
    assert page.hits == expected[:7]
    assert page.rows == case.incident_rows([hit.incident_id for hit in expected[:7]])
    assert page.total == case.find.count_matches(text, **filters) == len(expected)
    whole = read_all(case, page, limit=4)
    assert whole.hits == expected  # the pages continue the order, with their snippets
    assert whole.rows == case.incident_rows([hit.incident_id for hit in expected])


def test_later_pages_are_not_ranked_again(
    case: casefile.CaseFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = case.find.search_page("convoy", limit=3)
    assert page.next is not None

    def no_ranking(*args: object, **kwargs: object) -> bool:
        raise AssertionError("ranked again")

    monkeypatch.setattr(results, "should_rank", no_ranking)
    monkeypatch.setattr(results, "count", no_ranking)
    following = case.find.search_more(page.next, limit=3)
    assert following.hits == case.search("convoy", limit=3, offset=3)


def test_an_incident_deleted_since_the_ranking_is_skipped(case: casefile.CaseFile) -> None:
    page = case.find.search_page("gathering", limit=5)
    assert page.next is not None
    following = case.search("gathering", limit=5, offset=5)
    case.delete_incident(following[1].incident_id)
    later = case.find.search_more(page.next, limit=5)
    assert [hit.incident_id for hit in later.hits] == [
        hit.incident_id for hit in following if hit != following[1]
    ]
    assert (later.offset, later.end) == (5, 10)  # it still spans five: the next starts at 10
    assert [row.id for row in later.rows] == [hit.incident_id for hit in later.hits]


def test_a_search_ends_at_max_hits(
    case: casefile.CaseFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(results, "MAX_HITS", 12)
    for rank_at_most in (search.RANK_AT_MOST, 5):
        monkeypatch.setattr(search, "RANK_AT_MOST", rank_at_most)
        page = case.find.search_page("gathering", limit=5)
        whole = read_all(case, page, limit=5)
        assert len(whole.hits) == 12 and whole.total == 30


def test_nothing_found_is_one_empty_page(case: casefile.CaseFile) -> None:
    page = case.find.search_page("helicopter")
    assert (page.hits, page.rows, page.total, page.next) == ([], [], 0, None)


def test_hits_sort_by_a_column_as_the_list_does() -> None:
    def row(title: str, kind: str | None) -> IncidentRow:
        return IncidentRow(title, date(2024, 1, 1), title, kind, None, None, None, 0, "draft", 0)

    rows = [row("a", "Riots"), row("b", None), row("c", "Battles"), row("d", "Riots")]
    down = sort_rows(rows, "event_type", descending=True)
    assert [r.title for r in down] == ["a", "d", "c", "b"]  # missing last, ties kept in order
    up = sort_rows(rows, "event_type", descending=False)
    assert [r.title for r in up] == ["b", "c", "a", "d"]
    with pytest.raises(casefile.errors.Invalid):
        sort_rows(rows, "narrative")
