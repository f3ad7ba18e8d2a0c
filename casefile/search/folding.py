"""Folding text for search: any script to lower-case ASCII words, so scripts match each other.

Both the index and the query pass through `fold`, so "Шамсиддин Шоҳин", "Shamsiddin
Shohin" and "SHAMSIDDIN SHOHIN" all become the words `shamsiddin shohin`. anyascii
follows the usual Tajik romanisation (ҳ -> h, ғ -> gh, ҷ -> j); unidecode does not.
The folded words are plain [a-z0-9]+ runs, exactly what FTS5's tokenizers make of
ASCII text, so a folded word can be quoted into an FTS5 query without escaping.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Each Han character is a word of its own: Chinese is written without spaces, and a
# character folds to one pinyin syllable, so a query for 霍罗格 becomes the phrase huo luo ge.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(rf"[{_HAN}]|[^\W_{_HAN}]+")
HAN = re.compile(f"[{_HAN}]")
ASCII_WORD = re.compile(r"[a-z0-9]+")
Spelling = tuple[str, ...]  # a name as folded words
# Combining marks (Latin accents left after NFKC, Cyrillic titlo, Arabic harakat) are
# dropped: they would split a word in two, and diacritics never matter to a search.
_MARKS = re.compile("[\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")

# Alternate names of places, consulted when an incident is indexed: a place field naming
# one spelling is also found by the others. The later places issue will fill this from
# a gazetteer table; until then it holds a few well-known towns of the Tajik-Afghan border.
ALTERNATE_NAMES: list[tuple[str, ...]] = [
    ("Khorugh", "Khorog", "Хоруғ", "Хорог", "Khorogh"),
    ("Ishkoshim", "Ishkashim", "Ишкошим", "Ишкашим", "اشکاشم"),
    ("Qal'ai Khumb", "Kalaikhum", "Kalai-Khumb", "Қалъаи Хумб", "Калаи-Хумб"),
    ("Darvoz", "Darvaz", "Дарвоз", "Дарваз", "درواز"),
    ("Panj", "Pyanj", "Pyandzh", "Панҷ", "Пяндж"),
    ("Murghob", "Murgab", "Murghab", "Мурғоб", "Мургаб"),
    ("Rushon", "Rushan", "Рушон", "Рушан"),
    ("Vanj", "Vanch", "Ванҷ", "Ванч"),
    ("Fayzabad", "Faizabad", "Feyzabad", "فیض آباد", "فيض آباد"),
    ("Kunduz", "Kondoz", "Qunduz", "قندوز", "کندز"),
]


# Letters of the Latin romanisations of Tajik, Russian and Persian (ISO 9, ISO 233, BGN/PCGN,
# the Tajik Latin alphabet) that stand for a sound English writes with two letters:
# anyascii drops the mark (š -> s), so "Šamsiddin" missed "Shamsiddin". Each is written
# here as the usual English spelling has it; other marked letters (ā, ī, ū, ḩ, ẕ, ṣ, ...)
# already fold to their plain letter. A change here changes what the index holds: a
# migration must reindex the text holding the letters (see migration 0004).
ROMANISED = {
    "š": "sh",  # ш, ش
    "č": "ch",  # ч, چ
    "ž": "zh",  # ж, ژ
    "ǧ": "gh",  # ғ, غ
    "ġ": "gh",  # غ (ISO 233)
    "ẖ": "kh",  # х, خ (ISO 233)
    "ḫ": "kh",  # خ (DMG)
    "ƣ": "gh",  # ғ (Tajik Latin alphabet)
    "ƶ": "zh",  # ж (Tajik Latin alphabet)
    "ş": "sh",  # ш (Tajik Latin alphabet, Turkic)
    "ș": "sh",  # the same letter with a comma below
}
# Capitals too, where Unicode has one letter for it (ẖ has none: H̱ is H and a mark).
_CAPITALS = {k.upper(): v.capitalize() for k, v in ROMANISED.items() if len(k.upper()) == 1}
_ROMANISED = str.maketrans({**ROMANISED, **_CAPITALS})


@lru_cache(maxsize=262_144)
def fold_word(word: str) -> tuple[str, ...]:
    """The ASCII words one written word folds to (usually one; none for pure punctuation)."""
    return tuple(ASCII_WORD.findall(anyascii(word.translate(_ROMANISED)).lower()))


# ASCII text folds to its lower-case runs of [a-z0-9]: every other character separates
# words. A translation and split() find them in C, twice as fast as ASCII_WORD.
_ASCII_SEPARATORS = str.maketrans(
    {chr(code): " " for code in range(128) if not chr(code).isalnum()}
)


def fold(text: str) -> list[str]:
    """The folded words of a text, in order: lower-case ASCII, any script, no diacritics."""
    if text.isascii():
        return text.lower().translate(_ASCII_SEPARATORS).split()
    return fold_text(text).split()


def fold_text(text: str) -> str:
    """The folded words of a text joined by spaces: what the index stores."""
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_SEPARATORS).split())
    # Run by run between spaces, each remembered: indexing a case meets the same written
    # words again and again, and the lookups stay in C.
    return " ".join(filter(None, map(_fold_run, text.split())))


@lru_cache(maxsize=262_144)
def _fold_run(run: str) -> str:
    """The folded words of a run of text without white space, joined by spaces.

    Normalising and dropping marks never reach across white space, so a text folds to
    its runs' folds in order.
    """
    run = _MARKS.sub("", unicodedata.normalize("NFKC", run))
    return " ".join(folded for word in WORD.findall(run) for folded in fold_word(word))


@lru_cache(maxsize=4)
def _alias_table(groups: tuple[tuple[str, ...], ...]) -> tuple[dict[Spelling, list[Spelling]], int]:
    """Each spelling's other spellings, and the most words a spelling has."""
    table: dict[Spelling, list[Spelling]] = {}
    for group in groups:
        spellings = list(dict.fromkeys(tuple(fold(name)) for name in group))
        for spelling in spellings:
            table[spelling] = [other for other in spellings if other != spelling]
    return table, max(map(len, table), default=0)


def alternate_names(words: list[str]) -> list[str]:
    """Folded words of the other spellings of every known place named in `words`."""
    table, longest = _alias_table(tuple(ALTERNATE_NAMES))
    found: list[str] = []
    for start in range(len(words)):
        for stop in range(start + 1, min(start + longest, len(words)) + 1):
            for other in table.get(tuple(words[start:stop]), ()):
                found.extend(other)
    return found


@lru_cache(maxsize=262_144)
def fold_word_as_place(word: str) -> tuple[str, ...]:
    """A written word's folded words, and those of its other names if it is a place."""
    folded = fold_word(word)
    return folded + tuple(alternate_names(list(folded)))


@lru_cache(maxsize=262_144)
def place_line(word: str) -> str:
    """`fold_word_as_place` as one line of space-separated words, for a regex to search."""
    return " ".join(fold_word_as_place(word))


def add_alternate_names(group: tuple[str, ...]) -> None:
    """Teach the folding one more set of spellings of a place (for the gazetteer to call)."""
    ALTERNATE_NAMES.append(group)
    fold_word_as_place.cache_clear()
    place_line.cache_clear()
