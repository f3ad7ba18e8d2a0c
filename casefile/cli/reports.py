"""The report command: a PDF situation or flash report, its options kept or reissued."""

from __future__ import annotations

import argparse
from typing import Any

import casefile
from casefile import errors
from casefile.cli.arguments import _add_filters, _case_argument, _date, _filters, _output
from casefile.cli.opening import _open


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
        "drafts": args.drafts,  # None when neither --drafts nor --no-drafts is given
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


def add_parsers(sub: Any) -> None:
    """The report command's parser."""
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
    report.add_argument(
        "--drafts",
        action=argparse.BooleanOptionalAction,
        help="count draft incidents, marked as drafts (the default), or leave them out",
    )
    report.add_argument("--reissue", metavar="REPORT_ID", help="reissue a stored report")
    report.add_argument("--save", action="store_true", help="store the options in the case file")
    report.set_defaults(handler=cmd_report)
