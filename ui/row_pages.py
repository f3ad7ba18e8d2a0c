"""Which pages of a long list are loaded, which are wanted next: the Qt-free half of the table."""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

Row = TypeVar("Row")

PAGE_SIZE = 200
MAX_PAGES = 64  # 12,800 rows kept: a few screens around wherever the user has been
MAX_WANTED = 6  # older wishes are dropped: a fast scroll skips the pages it flew past


class RowPages(Generic[Row]):
    """An LRU cache of fixed-size pages over a list too long to hold, and a queue of wishes.

    A view asks `row(i)`; a miss records the page as wanted. The loader takes
    `next_wanted()` one at a time, newest wish first, so the page under the scroll bar
    arrives first and pages the user has scrolled past are never fetched.
    """

    def __init__(self, page_size: int = PAGE_SIZE, max_pages: int = MAX_PAGES):
        self.page_size = page_size
        self.max_pages = max_pages
        self.generation = 0
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._wanted: OrderedDict[int, None] = OrderedDict()

    def page_of(self, index: int) -> int:
        """The page number holding a row index."""
        return index // self.page_size

    def span(self, page: int) -> tuple[int, int]:
        """(offset, limit) of a page, for the query that loads it."""
        return page * self.page_size, self.page_size

    def row(self, index: int) -> Row | None:
        """The row at an index if its page is loaded; otherwise None, and the page is wanted."""
        number, at = divmod(index, self.page_size)
        page = self._pages.get(number)
        if page is None:
            self.want(number)
            return None
        self._pages.move_to_end(number)
        return page[at] if at < len(page) else None

    def peek(self, index: int) -> Row | None:
        """The row at an index if loaded, without touching the LRU order or the wishes."""
        number, at = divmod(index, self.page_size)
        page = self._pages.get(number)
        return page[at] if page is not None and at < len(page) else None

    def want(self, page: int) -> None:
        """Record that a page is needed; the newest wish comes first."""
        self._wanted.pop(page, None)
        self._wanted[page] = None
        while len(self._wanted) > MAX_WANTED:
            self._wanted.popitem(last=False)

    def next_wanted(self) -> int | None:
        """The page to load next (removed from the wishes), or None when nothing is wanted."""
        while self._wanted:
            page, _ = self._wanted.popitem(last=True)
            if page not in self._pages:
                return page
        return None

    def store(self, page: int, rows: list[Row], generation: int) -> bool:
        """Keep a loaded page unless it was asked for before the last `clear`."""
        if generation != self.generation:
            return False
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        return True

    def clear(self) -> None:
        """Forget every page and wish; pages still in flight will be refused by `store`."""
        self.generation += 1
        self._pages.clear()
        self._wanted.clear()

    def loaded(self) -> list[tuple[int, Row]]:
        """(index, row) for every loaded row, for finding a row by its content."""
        return [
            (number * self.page_size + at, row)
            for number, page in self._pages.items()
            for at, row in enumerate(page)
        ]

    def __len__(self) -> int:
        return len(self._pages)
