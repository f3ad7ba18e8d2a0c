"""Reading cells: every spelling of a date and a number, and nothing else gets through."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefile.exchange import values
from casefile.exchange.values import CellError

DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d.%m.%Y", "%d-%b-%Y", "%d %b %Y")


@given(DATES, st.sampled_from(FORMATS))
def test_every_spelling_of_a_date_reads_back(day: date, fmt: str) -> None:
    assert values.parse_date(day.strftime(fmt), "event_date") == day


@given(DATES)
def test_an_iso_date_and_time_reads_as_its_date(day: date) -> None:
    assert values.parse_date(f"{day.isoformat()} 00:00:00.000") == day
    assert values.parse_date(f"{day.isoformat()}T13:05:00Z") == day


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_reason(text: str) -> None:
    try:
        values.parse_date(text, "event_date")
    except CellError as exc:
        assert str(exc).startswith("event_date: ")


@pytest.mark.parametrize("text", ["31 February 2020", "30.02.2021", "2021-02-29", "32.01.2020"])
def test_days_that_do_not_exist_are_refused(text: str) -> None:
    with pytest.raises(CellError, match="is not a date"):
        values.parse_date(text, "event_date")


@given(st.integers(min_value=0, max_value=10**9))
def test_counts_read_back(number: int) -> None:
    assert values.parse_count(str(number), "fatalities") == number
    assert values.parse_count(f"{number}.0", "fatalities") == number


@given(st.text(max_size=20))
def test_any_text_is_a_number_or_a_reason(text: str) -> None:
    try:
        result = values.parse_int(text, "fatalities")
    except CellError as exc:
        assert str(exc).startswith("fatalities: ")
    else:
        assert result is None or isinstance(result, int)


@given(st.floats(min_value=-90, max_value=90, allow_nan=False))
def test_latitudes_read_back(latitude: float) -> None:
    assert values.parse_coordinate(repr(latitude), "latitude", 90) == latitude


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("many", "'many' is not a number"),
        ("2.5", "'2.5' is not a whole number"),
        ("inf", "'inf' is not a whole number"),
        ("nan", "'nan' is not a whole number"),
        ("-1", "'-1' is below zero"),
    ],
)
def test_bad_counts_say_why(text: str, reason: str) -> None:
    with pytest.raises(CellError) as raised:
        values.parse_count(text, "fatalities")
    assert str(raised.value) == f"fatalities: {reason}"


def test_a_decimal_comma_is_read() -> None:
    assert values.parse_coordinate("37,78", "latitude", 90) == 37.78
    with pytest.raises(CellError, match="123 is outside -90 to 90"):
        values.parse_coordinate("123", "latitude", 90)


@given(st.text(alphabet="0123456789 ,.-+\u00a0٣²", max_size=20))
def test_digits_read_as_through_a_decimal_number(text: str) -> None:
    """Cells of digits take a short way; it reads them as the general way does."""
    try:
        general = values.parse_int(f" {text}", "n")  # the space: past the short way
    except values.CellError as exc:
        general = str(exc)  # type: ignore[assignment]
    try:
        short = values.parse_int(text, "n")
    except values.CellError as exc:
        short = str(exc)  # type: ignore[assignment]
    assert short == general
