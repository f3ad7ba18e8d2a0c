"""Search filters: checking what is given, and the conditions they put on incidents."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

import casefile
from casefile import errors
from casefile.search.conditions import conditions
from casefile.search.filters import CHOICES, Filters
from casefile.store.models import Incident

_CHOICE_VALUES = st.one_of(st.text(max_size=20), st.lists(st.text(max_size=20), max_size=3))


@pytest.fixture(scope="module")
def demo_session(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Session]:
    """A session on one copy of the demo case, for tests that only read."""
    path = tmp_path_factory.mktemp("filters") / "demo.casefile"
    shutil.copy(demo_template, path)
    with casefile.open(path) as cf, cf.transactions.session() as session:
        yield session


def _titles(session: Session, **values: Any) -> set[str]:
    query = select(Incident.title).where(*conditions(Filters.of(**values)))
    return set(session.scalars(query))


def test_values_are_kept_as_tuples_and_dates() -> None:
    filters = Filters.of(
        event_type="Battles", country=["TJ", "Afghanistan"], start="2025-11-01", end=None
    )
    assert filters.event_type == ("Battles",)
    assert filters.country == ("TJ", "Afghanistan")
    assert filters.start == date(2025, 11, 1)
    assert filters.end is None
    assert Filters.of(status=[], tags=()) == Filters()


def test_tags_and_grades_are_normalised_as_stored() -> None:
    filters = Filters.of(tags="  Border   Post ", reliability=[" b", "c "])
    assert filters.tags == ("border post",)
    assert filters.reliability == ("B", "C")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"start": "23/12/2025"}, "start"),
        ({"end": "soon"}, "end"),
        ({"min_killed": "many"}, "min_killed"),
        ({"min_killed": None, "colour": "red"}, "colour"),
    ],
)
def test_a_wrong_value_is_refused_naming_its_filter(values: dict[str, Any], field: str) -> None:
    with pytest.raises(errors.Invalid) as refused:
        Filters.of(**values)
    assert field in str(refused.value)


def test_min_killed_is_a_count() -> None:
    assert Filters.of(min_killed="3").min_killed == 3
    assert Filters.of(min_killed=-2).min_killed == 0


def test_without_clears_one_filter_only() -> None:
    filters = Filters.of(start="2025-01-01", event_type="Battles", min_killed=1)
    assert filters.without("start") == dataclasses.replace(filters, start=None)
    assert filters.without("event_type").event_type == ()
    assert filters.without("min_killed").min_killed is None


@given(
    st.fixed_dictionaries({}, optional=dict.fromkeys(CHOICES, _CHOICE_VALUES)),
    st.one_of(st.none(), st.dates()),
    st.one_of(st.none(), st.integers(min_value=-5, max_value=10**6)),
)
def test_any_choices_survive_the_trip_through_json(
    choices: dict[str, Any], start: date | None, min_killed: int | None
) -> None:
    filters = Filters.of(**choices, start=start, min_killed=min_killed)
    assert Filters.of(**filters.to_json()) == filters


@given(st.text(max_size=30))
def test_free_text_for_a_date_or_a_count_is_a_value_or_invalid(text: str) -> None:
    for name in ("start", "end", "min_killed"):
        try:
            value = getattr(Filters.of(**{name: text}), name)
        except errors.Invalid as exc:
            assert name in str(exc)
        else:
            assert value is None or isinstance(value, date | int)


@given(st.sampled_from(CHOICES), _CHOICE_VALUES)
def test_any_text_in_a_choice_filter_runs_as_sql(
    demo_session: Session, name: str, value: str | list[str]
) -> None:
    _titles(demo_session, **{name: value})


def test_each_filter_narrows_the_demo_case(demo_session: Session) -> None:
    everything = _titles(demo_session)
    assert len(everything) == 4
    assert _titles(demo_session, country="TJ") == everything  # by ISO code
    assert _titles(demo_session, country="Tajikistan") == everything  # or by name
    assert _titles(demo_session, country="AF") == set()
    battles = _titles(demo_session, event_type="Battles")
    assert len(battles) == 2
    assert _titles(demo_session, event_type=["Battles", "Violence against civilians"]) > battles
    assert _titles(demo_session, event_type="Battles", min_killed=6) == {
        "Armed infiltrations from Afghan territory (several, recent months)"
    }
    assert _titles(demo_session, start="2025-11-26", end="2025-11-26") == {
        "Drone strike on Chinese-operated gold mine",
        "Gunfire on workers of a Chinese state-owned enterprise",
    }
    assert _titles(demo_session, tags="DRONE") == {"Drone strike on Chinese-operated gold mine"}
    assert len(_titles(demo_session, actor="Islamic State Khorasan Province (ISKP)")) == 2
    assert len(_titles(demo_session, reliability="d")) == 1
    assert len(_titles(demo_session, status="draft")) == 1
