"""Incidents over time: bars cover the report's period only, a cut-short first or last one
labelled partial; without a period, whole buckets over the data's range."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from casefile.sitrep.timeline import Bar, bars, bucket_for, bucket_start


def test_a_two_month_report_starts_on_its_first_day_not_the_week_before() -> None:
    dated = [(date(2025, 11, 1), True), (date(2025, 11, 26), False), (date(2025, 12, 31), False)]
    start, end = date(2025, 11, 1), date(2025, 12, 31)
    assert bucket_for(start, end) == "week"
    out = bars(dated, start, end, "week")
    assert out[0] == Bar(date(2025, 11, 1), date(2025, 11, 2), 1, 1, partial=True)
    assert out[0].label("week") == "1–2 Nov (partial)"
    assert out[1].label("week") == "w/c 03 Nov" and not out[1].partial
    assert out[-1] == Bar(date(2025, 12, 29), date(2025, 12, 31), 1, 0, partial=True)
    assert out[-1].label("week") == "29–31 Dec (partial)"
    assert sum(bar.count for bar in out) == 3


def test_without_a_period_the_buckets_are_whole_over_the_data() -> None:
    first, last = date(2025, 11, 1), date(2025, 12, 31)
    out = bars([(first, False), (last, False)], first, last, "week", cut_start=False, cut_end=False)
    assert out[0].first == date(2025, 10, 27) and not out[0].partial
    assert out[-1].last == date(2026, 1, 4) and not out[-1].partial


def test_only_the_end_given_cuts_only_the_last_bucket() -> None:
    first, end = date(2025, 11, 5), date(2025, 12, 31)
    out = bars([(first, False)], first, end, "week", cut_start=False)
    assert (out[0].first, out[0].partial) == (date(2025, 11, 3), False)
    assert out[-1].partial


def test_months_and_years_are_cut_and_labelled_too() -> None:
    start, end = date(2025, 3, 15), date(2025, 8, 20)
    out = bars([], start, end, "month")
    assert [bar.label("month") for bar in (out[0], out[1], out[-1])] == [
        "15–31 Mar (partial)",
        "Apr 2025",
        "1–20 Aug (partial)",
    ]
    years = bars([], date(2015, 1, 1), date(2025, 12, 31), "year")
    assert len(years) == 11 and not any(bar.partial for bar in years)
    across = bars([], date(2024, 7, 1), date(2031, 2, 3), "year")
    assert across[-1].label("year") == "1 Jan–3 Feb (partial)"


@given(
    start=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
    length=st.integers(0, 3000),
    offsets=st.lists(st.integers(0, 3000), max_size=20),
)
def test_bars_tile_the_period_exactly(start: date, length: int, offsets: list[int]) -> None:
    end = start + timedelta(days=length)
    dated = [(start + timedelta(days=o % (length + 1)), o % 2 == 0) for o in offsets]
    bucket = bucket_for(start, end)
    out = bars(dated, start, end, bucket)
    assert out[0].first == start and out[-1].last == end
    for before, after in pairwise(out):
        assert after.first == before.last + timedelta(days=1)
    assert sum(bar.count for bar in out) == len(dated)
    assert sum(bar.drafts for bar in out) == sum(draft for _, draft in dated)
    for bar in out[1:-1]:  # inside the period every bucket is whole
        assert bar.first == bucket_start(bar.first, bucket) and not bar.partial
    if start != bucket_start(start, bucket):
        assert out[0].partial
    if end + timedelta(days=1) != bucket_start(end + timedelta(days=1), bucket):
        assert out[-1].partial
