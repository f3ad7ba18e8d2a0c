"""Facet counts: each filter's values among the results, counted without that filter."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import casefile
from casefile.search.facets import FACET_LIMIT, FACETS

DEMO_TYPES = [("Battles", 2), ("Explosions/Remote violence", 1), ("Violence against civilians", 1)]


def test_every_facet_counts_the_demo_case(demo_cf: casefile.CaseFile) -> None:
    counts = demo_cf.find.facets("")
    assert set(counts) == set(FACETS)
    assert counts["year"] == [(2025, 4)]
    assert counts["event_type"] == DEMO_TYPES
    assert counts["country"] == [("TJ", 4)]
    assert counts["status"] == [("reviewed", 3), ("draft", 1)]
    assert counts["min_killed"] == [(1, 4), (5, 2)]  # killed: 8, 5, 3, 2
    assert counts["tags"][0] == ("cross-border", 4)


def test_a_facet_ignores_its_own_filter_and_applies_the_others(
    demo_cf: casefile.CaseFile,
) -> None:
    counts = demo_cf.find.facets("", event_type="Battles")
    assert counts["event_type"] == DEMO_TYPES  # what choosing another type would give
    assert counts["status"] == [("draft", 1), ("reviewed", 1)]  # ties by value
    assert counts["year"] == [(2025, 2)]
    dated = demo_cf.find.facets("", start=date(2025, 12, 1))
    assert dated["year"] == [(2025, 4)]  # the year facet ignores the dates
    assert dated["status"] == [("reviewed", 1)]


@pytest.mark.parametrize(
    ("text", "filters"),
    [("", {}), ("drone", {}), ("border", {"status": "reviewed"}), ("-drone", {"min_killed": 3})],
)
def test_each_count_is_what_choosing_that_value_would_find(
    demo_cf: casefile.CaseFile, text: str, filters: dict[str, Any]
) -> None:
    counts = demo_cf.find.facets(text, **filters)
    for facet in ("event_type", "country", "actor", "reliability", "status", "tags"):
        for value, n in counts[facet]:
            chosen = {**filters, facet: value}
            assert len(demo_cf.search(text, **chosen)) == n, (facet, value)


def test_only_the_facets_asked_for(demo_cf: casefile.CaseFile) -> None:
    assert set(demo_cf.find.facets("", only=["tags", "year", "nonsense"])) == {"tags", "year"}


def test_text_that_finds_nothing_counts_nothing(demo_cf: casefile.CaseFile) -> None:
    counts = demo_cf.find.facets("zzzqqq")
    assert all(values == [] for values in counts.values())


def test_values_come_most_frequent_first_and_capped(cf: casefile.CaseFile) -> None:
    many = [f"tag {n:02d}" for n in range(FACET_LIMIT + 5)]
    cf.add_incident(title="Tagged", event_date=date(2025, 1, 1), tags=many)
    cf.add_incident(title="Also tagged", event_date=date(2025, 1, 2), tags=["tag 07"])
    tags = cf.find.facets("", only=["tags"])["tags"]
    assert len(tags) == FACET_LIMIT
    assert tags[0] == ("tag 07", 2)


def test_country_names_are_read_from_the_case(demo_cf: casefile.CaseFile) -> None:
    assert demo_cf.find.country_names(["TJ", "AF", "TJ"]) == {"TJ": "Tajikistan"}
