"""The place line: one rule for the list, the details, search snippets and reports."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from casefile.records import wording


def place(**parts: str | None) -> SimpleNamespace:
    return SimpleNamespace(**{name: parts.get(name) for name in wording.PLACE_FIELDS})


def test_the_whole_place_most_precise_first() -> None:
    row = place(location="Shamsiddin Shohin", admin1="Khatlon", country="Tajikistan")
    assert wording.place_line(row) == "Shamsiddin Shohin, Khatlon, Tajikistan"
    assert wording.short_place(row) == "Shamsiddin Shohin, Tajikistan"


def test_a_name_already_said_is_left_out_but_never_a_word() -> None:
    row = place(location="Khorugh  city", admin2="khorugh", admin1="GBAO", country="Tajikistan")
    assert wording.place_line(row) == "Khorugh city, GBAO, Tajikistan"
    # "Rog" is not a word of "Khorog": a search for it must find it written out.
    assert wording.place_line(place(location="Khorog", admin2="Rog")) == "Khorog, Rog"


def test_short_place_without_a_country_or_with_only_one() -> None:
    assert wording.short_place(place(admin1="Badakhshan")) == "Badakhshan"
    assert wording.short_place(place(country="Afghanistan")) == "Afghanistan"
    assert wording.short_place(place()) == ""
    # A list row has only some of the fields.
    assert wording.short_place(SimpleNamespace(location="Ishkashim", country="TJ")) == (
        "Ishkashim, TJ"
    )


parts = st.one_of(st.none(), st.text(alphabet=" \t\nabcXYZ,Ш", max_size=12))


@given(st.fixed_dictionaries({name: parts for name in wording.PLACE_FIELDS}))
def test_any_parts_give_a_tidy_line_keeping_every_word(values: dict[str, str | None]) -> None:
    row = SimpleNamespace(**values)
    line = wording.place_line(row)
    kept = wording.place_parts(row)
    assert all(p and p == " ".join(p.split()) for p in kept)
    assert line == ", ".join(kept)
    said = " ".join(kept).casefold().split()
    for value in values.values():
        for word in (value or "").casefold().split():
            assert word in said
    short = wording.short_place(row)
    assert (short == "") if not kept else short.startswith(kept[0])
