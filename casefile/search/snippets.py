"""Snippets of the original text around the words a query matched, in any script.

The index holds folded text, so matches are found by folding each written word of the
original and comparing it with the query's folded words: "Хоруғ" is highlighted for a
search of "khorugh", and the snippet shows the text as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from casefile.search.folding import HAN, WORD, place_line
from casefile.search.query import Term

SNIPPET_CHARS = 200  # about two lines of a result list
LEAD_CHARS = 60  # shown before the first match


class Snippet(NamedTuple):
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

    The words are compiled into one regular expression, so the checks run in C. Made
    once per query: it remembers the written words it has judged, which come again
    and again in a page of hits.
    """

    def __init__(self, terms: Iterable[Term]):
        whole: set[str] = set()
        prefixes: set[str] = set()
        for term in terms:
            *inner, last = term.words
            whole.update(inner)
            (prefixes if term.prefix else whole).add(last)
        self.any = bool(prefixes or whole)
        self._found = _FoldedWords(prefixes, whole)
        self._judged: set[str] = set()  # written words seen so far
        self._matching: set[str] = set()  # those of them that match
        self._learned: set[str] = set()  # texts all of whose words are judged
        # Folded words are [a-z0-9]+, so they need no escaping in a pattern.
        choices = [f"{p}[a-z0-9]*" for p in sorted(prefixes)] + sorted(whole)
        self._word = re.compile("(?:" + "|".join(choices) + ")")

    def __bool__(self) -> bool:
        return self.any

    def word(self, folded: str) -> bool:
        """True if this folded word matches."""
        return self.any and self._word.fullmatch(folded) is not None

    def written(self, word: str) -> bool:
        """True if a word as written (any script) folds to a matching word."""
        self._judge({word})
        return word in self._matching

    def learn(self, texts: list[str]) -> None:
        """Judge the words of many texts at once (a page of hits), for quicker `spans`."""
        if not self.any:
            return
        written = [text for text in texts if not text.isascii()]
        words: set[str] = set()
        plain = []  # texts without Han, whose words are found together: no word spans a space
        for text in written:
            if HAN.search(text) is not None:  # in C: quick enough for one text
                words |= _distinct_words(text)
            else:
                plain.append(text)
        self._judge(words | _distinct_words(" ".join(plain), han=False))
        self._learned.update(written)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the words of `text` that match, in order."""
        if not self.any:
            return []
        if text.isascii():
            # Folding ASCII is lower(): the matched runs are the written words themselves.
            return self._found.spans(text.lower())
        return sorted(span for word in self._written_in(text) for span in _places(text, word))

    def _written_in(self, text: str) -> set[str]:
        """The distinct written words of `text` that match (or might: `_places` tells)."""
        if text in self._learned:
            # Every word of it is judged: only the few matching ones can be in it.
            return {word for word in self._matching if word in text}
        words = _distinct_words(text)
        self._judge(words)
        return words & self._matching

    def _judge(self, words: set[str]) -> None:
        """Sort words not seen before into matching or not, with one regex search for all.

        A place found by another of its names (Хоруғ for "khorog") is marked too.
        """
        new = list(words - self._judged)
        if not new:
            return
        self._judged.update(new)
        # One line of folded words per written word: a match's line names its word.
        lines = "\n".join(map(place_line, new))
        for start, _ in self._found.spans(lines):
            self._matching.add(new[lines.count("\n", 0, start)])


class _FoldedWords:
    """The query's folded words, found in folded text by `str.find` rather than a regex.

    A regular expression tries every position of a text in turn, ~10 ns each here;
    `find` skips to the next candidate in C, and a page of hits is ~20,000 characters.
    """

    def __init__(self, prefixes: set[str], whole: set[str]):
        # An empty word would be found everywhere, and `find` would never move on.
        choices = [(word, False) for word in prefixes] + [(word, True) for word in whole]
        self._choices = [choice for choice in choices if choice[0]]

    def spans(self, folded: str) -> list[tuple[int, int]]:
        """(start, end) of the words of `folded` that match, in order.

        `folded` is lower-case; its words are the runs of [a-z0-9], as in the index.
        """
        found: dict[int, int] = {}
        for word, whole in self._choices:
            at = folded.find(word)
            while at != -1:
                tail = _TAIL.match(folded, at)
                assert tail is not None  # "[a-z0-9]*" matches anywhere, if only nothing
                end = tail.end()  # the end of the folded word it is in
                starts_word = at == 0 or folded[at - 1] not in _ALNUM
                if starts_word and (not whole or end == at + len(word)):
                    found[at] = end
                at = folded.find(word, end)
        return sorted(found.items())


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_TAIL = re.compile("[a-z0-9]*")


def _distinct_words(text: str, *, han: bool = True) -> set[str]:
    """The distinct words of `text`, as WORD finds them, more cheaply.

    A regular expression over non-ASCII text is slow in Python; most words are runs of
    letters between spaces, which split() and isalnum() (WORD's letters) find in C.
    `han=False` says the text is known to hold no Han character.
    """
    if han and HAN.search(text) is not None:
        return set(WORD.findall(text))  # each Han character is a word of its own
    chunks = set(text.split())
    words = set(filter(str.isalnum, chunks))
    rest = chunks - words  # runs with punctuation: WORD splits them
    if rest:
        words.update(WORD.findall(" ".join(rest)))  # no WORD match spans a space
    return words


def _places(text: str, word: str) -> Iterator[tuple[int, int]]:
    """Where `word`, one of WORD's words of `text`, stands in it as a whole word."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        if _whole_word(text, start, end):
            yield start, end
        start = text.find(word, start + 1)


def _whole_word(text: str, start: int, end: int) -> bool:
    """True if text[start:end] is one of WORD's words of `text`, not part of a longer one."""
    here = WORD.match(text, start)
    if here is None or here.end() != end:
        return False
    before = WORD.match(text, start - 1) if start else None
    return before is None or before.end() == start


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


def snippet(text: str, matcher: Matcher) -> Snippet:
    """The part of `text` around its first matched word, matched words marked."""
    spans = matcher.spans(text)
    begin, end = _window(text, spans[0][0] if spans else 0)
    head = "…" if begin else ""
    tail = "…" if end < len(text) else ""
    body = text[begin:end].replace("\r", " ").replace("\n", " ")  # same length: spans hold
    if end < len(text) and text[end] != " ":
        # Cut inside a word: what is left of it is a word of the snippet's own.
        spans = [(a + begin, b + begin) for a, b in matcher.spans(body)]
    shift = len(head) - begin
    inside = [(a + shift, b + shift) for a, b in spans if begin <= a and b <= end]
    return Snippet(head + body + tail, _merged(inside))


def _merged(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Touching spans as one: the characters of a Chinese word are words of their own."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return tuple(out)
