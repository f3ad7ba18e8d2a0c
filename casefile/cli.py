"""The `casefile` command: argument parsing and messages only; the work is in the library."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sqlalchemy.exc import DBAPIError

import casefile
from casefile import cli_bundle, cli_protect, errors, paths
from casefile.exchange.mapping import FIELDS as IMPORT_FIELDS
from casefile.search.filters import Filters, UnknownValue
from casefile.search.hits import Hit
from casefile.search.query import has_no_words
from casefile.store import creation, db

if TYPE_CHECKING:
    # The places and reports commands import these themselves: `casefile gui` starts
    # through this module, and the app needs neither to show its window.
    from casefile.places.gazetteer import Place
    from casefile.places.reverse import Location

Handler = Callable[[argparse.Namespace], int]


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


def _open(
    args: argparse.Namespace, *, create: bool = False, write: bool = False
) -> casefile.CaseFile:
    # Writing waits for no one: a file the app holds open is refused rather than changed
    # under the app's feet (its list and undo history would no longer match the file).
    # Reading changes nothing: no upgrade, no log files left beside it, no empty case made.
    existed = Path(args.casefile).exists()
    passphrase = cli_protect.passphrase(args.casefile)
    cf = casefile.open(
        args.casefile,
        create=create,
        exclusive=write,
        readonly=not write,
        passphrase=passphrase,
    )
    if cf.recovery_key is not None:
        cli_protect.show_recovery(cf.recovery_key)
    if write and existed:
        try:
            cf.quick_check()
        except BaseException:
            cf.close()
            raise
    if args.command != "verify":  # verify lists them with the problems it finds
        for warning in cf.warnings:
            print(f"casefile: warning: {warning}", file=sys.stderr)
    return cf


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the desktop app, which the launcher (ui/launch.py) hands in: the core has no Qt."""
    if args.gui is None:
        raise errors.CasefileError("the desktop app is not installed; use the other commands")
    return int(args.gui(args.casefile, smoke=args.smoke))


