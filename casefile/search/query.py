"""The search box's query language, parsed into folded terms: words, "phrases", OR and -word.

Every word is folded (see `folding`) to [a-z0-9]+ words before it reaches the index, so
nothing the user types can be read as FTS5 syntax: quotes, brackets, AND, NEAR(, *, :
and ^ are all just punctuation or plain words. Input that folds to nothing is no text
filter at all, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from casefile.search.folding import HAN, fold, spellings

# Longer input is cut, and only so many terms are kept: FTS5 parses a query recursively,
# and nobody types fifty words into a search box on purpose.
MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
# Words shorter than this are matched whole ("UN", "IS"): as prefixes they would match
# much of the index, and a third letter is what makes a typed name useful. The index
# keeps prefixes of three letters (fts.OPTIONS) for the words that are.
MIN_PREFIX = 3

_PIECE = re.compile(r'(-?)"([^"]*)("?)|(\S+)')


@dataclass(frozen=True)
class Term:
    """A folded word or phrase; `prefix` lets its last word match the start of a word."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        """This term in FTS5 syntax; safe because folded words are [a-z0-9]+ only."""
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")


@dataclass(frozen=True)
class Query:
    """A parsed query: all `clauses` must match (each is a choice of terms); no `excluded`."""

    clauses: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    terms: tuple[Term, ...] = field(default=(), repr=False)

    @property
    def empty(self) -> bool:
        """True when the query filters nothing by text."""
        return not self.clauses and not self.excluded

    def match(self) -> str | None:
        """The FTS5 expression the results must match, or None if only words are excluded."""
        if not self.clauses:
            return None
        parts = ["(" + " OR ".join(t.fts() for t in clause) + ")" for clause in self.clauses]
        expression = " AND ".join(parts)
        if self.excluded:
            expression = f"({expression}) NOT ({self.exclusion()})"
        return expression

    def exclusion(self) -> str | None:
        """The FTS5 expression for the excluded terms, or None."""
        return " OR ".join(t.fts() for t in self.excluded) or None


def _term(text: str, *, prefix: bool) -> Term | None:
    words = tuple(fold(text))
    if not words:
        return None
    # A Chinese character is typed whole: its syllable is not the start of a longer word.
    whole = len(words[-1]) < MIN_PREFIX or HAN.search(text) is not None
    return Term(words, prefix=prefix and not whole)


def _pieces(text: str) -> list[tuple[str, Term]]:
    """(kind, term) for each piece: kind is '+', '-' or 'OR'."""
    out: list[tuple[str, Term]] = []
    for match in _PIECE.finditer(text[:MAX_QUERY_CHARS]):
        minus, phrase, closed, word = match.groups()
        if word is None:
            # An unclosed quote is a phrase still being typed: its last word is a prefix.
            term = _term(phrase, prefix=not closed)
            kind = "-" if minus else "+"
        elif word == "OR":
            out.append(("OR", Term(())))
            continue
        elif word == "AND":
            continue  # every word must match anyway
        elif word.startswith("-") and len(word) > 1:
            term, kind = _term(word[1:], prefix=False), "-"
        else:
            term, kind = _term(word, prefix=True), "+"
        if term is not None:
            out.append((kind, term))
    return out


def ends_short(text: str) -> bool:
    """Whether the text ends in a word being typed that is too short to match as a prefix.

    Such a word matches only whole words; a result line can say so ("kh" finds no "Khorog").
    """
    if not text or text[-1].isspace() or text.rstrip().endswith('"'):
        return False
    last = text.split()[-1].lstrip('-"')
    words = fold(last)
    return bool(words) and len(words[-1]) < MIN_PREFIX and HAN.search(last) is None


def has_no_words(text: str) -> bool:
    """Whether something was typed but none of it is a word (punctuation, emoji only).

    Such a query finds nothing, rather than every incident as blank text does.
    """
    return bool(text and text.strip()) and parse(text).empty


def parse(text: str) -> Query:
    """Parse what the user typed; never raises, whatever the input."""
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    joining = False
    for kind, term in _pieces(text):
        if kind == "OR":
            joining = bool(clauses)
        elif kind == "-":
            excluded.append(term)
        elif joining:
            clauses[-1].append(term)
            joining = False
        else:
            clauses.append([term])
    clauses, excluded = _capped(clauses, excluded)
    # What the user typed is kept whole; other spellings fill what is left of the cap.
    room = [MAX_TERMS - sum(map(len, clauses)) - len(excluded)]
    clauses = [_with_spellings(clause, room) for clause in clauses]
    excluded = _with_spellings(excluded, room)
    terms = tuple(t for clause in clauses for t in clause)
    return Query(tuple(tuple(c) for c in clauses), tuple(excluded), terms)


def _with_spellings(terms: list[Term], room: list[int]) -> list[Term]:
    """The terms, each followed by the other spellings of the places it names.

    "Куляб" also finds Kulob and Kulyab, in the place, title or narrative: the gazetteer's
    spellings, read when a query first names a word of four letters or more. Expanding
    the query rather than the index means every case file, however old its index, finds them.
    `room[0]`, shared by the clauses of one query, is how many more terms may be added.
    """
    out = list(terms)
    for term in terms:
        for other in spellings(" ".join(term.words)):
            alternate = Term(tuple(other.split()))
            if room[0] <= 0:
                return out
            if alternate not in out:
                out.append(alternate)
                room[0] -= 1
    return out


def _capped(clauses: list[list[Term]], excluded: list[Term]) -> tuple[list[list[Term]], list[Term]]:
    kept: list[list[Term]] = []
    budget = MAX_TERMS
    for clause in clauses:
        if budget <= 0:
            break
        kept.append(clause[:budget])
        budget -= len(kept[-1])
    return kept, excluded[: max(budget, 0)]
