"""Folding: every script to the same lower-case ASCII words, both ways."""

from __future__ import annotations

import pytest

from casefile import folding


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
