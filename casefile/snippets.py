"""Snippets of the original text around the words a query matched, in any script.

The index holds folded text, so matches are found by folding each written word of the
original and comparing it with the query's folded words: "Хоруғ" is highlighted for a
search of "khorugh", and the snippet shows the text as it was written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from casefile.folding import WORD, fold_word
from casefile.query import Term

CONTEXT_WORDS = 12  # words shown either side of the first match
MAX_WORDS = 30


@dataclass(frozen=True)
class Snippet:
    """A piece of text and the (start, end) spans of its matched words."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def marked(self, start: str = "**", end: str = "**") -> str:
        """The text with each matched word wrapped in `start` and `end`."""
        out, last = [], 0
        for a, b in self.spans:
            out += [self.text[last:a], start, self.text[a:b], end]
            last = b
        out.append(self.text[last:])
        return "".join(out)


class Matcher:
    """Tells whether a folded word is one the query asked for (whole, or as a prefix)."""

    def __init__(self, terms: Iterable[Term]):
        self.whole: set[str] = set()
        self.prefixes: list[str] = []
        for term in terms:
            *inner, last = term.words
            self.whole.update(inner)
            if term.prefix:
                self.prefixes.append(last)
            else:
                self.whole.add(last)

    def __bool__(self) -> bool:
        return bool(self.whole or self.prefixes)

    def word(self, folded: str) -> bool:
        """True if this folded word matches."""
        return folded in self.whole or any(folded.startswith(p) for p in self.prefixes)

    def folded_text(self, text: str) -> bool:
        """True if any word of already folded (space-separated) text matches."""
        return any(self.word(w) for w in text.split())


def _spans(text: str, matcher: Matcher) -> list[tuple[int, int, bool]]:
    return [
        (m.start(), m.end(), any(matcher.word(w) for w in fold_word(m.group())))
        for m in WORD.finditer(text)
    ]


def snippet(text: str, matcher: Matcher) -> Snippet:
    """The part of `text` around its first matched word, matched words marked."""
    words = _spans(text, matcher)
    if not words:
        return Snippet(text[:200])
    first = next((i for i, w in enumerate(words) if w[2]), 0)
    lo = max(first - CONTEXT_WORDS, 0)
    hi = min(lo + MAX_WORDS, len(words))
    begin = words[lo][0] if lo else 0
    stop = words[hi - 1][1] if hi < len(words) else len(text)
    head = "…" if lo else ""
    tail = "…" if hi < len(words) else ""
    shift = len(head) - begin
    spans = tuple((a + shift, b + shift) for a, b, hit in words[lo:hi] if hit)
    body = text[begin:stop].replace("\r", " ").replace("\n", " ")  # same length: spans hold
    return Snippet(head + body + tail, spans)
