"""Folding: every script to the same lower-case ASCII words, both ways."""

from __future__ import annotations

import lzma
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefile.search import aliases, folding


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


def test_alternate_names_of_places_come_from_the_gazetteer() -> None:
    assert {"khorugh", "xorog"} <= set(folding.alternate_names(["khorog"]))
    assert "kulob" in folding.alternate_names(folding.fold("Куляб"))
    assert "taloqan" in folding.alternate_names(folding.fold("تالقان"))
    assert "tajikistan" in folding.alternate_names(folding.fold("تاجیکستان"))  # Dari
    assert folding.alternate_names([]) == []


def test_short_and_common_words_name_no_place(place_spellings: aliases.Aliases) -> None:
    assert folding.spellings("of") == []  # a town in Turkey, but never read for
    assert place_spellings.others("nowhereville") == []


def test_an_index_not_shipped_gives_no_spellings(tmp_path: Path) -> None:
    assert aliases.Aliases(tmp_path).others("khorog") == []


def test_the_index_is_built_from_the_gazetteer_files(tmp_path: Path) -> None:
    (tmp_path / "admin1.tsv").write_text("TJ\t01\tGBAO\tГБАО\n", encoding="utf-8")
    (tmp_path / "countries.tsv").write_text("TJ\tTajikistan\tТоҷикистон\n", encoding="utf-8")
    line = "Khorugh\t37.5\t71.5\tTJ\t01\t30000\tKhorog|Хоруғ|Khorugh\n"
    (tmp_path / "places.tsv.xz").write_bytes(lzma.compress(line.encode()))
    (tmp_path / aliases.FILE).write_bytes(aliases.build(tmp_path, folding.fold))
    built = aliases.Aliases(tmp_path, cache=tmp_path / "cache")
    assert built.others("khorugh") == ["khorog"]
    assert built.others("tojikiston") == ["tajikistan"]
    assert built.others("gbao") == []  # ГБАО folds to the same word: nothing else to ask for
    again = aliases.Aliases(tmp_path, cache=tmp_path / "cache")  # from the sorted copy
    assert again.others("khorog") == ["khorugh"]
    assert list((tmp_path / "cache").glob("aliases-*.marshal"))


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
