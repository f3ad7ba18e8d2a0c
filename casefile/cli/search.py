"""The search and places commands: incidents found by words and filters, places by name or point."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import casefile
from casefile import errors
from casefile.cli.arguments import _add_filters, _case_argument, _date, _filters, _positive
from casefile.cli.opening import _open
from casefile.search.hit import Hit
from casefile.search.query import has_no_words

if TYPE_CHECKING:
    # The places command imports these itself: `casefile gui` starts through the command
    # line's parser, and the app needs neither to show its window.
    from casefile.places.gazetteer import Place
    from casefile.places.reverse import Location


# Matched words in bold on a terminal (ANSI SGR 1, then reset); piped, the plain text.
BOLD, PLAIN = "\033[1m", "\033[0m"


def _snippet(hit: Hit, *, bold: bool) -> str:
    """A hit's snippet for the terminal: its matched words bold, or the text alone."""
    return hit.marked_snippet(BOLD, PLAIN) if bold else hit.snippet


def cmd_search(args: argparse.Namespace) -> int:
    """Search incidents: folded full text plus filters, best first."""
    with _open(args) as cf:
        given = _filters(cf, args).keywords()
        filters = {"start": args.start, "end": args.end, **given}
        hits = cf.search(args.query, limit=args.limit, **filters)
        total = None if args.json else cf.find.count_matches(args.query, **filters)
    bold = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    for hit in hits:
        if args.json:
            print(
                json.dumps(
                    {
                        "incident_id": hit.incident_id,
                        "title": hit.title,
                        "date": hit.date.isoformat(),
                        "place": hit.place,
                        "snippet": hit.marked_snippet(),
                        "score": hit.score,
                        "field": hit.field,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            print(f"{hit.date}  {hit.title}  ({hit.place})\n    {_snippet(hit, bold=bold)}")
    if not hits and has_no_words(args.query):
        print("casefile: the query has no words to search for (only symbols)", file=sys.stderr)
        return 0
    if total is not None:
        sys.stdout.flush()  # the count follows the hits on a terminal, where both show
        print(f"{len(hits)} of {total} found" if total else "Nothing found", file=sys.stderr)
    return 0


def cmd_places(args: argparse.Namespace) -> int:
    """Suggest places for a name in any script, or say what a point is (--near LAT,LON)."""
    from casefile.places import borders, gazetteer, reverse

    if (args.query is None) == (args.near is None):
        raise errors.CasefileError("give a place name, or --near LAT,LON (not both)")
    point = reverse.parse_pair(args.near) if args.near is not None else None
    if args.case is not None:
        with casefile.open(args.case, create=False) as cf:
            if point:
                return _print_location(cf.places.near(*point), args)
            return _print_places(cf.places.suggest(args.query, args.limit), args)
    if point:
        return _print_location(reverse.locate(gazetteer.shared(), borders.shared(), *point), args)
    return _print_places(gazetteer.shared().suggest(args.query, args.limit), args)


def _print_places(places: list[Place], args: argparse.Namespace) -> int:
    for place in places:
        if args.json:
            print(json.dumps(dataclasses.asdict(place), ensure_ascii=False))
        else:
            print(f"{place.label}  ({place.latitude:.4f}, {place.longitude:.4f})")
    if not places and not args.json:
        print(f"No place found for {args.query!r}", file=sys.stderr)
    return 0


def _print_location(location: Location, args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps(dataclasses.asdict(location), ensure_ascii=False))
        return 0
    print(f"Country: {location.country or 'none (at sea, or on no country of the map)'}")
    if location.place is not None:
        print(f"Nearest place: {location.place.label}, {location.distance_km:.1f} km away")
    return 0


def add_parsers(sub: Any) -> None:
    """The search and places commands' parsers."""
    search = sub.add_parser("search", help="search incidents")
    _case_argument(search)
    search.add_argument("query", help='words, "a phrase", OR, -word to exclude')
    search.add_argument("--json", action="store_true", help="one JSON object per hit")
    search.add_argument("--limit", type=_positive, default=50, metavar="N", help="at most N hits")
    search.add_argument(
        "--from", dest="start", type=_date, metavar="DATE", help="on or after this date"
    )
    search.add_argument(
        "--to", dest="end", type=_date, metavar="DATE", help="on or before this date"
    )
    _add_filters(search)
    search.set_defaults(handler=cmd_search)

    places = sub.add_parser(
        "places",
        help="suggest places in any script, or name the country and place at a point",
        epilog="A negative latitude goes after an equals sign: --near=-12.5,30.1",
    )
    places.add_argument("query", nargs="?", help="the start of a place name, in any script")
    places.add_argument("--near", metavar="LAT,LON", help="the country and nearest place")
    places.add_argument("--case", type=Path, metavar="FILE", help="also the case's own places")
    places.add_argument("--json", action="store_true", help="one JSON object per place")
    places.add_argument("--limit", type=_positive, default=10, metavar="N", help="at most N")
    places.set_defaults(handler=cmd_places)