def cmd_demo(args: argparse.Namespace) -> int:
    """Create a case file holding the demo case."""

    if Path(args.casefile).exists():
        raise errors.CasefileError(f"{args.casefile} already exists; choose a new file name")
    with creation.removed_if_left_empty(args.casefile), _open(args, create=True, write=True) as cf:
        changes = cf.load_demo()
    counts = f"{len(changes.incidents)} incidents, {len(changes.sources)} sources"
    print(
        f"Wrote the demo case to {args.casefile}: {counts}, {len(changes.source_reports)} reports"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import ACLED or UCDP CSV, Casefile CSV or JSON, or any CSV through a column mapping."""
    column_map = _column_map(args.map)
    with creation.removed_if_left_empty(args.casefile), _open(args, create=True, write=True) as cf:
        if args.save_mapping:
            if not column_map:
                raise errors.CasefileError("--save-mapping needs the columns: --map COLUMN=FIELD")
            cf.save_mapping(args.save_mapping, column_map)
            print(f"Saved the mapping {args.save_mapping!r} in {cf.name}")
        mapping: str | dict[str, str] | None = column_map or args.mapping
        summary = cf.import_file(args.file, mapping=mapping, skip_bad_rows=args.skip_bad_rows)
    kind = f" ({summary.format}; {summary.dialect})" if summary.format else ""
    print(f"{args.file}{kind}: {summary}")
    for line in summary.problems[:20]:
        print(f"  {line}", file=sys.stderr)
    if summary.rejected > 20:
        print(f"  … and {summary.rejected - 20} more", file=sys.stderr)
    if summary.rejected and not args.skip_bad_rows:
        print(
            "casefile: nothing was imported; fix the rows above, or import the good rows"
            " with --skip-bad-rows",
            file=sys.stderr,
        )
        return 1
    return 0


def _column_map(pairs: list[str] | None) -> dict[str, str]:
    """--map COLUMN=FIELD options as a {column: field} dict."""
    column_map = {}
    for pair in pairs or []:
        column, sep, field_name = pair.rpartition("=")
        if not sep or not column.strip() or not field_name.strip():
            raise errors.CasefileError(f"--map takes COLUMN=FIELD, not {pair!r}")
        column_map[column.strip()] = field_name.strip()
    return column_map


def cmd_export(args: argparse.Namespace) -> int:
    """Export incidents as ACLED CSV, JSON or GeoJSON."""
    with _open(args) as cf:
        done = cf.export(args.output, format=args.format, bom=not args.no_bom, max_tlp=args.max_tlp)
    print(done)
    return 0


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
    return cf.check_filters(
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
        total = None if args.json else cf.count_matches(args.query, **filters)
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


def _report_options(cf: casefile.CaseFile, args: argparse.Namespace) -> dict[str, Any]:
    """Report options given on the command line; those left out keep their stored value."""
    filters = _filters(cf, args).to_json()
    given = {
        "start": args.start,
        "end": args.end,
        "template": args.template,
        "incident_id": args.incident,
        "title": args.title,
        "number": args.number,
        "originator": args.originator,
        "bluf": args.bluf,
        "key_judgments": args.key_judgments,
        "outlook": args.outlook,
        "tlp": _tlp(args.tlp) if args.tlp else None,
        "photos": True if args.photos else None,
        "recipients": [r.strip() for r in args.recipients.split(",") if r.strip()]
        if args.recipients
        else None,
        "filters": filters or None,
    }
    return {key: value for key, value in given.items() if value is not None}


def _tlp(text: str) -> str:
    label = text.strip().upper()
    return label if label.startswith("TLP:") else f"TLP:{label}"


# The report options' own message names a choice the app offers; here it is an option.
FLASH_NEEDS_INCIDENT = (
    "a flash report is about one incident: pass --incident ID "
    "(`casefile search CASEFILE WORDS --json` lists each incident's incident_id)"
)


def cmd_report(args: argparse.Namespace) -> int:
    """Write a PDF situation report or flash report."""
    from casefile.sitrep import options as report_options

    with _open(args, write=args.save) as cf:
        stored = cf.reports.get(args.reissue) if args.reissue else None
        options = report_options.merged(stored, **_report_options(cf, args))
        if options.template == "flash" and not options.incident_id:
            raise errors.Invalid({"--incident": FLASH_NEEDS_INCIDENT})
        path = cf.write_report(args.output, options)
        if args.save:
            cf.reports.save(options)
    print(f"Wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a case file's integrity."""
    with _open(args) as cf:
        problems = cf.verify()
        count = cf.count_incidents()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{args.casefile}: {len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"{args.casefile} is sound ({count} incidents)")
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


class _Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes are one line: the usage is left to --help."""

    def error(self, message: str) -> NoReturn:
        """Say what is wrong in one line and exit with status 2, as argparse does."""
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(
        prog="casefile",
        description="Casefile: security incidents, their sources, search and situation reports.",
        epilog="The case file is always the first argument after the command.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    gui = sub.add_parser("gui", help="start the desktop app (the default)")
    gui.add_argument(
        "casefile", nargs="?", type=Path, help="case file (default: your default case)"
    )
    gui.add_argument(
        "--smoke", action="store_true", help="start, paint, print ms to first paint, exit"
    )
    gui.set_defaults(handler=cmd_gui)

    demo = sub.add_parser("demo", help="create a case file holding the demo case")
    _case_argument(demo)
    demo.set_defaults(handler=cmd_demo)

    imp = sub.add_parser(
        "import", help="import ACLED or UCDP CSV, Casefile CSV or JSON, or any CSV with a mapping"
    )
    _case_argument(imp)
    imp.add_argument("file", type=Path, help="the file to import (format found from its header)")
    imp.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows when some are rejected (otherwise nothing is imported)",
    )
    imp.add_argument("--mapping", metavar="NAME", help="read the columns with a saved mapping")
    imp.add_argument(
        "--map",
        action="append",
        metavar="COLUMN=FIELD",
        help="read a column into a field (repeat it); fields: " + ", ".join(IMPORT_FIELDS),
    )
    imp.add_argument("--save-mapping", metavar="NAME", help="keep the --map columns under a name")
    imp.set_defaults(handler=cmd_import)

    exp = sub.add_parser("export", help="export incidents")
    _case_argument(exp)
    exp.add_argument("-o", "--output", type=_output, required=True, help="the file to write")
    exp.add_argument("--format", choices=("csv", "json", "geojson"), default="csv")
    exp.add_argument(
        "--no-bom", action="store_true", help="CSV without the byte-order mark Excel needs"
    )
    exp.add_argument(
        "--max-tlp", default="AMBER", metavar="LEVEL", help="leave out records above (AMBER)"
    )
    exp.set_defaults(handler=cmd_export)

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

    report = sub.add_parser("report", help="write a PDF situation report or flash report")
    _case_argument(report)
    report.add_argument("-o", "--output", type=_output, required=True, help="the PDF to write")
    report.add_argument(
        "--from", dest="start", type=_date, metavar="DATE", help="first day of the period"
    )
    report.add_argument(
        "--to", dest="end", type=_date, metavar="DATE", help="last day of the period"
    )
    report.add_argument("--template", choices=("sitrep", "flash"), help="default: sitrep")
    report.add_argument("--incident", help="the incident id a flash report is about")
    report.add_argument("--tlp", help="CLEAR, GREEN, AMBER, AMBER+STRICT or RED (default AMBER)")
    report.add_argument("--title")
    report.add_argument("--number", help="report number, e.g. SR-2025-12")
    report.add_argument("--originator")
    report.add_argument("--recipients", help="comma-separated")
    report.add_argument("--bluf", help="bottom line up front")
    report.add_argument("--key-judgments", help="one judgment per line")
    report.add_argument("--outlook")
    _add_filters(report)
    report.add_argument("--photos", action="store_true", help="include incident photos, downscaled")
    report.add_argument("--reissue", metavar="REPORT_ID", help="reissue a stored report")
    report.add_argument("--save", action="store_true", help="store the options in the case file")
    report.set_defaults(handler=cmd_report)

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

    verify = sub.add_parser("verify", help="check a case file's integrity")
    _case_argument(verify)
    verify.set_defaults(handler=cmd_verify)

    cli_bundle.add_parsers(sub, _case_argument)
    cli_protect.add_commands(sub)
    return parser


GuiRunner = Callable[..., int]


def main(argv: Sequence[str] | None = None, *, gui: GuiRunner | None = None) -> int:
    """Run the command line; user errors become one line on stderr and exit status 1.

    A filter value no known country, type, sub-type, status or grade exits 2, as argparse
    does for a wrong option.

    `gui(path, smoke=...)` starts the desktop app; the `casefile` script passes it in.
    """
    parser = build_parser()
    parser.set_defaults(gui=gui)
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["gui", *(argv or [])])
        args.gui = gui
    if args.command == "gui" and args.casefile is None:
        args.casefile = paths.default_case_file()
    try:
        return args.handler(args)
    except UnknownValue as exc:  # a wrong option value: argparse's exit status
        print(
            f"casefile {args.command}: {_OPTIONS[exc.name]}: {exc.errors[exc.name]}",
            file=sys.stderr,
        )
        return 2
    except errors.CasefileError as exc:
        print(f"casefile: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        print(f"casefile: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("casefile: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except UnicodeDecodeError as exc:  # SQLite's names or messages from a garbled file
        print(
            f"casefile: {Path(args.casefile).name} holds damaged text ({exc.reason}); "
            "run casefile verify, or restore it from a backup copy",
            file=sys.stderr,
        )
        return 1
    except (DBAPIError, sqlite3.Error) as exc:
        known = db.translate(exc, args.casefile)
        if known is None:
            return _unexpected(args, exc)
        print(f"casefile: {known}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: the details go to the log, not the user's screen
        return _unexpected(args, exc)


def _unexpected(args: argparse.Namespace, exc: Exception) -> int:
    try:
        where = f"the details are in {_log_unexpected(exc)}"
    except OSError:  # a full disk: the one line must still be said
        where = "the details could not be written to the log"
    print(
        f"casefile: {args.command} failed unexpectedly ({type(exc).__name__}); "
        f"nothing was changed; {where}",
        file=sys.stderr,
    )
    return 70  # EX_SOFTWARE


def _log_unexpected(exc: Exception) -> Path:
    path = paths.log_file()
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    details = "".join(traceback.format_exception(exc))
    with path.open("a", encoding="utf-8") as log:
        log.write(f"{stamp} ERROR casefile.cli: {' '.join(sys.argv)}\n{details}")
    return path


if __name__ == "__main__":
    sys.exit(main())
