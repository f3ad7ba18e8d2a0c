"""Columns written as JSON a column at a time: the very bytes `history.encode` writes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefile.protect import history, state_json

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=3),
)


@given(st.lists(_VALUES, min_size=1, max_size=8) | st.lists(st.text() | st.none(), min_size=1))
def test_a_column_is_written_as_history_encode_writes_each_value(values: list[Any]) -> None:
    assert state_json.column(tuple(values)) == [history.encode(v) for v in values]


@given(st.lists(st.booleans() | st.none(), min_size=1))
def test_a_column_of_yes_and_no_is_written_as_history_encode_writes_it(values: list[Any]) -> None:
    assert state_json.column(tuple(values)) == [history.encode(v) for v in values]


_KEYS = st.sampled_from(["inter1", "hash", "year", 'a"%s', "ü", "%"]) | st.text(max_size=3)


@given(
    st.lists(
        st.dictionaries(_KEYS, st.text(max_size=4), max_size=5)
        | st.dictionaries(_KEYS, _VALUES, max_size=3)
        | st.dictionaries(st.integers(), st.text(max_size=2), max_size=3),
        min_size=1,
    )
)
def test_a_column_of_dicts_is_written_as_history_encode_writes_it(values: list[Any]) -> None:
    # Dicts of text share a template per key order; any other dict is encoded as it is.
    assert state_json.column(tuple(values)) == [history.encode(v) for v in values]


_AWKWARD: list[list[Any]] = [
    ["Kabul", "Kūnduz", "خوست", 'a "quoted" word', "back\\slash", "tab\there", "\u2028", "%s %"],
    ["x", None, "", "\x00\x1f"],
    [1.0, 0.1, -0.0, 1e300, 2.5e-308, None],
    [float("nan"), float("inf"), 1.5],
    [True, False, None],
    [0, -1, 2**70, None],
    [1, True, 2.0, "3", None],  # mixed kinds
    [{"b": "2", "a": "1"}, {"a": "é", "b": 'q"'}, {"a": "1", "b": None}],
    [{"nested": {"z": [1, 2.5, None], "a": "ü"}, "n": 1}, {}],
    [[1, "a"], ("t", None)],
]


@pytest.mark.parametrize("values", _AWKWARD)
def test_awkward_values_are_written_as_history_encode_writes_them(values: list[Any]) -> None:
    assert state_json.column(values) == [history.encode(v) for v in values]


def test_an_object_template_filled_in_is_history_encode_of_the_object() -> None:
    row = {"a%s": 'x"%', "b": None, "ü": 1.5, "z": {"k": "v"}}
    keys = sorted(row)  # a%s, b, z, ü
    template = state_json.object_template(keys, [None, "null", None, None])
    filled = template % ('"x\\"%"', '{"k":"v"}', "1.5")
    assert filled == history.encode(row)
