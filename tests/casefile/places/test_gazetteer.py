"""Place suggestions in Latin, Cyrillic and Arabic script over the shipped gazetteer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile import errors
from casefile.places.gazetteer import Gazetteer, key


def first(gaz: Gazetteer, text: str) -> tuple[str, str, str]:
    place = gaz.suggest(text, limit=1)[0]
    return place.name, place.admin1, place.country_code


@pytest.mark.parametrize("typed", ["Хоруғ", "Хорог", "Khorugh", "Khorog", "khorog", "KHORUG"])
def test_khorugh_in_any_script_and_spelling(gaz: Gazetteer, typed: str) -> None:
    assert first(gaz, typed) == ("Khorugh", "Gorno-Badakhshan", "TJ")


@pytest.mark.parametrize("typed", ["فیض‌آباد", "فیض آباد", "Fayzabad", "Файзобод"])
def test_fayzabad_of_badakhshan_is_suggested(gaz: Gazetteer, typed: str) -> None:
    found = [(p.name, p.admin1, p.country) for p in gaz.suggest(typed, limit=5)]
    assert ("Fayzabad", "Badakhshan", "Afghanistan") in found


def test_faizabad_spelling_finds_the_afghan_town_among_others(gaz: Gazetteer) -> None:
    found = gaz.suggest("Faizabad", limit=5)
    assert any(p.admin1 == "Badakhshan" and p.country_code == "AF" for p in found)


def test_suggestion_shows_the_name_in_the_script_typed(gaz: Gazetteer) -> None:
    place = gaz.suggest("Хоруғ", limit=1)[0]
    assert place.spelling == "Хоруғ"
    assert place.label == "Хоруғ (Khorugh), Gorno-Badakhshan, Tajikistan"
    arabic = gaz.suggest("تالقان", limit=1)[0]
    assert (arabic.name, arabic.spelling, arabic.admin1) == ("Taloqan", "تالقان", "Takhar")


def test_cyrillic_finds_latin_named_place(gaz: Gazetteer) -> None:
    assert first(gaz, "Куляб") == ("Kŭlob", "Khatlon", "TJ")
    assert first(gaz, "Kulob") == ("Kŭlob", "Khatlon", "TJ")


def test_exact_name_comes_before_longer_names(gaz: Gazetteer) -> None:
    names = [p.name for p in gaz.suggest("Kunduz", limit=3)]
    assert names[0] == "Kunduz"


def test_a_single_letter_suggests_the_most_populous_first(gaz: Gazetteer) -> None:
    found = gaz.suggest("k", limit=10)
    assert len(found) == 10
    assert len({p.id for p in found}) == 10  # one entry per place, not per spelling
    # Places named just "K" (or 'Ка') come first; the rest by population.
    populations = [p.population for p in found if key(p.spelling) != "k"]
    assert populations == sorted(populations, reverse=True)


@pytest.mark.parametrize("typed", ["", "   ", "-- ,'", "\u200c"])
def test_nothing_to_match_suggests_nothing(gaz: Gazetteer, typed: str) -> None:
    assert gaz.suggest(typed) == []


def test_junk_suggests_nothing(gaz: Gazetteer) -> None:
    assert gaz.suggest("qqqzzzxxq") == []
    assert gaz.suggest("Khorugh", limit=0) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_text_gives_at_most_limit_places(gaz: Gazetteer, text: str) -> None:
    found = gaz.suggest(text, limit=3)
    assert len(found) <= 3
    for place in found:
        assert key(place.spelling).startswith(key(text))


def test_place_by_id(gaz: Gazetteer) -> None:
    place = gaz.suggest("Khorugh", limit=1)[0]
    assert gaz.place(place.id) == gaz.suggest("Khorugh", limit=1)[0].__class__(
        **{**place.__dict__, "spelling": "Khorugh"}
    )
    for bad in ("", "g", "gx", "g99999999", "42"):
        with pytest.raises(errors.NotFound):
            gaz.place(bad)


def test_country_names_in_three_scripts(gaz: Gazetteer) -> None:
    for name in ("Tajikistan", "Таджикистан", "Тоҷикистон", "تاجیکستان"):
        assert gaz.country_codes(name) == ["TJ"]
    assert gaz.country_codes("Afghanistan") == ["AF"]
    assert gaz.country_codes("") == []
    assert gaz.country_name("TJ", "تاجیکستان") == "تاجیکستان"


def test_key_folds_scripts_case_and_punctuation() -> None:
    assert key("Хоруғ") == key("KHORUGH") == "khorugh"
    assert key("Fayz-Ābād") == key("fayz abad") == "fayzabad"
    assert key("فیض‌آباد") == key("فیض آباد")
