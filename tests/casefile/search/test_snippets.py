"""Snippets: the matched words found in the original text, in any script, and the window."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from casefile.search.folding import WORD, fold_word_as_place
from casefile.search.query import Term, parse
from casefile.search.snippets import SNIPPET_CHARS, Matcher, _distinct_words, snippet

# Words and what may stand between them (nothing, too: words run together): Latin,
# Cyrillic, Han, digits, an underscore, a combining mark, punctuation and spaces.
_WORDS = ["khorugh", "Khorog", "Хоруғ", "хорог", "рог", "ab", "AB1", "霍", "罗格", "ҳ", "x"]
_BETWEEN = ["", " ", "  ", "-", "_", "\n", "\u0301", ".", "霍"]
_QUERIES = ["khorugh", "хору", "ab", "霍罗", "x", '"ab ho"', "ro OR 1", "гҳ -ab", "khorog", "рог"]
_TEXTS = st.lists(st.tuples(st.sampled_from(_BETWEEN), st.sampled_from(_WORDS)), max_size=12)


def _word_by_word(matcher: Matcher, text: str) -> list[tuple[int, int]]:
    """What `Matcher.spans` must give: each of WORD's words of the text judged on its own."""
    if text.isascii():  # folding ASCII is lower(): no other names of places
        return [m.span() for m in WORD.finditer(text) if matcher.word(m.group().lower())]
    return [
        m.span()
        for m in WORD.finditer(text)
        if any(matcher.word(w) for w in fold_word_as_place(m.group()))
    ]


@given(pieces=_TEXTS, query=st.sampled_from(_QUERIES))
def test_spans_are_the_matching_words(pieces: list[tuple[str, str]], query: str) -> None:
    text = "".join(between + word for between, word in pieces)
    matcher = Matcher(parse(query).terms)
    assert matcher.spans(text) == _word_by_word(matcher, text)
    assert matcher.spans(text) == _word_by_word(matcher, text)  # again, words now judged


@given(page=st.lists(_TEXTS, min_size=1, max_size=4), query=st.sampled_from(_QUERIES))
def test_spans_in_a_page_learned_at_once(page: list[list[tuple[str, str]]], query: str) -> None:
    texts = ["".join(between + word for between, word in pieces) for pieces in page]
    matcher = Matcher(parse(query).terms)
    matcher.learn(texts)
    for text in texts:
        assert matcher.spans(text) == _word_by_word(matcher, text)


def test_a_word_inside_a_longer_word_is_not_marked() -> None:
    matcher = Matcher(parse('"рог"').terms)
    assert matcher.spans("Хорог рог рогатка рог") == [(6, 9), (18, 21)]
    assert not matcher.written("Хорог")


def test_the_snippet_is_cut_around_the_first_match() -> None:
    text = " ".join(["слово"] * 40) + " Хоруғ " + " ".join(["слово"] * 40)
    piece = snippet(text, Matcher(parse("khorugh").terms))
    assert piece.text.startswith("…") and piece.text.endswith("…")
    assert len(piece.text) <= SNIPPET_CHARS + 2
    assert piece.marked("[", "]").count("[Хоруғ]") == 1


def test_a_word_cut_by_the_window_is_judged_as_cut() -> None:
    # No space to end on: the window stops inside a word, and what is left of it is a
    # word of the snippet's own, marked if it matches.
    piece = snippet("drone-" + "drone" * 50, Matcher(parse("drone").terms))
    assert piece.text.endswith("dron…")
    assert piece.spans == ((0, 5), (6, SNIPPET_CHARS))


@given(st.text(alphabet="ab Хоғ-,.()«»'’—_\u0301،1 \n\t"))
def test_the_distinct_words_of_a_text_are_words_finds(text: str) -> None:
    assert _distinct_words(text) == set(WORD.findall(text))


def test_an_empty_query_word_marks_nothing_and_returns() -> None:
    matcher = Matcher([Term(("",), prefix=True), Term(("",))])
    assert matcher.spans("a b") == []
