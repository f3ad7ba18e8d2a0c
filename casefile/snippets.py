"""Snippets of the original text around the words a query matched, in any script.

The index holds folded text, so matches are found by folding each written word of the
original and comparing it with the query's folded words: "Хоруғ" is highlighted for a
search of "khorugh", and the snippet shows the text as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from casefile.folding import WORD, fold_word_as_place
from casefile.query import Term

SNIPPET_CHARS = 200  # about two lines of a result list
LEAD_CHARS = 60  # shown before the first match


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
    """Tells whether folded words are ones the query asked for (whole, or as a prefix).

    The words are compiled into one regular expression, so the checks run in C.
    """

    def __init__(self, terms: Iterable[Term]):
        whole: set[str] = set()
        prefixes: set[str] = set()
        for term in terms:
            *inner, last = term.words
            whole.update(inner)
            (prefixes if term.prefix else whole).add(last)
        # Folded words are [a-z0-9]+, so they need no escaping in a pattern.
        choices = [f"{p}[a-z0-9]*" for p in sorted(prefixes)] + sorted(whole, key=len, reverse=True)
        self.any = bool(choices)
        self._written: dict[str, bool] = {}
        either = "(?:" + "|".join(choices) + ")"
        self._word = re.compile(either)
        self._text = re.compile(f"(?<![a-z0-9]){either}(?![a-z0-9])")

    def __bool__(self) -> bool:
        return self.any

    def word(self, folded: str) -> bool:
        """True if this folded word matches."""
        return self.any and self._word.fullmatch(folded) is not None

    def written(self, word: str) -> bool:
        """True if a word as written (any script) folds to a matching word."""
        known = self._written.get(word)
        if known is None:
            # Remembered: in a page of hits the same words come again and again.
            # A place found by another of its names (Хоруғ for "khorog") is marked too.
            folded = fold_word_as_place(word)
            known = self._written[word] = any(self.word(w) for w in folded)
        return known

    def folded_text(self, text: str) -> bool:
        """True if any word of already folded (space-separated) text matches."""
        return self.any and self._text.search(text) is not None

    def finditer_ascii(self, text: str) -> Iterator[re.Match[str]]:
        """The matching words of ASCII text."""
        return self._text.finditer(text.lower())

    def first_in_ascii(self, text: str) -> int | None:
        """Where the first matching word of ASCII text starts (folding ASCII is lower())."""
        found = self._text.search(text.lower()) if self.any else None
        return found.start() if found else None


def _first(text: str, matcher: Matcher) -> int:
    """Where the first matching word starts (0 if none)."""
    if not matcher:
        return 0
    if text.isascii():
        return matcher.first_in_ascii(text) or 0
    return next((m.start() for m in WORD.finditer(text) if matcher.written(m.group())), 0)


def _window(text: str, pos: int) -> tuple[int, int]:
    """Start and end of about SNIPPET_CHARS from a little before `pos`, at spaces."""
    begin = max(pos - LEAD_CHARS, 0)
    if begin:
        space = text.find(" ", begin, pos)  # do not start in the middle of a word
        begin = space + 1 if space != -1 else pos
    end = min(begin + SNIPPET_CHARS, len(text))
    if end < len(text):
        space = text.rfind(" ", pos, end)
        end = space if space != -1 else end
    return begin, end


def _highlights(body: str, matcher: Matcher) -> list[tuple[int, int]]:
    if not matcher:
        return []
    if body.isascii():
        # Folding ASCII is lower(): the matched runs are the written words themselves.
        return [m.span() for m in matcher.finditer_ascii(body)]
    return [m.span() for m in WORD.finditer(body) if matcher.written(m.group())]


def snippet(text: str, matcher: Matcher) -> Snippet:
    """The part of `text` around its first matched word, matched words marked."""
    begin, end = _window(text, _first(text, matcher))
    head = "…" if begin else ""
    tail = "…" if end < len(text) else ""
    body = text[begin:end].replace("\r", " ").replace("\n", " ")  # same length: spans hold
    spans = [(a + len(head), b + len(head)) for a, b in _highlights(body, matcher)]
    return Snippet(head + body + tail, _merged(spans))


def _merged(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Touching spans as one: the characters of a Chinese word are words of their own."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return tuple(out)
