"""Which hits of a search are loaded and which come next, without Qt or a case file."""

from __future__ import annotations

from datetime import date

import pytest

from casefile.search.filters import Filters
from casefile.search.hits import Hit
from casefile.search.results import Cursor, Ranked, SearchPage
from ui import hit_pages
from ui.hit_pages import HitPages

RANKED = Ranked("x", Filters())


def hits(first: int, count: int) -> list[Hit]:
    """Hits for incidents "i<first>" onwards, in result order."""
    return [
        Hit(f"i{n}", f"Incident {n}", date(2024, 1, 1), "", f"snippet {n}", 1.0)
        for n in range(first, first + count)
    ]


def page(first: int, count: int, *, total: int, spans: int | None = None) -> SearchPage:
    """The page of hits from `first`, as the core gives it; it `spans` that many results
    (more than its hits when incidents went since the search was ranked)."""
    end = first + (count if spans is None else spans)
    following = Cursor(RANKED, end) if end < total else None
    return SearchPage(hits(first, count), [], first, end, total, following)


def no_fetch(case: object, cursor: Cursor, limit: int) -> SearchPage:
    """Stands in for the core: these tests hand pages to `add` themselves."""
    raise AssertionError("not called")


def load(pages: HitPages) -> tuple[int, int] | None:
    """(offset, limit) of the next load the pages ask for."""
    wanted = pages.next_load()
    return None if wanted is None else (wanted[0].offset, wanted[1])


def test_nothing_loads_until_a_page_is_wanted_and_then_one_page() -> None:
    pages = HitPages(page(0, 5, total=12), fetch=no_fetch, page_size=5)
    assert load(pages) is None
    pages.want_page()
    pages.want_page()  # the view asks again for the same end: still one page
    assert load(pages) == (5, 5)
    pages.loading = True
    assert load(pages) is None  # one load at a time
    pages.loading = False
    pages.add(page(5, 5, total=12))
    pages.want_page()
    assert load(pages) == (10, 2)  # only as many as were found
    pages.add(page(10, 2, total=12))
    assert not pages.more and load(pages) is None
    assert [hit.incident_id for hit in pages.hits] == [f"i{n}" for n in range(12)]


def test_a_sort_wants_every_hit_up_to_the_cap_in_bounded_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hit_pages, "MAX_HITS", 9)
    monkeypatch.setattr(hit_pages, "FETCH_AT_MOST", 3)
    pages = HitPages(page(0, 2, total=20), fetch=no_fetch, page_size=2)
    pages.want_all()
    spans = []
    while (span := load(pages)) is not None:
        spans.append(span)
        pages.add(page(*span, total=20))
    assert spans == [(2, 3), (5, 3), (8, 1)]
    assert pages.listable == 9 and pages.reachable == 9 and pages.total == 20


def test_incidents_gone_since_the_ranking_are_counted_out() -> None:
    pages = HitPages(page(0, 5, total=12), fetch=no_fetch, page_size=5)
    pages.want_page()
    pages.add(page(5, 3, total=12, spans=5))  # two of the five went since the search
    assert pages.offset == 10 and pages.total == 12
    pages.want_page()
    pages.add(page(10, 1, total=12, spans=2))  # and one more: the search ends there
    assert pages.total == 9 and pages.reachable == 9
    assert load(pages) is None


def test_a_page_that_does_not_follow_is_refused() -> None:
    pages = HitPages(page(0, 3, total=10), fetch=no_fetch, page_size=3)
    assert pages.add(page(6, 3, total=10)) == []
    assert pages.offset == 3
    assert [hit.incident_id for hit in pages.add(page(3, 3, total=10))] == ["i3", "i4", "i5"]
    assert pages.offset == 6


def test_without_a_fetch_the_first_hits_are_all() -> None:
    pages = HitPages(page(0, 4, total=50), page_size=2)
    pages.want_all()
    assert load(pages) is None
    assert pages.reachable == 4 and pages.total == 50
