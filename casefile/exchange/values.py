"""Reading one cell of an imported file: dates, numbers, coordinates, with a reason when not."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from functools import lru_cache

# Day-first, as ACLED, UCDP and European spreadsheets write dates; month names in English.
DATE_FORMATS = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %Y",
    "%d-%B-%Y",
    "%d-%b-%Y",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%B %d, %Y",
)
_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")


class CellError(ValueError):
    """A cell that cannot be read; the message says which column and why."""

    def __init__(self, column: str, reason: str):
        super().__init__(f"{column}: {reason}")
        self.column = column
        self.reason = reason


@lru_cache(maxsize=16_384)
def parse_date(text: str, column: str = "date") -> date:
    """A date written as ISO 8601, '21 March 2020', '21-Mar-2020' or 21.03.2020.

    Remembered: the rows of an export share a few thousand days between them.
    """
    text = " ".join(text.split())
    if not text:
        raise CellError(column, "a date is required")
    iso = _ISO_TIME.match(text)
    if iso:
        text = iso.group(1)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    numeric = _DAY_MONTH_YEAR.match(text) or re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", text)
    if numeric:
        # The parts are numbers but not a day that exists, such as 31 February.
        raise CellError(column, f"{text!r} is not a date that exists")
    raise CellError(column, f"{text!r} is not a date (use 2020-03-21 or 21 March 2020)")


def parse_int(text: str, column: str, *, default: int | None = None) -> int | None:
    """A whole number ('12', '12.0', '1 200'), or the default when the cell is empty."""
    # Most cells: digits only, short enough to read alike as int() and through float().
    if len(text) < 16 and text.isdigit() and text.isascii():
        return int(text)
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return default
    try:
        value = float(text.replace(",", ".")) if "," in text and "." not in text else float(text)
    except ValueError:
        raise CellError(column, f"{text!r} is not a number") from None
    if not math.isfinite(value) or value != int(value):
        raise CellError(column, f"{text!r} is not a whole number")
    return int(value)


def parse_count(text: str, column: str) -> int:
    """A count of people: a whole number, 0 when empty, never negative."""
    value = parse_int(text, column, default=0) or 0
    if value < 0:
        raise CellError(column, f"{text!r} is below zero")
    return value


def parse_float(text: str, column: str) -> float | None:
    """A decimal number (a decimal comma accepted), or None when the cell is empty."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
    except ValueError:
        raise CellError(column, f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise CellError(column, f"{text!r} is not a number")
    return value


def parse_coordinate(text: str, column: str, limit: float) -> float | None:
    """A latitude (limit 90) or longitude (limit 180), or None when empty."""
    value = parse_float(text, column)
    if value is not None and not -limit <= value <= limit:
        raise CellError(column, f"{text} is outside -{limit:g} to {limit:g}")
    return value
