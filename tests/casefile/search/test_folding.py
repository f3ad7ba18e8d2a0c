"""Folding: every script to the same lower-case ASCII words, both ways."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefile.search import folding


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Шамсиддин Шоҳин", ["shamsiddin", "shohin"]),
        ("Shamsiddin SHOHIN", ["shamsiddin", "shohin"]),
        ("Хоруғ", ["khorugh"]),
        ("Ҷалолиддин", ["jaloliddin"]),
        ("Müller café", ["muller", "cafe"]),
        ("Qal'ai-Khumb", ["qal", "ai", "khumb"]),
        ("Қалъаи Хумб", ["qal", "ai", "khumb"]),
        ("霍罗格", ["huo", "luo", "ge"]),
        ("", []),
        ("«—» (*) ^:", []),
    ],
)
def test_fold(written: str, folded: list[str]) -> None:
    assert folding.fold(written) == folded


def test_combining_marks_do_not_split_words() -> None:
    decomposed = "Mu\u0308ller"
    assert folding.fold(decomposed) == ["muller"]
    assert folding.fold("كِتَاب") == folding.fold("كتاب")


def test_folded_words_are_plain_ascii_runs() -> None:
    for word in folding.fold("Гурӯҳи мусаллаҳ ба посгоҳ دره‌ی پنجشیر 喀布尔 ½ ﬁne"):
        assert word.isascii() and word.isalnum() and word == word.lower()


def test_alternate_names_of_places() -> None:
    assert set(folding.alternate_names(["khorog"])) == {"khorugh", "khorogh"}
    assert "kalaikhum" in folding.alternate_names(folding.fold("Қалъаи Хумб"))
    assert folding.alternate_names(["dushanbe"]) == []
    assert folding.alternate_names([]) == []


def test_a_new_set_of_alternate_names_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folding, "ALTERNATE_NAMES", list(folding.ALTERNATE_NAMES))
    folding.add_alternate_names(("Test Town", "Тест Таун"))
    assert folding.alternate_names(["in", "test", "town"]) == ["test", "taun"]


def _fold_whole(text: str) -> list[str]:
    """The folding's definition, over the whole text at once."""
    text = folding._MARKS.sub("", unicodedata.normalize("NFKC", text))
    return [f for word in folding.WORD.findall(text) for f in folding.fold_word(word)]


# Letters of the scripts analysts meet, marks, compatibility forms and odd white space.
_TEXT = st.text(
    st.sampled_from("Khorug Хоруғ ҳҷқғӣӯ فیض آباد 霍罗格 é\u0301\u00a8\u00a0\u2028ﬁ①Ⅻ_-,.\t\n")
    | st.characters(),
    max_size=60,
)


@given(_TEXT)
def test_folding_run_by_run_is_folding_the_whole_text(text: str) -> None:
    assert folding.fold(text) == _fold_whole(text)
    assert folding.fold_text(text) == " ".join(_fold_whole(text))


@given(st.text(st.characters(max_codepoint=127)))
def test_ascii_text_folds_to_its_lower_case_letter_and_digit_runs(text: str) -> None:
    words = folding.ASCII_WORD.findall(text.lower())
    assert folding.fold(text) == words
    assert folding.fold_text(text) == " ".join(words)


# --- Latin romanisations of Tajik, Russian and Persian -------------------------------------


@pytest.mark.parametrize(
    ("written", "usual"),
    [
        ("Šamsiddin Šohin", "Shamsiddin Shohin"),
        ("Čorkuh", "Chorkuh"),
        ("Žiloy", "Zhiloy"),
        ("Ǧarm", "Gharm"),
        ("Qūrġān-Tappa", "Qurghan-Tappa"),
        ("ẖorog", "khorog"),
        ("Ḩiṣār", "Hisar"),
        ("Dūšanbe", "Dushanbe"),
        ("Kāfirnihān", "Kafirnihan"),
        ("Ẕiyā", "Ziya"),
        ("ƢARM", "GHARM"),
        ("ŞAHRITUS", "SHAHRITUS"),
    ],
)
def test_romanised_letters_fold_as_their_usual_english_spelling(written: str, usual: str) -> None:
    assert folding.fold(written) == folding.fold(usual)
    assert folding.fold(written) == folding.fold(usual.lower())


_ROMANISED = sorted(folding.ROMANISED) + [letter.upper() for letter in folding.ROMANISED]


@given(st.lists(st.sampled_from(_ROMANISED) | st.sampled_from("abdikmnoqrtuyz -'"), max_size=30))
def test_every_romanised_letter_folds_as_its_spelling_anywhere_in_a_word(parts: list[str]) -> None:
    written = "".join(parts)
    spelt = "".join(folding.ROMANISED.get(part.lower(), part) for part in parts)
    assert folding.fold(written) == folding.fold(spelt)
