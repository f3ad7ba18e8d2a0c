"""The filter set as one value: its keyword form, and values checked against what is known."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefile.search.filters import Filters, UnknownValue, check_known

KNOWN = {
    "event_type": {"Battles", "Explosions/Remote violence"},
    "sub_event_type": {"Armed clash"},
    "country": {"TJ", "Tajikistan", "AF", "Afghanistan"},
    "status": {"draft", "reviewed"},
    "reliability": set("ABCDEF"),
}


def test_keywords_give_one_value_as_itself_and_several_as_a_list() -> None:
    filters = Filters.of(
        start="2025-11-01", country=["TJ", "AF"], tags="Border  Post", min_killed=0
    )
    assert filters.keywords() == {
        "start": date(2025, 11, 1),
        "country": ["TJ", "AF"],
        "tags": "border post",
        "min_killed": 0,
    }
    assert Filters.of(**filters.keywords()) == filters


def test_known_values_pass_and_a_typo_names_the_closest() -> None:
    check_known(Filters.of(country=["TJ", "Afghanistan"], reliability="b"), KNOWN)
    with pytest.raises(UnknownValue) as raised:
        check_known(Filters.of(event_type="battles"), KNOWN)
    assert raised.value.closest == ["Battles"]
    assert "did you mean Battles?" in str(raised.value)


@given(st.text(max_size=20))
def test_any_unknown_text_is_refused_naming_known_values_only(value: str) -> None:
    filters = Filters.of(country=value)
    if value in KNOWN["country"]:
        check_known(filters, KNOWN)
        return
    with pytest.raises(UnknownValue) as raised:
        check_known(filters, KNOWN)
    assert set(raised.value.closest) <= KNOWN["country"]
    assert "\n" not in str(raised.value).replace(repr(value), "")
