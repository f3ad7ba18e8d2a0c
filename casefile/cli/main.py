"""The `casefile` command: the parser of every command, and what a failure tells the user."""

from __future__ import annotations

import argparse
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from casefile import errors, paths
from casefile.cli import exchange, protect, records, reports, search
from casefile.cli.arguments import _OPTIONS, _case_argument
from casefile.search.filters import UnknownValue

Handler = Callable[[argparse.Namespace], int]


def cmd_gui(args: argparse.Namespace) -> int:
    """Start the desktop app, which the launcher (ui/launch.py) hands in: the core has no Qt."""
    if args.gui is None:
        raise errors.CasefileError("the desktop app is not installed; use the other commands")
    if args.ready and not args.smoke:
        raise errors.CasefileError("--ready goes with --smoke")
    if args.ready:
        return int(args.gui(args.casefile, smoke=True, ready=True))
    return int(args.gui(args.casefile, smoke=args.smoke))


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
    gui.add_argument(
        "--ready",
        action="store_true",
        help="with --smoke: also wait until the case is open and every command offered, "
        "and print that time (ready MS)",
    )
    gui.set_defaults(handler=cmd_gui)

    records.add_parsers(sub)
    search.add_parsers(sub)
    reports.add_parsers(sub)
    exchange.add_parsers(sub, _case_argument)
    protect.add_commands(sub)
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
    except Exception as exc:  # a database's failure said in a line; a bug's details logged
        known = _database_problem(exc, args.casefile)
        if known is None:
            return _unexpected(args, exc)
        print(f"casefile: {known}", file=sys.stderr)
        return 1


def _database_problem(exc: Exception, path: Path) -> errors.CasefileError | None:
    """What an SQLite failure means to the user (a full disk, a locked file), or None."""
    # Imported here: `casefile gui` paints a case's first page before SQLAlchemy is loaded.
    from sqlalchemy.exc import DBAPIError

    from casefile.store import db

    if not isinstance(exc, (DBAPIError, sqlite3.Error)):
        return None
    return db.translate(exc, path)


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
