"""Which hits of a search are loaded and which to load next: the Qt-free half of paging results."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from casefile.search.hit import MAX_HITS, Hit

if TYPE_CHECKING:
    from casefile.search.results import Cursor, SearchPage

FETCH_AT_MOST = 1_000  # per worker call, so a sort loading thousands lets other work in between

# (case, cursor, limit): the page of hits and rows from the cursor on, read without ranking again
Fetch = Callable[[Any, "Cursor", int], "SearchPage"]


class HitPages:
    """One search's hits in result order, loaded a page at a time up to a wanted count.

    The first page comes with the search. `want_page` (the user scrolled near the end) or
    `want_all` (a column sort needs every hit) raise the count wanted; `next_load` says
    what to load, one load at a time, from the cursor of the last page taken. Each search
    has its own HitPages, so a caller that checks it still holds the same object never
    takes an older search's page.
    """

    def __init__(self, first: SearchPage, *, fetch: Fetch | None = None, page_size: int):
        self.page_size = page_size
        self.fetch = fetch
        self.hits: list[Hit] = []
        self.by_id: dict[str, Hit] = {}
        self.offset = 0  # where the next page starts in the search's result order
        self.total = max(first.total, len(first.hits))
        self.cursor: Cursor | None = None
        self.loading = False
        self.exhausted = False
        self.add(first)
        self.exhausted = self.exhausted or fetch is None
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

    def next_load(self) -> tuple[Cursor, int] | None:
        """(cursor, limit) of the next load, or None when one is under way or none is wanted."""
        target = min(self.wanted, self.listable)
        if self.loading or not self.more or self.cursor is None or self.offset >= target:
            return None
        return self.cursor, min(target - self.offset, FETCH_AT_MOST)

    def add(self, page: SearchPage) -> list[Hit]:
        """Take a loaded page; returns its hits new to the list (an incident's first hit wins)."""
        if page.offset != self.offset:
            return []  # not the page that follows: taking it would skip or repeat hits
        self.offset = page.end
        self.cursor = page.next
        new = []
        for hit in page.hits:
            if hit.incident_id not in self.by_id:
                self.by_id[hit.incident_id] = hit
                new.append(hit)
        self.hits += new
        if page.next is None:
            self.exhausted = True
            # Incidents deleted since the search was ranked are skipped: count them out.
            gone = self.offset - len(self.hits)
            self.total = len(self.hits) if self.offset < self.listable else self.total - gone
        return new
