"""Which hits of a search are loaded and which come next, without Qt or a case file."""

from __future__ import annotations

from datetime import date

import pytest

from casefile.search.hits import Hit
from ui import hit_pages
from ui.hit_pages import HitPages


def hits(first: int, count: int) -> list[Hit]:
    """Hits for incidents "i<first>" onwards, in result order."""
    return [
        Hit(f"i{n}", f"Incident {n}", date(2024, 1, 1), "", f"snippet {n}", 1.0)
        for n in range(first, first + count)
    ]


def no_fetch(case: object, offset: int, limit: int) -> list[Hit]:
    """Stands in for the core: these tests hand pages to `add` themselves."""
    raise AssertionError("not called")


def test_nothing_loads_until_a_page_is_wanted_and_then_one_page() -> None:
    pages = HitPages(hits(0, 5), total=12, fetch=no_fetch, page_size=5)
    assert pages.next_span() is None
    pages.want_page()
    pages.want_page()  # the view asks again for the same end: still one page
    assert pages.next_span() == (5, 5)
    pages.loading = True
    assert pages.next_span() is None  # one load at a time
    pages.loading = False
    pages.add(5, hits(5, 5), 5)
    pages.want_page()
    assert pages.next_span() == (10, 2)  # only as many as were found
    pages.add(10, hits(10, 2), 2)
    assert not pages.more and pages.next_span() is None
    assert [hit.incident_id for hit in pages.hits] == [f"i{n}" for n in range(12)]


def test_a_sort_wants_every_hit_up_to_the_cap_in_bounded_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hit_pages, "MAX_HITS", 9)
    monkeypatch.setattr(hit_pages, "FETCH_AT_MOST", 3)
    pages = HitPages(hits(0, 2), total=20, fetch=no_fetch, page_size=2)
    pages.want_all()
    spans = []
    while (span := pages.next_span()) is not None:
        spans.append(span)
        pages.add(span[0], hits(*span), span[1])
    assert spans == [(2, 3), (5, 3), (8, 1)]
    assert pages.listable == 9 and pages.reachable == 9 and pages.total == 20


def test_a_short_page_ends_the_search_and_corrects_the_count() -> None:
    pages = HitPages(hits(0, 5), total=12, fetch=no_fetch, page_size=5)
    pages.want_page()
    pages.add(5, hits(5, 3), 5)  # three incidents went since the count
    assert pages.total == 8 and pages.reachable == 8
    pages.want_page()
    assert pages.next_span() is None


def test_a_page_that_does_not_follow_is_refused_and_repeats_are_dropped() -> None:
    pages = HitPages(hits(0, 3), total=10, fetch=no_fetch, page_size=3)
    assert pages.add(6, hits(6, 3), 3) == []
    assert pages.offset == 3
    repeated = hits(2, 3)  # i2 moved down a place between the two queries
    assert [hit.incident_id for hit in pages.add(3, repeated, 3)] == ["i3", "i4"]
    assert pages.offset == 6  # the next page starts after the core's sixth result
    assert pages.by_id["i2"].snippet == "snippet 2"


def test_without_a_fetch_the_first_hits_are_all() -> None:
    pages = HitPages(hits(0, 4), total=50, page_size=2)
    pages.want_all()
    assert pages.next_span() is None
    assert pages.reachable == 4 and pages.total == 50
