"""Options several commands share: argument types, the case file argument and the filters."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import casefile
from casefile.search.filters import Filters


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from exc


# SQLite holds 64-bit integers; a larger count is a typing slip, said as such.
MAX_COUNT = 2**63 - 1


def _whole(text: str, lowest: int) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from exc
    if not lowest <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"must be between {lowest} and {MAX_COUNT}")
    return value


def _positive(text: str) -> int:
    return _whole(text, 1)


def _count(text: str) -> int:
    return _whole(text, 0)


def _output(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("name the file to write")
    return Path(text)


# The command-line option of each checked filter, to name it in a refusal.
_OPTIONS = {
    "event_type": "--type",
    "sub_event_type": "--sub-type",
    "country": "--country",
    "status": "--status",
    "reliability": "--reliability",
}


def _filters(cf: casefile.CaseFile, args: argparse.Namespace) -> Filters:
    """The filters given by `_add_filters`' options, parsed once and checked against the case."""
    return cf.find.check_filters(
        event_type=args.type,
        sub_event_type=args.sub_type,
        country=args.country,
        admin1=args.admin1,
        actor=args.actor,
        min_killed=args.min_killed,
        reliability=args.reliability,
        status=args.status,
        tags=args.tag,
    )


def _add_filters(parser: argparse.ArgumentParser) -> None:
    """The search filters, shared by `search` and `report`; repeat one for any of several."""
    group = parser.add_argument_group("filters (repeat one to allow any of several values)")
    group.add_argument("--type", action="append", help="event type, e.g. Battles")
    group.add_argument("--sub-type", action="append", help="sub-event type")
    group.add_argument("--country", action="append", help="ISO code or country name")
    group.add_argument("--admin1", action="append", help="province or region")
    group.add_argument("--actor", action="append", help="actor name")
    group.add_argument("--min-killed", type=_count, metavar="N", help="at least N killed")
    group.add_argument("--reliability", action="append", help="grade A-F of a cited source")
    group.add_argument("--status", action="append", choices=("draft", "reviewed"))
    group.add_argument("--tag", action="append", help="tag")


def _case_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("casefile", type=Path, help="the case file (NAME.casefile)")
