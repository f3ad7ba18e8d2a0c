"""One incident a search found, as a list shows it.

Apart from the search itself (casefile.search.hits), with no SQLAlchemy here: the app's
list names it before the case file is open (issue #16).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from casefile.search.snippets import Snippet

# A result list holds at most this many hits: past a few thousand an analyst narrows the
# search rather than reads on, and a list sorted by a column loads them all.
MAX_HITS = 5_000


class Hit(NamedTuple):
    """One incident found: its id and what a result list shows of it.

    `snippet` is plain text; `highlights` are (start, end) spans of the matched words in
    it (use `marked_snippet`). `field` names the field the snippet comes from and
    `fields` every field the query matched ("title", "narrative", "place", "actors",
    "tags", "reports"). `score` is higher for better matches (0 without query text).
    A named tuple, not a frozen dataclass: a page makes fifty, and one cost 4 us here.
    """

    incident_id: str
    title: str
    date: date
    place: str
    snippet: str
    score: float
    field: str | None = None
    fields: tuple[str, ...] = ()
    highlights: tuple[tuple[int, int], ...] = ()

    def marked_snippet(self, start: str = "**", end: str = "**") -> str:
        """The snippet with each matched word between `start` and `end` (e.g. "<b>", "</b>")."""
        return Snippet(self.snippet, self.highlights).marked(start, end)
