"""Which hits of a search are loaded and which to load next: the Qt-free half of paging results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casefile.search.hits import Hit

# A list holds at most this many hits: a column sort loads them all, and past a few
# thousand an analyst narrows the search rather than reads on (the result line says so).
MAX_HITS = 5_000
FETCH_AT_MOST = 1_000  # per worker call, so a sort loading thousands lets other work in between

Fetch = Callable[[Any, int, int], list[Hit]]  # (case, offset, limit): the hits there, best first


class HitPages:
    """One search's hits in result order, loaded a page at a time up to a wanted count.

    The first page comes with the search. `want_page` (the user scrolled near the end) or
    `want_all` (a column sort needs every hit) raise the count wanted; `next_span` says
    what to load, one load at a time. Each search has its own HitPages, so a caller that
    checks it still holds the same object never takes an older search's page.
    """

    def __init__(
        self,
        first: list[Hit],
        *,
        total: int | None = None,
        fetch: Fetch | None = None,
        page_size: int,
    ):
        self.page_size = page_size
        self.fetch = fetch
        self.hits: list[Hit] = []
        self.by_id: dict[str, Hit] = {}
        self.offset = 0  # results taken from the core, repeats included: where the next page starts
        self.total = max(total or 0, len(first))
        self.loading = False
        self.add(0, first, len(first))
        self.exhausted = fetch is None or self.offset >= self.total
        self.wanted = self.offset

    @property
    def listable(self) -> int:
        """How many hits the list can hold: every one found, up to MAX_HITS."""
        return min(self.total, MAX_HITS)

    @property
    def reachable(self) -> int:
        """How many hits the list shows once the user has scrolled to its end."""
        return len(self.hits) if self.exhausted else self.listable

    @property
    def more(self) -> bool:
        """Whether more hits can still be loaded."""
        return not self.exhausted and self.offset < self.listable

    def want_page(self) -> None:
        """Ask for one page past those loaded (asking twice asks for the same page)."""
        self.wanted = max(self.wanted, self.offset + self.page_size)

    def want_all(self) -> None:
        """Ask for every hit the list can hold."""
        self.wanted = self.listable

    def next_span(self) -> tuple[int, int] | None:
        """(offset, limit) of the next load, or None when one is under way or none is wanted."""
        target = min(self.wanted, self.listable)
        if self.loading or not self.more or self.offset >= target:
            return None
        return self.offset, min(target - self.offset, FETCH_AT_MOST)

    def add(self, offset: int, hits: list[Hit], asked: int) -> list[Hit]:
        """Take a loaded page; returns its hits new to the list (an incident's first hit wins)."""
        if offset != self.offset:
            return []  # not the page that follows: taking it would skip or repeat hits
        self.offset += len(hits)
        new = []
        for hit in hits:
            if hit.incident_id not in self.by_id:
                self.by_id[hit.incident_id] = hit
                new.append(hit)
        self.hits += new
        if len(hits) < asked:
            # The end came before the count said: incidents went since it was taken.
            self.exhausted = True
            self.total = len(self.hits)
        return new
