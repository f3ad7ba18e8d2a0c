"""The demo, import, export and verify commands: a case file made, filled, written out, checked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from casefile import errors
from casefile.cli.arguments import _case_argument, _output
from casefile.cli.opening import _open
from casefile.exchange.mapping import FIELDS as IMPORT_FIELDS

# LOADED_LATER: the commands import what does their work when they run; every command,
# `casefile gui` too, builds this module's parsers, and the app paints a case's first page
# before SQLAlchemy is loaded (issue #16).


def cmd_demo(args: argparse.Namespace) -> int:
    """Create a case file holding the demo case."""
    from casefile.store import creation  # see LOADED_LATER

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
    from casefile.store import creation  # see LOADED_LATER

    column_map = _column_map(args.map)
    new = not Path(args.casefile).exists()
    with creation.removed_if_left_empty(args.casefile), _open(args, create=True, write=True) as cf:
        if args.save_mapping:
            if not column_map:
                raise errors.CasefileError("--save-mapping needs the columns: --map COLUMN=FIELD")
            cf.mappings.save(args.save_mapping, column_map)
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
        if new:
            creation.remove_if_empty(Path(args.casefile))  # nothing changed: no empty case left
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


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a case file's integrity."""
    with _open(args) as cf:
        problems = cf.protect.verify()
        count = cf.count_incidents()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{args.casefile}: {len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"{args.casefile} is sound ({count} incidents)")
    return 0


def add_parsers(sub: Any) -> None:
    """The demo, import, export and verify commands' parsers."""
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

    verify = sub.add_parser("verify", help="check a case file's integrity")
    _case_argument(verify)
    verify.set_defaults(handler=cmd_verify)
