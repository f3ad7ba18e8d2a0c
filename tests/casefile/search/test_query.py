"""The search box's query language: operators, and any text parsing into safe FTS5."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefile.search.query import MAX_QUERY_CHARS, MAX_TERMS, Query, Term, ends_short, parse

# Words and operators mixed with any characters, so that the operators meet odd neighbours.
_PIECES = st.sampled_from(['"', "-", "OR", "AND", "*", "(", ")", ":", "^", "NEAR(", " ", "\t"])
_TEXT = st.lists(st.one_of(st.text(max_size=12), _PIECES), max_size=12).map(" ".join)


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    """An FTS5 table with the index's options, to run parsed expressions against."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE doc USING fts5(body, prefix='3')")
    connection.execute("INSERT INTO doc VALUES ('drone strike on the gold mine')")
    yield connection
    connection.close()


def _words(query: Query) -> list[tuple[str, ...]]:
    return [term.words for clause in query.clauses for term in clause]


@given(_TEXT)
def test_any_text_parses_into_expressions_fts5_accepts(fts: sqlite3.Connection, text: str) -> None:
    query = parse(text)
    for expression in (query.match(), query.exclusion()):
        if expression is not None:
            fts.execute("SELECT rowid FROM doc WHERE doc MATCH ?", (expression,)).fetchall()


@given(_TEXT)
def test_every_term_is_folded_words_only(text: str) -> None:
    query = parse(text)
    terms = [t for clause in query.clauses for t in clause] + list(query.excluded)
    assert all(t.words and all(re.fullmatch("[a-z0-9]+", w) for w in t.words) for t in terms)
    assert len(terms) <= MAX_TERMS
    assert query.empty == (query.match() is None and query.exclusion() is None)
    assert ends_short(text) in (True, False)


@given(st.text(max_size=40))
def test_parse_ignores_text_past_the_limit(tail: str) -> None:
    head = "drone " * (MAX_QUERY_CHARS // 6)
    assert parse(head[:MAX_QUERY_CHARS] + tail) == parse(head[:MAX_QUERY_CHARS])


def test_words_must_all_match_and_the_last_is_a_prefix(fts: sqlite3.Connection) -> None:
    query = parse("drone str")
    assert _words(query) == [("drone",), ("str",)]
    assert query.match() == '("drone"*) AND ("str"*)'
    found = fts.execute("SELECT count(*) FROM doc WHERE doc MATCH ?", (query.match(),))
    assert found.fetchone() == (1,)
    assert parse("drone AND strike") == parse("drone strike")


def test_or_joins_the_words_beside_it() -> None:
    query = parse("drone OR mine border")
    assert [[t.words for t in clause] for clause in query.clauses] == [
        [("drone",), ("mine",)],
        [("border",)],
    ]
    assert query.match() == '("drone"* OR "mine"*) AND ("border"*)'


@pytest.mark.parametrize("text", ["OR drone", "drone OR", "OR", "AND"])
def test_a_dangling_operator_is_ignored(text: str) -> None:
    assert parse(text) == parse(text.replace("OR", "").replace("AND", ""))


def test_a_minus_word_is_excluded() -> None:
    query = parse("mine -rumour")
    assert query.excluded == (Term(("rumour",)),)
    assert query.match() == '(("mine"*)) NOT ("rumour")'
    only = parse("-rumour")
    assert only.match() is None
    assert only.exclusion() == '"rumour"'
    assert not only.empty
    assert parse("-").excluded == ()


def test_phrases_and_a_phrase_being_typed() -> None:
    assert parse('"gold mine"').match() == '("gold mine")'
    assert parse('"gold min').match() == '("gold min"*)'  # unclosed: still being typed
    assert parse('-"gold mine"').exclusion() == '"gold mine"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UN", '("un")'),  # too short to be a prefix: matched whole
        ("Шамсиддин", '("shamsiddin"*)'),
        ("金矿", '("jin kuang")'),  # a Chinese character is a whole syllable
        ('NEAR(a b) "x":^y', None),
    ],
)
def test_words_are_folded_and_syntax_is_plain_text(text: str, expected: str | None) -> None:
    match = parse(text).match()
    if expected is None:
        assert match is not None and "NEAR" not in match and ":" not in match
    else:
        assert match == expected


@pytest.mark.parametrize("text", ["", "   ", "!!! ...", '"', "()", "*"])
def test_text_without_words_is_no_filter(text: str) -> None:
    assert parse(text).empty
    assert parse(text).match() is None


def test_only_so_many_terms_are_kept() -> None:
    query = parse(" ".join(f"word{n}" for n in range(MAX_TERMS + 10)) + " -gone")
    assert len(query.terms) == MAX_TERMS
    assert query.excluded == ()


@pytest.mark.parametrize(
    ("text", "short"),
    [("kh", True), ("khorog", False), ("kh ", False), ('"kh"', False), ("金", False), ("", False)],
)
def test_ends_short_names_a_last_word_too_short_for_a_prefix(text: str, short: bool) -> None:
    assert ends_short(text) is short


def test_other_spellings_stay_within_the_cap_and_keep_every_typed_word() -> None:
    # "media" names places with many spellings (Mehdia, Mahdia plage...): found by hypothesis.
    query = parse("MEDIA 0 MEDIA")
    terms = [t for clause in query.clauses for t in clause]
    assert len(terms) <= MAX_TERMS
    assert [clause[0].words for clause in query.clauses] == [("media",), ("0",), ("media",)]
