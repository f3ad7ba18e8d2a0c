"""Incidents over time for the charts: bars of a day, week, month or year, clipped to the period.

A report of 1 Nov – 31 Dec counts by week, weeks starting on Monday: its first bar is
1–2 Nov, not the week of 27 Oct, and is labelled partial, as is a last week cut short.
A report without a period (all dates) bins over the data's range in whole buckets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MAX_BARS = 120
_FORMATS = {"day": "%d %b", "week": "w/c %d %b", "month": "%b %Y", "year": "%Y"}


@dataclass(frozen=True)
class Bar:
    """One bar: the days it counts (within the period), its incidents and how many are drafts."""

    first: date
    last: date
    count: int
    drafts: int = 0
    partial: bool = False  # the period cuts the bucket short at one end

    def label(self, bucket: str) -> str:
        """The bar's label: the bucket's usual name, or its days when the period cuts it short."""
        if not self.partial:
            return self.first.strftime(_FORMATS[bucket])
        return f"{days(self.first, self.last)} (partial)"


def days(first: date, last: date) -> str:
    """A short span of days as a reader says it: 1–2 Nov, 29 Dec–4 Jan, 2025 from 1 Mar."""
    if first == last:
        return f"{first.day} {first:%b}"
    if first.year != last.year:
        return f"{first.day} {first:%b %Y}–{last.day} {last:%b %Y}"
    if first.month == last.month:
        return f"{first.day}–{last.day} {last:%b}"
    return f"{first.day} {first:%b}–{last.day} {last:%b}"


def bucket_for(start: date, end: date) -> str:
    """Days for a month or so, weeks up to a year, months up to six, years beyond."""
    span = (end - start).days
    if span > 6 * 366:
        return "year"
    return "day" if span <= 45 else ("week" if span <= 366 else "month")


def bucket_start(day: date, bucket: str) -> date:
    """The first day of the bucket holding `day` (weeks start on Monday)."""
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    if bucket == "year":
        return day.replace(month=1, day=1)
    return day


def _next(day: date, bucket: str) -> date:
    if bucket == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    if bucket == "year":
        return day.replace(year=day.year + 1)
    return day + timedelta(days=7 if bucket == "week" else 1)


def bars(
    dated: Iterable[tuple[date, bool]],
    start: date,
    end: date,
    bucket: str,
    *,
    cut_start: bool = True,
    cut_end: bool = True,
) -> list[Bar]:
    """Incidents (their date, and whether a draft) per bucket from start to end, empty ones too.

    `cut_start`, `cut_end`: the report's period starts (ends) there, and no bar reaches
    beyond it: the first (last) bar may be partial. Where the report gives no date, the
    range is the data's and its buckets are whole. A range of centuries (a crafted date
    in year 1) would give thousands of bars: then only the years that have incidents are
    listed.
    """
    counts: Counter[date] = Counter()
    drafts: Counter[date] = Counter()
    for day, draft in dated:
        key = bucket_start(day, bucket)
        counts[key] += 1
        drafts[key] += draft
    if bucket == "year" and end.year - start.year > MAX_BARS:
        return [_bar(day, bucket, counts, drafts) for day in sorted(counts)]
    first, last = (start if cut_start else None), (end if cut_end else None)
    out = []
    day = bucket_start(start, bucket)
    while day <= end:
        out.append(_bar(day, bucket, counts, drafts, first, last))
        try:
            day = _next(day, bucket)
        except (OverflowError, ValueError):
            break  # the last day a date can hold
    return out


def _bar(
    day: date,
    bucket: str,
    counts: Counter[date],
    drafts: Counter[date],
    start: date | None = None,
    end: date | None = None,
) -> Bar:
    """The bar of the bucket starting on `day`, cut to start–end when given."""
    whole = _last_day(day, bucket)
    first = max(day, start) if start is not None else day
    last = min(whole, end) if end is not None else whole
    partial = (first, last) != (day, whole)
    return Bar(first, last, counts.get(day, 0), drafts.get(day, 0), partial)


def _last_day(day: date, bucket: str) -> date:
    try:
        return _next(day, bucket) - timedelta(days=1)
    except (OverflowError, ValueError):
        return date.max
